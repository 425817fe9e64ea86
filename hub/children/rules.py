"""The rules about children, stated once for the single-row services and their bulk forms
(``past_services``): matching scores for search and duplicate checks, and the checks of a legal status
and of a looked-after episode's SSDA903 codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.children.models import CareEpisode, LegalStatus
from hub.children.names import first_name_similarity, normalise, similarity, sound_key
from hub.core import dates, late
from hub.core.errors import RuleRefused

STATUS_STARTED = "the date the legal status started"


def legal_status_add_check(
    *, status: str, start: date, born: date | None, placing: Any, host: Any, late_entry_reason: str
) -> str:
    """A legal status: a placing or host authority only for a looked-after child, a start that could
    have happened, and the reason it is late when it started long before it is recorded (returned
    stripped). Judged as of now (``clock.history`` for a past record)."""
    if status not in LegalStatus.values:
        raise RuleRefused("Choose the legal status.")
    if status != LegalStatus.LOOKED_AFTER and (placing or host):
        raise RuleRefused("Only a looked-after child has a placing or host authority.")
    dates.happened(start, field="start", what=STATUS_STARTED, born=born)
    return late.asked(start, late_entry_reason, what=STATUS_STARTED)


CARE_CODE_FIELDS = frozenset(
    field.name for field in CareEpisode._meta.concrete_fields if field.name not in {"id", "period"}
)


def care_codes_set_check(*, status: str, codes: dict[str, str]) -> None:
    """SSDA903 episode codes belong to a looked-after period, and are only the episode's own fields."""
    if status != LegalStatus.LOOKED_AFTER:
        raise RuleRefused("Only a looked-after period has SSDA903 episode codes.")
    unknown = set(codes) - CARE_CODE_FIELDS
    if unknown:
        raise TypeError(f"care_codes_set does not take {', '.join(sorted(unknown))}")


@dataclass(frozen=True)
class MatchScore:
    score: float
    reasons: tuple[str, ...]


def match_score(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    candidate_first: str,
    candidate_last: str,
    candidate_dob: date | None,
) -> MatchScore:
    """0..1: how much a candidate looks like the person described. Names weigh most; a date of
    birth that agrees lifts the score, one that disagrees by more than a year lowers it."""
    first = first_name_similarity(first_name, candidate_first) if first_name else 0.5
    last = similarity(last_name, candidate_last) if last_name else 0.5
    score = 0.45 * last + 0.35 * first
    reasons = []
    # The reasons are shown to the person searching, so they say exactly what agreed.
    if last_name and normalise(last_name) == normalise(candidate_last):
        reasons.append("same last name")
    elif last >= 0.9 or (last_name and sound_key(last_name) == sound_key(candidate_last)):
        reasons.append("last name sounds the same")
    if first_name and normalise(first_name) == normalise(candidate_first):
        reasons.append("same first name")
    elif first >= 0.9:
        reasons.append("first name or nickname matches")
    if date_of_birth and candidate_dob:
        gap = abs((date_of_birth - candidate_dob).days)
        if gap == 0:
            score += 0.2
            reasons.append("same date of birth")
        elif gap <= 366:
            score += 0.1
            reasons.append("date of birth within a year")
        else:
            score -= 0.2
    else:
        score += 0.1
    if first >= 0.9 and date_of_birth and candidate_dob and date_of_birth == candidate_dob and last < 0.9:
        # A changed surname (adoption, a parent's new name, an alias): worth a look, not a certain match.
        score = max(score, 0.65)
        reasons.append("surname differs")
    return MatchScore(max(0.0, min(1.0, score)), tuple(reasons))


DUPLICATE_THRESHOLD = 0.85
SEARCH_THRESHOLD = 0.6
