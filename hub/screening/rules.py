"""The screening tool's suggestion, and the hub review clock. Pure: no database."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from hub.core.calendar import working_day_deadline


@dataclass(frozen=True)
class AnsweredIndicator:
    question: str
    weight: int
    answer: str  # "yes", "no" or "not_known"


@dataclass(frozen=True)
class LevelBand:
    code: str
    name: str
    rank: int
    min_score: int


@dataclass(frozen=True)
class Suggestion:
    level_code: str
    score: int
    reasons: tuple[str, ...]


SAFEGUARD_AGE = 13


def suggest_level(
    *,
    answers: Sequence[AnsweredIndicator],
    levels: Sequence[LevelBand],
    age: int | None,
    learning_disability: bool,
) -> Suggestion:
    """The level the answers suggest, and why. The score is the sum of the weights answered yes;
    the level is the most severe whose threshold the score reaches. A child under 13, or with a
    learning disability, with any indicator answered yes is never suggested the lowest level
    (the published safeguard of several local tools)."""
    if not levels:
        raise ValueError("No levels of concern are set up: an administrator must add them.")
    ordered = sorted(levels, key=lambda level: level.rank)
    yes = [answer for answer in answers if answer.answer == "yes"]
    unknown = [answer for answer in answers if answer.answer == "not_known"]
    score = sum(answer.weight for answer in yes)
    chosen = ordered[0]
    for level in ordered:
        if score >= level.min_score:
            chosen = level
    reasons = [f"Score {score} from {len(yes)} indicator{'s' if len(yes) != 1 else ''} answered yes."]
    reasons += [
        f"Yes: {answer.question} (weight {answer.weight})" for answer in sorted(yes, key=lambda a: -a.weight)
    ]
    if yes and chosen.rank == ordered[0].rank and len(ordered) > 1:
        protected = []
        if age is not None and age < SAFEGUARD_AGE:
            protected.append(f"the child is under {SAFEGUARD_AGE}")
        if learning_disability:
            protected.append("the child has a learning disability")
        if protected:
            chosen = ordered[1]
            reasons.append(
                f"Raised to {chosen.name} because {' and '.join(protected)} and an indicator is present."
            )
    if unknown:
        reasons.append(
            f"{len(unknown)} indicator{'s are' if len(unknown) != 1 else ' is'} not known: "
            "check them with other agencies."
        )
    return Suggestion(chosen.code, score, tuple(reasons))


def age_on(date_of_birth: date | None, day: date) -> int | None:
    if date_of_birth is None:
        return None
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def review_due(submitted_at: datetime, working_days: int, bank_holidays: Collection[date]) -> datetime:
    """The hub reviews a screening by the end of the next working day (the reference clock)."""
    return working_day_deadline(submitted_at, working_days, bank_holidays)


def queue_sort_key(
    *, immediate_risk: bool, overdue: bool, suggested_rank: int, submitted_at: datetime
) -> tuple[bool, bool, int, datetime]:
    """Immediate risk first, then overdue, then the most serious suggestion, then the oldest."""
    return (not immediate_risk, not overdue, -suggested_rank, submitted_at)
