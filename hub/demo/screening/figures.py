"""The figures the demo year reproduces, and who takes part in it.

The counts are the strategy's local profile; the weights shape everything else (ages, levels, who
refers, when) so that the year looks like a hub's real work rather than a uniform spread.
"""

from __future__ import annotations

from datetime import date, timedelta

from hub.children.models import LegalStatus
from hub.core.roles import Role

SCREENINGS_IN_YEAR = 324  # submitted and reviewed in the year, as in the strategy's local profile
MARMM_CHILDREN = 131  # children discussed at MARMM in the profile
PRACTITIONER_CASELOAD = 12  # the demo practitioner's allocated children, so their home page has work
QUEUE_SIZE = 6  # waiting for the hub's review on the load date

NONE, VULNERABLE, GROOMED, EXPLOITED = "no-current-concern", "vulnerable", "groomed-targeted", "exploited"
LEVEL_ORDER = [NONE, VULNERABLE, GROOMED, EXPLOITED]
KNOWN_TO_CSC = (LegalStatus.LOOKED_AFTER, LegalStatus.CHILD_PROTECTION, LegalStatus.CHILD_IN_NEED)

# Extra synthetic referrers (and one more hub coordinator): username -> (first, last, agency, role, title);
# a school lead's agency ("school") is their school's own organisation (``hub.demo.people.lead_schools``).
PEOPLE = {
    "jpellow": ("Joanne", "Pellow", "school", Role.SCHOOL_LEAD, "Designated safeguarding lead"),
    "dramsaran": ("Dev", "Ramsaran", "school", Role.SCHOOL_LEAD, "Designated safeguarding lead"),
    "chutchens": ("Claire", "Hutchens", "school", Role.SCHOOL_LEAD, "Deputy designated safeguarding lead"),
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

# Age at the first screening; a child who would be 18 by the load date is taken a year younger.
AGE_WEIGHTS = {10: 2, 11: 5, 12: 9, 13: 14, 14: 20, 15: 22, 16: 18, 17: 10}
FIRST_LEVEL_WEIGHTS = {NONE: 16, VULNERABLE: 42, GROOMED: 26, EXPLOITED: 16}
# By calendar month, January first (whichever month the demo's year starts in): fewer referrals in the
# school holidays of August and late December, more at the start of the autumn term.
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


def demo_year(today: date) -> tuple[date, date]:
    """The demo's year for a load on ``today``: its first and last days, the 12 full months ending on the
    last day of the previous month (1 November 2025 to 31 October 2026 for a load on 28 November 2026).

    The strategy's profile is of a calendar year (2019); the demo keeps its figures but moves the year
    to just before the load, so that whoever tries the Hub meets children of today's ages."""
    start = date(today.year - 1, today.month, 1)
    end = today.replace(day=1) - timedelta(days=1)
    return start, end
