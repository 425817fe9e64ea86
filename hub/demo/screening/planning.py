"""Planning the demo year in memory: who the children are, when they are referred and by whom, what
the hub decides, and when. Nothing is written here, so the writer can then call the services in date
order, as the year would have happened."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import cast

from hub.accounts.models import User
from hub.children.models import LegalStatus
from hub.children.names import first_name_similarity, sound_key
from hub.core.calendar import LONDON, add_working_days, holidays, is_working_day
from hub.demo import names as demo_names
from hub.demo.area import DemoContext
from hub.demo.people import SCHOOL_LEADS, lead_schools
from hub.demo.screening.figures import (
    AGE_WEIGHTS,
    EXPLOITED,
    FIRST_LEVEL_WEIGHTS,
    GROOMED,
    KNOWN_TO_CSC,
    LEVEL_ORDER,
    MARMM_CHILDREN,
    MONTH_WEIGHTS,
    NONE,
    REFERRER_WEIGHTS,
    SCREENINGS_IN_YEAR,
    TYPE_WEIGHTS,
    VULNERABLE,
    demo_year,
)
from hub.demo.screening.planned import (
    PlannedChild,
    PlannedScreening,
    london_time,
    new_nhs_number,
    new_upn,
    school_year_group,
    years_before,
)
from hub.reference.models import LevelOfConcern, School, ScreeningIndicator
from hub.screening import rules
from hub.screening.models import Route


class Planner:
    """Decides the whole year in memory first, so the services are then called in date order. The year
    is ``demo_year(today)``; ``today`` is the load date, from which the children's ages are also set."""

    def __init__(self, rng: random.Random, ctx: DemoContext, users: dict[str, User], *, today: date) -> None:
        self.rng = rng
        self.ctx = ctx
        self.users = users
        self.today = today
        self.holidays = holidays()
        self.first_day, self.last_day = demo_year(today)
        # The earliest birthday of a child still under 18 on the load date: the demo is about children.
        self.born_after = years_before(today, 18) + timedelta(days=1)
        self.used_names: set[tuple[str, str]] = set()
        self.first_names_by_surname: dict[str, list[str]] = defaultdict(list)
        self.used_upns: set[str] = set()
        self.used_nhs: set[str] = set()
        schools = list(School.objects.filter(authority=ctx.authority, active=True).order_by("urn"))
        self.by_phase: dict[str, list[School]] = defaultdict(list)
        for school in schools:
            self.by_phase[school.phase].append(school)
        self.lead_school = lead_schools(ctx.authority)
        self.school_lead = {school.pk: lead for lead, school in self.lead_school.items()}
        self.indicators = list(
            ScreeningIndicator.objects.filter(active=True).prefetch_related("exploitation_types")
        )
        self.indicator_types = {
            ind.pk: {t.code for t in ind.exploitation_types.all()} for ind in self.indicators
        }
        levels = list(LevelOfConcern.objects.filter(active=True).order_by("rank"))
        self.bands = {}
        for index, level in enumerate(levels):
            top = levels[index + 1].min_score - 1 if index + 1 < len(levels) else level.min_score + 9
            self.bands[level.code] = (level.min_score, max(level.min_score, top))
        self.days, self.last_working_day = self.submission_days()

    def submission_days(self) -> tuple[list[date], date]:
        """The days a screening of the year may be submitted on, and the last working day among them.

        Reviews come by the next working day and every review of the year must fall within it, so the
        days stop before the year does (on a Thursday when the year ends on a Saturday)."""
        last = self.last_day
        while add_working_days(last, 1, self.holidays) > self.last_day:
            last -= timedelta(days=1)
        days = [self.first_day + timedelta(days=n) for n in range((last - self.first_day).days + 1)]
        while not is_working_day(last, self.holidays):
            last -= timedelta(days=1)
        return days, last

    # people -----------------------------------------------------------------------------------------
    def agency_of(self, username: str) -> str:
        """The key of the person's agency; "education" for a school's own organisation."""
        agency_id = self.users[username].agency_id
        if username in self.lead_school:
            return "education"
        assert self.ctx.agencies is not None  # load_people fills it before the screenings are planned
        return next(key for key, agency in self.ctx.agencies.items() if agency.pk == agency_id)

    def births(self, day: date, age: int) -> tuple[date, date]:
        """The first and last dates of birth of a child who is ``age`` on ``day`` and still under 18 on
        the load date. Early in the year a 17-year-old would be an adult by the load date, so they are
        taken a year younger: 17-year-olds are screened only in the later months."""
        while True:
            low = max(years_before(day, age + 1) + timedelta(days=1), self.born_after)
            high = years_before(day, age)
            if low <= high:
                return low, high
            age -= 1

    def new_identity(self, *, born_between: tuple[date, date]) -> PlannedChild:
        rng = self.rng
        while True:
            ethnicity = demo_names.pick_ethnicity(rng)
            sex = "2" if rng.random() < 0.52 else "1"
            first, last = demo_names.pick_name(rng, ethnicity, sex)
            key = sound_key(last)
            if (
                first == last
                or (first, last) in self.used_names
                or any(
                    first_name_similarity(first, other) >= 0.8 for other in self.first_names_by_surname[key]
                )
            ):
                continue
            self.used_names.add((first, last))
            self.first_names_by_surname[key].append(first)
            low, high = born_between
            dob = low + timedelta(days=rng.randint(0, (high - low).days))
            return PlannedChild(first, last, sex, ethnicity, dob)

    # the year -----------------------------------------------------------------------------------------
    def screening_counts(self) -> list[int]:
        counts: list[int] = []
        while sum(counts) < SCREENINGS_IN_YEAR:
            counts.append(self.rng.choices([1, 2, 3, 4], weights=[82, 14, 3.5, 0.5])[0])
        counts[-1] -= sum(counts) - SCREENINGS_IN_YEAR
        return [count for count in counts if count]

    def dates(self, count: int) -> list[date]:
        weights = [MONTH_WEIGHTS[day.month - 1] * (1.0 if day.weekday() < 5 else 0.12) for day in self.days]
        while True:
            chosen = sorted(self.rng.choices(self.days, weights=weights, k=count))
            if all((b - a).days >= 21 for a, b in itertools.pairwise(chosen)):
                return chosen

    def pick_referrer(self, child: PlannedChild, day: date, first: bool) -> str:
        names = list(REFERRER_WEIGHTS)
        weights = [REFERRER_WEIGHTS[name] for name in names]
        while True:
            username = self.rng.choices(names, weights=weights)[0]
            if username not in SCHOOL_LEADS:
                return username
            if day.month == 8:  # schools are closed
                continue
            if first and school_year_group(child.date_of_birth, day) >= 7:
                return username  # the child's school is then the lead's school
            if child.school and child.school.pk in self.school_lead:
                return self.school_lead[child.school.pk]

    def working_moment(self, day: date, police: bool) -> datetime:
        rng = self.rng
        if police:
            hour = rng.choices(
                range(24), weights=[2, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5] + [5] * 6 + [6] * 4 + [4, 3]
            )[0]
            return london_time(day, hour, rng.randint(0, 59))
        while not is_working_day(day, self.holidays):
            day += timedelta(days=1)
        day = min(day, self.last_working_day)
        minutes = int(rng.triangular(8.5 * 60, 17.5 * 60, 12 * 60))
        return london_time(day, minutes // 60, minutes % 60)

    def school_for(self, child: PlannedChild, day: date, referrer: str) -> None:
        rng = self.rng
        cohort = child.date_of_birth.year + (1 if child.date_of_birth.month >= 9 else 0)
        year_group = school_year_group(child.date_of_birth, day)
        secondary_start = date(cohort + 11, 9, 1)
        if referrer in SCHOOL_LEADS:
            child.school, child.school_start = self.lead_school[referrer], secondary_start
        elif year_group <= 6:
            child.school = rng.choices(
                self.by_phase[School.Phase.PRIMARY],
                weights=[s.roll for s in self.by_phase[School.Phase.PRIMARY]],
            )[0]
            child.school_start = date(cohort + 4, 9, 1)
        elif year_group >= 12 and rng.random() < 0.5:
            child.school = None  # at college
        elif rng.random() < 0.07 and self.by_phase[School.Phase.PRU_SECONDARY] and year_group <= 11:
            child.school = self.by_phase[School.Phase.PRU_SECONDARY][0]
            child.school_start = day - timedelta(days=rng.randint(30, 300))
        elif rng.random() < 0.04 and self.by_phase[School.Phase.SPECIAL]:
            child.school = rng.choice(self.by_phase[School.Phase.SPECIAL])
            child.school_start = secondary_start
            child.learning_disability = rng.random() < 0.7
        else:
            secondaries = self.by_phase[School.Phase.SECONDARY]
            child.school = rng.choices(secondaries, weights=[s.roll for s in secondaries])[0]
            child.school_start = secondary_start
        if child.school_start and child.school_start > day:
            child.school_start = day - timedelta(days=30)

    def children(self) -> list[PlannedChild]:
        rng = self.rng
        planned = []
        for count in self.screening_counts():
            days = self.dates(count)
            age = rng.choices(list(AGE_WEIGHTS), weights=list(AGE_WEIGHTS.values()))[0]
            first_day = days[0]
            child = self.new_identity(born_between=self.births(first_day, age))
            # levels, one per screening: a child may move up or down between referrals
            level = rng.choices(list(FIRST_LEVEL_WEIGHTS), weights=list(FIRST_LEVEL_WEIGHTS.values()))[0]
            levels = [level]
            for _ in days[1:]:
                step = rng.choices([1, 0, -1], weights=[40, 40, 20])[0]
                levels.append(LEVEL_ORDER[max(0, min(3, LEVEL_ORDER.index(levels[-1]) + step))])
            top = max(LEVEL_ORDER.index(lv) for lv in levels)
            self.background(child, top, first_day)
            type_weights = TYPE_WEIGHTS[child.sex]
            child.types = [rng.choices(list(type_weights), weights=list(type_weights.values()))[0]]
            if rng.random() < 0.3:
                extra = {"cse": "online", "online": "cse", "cce": "county-lines", "county-lines": "cce"}
                child.types.append(extra.get(child.types[0], "cce"))
            for index, (day, lv) in enumerate(zip(days, levels, strict=True)):
                referrer = self.pick_referrer(child, day, index == 0)
                if index == 0:
                    self.school_for(child, day, referrer)
                    if child.school and child.school.phase != School.Phase.PRIMARY:
                        child.upn = new_upn(rng, self.used_upns)
                    child.nhs_number = new_nhs_number(rng, self.used_nhs)
                submitted = self.working_moment(day, self.agency_of(referrer) == "police")
                child.screenings.append(
                    PlannedScreening(child, submitted, referrer, lv, types=list(child.types))
                )
            planned.append(child)
        return planned

    def background(self, child: PlannedChild, top: int, first_day: date) -> None:
        rng = self.rng
        child.learning_disability = rng.random() < 0.04
        child.address = demo_names.street_address(rng)
        child.postcode = demo_names.postcode(rng)
        child.moved_in = max(child.date_of_birth, first_day - timedelta(days=rng.randint(60, 3000)))
        roll = rng.random()
        thresholds = [  # looked after, child protection, child in need, early help
            (0.05, 0.04, 0.08, 0.15),
            (0.10, 0.06, 0.15, 0.15),
            (0.20, 0.12, 0.20, 0.05),
            (0.30, 0.12, 0.20, 0.02),
        ][top]
        statuses = [LegalStatus.LOOKED_AFTER, LegalStatus.CHILD_PROTECTION, LegalStatus.CHILD_IN_NEED]
        statuses.append(LegalStatus.EARLY_HELP)
        cumulative = 0.0
        for status, share in zip(statuses, thresholds, strict=True):
            cumulative += share
            if roll < cumulative:
                child.legal_status = status
                break
        if child.legal_status == LegalStatus.LOOKED_AFTER:
            child.placed_in = rng.random() < 0.4
            child.status_start = max(
                child.date_of_birth + timedelta(days=60), first_day - timedelta(days=rng.randint(60, 2000))
            )
            child.address = ""  # a placement address is added instead
        elif child.legal_status:
            child.status_start = first_day - timedelta(days=rng.randint(20, 400))

    def choose_marmm(self, children: list[PlannedChild]) -> None:
        """Exactly ``MARMM_CHILDREN`` children go to MARMM at least once: mostly those groomed or
        targeted, some exploited (others of those go straight to a strategy discussion or MEP), and some
        vulnerable children whose pattern the hub wanted discussed."""
        weight = {NONE: 0.0, VULNERABLE: 0.5, GROOMED: 3.0, EXPLOITED: 1.6}
        keyed = []
        for index, child in enumerate(children):
            top = max((s.level for s in child.screenings), key=LEVEL_ORDER.index)
            keyed.append((self.rng.random() * weight[top], index, child))
        eligible = [item for item in keyed if item[0] > 0]
        if len(eligible) < MARMM_CHILDREN:
            raise RuntimeError("The demo plan has too few children of concern for MARMM.")
        for _, _, child in sorted(eligible, key=lambda item: (-item[0], item[1]))[:MARMM_CHILDREN]:
            child.marmm = True

    def routes(self, child: PlannedChild) -> None:
        rng = self.rng
        marmm_index = None
        if child.marmm:
            candidates = [s for s in child.screenings if s.level != NONE]
            best = max(candidates, key=lambda s: LEVEL_ORDER.index(s.level))
            marmm_index = child.screenings.index(best)
        for index, screening in enumerate(child.screenings):
            level = screening.level
            if index == marmm_index or (child.marmm and level == GROOMED and rng.random() < 0.5):
                screening.route = Route.MARMM
            elif level == NONE:
                screening.route = rng.choices([Route.ADVICE, Route.EARLY_HELP], weights=[85, 15])[0]
            elif level == VULNERABLE:
                screening.route = rng.choices([Route.EARLY_HELP, Route.ADVICE], weights=[60, 40])[0]
            elif level == GROOMED:
                screening.route = rng.choices(
                    [Route.MEP, Route.EARLY_HELP, Route.STRATEGY], weights=[60, 30, 10]
                )[0]
            else:
                screening.route = rng.choices([Route.STRATEGY, Route.MEP], weights=[45, 55])[0]
            screening.immediate_risk = (screening.route == Route.STRATEGY and rng.random() < 0.7) or (
                level == EXPLOITED and rng.random() < 0.1
            )

    def answers(self, screening: PlannedScreening, age: int) -> None:
        """Indicator answers whose score falls in the band of the level the tool should suggest."""
        rng = self.rng
        low, high = self.bands.get(screening.suggested, (0, 0))
        target = rng.randint(low, high)
        types = set(screening.types)
        pool = [i for i in self.indicators if not (i.code == "sti-pregnancy" and age < 14)]
        relevant = [i for i in pool if self.indicator_types[i.pk] & types]
        others = [i for i in pool if not self.indicator_types[i.pk] & types]
        rng.shuffle(relevant)
        rng.shuffle(others)
        order = relevant + others
        if screening.child.in_pru:
            order.sort(key=lambda i: i.code != "school-absence")
        yes, score = [], 0
        for indicator in order:
            if score >= target:
                break
            if score + indicator.weight <= high:
                yes.append(indicator)
                score += indicator.weight
        for indicator in order:
            if score >= low:
                break
            if indicator not in yes and score + indicator.weight <= high:
                yes.append(indicator)
                score += indicator.weight
        screening.yes = yes
        chance = 0.15 if self.agency_of(screening.referrer) == "police" else 0.08
        screening.not_known = [i for i in pool if i not in yes and rng.random() < chance]

    def timing(self, screening: PlannedScreening) -> None:
        """Created a little before submission; reviewed mostly the same or the next working day."""
        rng = self.rng
        submitted = screening.submitted_at
        screening.created_at = submitted - timedelta(minutes=rng.randint(8, 75))
        screening.review_due_at = rules.review_due(submitted, 1, self.holidays)
        local = submitted.astimezone(LONDON)
        working_now = is_working_day(local.date(), self.holidays) and 8 <= local.hour < 17
        next_day = add_working_days(local.date(), 1, self.holidays)
        if screening.immediate_risk and working_now:
            reviewed = submitted + timedelta(minutes=rng.randint(25, 150))
        elif screening.immediate_risk:
            morning = (
                local.date() if is_working_day(local.date(), self.holidays) and local.hour < 8 else next_day
            )
            reviewed = london_time(morning, 8, rng.randint(35, 59))
        elif working_now and local.hour < 14 and rng.random() < 0.55:
            earliest = local.hour * 60 + local.minute + 40
            minutes = rng.randint(min(earliest, 17 * 60), 17 * 60 + 20)
            reviewed = london_time(local.date(), minutes // 60, minutes % 60)
        elif rng.random() < 0.06 and local.date() < self.last_day - timedelta(days=30):
            late_day = add_working_days(next_day, rng.randint(1, 3), self.holidays)
            reviewed = london_time(late_day, rng.randint(9, 16), rng.randint(0, 59))
        else:
            reviewed = london_time(next_day, rng.randint(9, 16), rng.randint(0, 59))
        screening.reviewed_at = max(reviewed, submitted + timedelta(minutes=20))
        screening.reviewer = "gmountjoy" if rng.random() < 0.3 else "coordinator"

    # the whole year -----------------------------------------------------------------------------------
    def plan_year(self) -> list[PlannedChild]:
        """Every child and screening of the year, with the hub's decisions and the times of everything.

        One generator makes every draw, in this order, so the same load date plans the same year."""
        rng = self.rng
        children = self.children()
        self.choose_marmm(children)
        for index, child in enumerate(children):
            self.routes(child)
            for screening in child.screenings:
                screening.suggested = screening.level
                if rng.random() < 0.08:  # the hub's checks change the tool's suggestion
                    position = LEVEL_ORDER.index(screening.level)
                    shift = 1 if position == 0 else -1 if position == 3 else rng.choice([-1, 1])
                    screening.suggested = LEVEL_ORDER[position + shift]
                # A planned child's date of birth is a date, never None, so the age is an int.
                self.answers(
                    screening, cast(int, rules.age_on(child.date_of_birth, screening.submitted_at.date()))
                )
                self.timing(screening)
            if child.legal_status in KNOWN_TO_CSC:
                child.local_child_id = f"WMC{104_000 + index}"
        return children
