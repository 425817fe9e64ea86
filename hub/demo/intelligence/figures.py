"""What the demo's intelligence holds, as choices: the places the missing and screening demos' words
already name (the hotel on the ring road, the takeaways on Station Road, Holloway Green recreation
ground, Wenmoor bus station, the Kestrel House flats), the people and groups behind them, their phones,
and how much of the year's records an analyst has linked. Every name is invented (``hub/demo/names.py``
for the people; the places are the invented town of Wenmoor's); phone numbers are in Ofcom's range
reserved for drama (07700 900000 to 900999), postcodes in the synthetic "QW" area.

Coordinates: the demo area has none elsewhere, so the places sit around a plausible inland point chosen
for the invented town, ``CENTRE`` (52.30 N, 1.10 W, farmland in the English Midlands), within about two
kilometres of it; no place here is at a real address."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hub.core.roles import Role
from hub.intelligence.models import GroupType, LinkKind, LocationType

# This loader's own staff: the police's intelligence officer on the violent crime taskforce, who
# records the people, groups and orders (created here only, with no password, so the entities she
# recorded mark the intelligence as loaded). username -> (first, last, agency key, role, job title)
PEOPLE = {
    "hvanstone": (
        "Harriet",
        "Vanstone",
        "police",
        Role.POLICE_OFFICER,
        "Intelligence officer, violent crime taskforce",
    ),
}
RECORDER = "hvanstone"
ANALYST = "analyst"  # the demo's hub analyst links the Hub's own records to the network

CENTRE = (Decimal("52.30000"), Decimal("-1.10000"))

# Why these past records are entered at the load, for their change history.
REASON = "demo area: the intelligence picture of the year before the reference day"


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    location_type: str
    address: str
    offset: tuple[str, str]  # degrees north and east of ``CENTRE``
    aliases: tuple[str, ...]
    description: str
    # Words of the missing and screening demos' records that mean this place (lower case): where a child
    # was last seen (seen at) and where they were found (found at).
    seen_words: tuple[str, ...] = ()
    found_words: tuple[str, ...] = ()


PLACES = [
    Place(
        "hotel",
        "Ringway Lodge Hotel",
        LocationType.HOTEL,
        "Ringway Lodge Hotel, Ring Road North, Wenmoor",
        ("0.01420", "0.01610"),
        ("the hotel on the ring road", "Ringway Lodge"),
        "Budget hotel on the ring road, rooms booked for cash by adults seen with children; staff trained "
        "after the hotel information request. Reception staff call the hub's line.",
        found_words=("hotel on the ring road",),
    ),
    Place(
        "takeaway",
        "Golden Grill, Station Road",
        LocationType.TAKEAWAY,
        "Golden Grill, 22 Station Road, Wenmoor",
        ("-0.00310", "0.00420"),
        ("the takeaways on Station Road", "Golden Grill"),
        "Late-night takeaway where children are given free food and phone credit; the flat above is used "
        "by older males. Open until 3am.",
        seen_words=("takeaways on station road",),
        found_words=("above the takeaways on station road",),
    ),
    Place(
        "park",
        "Holloway Green recreation ground",
        LocationType.PARK,
        "Holloway Green recreation ground, Holloway Green, Wenmoor",
        ("0.00870", "-0.01240"),
        ("Holloway Green rec",),
        "Park with a pavilion and a play area; groups of young people gather by the pavilion after dark, "
        "where cars stop briefly.",
        seen_words=("holloway green recreation ground",),
    ),
    Place(
        "station",
        "Wenmoor bus station",
        LocationType.STATION,
        "Wenmoor bus station, Market Way, Wenmoor",
        ("0.00050", "0.00080"),
        ("Market Way bus station",),
        "The town's bus station, with the coach stop for Brackenmoor. Children are met off and put on "
        "coaches here; the place most often named in missing episodes.",
        seen_words=("wenmoor bus station",),
        found_words=("wenmoor bus station",),
    ),
    Place(
        "trap-house",
        "Flat 14, Kestrel House",
        LocationType.TRAP_HOUSE,
        "Flat 14, Kestrel House, Tannery Street, Wenmoor",
        ("-0.00720", "-0.00530"),
        ("the Kestrel House flats",),
        "A tenant's flat taken over by the Blaze line (cuckooed); children found at parties on the "
        "estate. Housing and police work together on the tenancy.",
        seen_words=("kestrel house flats",),
        found_words=("kestrel house estate",),
    ),
]
STATION = "station"  # the place the emerging-context pattern and the peer group are about


@dataclass(frozen=True)
class Person:
    key: str
    sex: str  # "1" male, "2" female (for the name)
    ethnicity: str  # for the name (``names.pick_name``)
    age: int  # on the reference day
    aliases: tuple[str, ...]
    description: str


PERSONS = [
    Person(
        "controller",
        "1",
        "WBRI",
        31,
        ("Blaze", "Big B"),
        "White male, about 6 ft, heavy build, shaved head, scar through the left eyebrow. Drives hire cars; "
        "lives in Brackenmoor. Believed to run the Blaze line.",
    ),
    Person(
        "runner",
        "1",
        "MWBC",
        20,
        ("Tee", "T-Man"),
        "Mixed-heritage male, slim, about 5 ft 10, often in a black puffer jacket and a cross-body bag. "
        "Collects children from the bus station and takes them to Kestrel House.",
    ),
    Person(
        "dex-runner",
        "1",
        "BAFR",
        24,
        ("Dex", "D"),
        "Black male, about 6 ft 2, athletic build, short twists. Linked to the Dex line, moving between "
        "Brackenmoor and Wenmoor by coach.",
    ),
    Person(
        "boyfriend",
        "1",
        "WOTH",
        23,
        ("Kris", "Kaz"),
        "White male, about 5 ft 9, dark hair in a ponytail, tattoo of a rose on the right hand. Presents "
        "as a 'boyfriend' to girls of 14 and 15; books rooms at the Ringway Lodge Hotel.",
    ),
    Person(
        "tenant",
        "2",
        "WBRI",
        44,
        (),
        "The tenant of Flat 14, Kestrel House; vulnerable adult with a drug dependency, believed to be "
        "cuckooed. A victim as much as a person of concern.",
    ),
    Person(
        "takeaway-worker",
        "1",
        "APKN",
        27,
        ("Jay",),
        "Works nights at the Golden Grill; gives children food and phone credit and passes on messages.",
    ),
]


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    group_type: str
    line_name: str
    aliases: tuple[str, ...]
    description: str


GROUPS = [
    Group(
        "ocg",
        "Tannery Street organised crime group",
        GroupType.ORGANISED_CRIME_GROUP,
        "",
        ("Tannery Street firm",),
        "Brackenmoor-based group supplying class A drugs into Wenmoor through two county lines; "
        "uses violence and debt bondage to hold young runners.",
    ),
    Group(
        "blaze",
        "Blaze line",
        GroupType.COUNTY_LINE,
        "Blaze",
        ("the Blaze line",),
        "County line from Brackenmoor into Wenmoor: heroin and crack cocaine, bulk texts most mornings. "
        "Runs from Flat 14, Kestrel House.",
    ),
    Group(
        "dex",
        "Dex line",
        GroupType.COUNTY_LINE,
        "Dex",
        ("the Dex line",),
        "County line from Brackenmoor into Wenmoor; children travel by coach from the bus station.",
    ),
]

# The lines' deal phones and the persons' own: (key, number, what it is)
PHONES = [
    ("blaze-phone", "07700 900417", "The Blaze line's deal phone."),
    ("dex-phone", "07700 900562", "The Dex line's deal phone."),
    ("controller-phone", "07700 900238", "A personal phone of the man known as Blaze."),
]

# The network among them: (from, kind, to, days before the reference day first seen, grading)
# Grades are 3x5x2 (source, intelligence, handling); handling C carries the conditions below.
NETWORK: list[tuple[str, str, str, int, tuple[str, str, str]]] = [
    ("ocg", LinkKind.CONTROLS, "blaze", 340, ("1", "B", "P")),
    ("ocg", LinkKind.CONTROLS, "dex", 290, ("2", "B", "P")),
    ("controller", LinkKind.MEMBER_OF, "ocg", 360, ("1", "B", "C")),
    ("controller", LinkKind.CONTROLS, "blaze", 330, ("1", "B", "C")),
    ("controller", LinkKind.USES_PHONE, "controller-phone", 300, ("1", "A", "P")),
    ("blaze", LinkKind.USES_PHONE, "blaze-phone", 320, ("1", "A", "P")),
    ("dex", LinkKind.USES_PHONE, "dex-phone", 280, ("2", "B", "P")),
    ("runner", LinkKind.MEMBER_OF, "blaze", 250, ("2", "B", "P")),
    ("runner", LinkKind.USES_PHONE, "blaze-phone", 240, ("2", "C", "P")),
    ("runner", LinkKind.SEEN_AT, "station", 120, ("1", "A", "P")),
    ("runner", LinkKind.SEEN_AT, "trap-house", 110, ("1", "A", "P")),
    ("dex-runner", LinkKind.MEMBER_OF, "dex", 270, ("2", "B", "P")),
    ("dex-runner", LinkKind.CONTROLS, "dex", 260, ("2", "C", "P")),
    ("dex-runner", LinkKind.SEEN_AT, "station", 90, ("1", "A", "P")),
    ("blaze", LinkKind.CONTROLS, "trap-house", 200, ("1", "B", "P")),
    ("tenant", LinkKind.LIVES_AT, "trap-house", 350, ("1", "A", "P")),
    ("controller", LinkKind.SEEN_AT, "trap-house", 150, ("2", "C", "P")),
    ("boyfriend", LinkKind.SEEN_AT, "hotel", 160, ("1", "A", "P")),
    ("boyfriend", LinkKind.ASSOCIATES_WITH, "runner", 140, ("3", "C", "C")),
    ("takeaway-worker", LinkKind.WORKS_AT, "takeaway", 300, ("1", "A", "P")),
    ("takeaway-worker", LinkKind.ASSOCIATES_WITH, "runner", 180, ("2", "C", "P")),
]
CONDITIONS = (
    "Source protection: share within the police and the hub only. Before it leaves them (a panel, a "
    "partner), ask the Vale Valley Police intelligence unit, who will give a sanitised version."
)

# How much of the year's records the analyst has linked: each place's links from the missing episodes
# (every one in the last 30 days whose interview is held, and at most this many earlier); the persons
# named in return interviews and the places in screenings, at most this many each.
EARLIER_EPISODES = 8
INTERVIEW_LINKS = 6
SCREENING_LINKS = 4
RECENT_DAYS = 30

# Who the return interviews heard about: the words of the interview's "who they were with" (lower case)
# that mean each person, at each place where they were found.
INTERVIEW_PERSONS = {
    "boyfriend": ("hotel", ("boyfriend", "adult male")),
    "runner": ("trap-house", ("older", "man he met", "adult male")),
    "takeaway-worker": ("takeaway", ("older", "adult male", "man he met")),
    "dex-runner": ("station", ("older", "man he met")),
}

PEER_GROUP_NAME = "Wenmoor bus station peer group"
PEER_GROUP_SIZE = 5
PEER_GROUP_DESCRIPTION = (
    "Young people from different schools who go missing together and are found at Wenmoor bus station, "
    "some of them on the same day; older males from the Dex line meet them off the coach. Raised for a "
    "peer-group assessment."
)
