"""Pure rules about plans (no database): the review clock and the comparison of two versions."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hub.core.calendar import add_working_days

# domain.md: "Plan review: at most every 12 weeks" (the reference clock "plan-review" may change it).
PLAN_REVIEW_DAYS = 84


def review_limit(
    agreed_on: date,
    *,
    amount: int = PLAN_REVIEW_DAYS,
    unit: str = "days",
    bank_holidays: Collection[date] = (),
) -> date:
    """The latest review date for a version agreed on ``agreed_on``, by the plan-review clock."""
    if unit == "working_days":
        return add_working_days(agreed_on, amount, bank_holidays)
    if unit == "hours":
        return agreed_on + timedelta(days=max(1, amount // 24))
    return agreed_on + timedelta(days=max(1, amount))


def clock_text(*, amount: int = PLAN_REVIEW_DAYS, unit: str = "days") -> str:
    """'12 weeks', '60 days', '40 working days': how the limit is named in messages."""
    if unit == "days" and amount % 7 == 0:
        weeks = amount // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    if unit == "working_days":
        return f"{amount} working day{'s' if amount != 1 else ''}"
    days = max(1, amount // 24) if unit == "hours" else amount
    return f"{days} day{'s' if days != 1 else ''}"


@dataclass(frozen=True)
class Factor:
    """What the comparison needs of a factor: its thread (the same factor across versions) and content."""

    thread: UUID
    kind: str
    text: str
    rating: str = ""
    category: str = ""


ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FactorChange:
    status: str
    before: Factor | None
    after: Factor | None

    @property
    def kind(self) -> str:
        return (self.after or self.before).kind  # type: ignore[union-attr]

    @property
    def changed_parts(self) -> list[str]:
        """For a changed factor: which of its text, rating and category changed."""
        if self.before is None or self.after is None:
            return []
        return [
            part
            for part in ("text", "rating", "category")
            if getattr(self.before, part) != getattr(self.after, part)
        ]


def compare_factors(before: Iterable[Factor], after: Iterable[Factor]) -> list[FactorChange]:
    """Each factor of either version once: added (only after), removed (only before), changed or
    unchanged (in both, by thread). In the order of ``after``, then the removed ones in their order."""
    earlier = {factor.thread: factor for factor in before}
    later = list(after)
    changes = []
    seen = set()
    for factor in later:
        previous = earlier.get(factor.thread)
        seen.add(factor.thread)
        if previous is None:
            changes.append(FactorChange(ADDED, None, factor))
        elif (previous.kind, previous.text, previous.rating, previous.category) != (
            factor.kind,
            factor.text,
            factor.rating,
            factor.category,
        ):
            changes.append(FactorChange(CHANGED, previous, factor))
        else:
            changes.append(FactorChange(UNCHANGED, previous, factor))
    changes.extend(
        FactorChange(REMOVED, factor, None) for thread, factor in earlier.items() if thread not in seen
    )
    return changes


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: Any
    after: Any


def compare_fields(
    before: dict[str, Any], after: dict[str, Any], labels: Sequence[tuple[str, str]]
) -> list[FieldChange]:
    """The named fields whose values differ between two versions, in the order of ``labels``."""
    return [
        FieldChange(label, before.get(name), after.get(name))
        for name, label in labels
        if before.get(name) != after.get(name)
    ]
