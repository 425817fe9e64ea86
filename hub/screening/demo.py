"""A year of screening for the demo authority, at the scale of the strategy's local profile.

Calendar 2019 ("Local profile Jan-Dec 2019"): 324 screening tools submitted and reviewed, 131 children
discussed at MARMM; children at every level of concern, some screened more than once. A few more
screenings wait in the hub's review queue today. Everything goes through the screening and children
services (so the rules, the access log and the change history are the same as for real work); only
the timestamps those services stamp "now" are moved back afterwards with queryset updates.

Every person, street and school here is invented (``hub/children/demo_names.py``).
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from hub.accounts.models import User
from hub.accounts.roles import Role
from hub.accounts.services import user_create
from hub.children import demo_names
from hub.children import services as child_services
from hub.children.models import (
    AddressPeriod,
    AgencyInvolvement,
    Allocation,
    Child,
    LegalStatus,
    LegalStatusPeriod,
    LevelOfConcernChange,
    SchoolPeriod,
)
from hub.children.names import first_name_similarity, sound_key
from hub.core.calendar import LONDON, add_working_days, holidays, is_working_day
from hub.core.demo import DemoContext
from hub.reference.models import ExploitationType, LevelOfConcern, School, ScreeningIndicator
from hub.screening import rules, services
from hub.screening.models import Route, Screening, ScreeningReview, SystemConsulted

YEAR = 2019
YEAR_START = datetime(YEAR, 1, 1, tzinfo=LONDON)
YEAR_END = datetime(YEAR + 1, 1, 1, tzinfo=LONDON)
SCREENINGS_IN_YEAR = 324  # the strategy's local profile
MARMM_CHILDREN = 131  # children discussed at MARMM in the profile
PRACTITIONER_CASELOAD = 12
QUEUE_SIZE = 6

NONE, VULNERABLE, GROOMED, EXPLOITED = "no-current-concern", "vulnerable", "groomed-targeted", "exploited"
LEVEL_ORDER = [NONE, VULNERABLE, GROOMED, EXPLOITED]
KNOWN_TO_CSC = (LegalStatus.LOOKED_AFTER, LegalStatus.CHILD_PROTECTION, LegalStatus.CHILD_IN_NEED)

# Extra synthetic referrers (and one more hub coordinator): username -> (first, last, agency, role, title).
PEOPLE = {
    "jpellow": ("Joanne", "Pellow", "education", Role.SCHOOL_LEAD, "Designated safeguarding lead"),
    "dramsaran": ("Dev", "Ramsaran", "education", Role.SCHOOL_LEAD, "Designated safeguarding lead"),
    "chutchens": ("Claire", "Hutchens", "education", Role.SCHOOL_LEAD, "Deputy designated safeguarding lead"),
    "adroy": ("Aisling", "Droy", "csc", Role.PRACTITIONER, "Social worker, adolescent safeguarding team"),
    "bharcourt": ("Ben", "Harcourt", "csc", Role.PRACTITIONER, "Senior social worker"),
    "nfarouk": ("Nadia", "Farouk", "yot", Role.PRACTITIONER, "Youth offending case manager"),
    "cbrierley": ("Callum", "Brierley", "youth", Role.PRACTITIONER, "Detached youth worker"),
    "sgorecki": ("Sunita", "Gorecki", "voluntary", Role.PRACTITIONER, "Exploitation project worker"),
    "rcalloway": ("Rhys", "Calloway", "police", Role.POLICE_OFFICER, "Neighbourhood police constable"),
    "kashdown": (
        "Kerry",
        "Ashdown",
        "police",
        Role.POLICE_OFFICER,
        "Detective constable, child exploitation team",
    ),
    "fquennell": ("Folasade", "Quennell", "health", Role.PRACTITIONER, "School nurse"),
    "gmountjoy": ("Gareth", "Mountjoy", "hub", Role.HUB_COORDINATOR, "Senior hub practitioner"),
}
SCHOOL_LEADS = ["schoollead", "jpellow", "dramsaran", "chutchens"]
# Who refers, by share of the year's screenings (education and police refer most).
REFERRER_WEIGHTS = {
    "schoollead": 8,
    "jpellow": 8,
    "dramsaran": 7,
    "chutchens": 6,
    "practitioner": 9,
    "adroy": 7,
    "bharcourt": 6,
    "officer": 8,
    "rcalloway": 7,
    "kashdown": 7,
    "nfarouk": 8,
    "fquennell": 7,
    "cbrierley": 5,
    "sgorecki": 4,
    "interviewer": 3,
}
CASE_HOLDERS = ["adroy", "bharcourt", "nfarouk"]  # allocated to other children at significant concern

AGE_WEIGHTS = {10: 2, 11: 5, 12: 9, 13: 14, 14: 20, 15: 22, 16: 18, 17: 10}
FIRST_LEVEL_WEIGHTS = {NONE: 16, VULNERABLE: 42, GROOMED: 26, EXPLOITED: 16}
MONTH_WEIGHTS = [1.0, 1.0, 1.1, 0.85, 1.0, 1.05, 1.0, 0.6, 1.1, 1.15, 1.15, 0.8]
TYPE_WEIGHTS = {
    "2": {
        "cse": 55,
        "cce": 12,
        "county-lines": 8,
        "online": 15,
        "serious-youth-violence": 3,
        "financial": 4,
        "trafficking": 3,
    },
    "1": {
        "cce": 35,
        "county-lines": 30,
        "serious-youth-violence": 15,
        "cse": 8,
        "online": 6,
        "financial": 4,
        "trafficking": 2,
    },
}

SHORT = {
    "missing": "missing episodes",
    "older-controlling-adult": "an older, controlling adult",
    "unexplained-money": "money or goods they cannot explain",
    "cars-unknown-adults": "getting into cars with unknown adults",
    "hotels-taxis-takeaways": "links to hotels, taxis or takeaways",
    "found-out-of-area": "being found out of area",
    "school-absence": "school absence or exclusion",
    "sti-pregnancy": "sexual health concerns",
    "drugs-alcohol": "drug or alcohol use",
    "self-harm": "self-harm or low mood",
    "peers-exploited": "peers who are exploited",
    "unexplained-injuries": "unexplained injuries",
    "multiple-phones": "more than one phone",
    "weapons": "carrying a weapon or violence",
    "online-contact": "unknown adults online",
}
DETAILS = {
    "missing": [
        "{Name} has been missing overnight {n} times since {month}.",
        "{He} went missing for two days and was found in {far}.",
        "{He} stays out until the early hours most weekends and will not say where {he} has been.",
    ],
    "older-controlling-adult": [
        "{He} talks about {a_partner} of about 20 whom the family has never met.",
        "An older male collects {him} and decides where {he} goes and whom {he} sees.",
        "{He} says {he} owes money to an older lad and has to do what he says.",
    ],
    "unexplained-money": [
        "{He} has new designer clothes and cash that {he} cannot explain.",
        "Carers found about {money} pounds in {his} room.",
        "{He} has a new phone and trainers; the family cannot afford them.",
    ],
    "cars-unknown-adults": [
        "Seen getting into cars with adults the family does not know, near {place}.",
        "A neighbour saw {him} dropped off late at night by different cars.",
    ],
    "hotels-taxis-takeaways": [
        "{He} spends evenings at {place} and comes home in taxis someone else has paid for.",
        "Staff at a hotel on the ring road called police after {he} was seen there with adults.",
    ],
    "found-out-of-area": [
        "Found by police in {far} with train tickets {he} could not explain.",
        "Transport police stopped {him} on a train to {far} on a school day.",
    ],
    "school-absence": [
        "Attendance has fallen to {pct}% this term.",
        "{He} has had two fixed-term exclusions this year.",
        "{He} arrives at school late and leaves at lunchtime.",
    ],
    "sti-pregnancy": ["The sexual health service has been involved with {him} this term."],
    "drugs-alcohol": [
        "{He} has come home smelling of cannabis and alcohol.",
        "{He} was found with cannabis in {his} bag.",
    ],
    "self-harm": [
        "Staff have seen self-harm marks; {his} mood has dropped sharply.",
        "{He} has become withdrawn and tearful and told a friend {he} wants to disappear.",
    ],
    "peers-exploited": [
        "{His} close friends are already known to the hub for exploitation.",
        "{He} has started spending time with an older group known to police.",
    ],
    "unexplained-injuries": [
        "{He} has bruising and a cut to the hand that {he} will not explain.",
        "{He} came to school with a black eye and said {he} 'fell over'.",
    ],
    "multiple-phones": [
        "{He} has two phones and gets calls late at night that make {him} leave the house.",
        "{His} phone rings constantly and {he} becomes anxious if {he} misses a call.",
    ],
    "weapons": [
        "Peers say {he} has been carrying a knife.",
        "{He} was present at a fight at {place} in which a young person was hurt.",
    ],
    "online-contact": [
        "{He} talks to adults {he} met through an online game and has been asked to send images.",
        "{His} parent found messages from an adult stranger asking to meet.",
    ],
}
NOT_KNOWN_DETAILS = ["Not known to me.", "The family may know; I have not been able to ask.", ""]
MILD_WORRIES = [
    "{Name} stayed out past {his} curfew twice this month and {his} parent is worried about a new friendship "
    "group.",
    "{Name} has been quieter in class and spends a lot of time on {his} phone.",
    "{Name}'s parent found messages from someone {he} did not recognise; {he} says it was a friend's joke.",
    "{Name} was seen in town late one evening with older young people; {he} says they are cousins.",
]
OPENERS = [
    "I am worried about {Name}.",
    "{Name} came to our attention this week.",
    "I am referring {Name} after a conversation with {his} family.",
    "{Name} is known to our service and recent events worry me.",
]
CLOSINGS = {
    NONE: "I would like the hub's advice on whether anything more is needed.",
    VULNERABLE: "I think {he} could be a target and would like advice and support.",
    GROOMED: "I am worried {he} is being groomed or targeted.",
    EXPLOITED: "I believe {he} is being exploited and needs a multi-agency response.",
}
ACTIONS = {
    "education": "Spoke to {Name} and to {his} parent; recorded on the school's safeguarding system; "
    "informed the head of year.",
    "csc": "Discussed with my team manager; visited {Name} at home; updated the case record.",
    "police": "{Name} was returned home by officers; the episode and intelligence have been recorded.",
    "yot": "Raised with {Name} at supervision; discussed with the YOT manager.",
    "health": "Discussed with the named nurse for safeguarding; offered {Name} a follow-up appointment.",
    "youth": "Talked with {Name} at the youth club; told the service manager.",
    "voluntary": "Discussed with our safeguarding lead; {Name} is offered weekly sessions.",
    "hub": "Return interview held; shared with the hub coordinator.",
}
LAWFUL_BASES = {
    "education": ["dpa_sch1_18", "dpa_sch1_18", "consent"],
    "csc": ["public_task"],
    "police": ["dpa_part3", "dpa_sch1_18"],
    "yot": ["public_task"],
    "health": ["dpa_sch1_18", "consent"],
    "youth": ["consent", "dpa_sch1_18"],
    "voluntary": ["consent", "dpa_sch1_18"],
    "hub": ["public_task"],
}
NO_CONSENT_REASONS = [
    "Seeking consent could place the child at greater risk: the adults involved may be alerted.",
    "The parent could not be reached today and the concern cannot wait.",
    "The child asked us not to tell the family; the risk means we must share without consent.",
]
LEVEL_RATIONALE = {
    NONE: "No indicator of exploitation in any agency's records; the worry is explained by what the family "
    "and school told us. Advice to the referrer and universal services.",
    VULNERABLE: "Vulnerabilities that could make {Name} a target, but no evidence of grooming or of an "
    "exploiting adult.",
    GROOMED: "Evidence that {Name} is being targeted or groomed: the pattern across agencies goes beyond "
    "vulnerability.",
    EXPLOITED: "Evidence that {Name} is being exploited: the indicators and agency records together show "
    "control by others.",
}
RAISED_REASONS = [
    "Police intelligence links {Name} to adults of concern that the referrer could not know about.",
    "Missing reports and children's social care records show a pattern beyond the referrer's answers.",
    "Other agencies hold information about {his} associates that raises the concern.",
]
LOWERED_REASONS = [
    "Agency records explain several of the indicators (a family bereavement and a change of school); "
    "lowered after speaking with the referrer.",
    "The older person named is a relative known to children's social care and not a concern.",
    "School and the family confirm the absences were illness, with medical evidence.",
]


@dataclass
class PlannedScreening:
    child: PlannedChild
    submitted_at: datetime
    referrer: str
    level: str
    suggested: str = ""
    route: str = ""
    immediate_risk: bool = False
    created_at: datetime | None = None
    review_due_at: datetime | None = None
    reviewed_at: datetime | None = None
    reviewer: str = "coordinator"
    yes: list[Any] = field(default_factory=list)
    not_known: list[Any] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    pk: int | None = None


@dataclass
class PlannedChild:
    first_name: str
    last_name: str
    sex: str
    ethnicity: str
    date_of_birth: date
    address: str = ""
    postcode: str = ""
    school: School | None = None
    school_start: date | None = None
    learning_disability: bool = False
    legal_status: str = ""
    placed_in: bool = False
    status_start: date | None = None
    moved_in: date | None = None
    upn: str = ""
    nhs_number: str = ""
    local_child_id: str = ""
    types: list[str] = field(default_factory=list)
    screenings: list[PlannedScreening] = field(default_factory=list)
    marmm: bool = False
    record: Child | None = None
    reviewed: list[PlannedScreening] = field(default_factory=list)

    @property
    def in_pru(self) -> bool:
        return bool(self.school and self.school.phase == School.Phase.PRU_SECONDARY)

    def words(self) -> dict[str, str]:
        he, him, his = {"1": ("he", "him", "his"), "2": ("she", "her", "her")}.get(
            self.sex, ("they", "them", "their")
        )
        return {
            "Name": self.first_name,
            "he": he,
            "him": him,
            "his": his,
            "He": he.capitalize(),
            "His": his.capitalize(),
            "a_partner": "a 'boyfriend'" if self.sex == "2" else "an older 'mate'",
        }


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _year_group(date_of_birth: date, day: date) -> int:
    """The school year group (7 is the first year of secondary school) on ``day``."""
    cohort = date_of_birth.year + (1 if date_of_birth.month >= 9 else 0)
    academic_year = day.year if day.month >= 9 else day.year - 1
    return academic_year - (cohort + 4)


def _upn(rng: random.Random, used: set[str]) -> str:
    """A unique pupil number in the DfE format (check letter, LA 999, which no authority uses)."""
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    while True:
        body = f"999{rng.randint(4000, 4999)}{rng.randint(10, 19)}{rng.randint(0, 999):03d}"
        check = letters[sum(int(d) * w for d, w in zip(body, range(2, 14), strict=True)) % 23]
        upn = check + body
        if upn not in used:
            used.add(upn)
            return upn


def _nhs_number(rng: random.Random, used: set[str]) -> str:
    """A valid NHS number in the 999 range, which the NHS keeps for testing."""
    while True:
        digits = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        number = digits + str(check)
        if check != 10 and number not in used:
            used.add(number)
            return number


class _Planner:
    """Decides the whole year in memory first, so the services are then called in date order."""

    def __init__(self, rng: random.Random, ctx: DemoContext, users: dict[str, User]) -> None:
        self.rng = rng
        self.ctx = ctx
        self.users = users
        self.holidays = holidays()
        self.used_names: set[tuple[str, str]] = set()
        self.first_names_by_surname: dict[str, list[str]] = defaultdict(list)
        self.used_upns: set[str] = set()
        self.used_nhs: set[str] = set()
        schools = list(School.objects.filter(authority=ctx.authority, active=True).order_by("urn"))
        self.by_phase: dict[str, list[School]] = defaultdict(list)
        for school in schools:
            self.by_phase[school.phase].append(school)
        secondaries = self.by_phase[School.Phase.SECONDARY]
        self.lead_school = {lead: secondaries[i % len(secondaries)] for i, lead in enumerate(SCHOOL_LEADS)}
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
        self.days = [YEAR_START.date() + timedelta(days=n) for n in range(364)]  # to 30 December

    # people -----------------------------------------------------------------------------------------
    def agency_of(self, username: str) -> str:
        return next(
            key for key, agency in self.ctx.agencies.items() if agency.pk == self.users[username].agency_id
        )

    def new_identity(self, *, born_between: tuple[date, date]) -> PlannedChild:
        rng = self.rng
        while True:
            ethnicity = demo_names.pick_ethnicity(rng)
            sex = "2" if rng.random() < 0.52 else "1"
            first, last = demo_names.pick_name(rng, ethnicity, sex)
            key = sound_key(last)
            if (first, last) in self.used_names or any(
                first_name_similarity(first, other) >= 0.8 for other in self.first_names_by_surname[key]
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
            if first and _year_group(child.date_of_birth, day) >= 7:
                return username  # the child's school is then the lead's school
            if child.school and child.school.pk in self.school_lead:
                return self.school_lead[child.school.pk]

    def working_moment(self, day: date, police: bool) -> datetime:
        rng = self.rng
        if police:
            hour = rng.choices(
                range(24), weights=[2, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5] + [5] * 6 + [6] * 4 + [4, 3]
            )[0]
            return _at(day, hour, rng.randint(0, 59))
        while not is_working_day(day, self.holidays):
            day += timedelta(days=1)
        if day.year > YEAR or day > date(YEAR, 12, 30):
            day = date(YEAR, 12, 30)
        minutes = int(rng.triangular(8.5 * 60, 17.5 * 60, 12 * 60))
        return _at(day, minutes // 60, minutes % 60)

    def school_for(self, child: PlannedChild, day: date, referrer: str) -> None:
        rng = self.rng
        cohort = child.date_of_birth.year + (1 if child.date_of_birth.month >= 9 else 0)
        year_group = _year_group(child.date_of_birth, day)
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
            if count > 1 and age == 17:
                age = 16
            first_day, last_day = days[0], days[-1]
            born_high = _years_before(first_day, age)
            born_low = _years_before(first_day, age + 1) + timedelta(days=1)
            child = self.new_identity(born_between=(born_low, born_high))
            while rules.age_on(child.date_of_birth, last_day) > 17:
                child.date_of_birth += timedelta(days=30)
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
                        child.upn = _upn(rng, self.used_upns)
                    child.nhs_number = _nhs_number(rng, self.used_nhs)
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
            reviewed = _at(morning, 8, rng.randint(35, 59))
        elif working_now and local.hour < 14 and rng.random() < 0.55:
            earliest = local.hour * 60 + local.minute + 40
            minutes = rng.randint(min(earliest, 17 * 60), 17 * 60 + 20)
            reviewed = _at(local.date(), minutes // 60, minutes % 60)
        elif rng.random() < 0.06 and local.date() < date(YEAR, 12, 1):
            late_day = add_working_days(next_day, rng.randint(1, 3), self.holidays)
            reviewed = _at(late_day, rng.randint(9, 16), rng.randint(0, 59))
        else:
            reviewed = _at(next_day, rng.randint(9, 16), rng.randint(0, 59))
        screening.reviewed_at = max(reviewed, submitted + timedelta(minutes=20))
        screening.reviewer = "gmountjoy" if rng.random() < 0.3 else "coordinator"


def _fill(template: str, child: PlannedChild, rng: random.Random, extra: dict[str, Any] | None = None) -> str:
    values = child.words() | {
        "n": rng.randint(2, 5),
        "month": rng.choice(["the summer", "half term", "the start of term", "Christmas", "Easter"]),
        "far": rng.choice(demo_names.OUT_OF_AREA),
        "place": rng.choice(demo_names.LOCAL_PLACES),
        "pct": rng.randint(52, 84),
        "money": rng.choice([200, 300, 450, 600]),
    }
    return template.format(**(values | (extra or {})))


def _concern(screening: PlannedScreening, rng: random.Random) -> tuple[str, dict[int, tuple[str, str]]]:
    child = screening.child
    answers: dict[int, tuple[str, str]] = {}
    sentences = [_fill(rng.choice(OPENERS), child, rng)]
    for indicator in screening.yes:
        detail = _fill(rng.choice(DETAILS.get(indicator.code, ["Yes."])), child, rng)
        answers[indicator.pk] = ("yes", detail)
        if len(sentences) < 4:
            sentences.append(detail)
    if not screening.yes:
        sentences.append(_fill(rng.choice(MILD_WORRIES), child, rng))
    sentences.append(_fill(CLOSINGS.get(screening.suggested, CLOSINGS[VULNERABLE]), child, rng))
    for indicator in screening.not_known:
        answers[indicator.pk] = ("not_known", rng.choice(NOT_KNOWN_DETAILS))
    return " ".join(sentences), answers


def _systems(level: str, rng: random.Random) -> list[str]:
    base = [SystemConsulted.HUB, SystemConsulted.CSC, SystemConsulted.EDUCATION]
    if level == NONE:
        return base
    base += [SystemConsulted.POLICE, SystemConsulted.EARLY_HELP]
    if level in (GROOMED, EXPLOITED):
        base += [SystemConsulted.HEALTH, SystemConsulted.YOT, SystemConsulted.YOUTH_SERVICE]
    return [system for system in base if system == SystemConsulted.HUB or rng.random() < 0.9]


def _findings(
    screening: PlannedScreening,
    earlier: list[PlannedScreening],
    level_names: dict[str, str],
    rng: random.Random,
) -> str:
    child = screening.child
    words = child.words()
    status = {
        LegalStatus.LOOKED_AFTER: "looked after"
        + (" (placed here by Harrowfield)" if child.placed_in else ""),
        LegalStatus.CHILD_PROTECTION: "subject to a child protection plan",
        LegalStatus.CHILD_IN_NEED: "open as a child in need",
        LegalStatus.EARLY_HELP: "open to early help",
    }.get(child.legal_status, "not open")
    police = {
        NONE: "no records.",
        VULNERABLE: rng.choice(
            ["no intelligence.", "one missing report this year.", "one stop and account."]
        ),
        GROOMED: f"{rng.randint(2, 4)} missing reports; seen with older young people of concern.",
        EXPLOITED: f"{rng.randint(3, 8)} missing reports; intelligence links {words['him']} to adults of "
        f"concern and to {rng.choice(demo_names.LOCAL_PLACES)}.",
    }[screening.level]
    parts = [f"Children's social care: {status}.", f"Police: {police}"]
    if child.school:
        parts.append(f"Education: {child.school.name}, attendance {rng.randint(55, 97)}%.")
    if earlier:
        last = earlier[-1]
        when = timezone.localtime(last.reviewed_at)
        parts.append(f"Hub: screened before on {when:%d %B %Y} ({level_names[last.level]}).")
    return " ".join(parts)


def _feedback(screening: PlannedScreening, level_name: str) -> str:
    child = screening.child
    reviewed = timezone.localtime(screening.reviewed_at).date()
    thursday = reviewed + timedelta(days=(3 - reviewed.weekday()) % 7 or 7)
    return {
        Route.ADVICE: f"Thank you. The hub found no need for a multi-agency response for {child.first_name} "
        "now. Please keep offering support and refer again if anything changes.",
        Route.EARLY_HELP: f"The hub decided {level_name} and has asked early help to contact the family; "
        "you may be asked to join a team around the family meeting.",
        Route.MARMM: f"The hub decided {level_name}. {child.first_name} will be discussed at MARMM on "
        f"{thursday:%A %d %B}; please send any update before then.",
        Route.MEP: f"The hub decided {level_name}. A Missing and Exploitation Panel plan will be built with "
        "the allocated practitioner; you will be invited.",
        Route.STRATEGY: f"The hub decided {level_name}. A strategy discussion with children's social care "
        "and police was held today; the allocated social worker will contact you.",
    }[screening.route]


def _ensure_people(ctx: DemoContext, users: dict[str, User], lead_school: dict[str, School]) -> int:
    created = 0
    for username, (first, last, agency_key, role, title) in PEOPLE.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            if username in lead_school:
                title = f"{title}, {lead_school[username].name}"
            user = user_create(
                username=username,
                first_name=first,
                last_name=last,
                agency=ctx.agencies[agency_key],
                roles={role},
                password=None,
                job_title=title,
                email=f"{username}@example.org",
            )
            created += 1
        users[username] = user
    return created


def load_screenings(ctx: DemoContext) -> None:
    authority = ctx.authority
    in_year = Screening.objects.filter(
        authority=authority, submitted_at__gte=YEAR_START, submitted_at__lt=YEAR_END
    )
    if in_year.exists():
        ctx.out(f"Demo screenings: already loaded ({in_year.count()} in {YEAR}).")
        return
    rng = random.Random(ctx.seed)
    users = dict(ctx.users)
    planner = _Planner(rng, ctx, users)
    added = _ensure_people(ctx, users, planner.lead_school)  # the planner sees them through ``users``

    children = planner.children()
    planner.choose_marmm(children)
    for index, child in enumerate(children):
        planner.routes(child)
        for screening in child.screenings:
            screening.suggested = screening.level
            if rng.random() < 0.08:  # the hub's checks change the tool's suggestion
                position = LEVEL_ORDER.index(screening.level)
                shift = 1 if position == 0 else -1 if position == 3 else rng.choice([-1, 1])
                screening.suggested = LEVEL_ORDER[position + shift]
            planner.answers(screening, rules.age_on(child.date_of_birth, screening.submitted_at.date()))
            planner.timing(screening)
        if child.legal_status in KNOWN_TO_CSC:
            child.local_child_id = f"WMC{104_000 + index}"

    writer = _Writer(ctx, planner, users, rng)
    everything = sorted((s for child in children for s in child.screenings), key=lambda s: s.submitted_at)
    for planned in everything:
        screening = writer.refer(planned)
        writer.review(planned, screening)
        planned.child.reviewed.append(planned)
    writer.allocate(children)
    queue = writer.queue()
    writer.backdate(children, queue)

    discussed = sum(child.marmm for child in children)
    ctx.out(
        f"Demo screenings: {len(everything)} in {YEAR} about {len(children)} children "
        f"({discussed} discussed at MARMM), {len(queue)} waiting for review, {added} more staff accounts."
    )


class _Writer:
    """Calls the services, in date order, as the referrers and the hub would have."""

    def __init__(
        self, ctx: DemoContext, planner: _Planner, users: dict[str, User], rng: random.Random
    ) -> None:
        self.ctx = ctx
        self.authority = ctx.authority
        self.neighbour = next(
            authority
            for authority in ctx.agencies["neighbour"].authorities.all()
            if authority != ctx.authority
        )
        self.planner = planner
        self.users = users
        self.rng = rng
        self.types = {t.code: t for t in ExploitationType.objects.all()}
        self.levels = {level.code: level for level in LevelOfConcern.objects.all()}
        self.level_names = {code: level.name for code, level in self.levels.items()}
        self.involvement_start: dict[tuple[int, int], datetime] = {}
        self.allocated: dict[int, datetime] = {}

    def refer(self, planned: PlannedScreening) -> Screening:
        """The referrer fills in the tool section by section and submits it."""
        rng = self.rng
        child = planned.child
        referrer = self.users[planned.referrer]
        agency = self.planner.agency_of(planned.referrer)
        from_record = child.record is not None and agency == "csc" and rng.random() < 0.5
        screening = services.screening_start(
            by=referrer, authority=self.authority, child=child.record if from_record else None
        )
        sections: dict[str, Any] = {}
        if not from_record:
            sections |= {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth,
                "sex": child.sex,
                "upn": child.upn if agency == "education" else "",
                "nhs_number": child.nhs_number if agency == "health" else "",
                "address": child.address,
                "postcode": child.postcode if child.address else "",
                "school": child.school if agency in ("education", "health", "csc") else None,
                "learning_disability": "yes"
                if child.learning_disability
                else rng.choice(["no", "no", "not_known"]),
            }
        concern, answers = _concern(planned, rng)
        basis = rng.choice(LAWFUL_BASES[agency])
        phone = (
            f"07700 900{rng.randint(0, 999):03d}"
            if agency == "police"
            else f"01632 960{rng.randint(0, 999):03d}"
        )
        sections |= {
            "concern": concern,
            "immediate_risk": planned.immediate_risk,
            "actions_taken": _fill(ACTIONS[agency], child, rng),
            "referrer_phone": phone,  # numbers from Ofcom's ranges for drama
            "exploitation_types": [self.types[code] for code in planned.types if code in self.types],
            "lawful_basis": basis,
            "consent_not_sought_reason": rng.choice(NO_CONSENT_REASONS) if basis == "dpa_sch1_18" else "",
        }
        # One save for the whole form (the pages save a section at a time; the rules are the same).
        services.screening_save_section(
            screening=screening, by=referrer, version=screening.version, **sections
        )
        services.screening_save_answers(
            screening=screening,
            by=referrer,
            answers={i.pk: answers.get(i.pk, ("no", "")) for i in self.planner.indicators},
        )
        screening = services.screening_submit(screening=screening, by=referrer)
        planned.pk = screening.pk
        return screening

    def review(self, planned: PlannedScreening, screening: Screening) -> None:
        """The hub confirms who the child is, checks agencies' records and decides."""
        rng = self.rng
        child = planned.child
        reviewer = self.users[planned.reviewer]
        if child.record is None:
            child.record = self.new_record(planned, screening, reviewer)
        elif screening.child_id is None:
            services.screening_link_child(screening=screening, by=reviewer, child=child.record)
        decided = self.levels[planned.level]
        suggested = screening.suggested_level
        words = child.words()
        present = [SHORT.get(i.code, i.question) for i in sorted(planned.yes, key=lambda i: -i.weight)[:3]]
        rationale = LEVEL_RATIONALE[planned.level].format(**words)
        if present:
            rationale += f" Present: {', '.join(present)}."
        difference = ""
        if suggested is not None and suggested.pk != decided.pk:
            reasons = RAISED_REASONS if decided.rank > suggested.rank else LOWERED_REASONS
            difference = rng.choice(reasons).format(**words)
        services.screening_review(
            screening=screening,
            by=reviewer,
            decided_level=decided,
            rationale=rationale,
            route=planned.route,
            systems_consulted=_systems(planned.level, rng),
            feedback_to_referrer=_feedback(planned, decided.name),
            findings=_findings(planned, child.reviewed, self.level_names, rng),
            difference_reason=difference,
        )
        self.involvement_start.setdefault(
            (child.record.pk, screening.referrer_agency_id), planned.reviewed_at
        )

    def new_record(self, planned: PlannedScreening, screening: Screening, reviewer: User) -> Child:
        child = planned.child
        record = services.screening_link_child(screening=screening, by=reviewer, child=None)
        # What the hub finds in other agencies' systems completes the record.
        record = child_services.child_update(
            child=record,
            by=reviewer,
            version=record.version,
            ethnicity=child.ethnicity,
            local_child_id=child.local_child_id,
            upn=child.upn,
            nhs_number=child.nhs_number,
            learning_disability=child.learning_disability,
            sen_ehcp=child.learning_disability or bool(child.school and child.school.phase == "special"),
            excluded=child.in_pru,
            previously_missing=any(i.code == "missing" for i in planned.yes),
        )
        if child.school and not screening.school_id:
            child_services.school_add(
                child=record, by=reviewer, school=child.school, start=child.school_start
            )
        if child.legal_status:
            looked_after = child.legal_status == LegalStatus.LOOKED_AFTER
            child_services.legal_status_add(
                child=record,
                by=reviewer,
                status=child.legal_status,
                start=child.status_start,
                placing_authority=(self.neighbour if child.placed_in else self.authority)
                if looked_after
                else None,
                host_authority=self.authority if looked_after and child.placed_in else None,
            )
            if looked_after:
                child_services.address_add(
                    child=record,
                    by=reviewer,
                    start=child.status_start,
                    line1=f"Placement: {demo_names.street_address(self.rng)}",
                    postcode=demo_names.postcode(self.rng),
                    kind=AddressPeriod.Kind.PLACEMENT,
                )
        return record

    def allocate(self, children: list[PlannedChild]) -> None:
        """The demo practitioner holds a dozen children at significant concern; case holders hold others."""
        rng = self.rng
        significant = [c for c in children if c.screenings[-1].level in (GROOMED, EXPLOITED)]
        rng.shuffle(significant)
        for index, child in enumerate(significant):
            if index < PRACTITIONER_CASELOAD:
                worker = self.users["practitioner"]
            elif rng.random() < 0.7:
                worker = self.users[rng.choice(CASE_HOLDERS)]
            else:
                continue
            reviewed = timezone.localtime(child.screenings[-1].reviewed_at)
            start = min(reviewed.date() + timedelta(days=rng.randint(0, 4)), date(YEAR, 12, 31))
            allocation = child_services.allocation_set(
                child=child.record, worker=worker, by=self.users["coordinator"], start=start
            )
            self.allocated[allocation.pk] = max(_at(start, rng.randint(9, 16), rng.randint(0, 59)), reviewed)

    def queue(self) -> list[PlannedScreening]:
        """Screenings waiting in the hub's queue today: one at immediate risk, one overdue."""
        rng = self.rng
        planner = self.planner
        now = timezone.now()
        today = timezone.localdate()
        previous_working_day = today - timedelta(days=1)
        while not is_working_day(previous_working_day, planner.holidays):
            previous_working_day -= timedelta(days=1)
        overdue_day = today
        for _ in range(3):
            overdue_day -= timedelta(days=1)
            while not is_working_day(overdue_day, planner.holidays):
                overdue_day -= timedelta(days=1)
        recent_days = [
            previous_working_day + timedelta(days=n)
            for n in range((today - previous_working_day).days + 1)
            if is_working_day(previous_working_day + timedelta(days=n), planner.holidays)
        ]
        specs = [  # referrer, level the answers suggest, immediate risk, submitted at
            ("officer", EXPLOITED, True, now - timedelta(minutes=rng.randint(40, 150))),
            ("schoollead", VULNERABLE, False, _at(overdue_day, 10, rng.randint(0, 59))),
            ("practitioner", GROOMED, False, None),
            ("fquennell", VULNERABLE, False, None),
            ("nfarouk", GROOMED, False, None),
            ("cbrierley", VULNERABLE, False, None),
        ][:QUEUE_SIZE]
        queued = []
        for referrer, level, immediate, submitted in specs:
            if submitted is None:  # since the start of the last working day, so not yet overdue
                minutes = rng.randint(8 * 60 + 30, 17 * 60 + 30)
                submitted = _at(rng.choice(recent_days), minutes // 60, minutes % 60)
                if (
                    submitted > now - timedelta(minutes=30)
                    or rules.review_due(submitted, 1, planner.holidays) <= now
                ):
                    submitted = now - timedelta(minutes=rng.randint(30, 90))
            age = rng.randint(12, 17)
            born_high = _years_before(today, age)
            child = planner.new_identity(
                born_between=(_years_before(born_high, 1) + timedelta(days=1), born_high)
            )
            planner.background(child, LEVEL_ORDER.index(level), today)
            child.address = child.address or demo_names.street_address(rng)
            planner.school_for(child, today, referrer)
            type_weights = TYPE_WEIGHTS[child.sex]
            child.types = [rng.choices(list(type_weights), weights=list(type_weights.values()))[0]]
            planned = PlannedScreening(child, submitted, referrer, level, types=list(child.types))
            planned.suggested, planned.immediate_risk = level, immediate
            planned.created_at = submitted - timedelta(minutes=rng.randint(8, 60))
            planned.review_due_at = rules.review_due(submitted, 1, planner.holidays)
            planner.answers(planned, age)
            self.refer(planned)
            child.screenings.append(planned)
            queued.append(planned)
        return queued

    def backdate(self, children: list[PlannedChild], queue: list[PlannedScreening]) -> None:
        """Move the timestamps the services stamped "now" to when the work happened."""
        rng = self.rng
        loaded_on = timezone.localdate()
        screenings = [s for child in children for s in child.screenings] + queue
        Screening.objects.bulk_update(
            [
                Screening(
                    pk=s.pk,
                    created_at=s.created_at,
                    submitted_at=s.submitted_at,
                    review_due_at=s.review_due_at,
                )
                for s in screenings
            ],
            ["created_at", "submitted_at", "review_due_at"],
            batch_size=200,
        )
        reviewed_at = {s.pk: s.reviewed_at for s in screenings if s.reviewed_at and s not in queue}
        reviews = list(
            ScreeningReview.objects.filter(screening_id__in=reviewed_at).only("pk", "screening_id")
        )
        for review in reviews:
            review.reviewed_at = reviewed_at[review.screening_id]
        ScreeningReview.objects.bulk_update(reviews, ["reviewed_at"], batch_size=200)

        records = {child.record.pk: child for child in children if child.record is not None}
        prefix = "hub review of screening "
        changes = list(
            LevelOfConcernChange.objects.filter(child_id__in=records, source__startswith=prefix).only(
                "pk", "source"
            )
        )
        for change in changes:
            change.decided_at = reviewed_at[int(change.source.removeprefix(prefix))]
        LevelOfConcernChange.objects.bulk_update(changes, ["decided_at"], batch_size=200)

        created: dict[int, datetime] = {}
        for pk, child in records.items():
            first = child.screenings[0]
            created[pk] = max(first.reviewed_at - timedelta(minutes=rng.randint(3, 15)), first.submitted_at)
        Child.objects.bulk_update(
            [Child(pk=pk, created_at=at) for pk, at in created.items()], ["created_at"], batch_size=200
        )

        periods: dict[type, list[Any]] = defaultdict(list)
        for model in (AddressPeriod, SchoolPeriod, LegalStatusPeriod):
            for period in model.objects.filter(child_id__in=records):
                child = records[period.child_id]
                period.recorded_at = created[period.child_id]
                if model is AddressPeriod and period.kind == AddressPeriod.Kind.HOME:
                    period.start = child.moved_in
                elif model is SchoolPeriod:
                    period.start = child.school_start or period.start
                periods[model].append(period)
        for involvement in AgencyInvolvement.objects.filter(child_id__in=records):
            at = self.involvement_start.get((involvement.child_id, involvement.agency_id))
            if involvement.reason == "referred a screening" and at is not None:
                involvement.start = timezone.localtime(at).date()
                involvement.recorded_at = at
            else:
                if involvement.start >= loaded_on:  # stamped "today" by a service
                    involvement.start = created[involvement.child_id].date()
                involvement.recorded_at = _at(involvement.start, 10, 0)
            periods[AgencyInvolvement].append(involvement)
        for allocation in Allocation.objects.filter(pk__in=self.allocated):
            allocation.recorded_at = self.allocated[allocation.pk]
            periods[Allocation].append(allocation)
        for model, rows in periods.items():
            fields = ["start", "recorded_at"] if model is not Allocation else ["recorded_at"]
            model.objects.bulk_update(rows, fields, batch_size=200)
