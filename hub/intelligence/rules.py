"""Pure rules of intelligence (no database): the two grading systems, what each grade means, what a
handling code allows, and the key that finds a second record of the same phone or vehicle.

Grading (College of Policing, Authorised Professional Practice on intelligence management):

- 3x5x2, used today: the source (1 reliable, 2 untested, 3 not reliable), the intelligence (A known
  directly, B known indirectly but corroborated, C known indirectly, D not known, E suspected to be
  false) and its handling (P lawful sharing permitted; C lawful sharing permitted with conditions, which
  are recorded with it).
- 5x5x5, on older records: the source (A always reliable to E untested), the intelligence (1 known to
  be true without reservation to 5 suspected to be false) and a handling code of 1 to 5 saying how far
  it may travel (1 to other law enforcement and prosecuting agencies; 2 to UK non-prosecuting parties;
  3 to non-UK law enforcement; 4 within the originating agency only; 5 no further: refer to the
  originator)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Sharing(Enum):
    """What a link's handling allows outside the agency that graded it."""

    PERMITTED = "permitted"  # 3x5x2 P; 5x5x5 1 and 2 (within the UK, to the partnership)
    WITH_CONDITIONS = "with_conditions"  # 3x5x2 C: only as its recorded conditions allow
    ORIGINATOR_ONLY = "originator_only"  # 5x5x5 3 to 5: not to the partnership without the originator


@dataclass(frozen=True)
class GradingScale:
    source: dict[str, str]
    intelligence: dict[str, str]
    handling: dict[str, str]


SCALES: dict[str, GradingScale] = {
    "3x5x2": GradingScale(
        source={"1": "reliable", "2": "untested", "3": "not reliable"},
        intelligence={
            "A": "known directly",
            "B": "known indirectly but corroborated",
            "C": "known indirectly",
            "D": "not known",
            "E": "suspected to be false",
        },
        handling={"P": "lawful sharing permitted", "C": "lawful sharing permitted with conditions"},
    ),
    "5x5x5": GradingScale(
        source={
            "A": "always reliable",
            "B": "mostly reliable",
            "C": "sometimes reliable",
            "D": "unreliable",
            "E": "untested source",
        },
        intelligence={
            "1": "known to be true without reservation",
            "2": "known personally to the source but not to the officer",
            "3": "not personally known to the source but corroborated",
            "4": "cannot be judged",
            "5": "suspected to be false",
        },
        handling={
            "1": "may be disseminated to other law enforcement and prosecuting agencies",
            "2": "may be disseminated to UK non-prosecuting parties",
            "3": "may be disseminated to non-UK law enforcement agencies",
            "4": "may be disseminated within the originating agency only",
            "5": "no further dissemination: refer to the originator",
        },
    ),
}


class GradingError(ValueError):
    """A grade that is not on its scale; ``field`` names which part."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_grading(system: str, source: str, intelligence: str, handling: str, conditions: str) -> None:
    """Refuse a grading that is not on its scale, or handling with conditions and none recorded."""
    scale = SCALES.get(system)
    if scale is None:
        raise GradingError("Choose the grading system: 3x5x2, or 5x5x5 for an older record.", field="grading")
    for part, value, options in (
        ("source_grade", source, scale.source),
        ("intelligence_grade", intelligence, scale.intelligence),
        ("handling_code", handling, scale.handling),
    ):
        if value not in options:
            words = part.replace("_", " ").replace("grade", "grading")
            raise GradingError(f"Choose the {words} on the {system} scale: {', '.join(options)}.", field=part)
    if system == "3x5x2" and handling == "C" and not conditions.strip():
        raise GradingError(
            "Handling code C means sharing is permitted with conditions: record the conditions.",
            field="handling_conditions",
        )


def sharing(system: str, handling: str) -> Sharing:
    """What a link's handling code allows beyond the agency that graded it."""
    if system == "3x5x2":
        return Sharing.PERMITTED if handling == "P" else Sharing.WITH_CONDITIONS
    return Sharing.PERMITTED if handling in {"1", "2"} else Sharing.ORIGINATOR_ONLY


def described(system: str, source: str, intelligence: str, handling: str) -> str:
    """The grading in words, for a reader who does not carry the scales in their head."""
    scale = SCALES[system]
    return (
        f"Source {source} ({scale.source[source]}), intelligence {intelligence} "
        f"({scale.intelligence[intelligence]}), handling {handling} ({scale.handling[handling]})"
    )


_NOT_DIGITS = re.compile(r"\D")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def identifier_key(kind: str, value: str) -> str:
    """The key that finds a second record of one phone or vehicle: a UK phone number in its national
    form (``+44 7700 900123`` and ``07700900123`` are one number), a registration without spaces in
    capitals. Other kinds have none."""
    if kind == "phone":
        digits = _NOT_DIGITS.sub("", value)
        if digits.startswith("0044"):
            digits = "0" + digits[4:]
        elif digits.startswith("44") and value.strip().startswith("+"):
            digits = "0" + digits[2:]
        return digits[:40]
    if kind == "vehicle":
        return _NOT_ALNUM.sub("", value.upper())[:40]
    return ""


# What each kind of link may join: (the kinds of entity at its start, the kinds at its end). A link is
# read from start to end: "Jay Smith uses phone 07700 900123", "Child A found at Station Hotel".
_PEOPLE = frozenset({"person", "child"})
_PLACES = frozenset({"location", "organisation"})
LINK_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "associates_with": (_PEOPLE | {"group"}, _PEOPLE | {"group"}),
    "member_of": (_PEOPLE, frozenset({"group"})),
    "controls": (_PEOPLE | {"group"}, _PEOPLE | {"group", "location", "phone", "vehicle"}),
    "seen_at": (_PEOPLE | {"vehicle", "group"}, _PLACES),
    "lives_at": (_PEOPLE, frozenset({"location"})),
    "found_at": (frozenset({"child"}), _PLACES),
    "uses_phone": (_PEOPLE | {"group"}, frozenset({"phone"})),
    "drives": (_PEOPLE, frozenset({"vehicle"})),
    "works_at": (_PEOPLE, _PLACES),
    "placed_at": (frozenset({"child"}), _PLACES),
    "attends": (frozenset({"child"}), _PLACES),
}

# The kinds of link in which a child at the start is cast as exploiting the entity at the end.
EXPLOITING_KINDS = frozenset({"controls"})


def link_ends_refusal(kind: str, start: str, end: str) -> str | None:
    """Why a link of ``kind`` cannot join an entity of kind ``start`` to one of kind ``end`` (None when it
    can), in words that say what to do."""
    if kind not in LINK_ENDS:
        return "Choose how they are linked."
    starts, ends = LINK_ENDS[kind]
    words = kind.replace("_", " ")
    if start not in starts:
        return (
            f"A link '{words}' starts from {_listed(starts)}: choose another kind of link, or swap the two."
        )
    if end not in ends:
        return f"A link '{words}' leads to {_listed(ends)}: choose another kind of link, or swap the two."
    return None


def casts_child_as_exploiter(kind: str, start: str) -> bool:
    """Whether a link casts the child at its start as exploiting others (shown only to the roles that
    need it, and said so beside it)."""
    return start == "child" and kind in EXPLOITING_KINDS


_WORDS = {
    "person": "a person",
    "child": "a child",
    "group": "a group",
    "location": "a place",
    "organisation": "an organisation",
    "phone": "a phone number",
    "vehicle": "a vehicle",
}


def _listed(kinds: frozenset[str]) -> str:
    words = [_WORDS[kind] for kind in sorted(kinds)]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
