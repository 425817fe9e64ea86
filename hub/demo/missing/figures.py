"""The figures the demo year of missing episodes reproduces, and the shapes that make it look like a hub's
real work rather than a uniform spread: who goes missing how often, when, for how long, at what risk, and how
quickly the return interviews are held."""

from __future__ import annotations

from hub.core.roles import Role
from hub.demo.people import NEIGHBOUR_AUTHORITY

# The strategy's local profile ("Local profile Jan-Dec 2019"): "397 children were reported missing 1173 times;
# this includes 64 children placed in [the area] by other Local Authorities who were reported missing 282
# times." The demo keeps these figures for the screening demo's year (``hub.demo.screening.demo_year``).
CHILDREN_IN_YEAR = 397
EPISODES_IN_YEAR = 1173
PLACED_IN_CHILDREN = 64
PLACED_IN_EPISODES = 282

REUSED_CHILDREN = 170  # screened children of the screening demo who also go missing (placed-in ones first)
OWN_LOOKED_AFTER_NEW = 22  # new children looked after by the demo authority itself
MISSING_NOW = 6  # open episodes on the load date
HIGH_RISK_NOW = 2  # of which graded high
RECENT_RETURNS = 10  # returned in the last three days, interviews not yet held
RECENT_UNALLOCATED = 4  # of which not yet allocated to an interviewer

# Repeat missing concentrates on a few: these children go missing 20 times or more in the year; everyone else
# at most MAX_REGULAR times, most of them once.
HOME_TAIL = [34, 27, 22]
PLACED_IN_TAIL = [29, 21]
MAX_REGULAR = 14
# P(k episodes) falls as k ** -exponent; placed-in children go missing more often.
HOME_EXPONENT = 1.9
PLACED_IN_EXPONENT = 1.3
DAYS_PER_EPISODE = 3.0  # a child's span of the year must allow this many days for each of their episodes

# Other authorities that place children in the demo area: invented names, with GSS-shaped codes in the
# "999" range that no real authority uses (as ``hub.demo.people`` does). Harrowfield already exists.
OTHER_AUTHORITIES = {
    "E08999003": "Brackenmoor City Council",
    "E06999004": "Eastholme Borough Council",
    "E09999005": "London Borough of Ravensmere",
}
PLACING_WEIGHTS = {NEIGHBOUR_AUTHORITY["ons_code"]: 50, "E08999003": 20, "E06999004": 15, "E09999005": 15}

# This loader's own staff: two more return interviewers (created here only, with no password, so their
# interviews mark the demo as loaded). username -> (first, last, agency key, role, job title)
PEOPLE = {
    "bcorrie": ("Bethan", "Corrie", "hub", Role.RETURN_INTERVIEWER, "Return interview worker"),
    "jwhitlock": ("Jamal", "Whitlock", "hub", Role.RETURN_INTERVIEWER, "Senior return interview worker"),
}
INTERVIEWER_WEIGHTS = {"interviewer": 40, "bcorrie": 32, "jwhitlock": 28}
# Who records reports (police's missing persons coordinator most); hub staff record some.
RECORDER_WEIGHTS = {"officer": 45, "rcalloway": 20, "kashdown": 15, "coordinator": 12, "gmountjoy": 8}
POLICE_RECORDERS = {"officer", "rcalloway", "kashdown"}
ACKNOWLEDGERS = ["coordinator", "gmountjoy"]
UNACKNOWLEDGED_DAYS = 10  # alerts raised this recently are still waiting for the hub

# Ages when first missing in the year (children are still under 18 on the load date).
AGE_WEIGHTS = {11: 2, 12: 5, 13: 10, 14: 18, 15: 24, 16: 24, 17: 17}
# By calendar month, January first: more in the light evenings of late spring and summer.
MONTH_WEIGHTS = [0.9, 0.85, 0.95, 1.0, 1.05, 1.1, 1.15, 1.15, 1.0, 1.0, 0.95, 0.9]
WEEKEND_WEIGHT = 1.2  # Friday and Saturday
# Hour last seen, 00:00 first: after school and in the evening most.
HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 5, 5, 6, 9, 10, 10, 9, 9, 8, 7, 5, 3]
# How long children are missing: (weight, shortest hours, longest hours). Most return within a day.
DURATION_BUCKETS = [(25, 1.5, 8), (40, 8, 20), (20, 20, 36), (10, 36, 72), (5, 72, 168)]

# Police risk grades by the child's level of concern ("" for a child never screened).
RISK_WEIGHTS = {
    "": {"no_apparent_risk": 8, "low": 54, "medium": 35, "high": 3},
    "no-current-concern": {"no_apparent_risk": 8, "low": 56, "medium": 33, "high": 3},
    "vulnerable": {"no_apparent_risk": 5, "low": 47, "medium": 44, "high": 4},
    "groomed-targeted": {"no_apparent_risk": 2, "low": 33, "medium": 56, "high": 9},
    "exploited": {"no_apparent_risk": 1, "low": 22, "medium": 61, "high": 16},
}
REGRADE_SHARE = 0.15
REPORTED_BY_WEIGHTS = {
    True: {"carer": 80, "police": 8, "school": 7, "other": 5},  # looked-after children
    False: {"parent": 72, "police": 12, "school": 10, "other": 6},
}
# Looked-after children's episodes coded A (away, whereabouts known) rather than M: most of those spent
# with family, a few others.
AWAY_WITH_FAMILY = 0.55
AWAY_OTHERWISE = 0.06

# Return interviews.
ON_TIME_SHARE = 0.70  # aimed at; children missing again and late notifications make it nearer 65%
DECLINED_SHARE = 0.11
NOT_FACE_TO_FACE_SHARE = 0.12
LATE_NOTIFICATION_SHARE = 0.07  # the hub hears of the return a day or more late
LATE_REASON_WEIGHTS = {
    "child-unavailable": 40,
    "worker-capacity": 20,
    "carer-refused-access": 10,
    "child-out-of-area": 10,
    "late-notification": 8,
    "other": 5,
}
