"""The shapes of the demo's year of meetings: when each panel meets, who comes, how often children come
back, how many are escalated to SEP, and how actions turn out. The figures are choices that make the
year look like a partnership's real work; none comes from a real panel."""

from __future__ import annotations

from hub.core.roles import Role

# This loader's own staff: the hub's panel coordinator, who plans the meetings, builds the agendas from
# the Hub's proposals and takes the minutes (created here only, with no password, so the meetings she
# planned mark the demo as loaded). username -> (first, last, agency key, role, job title)
PEOPLE = {
    "ycastellane": (
        "Yvonne",
        "Castellane",
        "hub",
        Role.HUB_COORDINATOR,
        "Panel coordinator, Missing and Exploitation Hub",
    ),
    # Health workers of two more providers (each provider is an agency of its own), who take actions.
    "omensah": ("Olivia", "Mensah", "camhs", Role.PRACTITIONER, "Mental health practitioner, CAMHS"),
    "lbrightwell": (
        "Lewis",
        "Brightwell",
        "sexual-health",
        Role.PRACTITIONER,
        "Young people's sexual health nurse",
    ),
}
MINUTE_TAKER = "ycastellane"

# When each panel meets: (weekday, hour, minute) and, for the monthly and quarterly ones, which week of
# the month (1 = the first such weekday) and in which months. MARMM meets on Thursdays (the screening
# demo tells referrers so); MEP fortnightly on Tuesdays, the next one in the coming week.
MARMM_TIME = (3, 10, 0)
MEP_TIME = (1, 13, 30)
MONTHLY = {  # code: (weekday, nth, hour, minute)
    "sep": (2, 2, 14, 0),
    "youth-risk": (0, 3, 14, 0),
    "dci-risk": (3, 4, 14, 0),
}
QUARTERLY = {  # code: (weekday, nth, hour, minute, months)
    "cross-border": (3, 2, 14, 0, (1, 4, 7, 10)),
    "locality-north": (1, 2, 10, 0, (3, 6, 9, 12)),
    "locality-south": (3, 2, 10, 0, (3, 6, 9, 12)),
}
PLACES = {
    "marmm": ["Albion House, hub meeting room", "Albion House, hub meeting room", "Online"],
    "mep": ["Civic Offices, committee room 2", "Civic Offices, committee room 2", "Online"],
    "sep": ["Civic Offices, council chamber annex"],
    "youth-risk": ["Wenmoor police station, briefing room", "Online"],
    "dci-risk": ["Wenmoor police station, briefing room"],
    "cross-border": ["Online"],
    "locality-north": ["{school}, meeting room"],
    "locality-south": ["{school}, meeting room"],
    "complex-strategy": ["Online", "Albion House, hub meeting room"],
}
# Who comes besides the panel's chair and members (usernames), by meeting type.
GUESTS = {
    "marmm": ["gmountjoy", "nfarouk", "fquennell"],
    "mep": ["nfarouk", "cbrierley", "fquennell", "sgorecki", "kashdown"],
    "sep": ["kashdown", "nfarouk", "fquennell", "partnership"],
    "youth-risk": ["rcalloway", "nfarouk", "cbrierley"],
    "dci-risk": ["kashdown", "rcalloway", "nfarouk"],
    "cross-border": ["kashdown"],
    "locality-north": [],
    "locality-south": [],
    "complex-strategy": ["kashdown"],
}
# A deputy chairs now and then: (deputy, share of meetings).
DEPUTIES = {
    "marmm": ("gmountjoy", 0.15),
    "mep": ("coordinator", 0.12),
    "sep": ("coordinator", 0.08),
    "youth-risk": ("kashdown", 0.15),
    "dci-risk": ("kashdown", 0.15),
}
APOLOGIES_SHARE = 0.09
ABSENT_SHARE = 0.02

# MEP: a child at groomed/targeted or exploited comes back every few meetings (6 to 12 weeks).
MEP_GAP_MEETINGS = {"exploited": (3, 5), "groomed-targeted": (5, 6)}
OVERDUE_PLANS = 9  # plans whose review date has passed without a review, on the load date

# SEP: children escalated by MEP, of whom some are removed later and a few come back.
SEP_CHILDREN = (15, 19)
SEP_REMOVED_ONLY = 5  # removed and not back
SEP_RETURNED = 3  # removed, then escalated again by MEP
SEP_MIN_MONTHS = 2  # SEP meetings before a removal is considered
SEP_RETURN_GAP_DAYS = 42  # at least this long between removal and coming back

# The other panels' selections, per meeting.
YOUTH_RISK_CAP = 14
DCI_CAP = 12
CROSS_BORDER_CAP = 12
ROTATION_SHARE = 0.3  # children already discussed who come back without anything new

# Actions: how they turn out. Past due: done on time, done late, still open, no longer needed.
PAST_DUE = {"on_time": 70, "late": 16, "open": 9, "cancelled": 5}
NOT_YET_DUE = {"open": 58, "in_progress": 27, "done": 15}
# The demo practitioner's home page lists five actions, overdue first: at most this many of hers are
# overdue or due within a fortnight, so an action agreed for her today still shows there.
PRACTITIONER_SOON = 3
