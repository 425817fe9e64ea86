"""Who goes missing in the demo year: screened children of the screening demo where it is plausible (the
more concern, the likelier, and every child placed here by another authority), and new invented children
for the rest, with their care histories. Then how many times each goes missing: a long tail, most once, a
few twenty times or more, the most to those the hub is most worried about."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import cast

from hub.accounts.models import Agency, Authority
from hub.children.models import (
    AddressPeriod,
    AgencyInvolvement,
    Child,
    LegalStatus,
    LegalStatusPeriod,
    LevelOfConcernChange,
)
from hub.children.names import first_name_similarity, sound_key
from hub.demo import names as demo_names
from hub.demo.area import synthetic_postcode
from hub.demo.missing.figures import (
    AGE_WEIGHTS,
    CHILDREN_IN_YEAR,
    DAYS_PER_EPISODE,
    EPISODES_IN_YEAR,
    HOME_EXPONENT,
    HOME_TAIL,
    MAX_REGULAR,
    OWN_LOOKED_AFTER_NEW,
    PLACED_IN_CHILDREN,
    PLACED_IN_EPISODES,
    PLACED_IN_EXPONENT,
    PLACED_IN_TAIL,
    PLACING_WEIGHTS,
    REUSED_CHILDREN,
)
from hub.demo.missing.plan import CareSpan, DemoChild
from hub.demo.missing.timing import london
from hub.demo.missing.wording import HOMES, PLACEMENTS
from hub.demo.screening.planned import years_before
from hub.screening.models import Screening

LEVEL_WEIGHTS = {"exploited": 6.0, "groomed-targeted": 4.0, "vulnerable": 1.6, "no-current-concern": 0.4}
LEVEL_PROPENSITY = {"exploited": 3.0, "groomed-targeted": 2.2, "vulnerable": 1.3, "no-current-concern": 0.8}
FIRST_LOCAL_ID = 108_000  # the screening demo numbers its children from WMC104000


class Cast:
    """Chooses and invents the year's children. ``span_end`` is the last moment an episode of the year may
    start; every child's span ends there unless later narrowed."""

    def __init__(
        self,
        rng: random.Random,
        *,
        authority: Authority,
        police: Agency,
        others: dict[str, Authority],
        first_day: date,
        today: date,
        span_end: datetime,
    ) -> None:
        self.rng = rng
        self.authority = authority
        self.police = police
        self.others = others  # placing authorities by GSS code
        self.first_day = first_day
        self.today = today
        self.span_start = london(first_day)
        self.span_end = span_end
        self.born_after = years_before(today, 18)  # born after this date: still a child on the load date
        self.used_names: set[tuple[str, str]] = set()
        self.first_names_by_surname: dict[str, list[str]] = defaultdict(list)
        self.next_local_id = FIRST_LOCAL_ID
        self.existing_care: dict[int, list[CareSpan]] = {}

    # the screened children ----------------------------------------------------------------------------
    def screened(self) -> list[DemoChild]:
        """The authority's children who are still under 18, as ``DemoChild``s with what the hub knows."""
        records = list(
            Child.objects.filter(authority=self.authority, date_of_birth__gt=self.born_after)
            .select_related("level")
            .order_by("pk")
        )
        for first, last in Child.objects.filter(authority=self.authority).values_list(
            "first_name", "last_name"
        ):
            self._remember(first, last)
        for first, last in Screening.objects.filter(authority=self.authority).values_list(
            "first_name", "last_name"
        ):
            self._remember(first, last)
        levels = defaultdict(list)
        for child_id, decided, code, rank in (
            LevelOfConcernChange.objects.filter(child__authority=self.authority)
            .order_by("decided_at", "pk")
            .values_list("child_id", "decided_at", "level__code", "level__rank")
        ):
            levels[child_id].append((decided, code, rank))
        types = defaultdict(set)
        for child_id, code in Screening.objects.filter(
            authority=self.authority, child__isnull=False, exploitation_types__isnull=False
        ).values_list("child_id", "exploitation_types__code"):
            types[child_id].add(code)
        police = set(
            AgencyInvolvement.objects.filter(
                child__authority=self.authority, agency=self.police, end__isnull=True
            ).values_list("child_id", flat=True)
        )
        care = self.existing_care = self._existing_care()
        children = []
        for record in records:
            child = DemoChild(
                record.first_name,
                record.last_name,
                record.sex,
                cast(date, record.date_of_birth),  # date_of_birth__gt above: never None
                pk=record.pk,
                ethnicity=record.ethnicity,
                level=record.level.code if record.level else "",
                levels=levels[record.pk],
                types=types[record.pk],
                previously_missing=record.previously_missing,
                police_involved=record.pk in police,
                care=care.get(record.pk, []),
                local_child_id=record.local_child_id,
            )
            child.placed_in = any(span.host == self.authority for span in child.care)
            child.created_at = record.created_at
            # A screening that said the child goes missing was about episodes the hub knew of: those
            # children's episodes may come before the screening. The others' start after it.
            after = self.span_start if record.previously_missing else record.created_at + timedelta(days=1)
            child.span_start = max(self.span_start, after)
            child.span_end = self.span_end
            if child.span_end - child.span_start >= timedelta(days=10):
                children.append(child)
        return children

    def _existing_care(self) -> dict[int, list[CareSpan]]:
        """Looked-after periods the screening demo recorded, with the placement address of each."""
        addresses = {
            (address.child_id, address.start): address
            for address in AddressPeriod.objects.filter(
                child__authority=self.authority, kind=AddressPeriod.Kind.PLACEMENT
            )
        }
        spans = defaultdict(list)
        periods = (
            LegalStatusPeriod.objects.filter(child__authority=self.authority, status=LegalStatus.LOOKED_AFTER)
            .select_related("placing_authority", "host_authority", "care_episode")
            .order_by("start", "pk")
        )
        for period in periods:
            address = addresses.get((period.child_id, period.start))
            kind = "foster" if self.rng.random() < 0.6 else "home"
            spans[period.child_id].append(
                CareSpan(
                    start=period.start,
                    end=period.end,
                    placement=str(address)[:300] if address else "",
                    line1=address.line1 if address else "",
                    postcode=address.postcode if address else "",
                    codes=care_codes(self.rng, kind, first=True),
                    placing=period.placing_authority,
                    host=period.host_authority,
                    period_pk=period.pk,
                    child_pk=period.child_id,
                    has_codes=hasattr(period, "care_episode"),
                )
            )
        return spans

    def uncoded_elsewhere(self, chosen: list[DemoChild]) -> list[CareSpan]:
        """Looked-after episodes of screened children who do not go missing, still without their codes."""
        taken = {child.pk for child in chosen}
        return [
            span
            for child_pk, spans in self.existing_care.items()
            if child_pk not in taken
            for span in spans
            if not span.has_codes
        ]

    def reuse(self, screened: list[DemoChild]) -> list[DemoChild]:
        """Every placed-in child, then screened children drawn by how worried the hub is about them."""
        placed = [child for child in screened if child.placed_in]
        others = [child for child in screened if not child.placed_in]
        keyed = []
        for child in others:
            weight = LEVEL_WEIGHTS.get(child.level, 0.4)
            weight *= 3.0 if child.previously_missing else 1.0
            weight *= 2.0 if child.looked_after else 1.0
            keyed.append((self.rng.random() ** (1 / weight), child))
        keyed.sort(key=lambda item: -item[0])
        chosen = placed + [child for _, child in keyed[: max(0, REUSED_CHILDREN - len(placed))]]
        for child in chosen:
            child.propensity = (
                LEVEL_PROPENSITY.get(child.level, 0.8)
                * (1.5 if child.looked_after else 1.0)
                * (1.3 if child.previously_missing else 1.0)
                * self.rng.uniform(0.6, 1.4)
            )
        return chosen

    # new children -----------------------------------------------------------------------------------------
    def _remember(self, first: str, last: str) -> None:
        self.used_names.add((first, last))
        self.first_names_by_surname[sound_key(last)].append(first)

    def identity(self) -> DemoChild:
        """An invented child who does not look like any other child in the demo (so no record shows as a
        possible duplicate of another)."""
        rng = self.rng
        while True:
            ethnicity = demo_names.pick_ethnicity(rng)
            sex = "2" if rng.random() < 0.5 else "1"
            first, last = demo_names.pick_name(rng, ethnicity, sex)
            similar = any(
                first_name_similarity(first, other) >= 0.8
                for other in self.first_names_by_surname[sound_key(last)]
            )
            if first != last and (first, last) not in self.used_names and not similar:
                break
        self._remember(first, last)
        age = rng.choices(list(AGE_WEIGHTS), weights=list(AGE_WEIGHTS.values()))[0]
        low, high = self._births(self.first_day, age)
        born = low + timedelta(days=rng.randint(0, (high - low).days))
        child = DemoChild(first, last, sex, born, ethnicity=ethnicity, invented=True)
        child.span_start, child.span_end = self.span_start, self.span_end
        return child

    def _births(self, day: date, age: int) -> tuple[date, date]:
        """Dates of birth of a child who is ``age`` on ``day`` and still under 18 on the load date."""
        while True:
            low = max(years_before(day, age + 1) + timedelta(days=1), self.born_after + timedelta(days=1))
            high = years_before(day, age)
            if low <= high:
                return low, high
            age -= 1

    def local_id(self) -> str:
        self.next_local_id += 1
        return f"WMC{self.next_local_id}"

    def at_home(self, child: DemoChild) -> DemoChild:
        """A child living at home, perhaps known to children's social care or early help."""
        rng = self.rng
        child.home_address = demo_names.street_address(rng)
        child.postcode = synthetic_postcode(rng)
        child.home_since = max(child.date_of_birth, self.first_day - timedelta(days=rng.randint(60, 3000)))
        roll = rng.random()
        for status, upto in ((LegalStatus.CHILD_IN_NEED, 0.15), (LegalStatus.CHILD_PROTECTION, 0.22)):
            if roll < upto:
                child.legal_status = status
                child.local_child_id = self.local_id()
                break
        else:
            if roll < 0.37:
                child.legal_status = LegalStatus.EARLY_HELP
        if child.legal_status:
            child.status_start = max(
                child.date_of_birth, self.first_day - timedelta(days=rng.randint(30, 500))
            )
        child.propensity = 0.7 * rng.uniform(0.5, 1.5)
        return child

    def looked_after(self, child: DemoChild, *, placing: Authority) -> DemoChild:
        """A child in care: the demo authority's own, or placed here by ``placing``; a placed-in child may
        have arrived during the year (their episodes start after that)."""
        rng = self.rng
        placed_in = placing != self.authority
        if placed_in and rng.random() < 0.35:
            start = self.first_day + timedelta(days=rng.randint(0, 240))
            child.span_start = london(start) + timedelta(days=1)
        else:
            start = self.first_day - timedelta(days=rng.randint(90 if placed_in else 120, 2000))
        start = max(start, child.date_of_birth + timedelta(days=60))
        kinds = (
            {"foster": 35, "home": 55, "semi": 10} if placed_in else {"foster": 62, "home": 28, "semi": 10}
        )
        if (start - child.date_of_birth).days < 16 * 365.25:
            kinds.pop("semi")  # supported accommodation is for 16- and 17-year-olds
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        child.care = [self.placement(kind, start, first=True, placing=placing)]
        child.placed_in = placed_in
        child.local_child_id = self.local_id()
        child.propensity = (1.6 if placed_in else 1.4) * rng.uniform(0.5, 1.5)
        return child

    def placement(self, kind: str, start: date, *, first: bool, placing: Authority) -> CareSpan:
        rng = self.rng
        line1 = PLACEMENTS[kind].format(home=rng.choice(HOMES), address=demo_names.street_address(rng))
        postcode = synthetic_postcode(rng)
        return CareSpan(
            start=start,
            end=None,
            placement=f"{line1}, {postcode}"[:300],
            line1=line1[:200],
            postcode=postcode,
            codes=care_codes(rng, kind, first=first),
            placing=placing,
            host=self.authority if placing != self.authority else None,
        )

    def placing_authority(self) -> Authority:
        codes = list(PLACING_WEIGHTS)
        return self.others[self.rng.choices(codes, weights=list(PLACING_WEIGHTS.values()))[0]]

    # the year -------------------------------------------------------------------------------------------
    def year(self) -> tuple[list[DemoChild], list[DemoChild]]:
        """The children of the year, split into the authority's own and those placed here by others, each
        with their number of episodes. Their totals are the profile's."""
        reused = self.reuse(self.screened())
        placed = [child for child in reused if child.placed_in]
        home = [child for child in reused if not child.placed_in]
        while len(placed) < PLACED_IN_CHILDREN:
            placed.append(self.looked_after(self.identity(), placing=self.placing_authority()))
        own_looked_after = 0
        while len(home) < CHILDREN_IN_YEAR - PLACED_IN_CHILDREN:
            child = self.identity()
            if own_looked_after < OWN_LOOKED_AFTER_NEW:
                home.append(self.looked_after(child, placing=self.authority))
                own_looked_after += 1
            else:
                home.append(self.at_home(child))
        home_counts = episode_counts(
            self.rng, len(home), EPISODES_IN_YEAR - PLACED_IN_EPISODES, HOME_TAIL, HOME_EXPONENT
        )
        placed_counts = episode_counts(
            self.rng, len(placed), PLACED_IN_EPISODES, PLACED_IN_TAIL, PLACED_IN_EXPONENT
        )
        assign_counts(home, home_counts)
        assign_counts(placed, placed_counts)
        return home, placed


def care_codes(rng: random.Random, kind: str, *, first: bool) -> dict[str, str]:
    """SSDA903 codes for a looked-after episode in a placement of ``kind`` (foster, home, semi)."""
    place = {"foster": rng.choice(["U4", "U4", "U6", "U1"]), "home": "K2", "semi": "K3"}[kind]
    provider = {"foster": rng.choice(["PR1", "PR1", "PR4"]), "home": rng.choice(["PR4", "PR4", "PR1"])}
    return {
        "rne": "S" if first else "P",
        "ls": rng.choices(["C2", "V2", "C1"], weights=[55, 35, 10])[0],
        "cin": rng.choices(["N1", "N4", "N5", "N8", "N3", "N6"], weights=[55, 20, 8, 7, 5, 5])[0],
        "place": place,
        "place_provider": provider.get(kind, "PR4"),
        "rec": "",
        "reason_place_change": "",  # recorded on the episode a move ends (``EpisodePlanner.moves``)
        "home_post": synthetic_postcode(rng)[:-2],
        # "XXXXXXX" is the DfE's value where a placement has no Ofsted URN; children's homes are left
        # blank rather than given an invented number that could be a real home's.
        "urn": "XXXXXXX" if kind == "foster" else "",
    }


def episode_counts(
    rng: random.Random, children: int, episodes: int, tail: list[int], exponent: float
) -> list[int]:
    """How many times each of ``children`` goes missing, summing to ``episodes``: the ``tail`` children
    twenty or more times, the others drawn with P(k) falling as k ** -exponent, then nudged (the more a
    child already goes missing, the likelier they take one more) until the total is exact."""
    values = range(1, MAX_REGULAR + 1)
    weights = [k**-exponent for k in values]
    counts = list(tail) + rng.choices(values, weights=weights, k=children - len(tail))
    regular = range(len(tail), children)
    while (difference := episodes - sum(counts)) != 0:
        step = 1 if difference > 0 else -1
        candidates = [i for i in regular if (counts[i] < MAX_REGULAR if step > 0 else counts[i] > 1)]
        i = rng.choices(candidates, weights=[counts[i] for i in candidates])[0]
        counts[i] += step
    return sorted(counts, reverse=True)


def assign_counts(children: list[DemoChild], counts: list[int]) -> None:
    """The most episodes to the children most likely to go missing, as far as their span of the year
    allows (a child screened late in the year cannot go missing thirty times in it)."""
    waiting = sorted(children, key=lambda child: -child.propensity)
    for count in counts:
        child = next(
            child
            for child in waiting
            # ``screened`` and ``identity`` give every child both ends of their span.
            if (cast(datetime, child.span_end) - cast(datetime, child.span_start)).days
            >= count * DAYS_PER_EPISODE
        )
        child.count = count
        waiting.remove(child)
