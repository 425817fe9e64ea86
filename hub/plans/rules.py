"""Pure rules about plans (no database): the review clock, a version's factors and dates (shared by the
services and their bulk form, ``past_services``), and the comparison of two versions."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol
from uuid import UUID

from hub.core.calendar import add_working_days
from hub.core.errors import RuleRefused
from hub.plans.models import RISK_KINDS, ContextCategory, FactorKind, RiskRating

FACTOR_TEXT_LIMIT = 2000

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


class FactorLike(Protocol):
    """A factor as a person (or a past record) gives it (``services.FactorInput``)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def rating(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def thread(self) -> UUID | None: ...


def factors_check(factors: Sequence[FactorLike], *, for_child: bool) -> None:
    """A version's factors: at least one risk; each of a known kind, described, a risk rated, a
    protective factor not, a contextual risk placed (peers, places...) and nothing else."""
    if not any(factor.kind in RISK_KINDS for factor in factors):
        raise RuleRefused(
            "Add at least one risk factor: what puts the child at risk, or what in this context does."
            if for_child
            else "Add at least one risk factor for this context."
        )
    for number, factor in enumerate(factors, start=1):
        name = f"Factor {number}"
        if factor.kind not in FactorKind.values:
            raise RuleRefused(
                f"{name}: say whether it is an individual risk, a contextual risk or a protective factor."
            )
        if not factor.text.strip():
            raise RuleRefused(f"{name}: describe the factor.")
        if len(factor.text) > FACTOR_TEXT_LIMIT:
            raise RuleRefused(f"{name}: keep it under {FACTOR_TEXT_LIMIT} characters.")
        if factor.kind in RISK_KINDS and factor.rating not in RiskRating.values:
            raise RuleRefused(f"{name}: say how serious the risk is (low, medium or high).")
        if factor.kind == FactorKind.PROTECTIVE and factor.rating:
            raise RuleRefused(f"{name}: protective factors are not rated.")
        if factor.kind == FactorKind.CONTEXTUAL_RISK and factor.category not in ContextCategory.values:
            raise RuleRefused(
                f"{name}: choose where the contextual risk is (peers, places, school, online...)."
            )
        if factor.kind != FactorKind.CONTEXTUAL_RISK and factor.category:
            raise RuleRefused(f"{name}: only contextual risks have a category.")


def version_dates_check(
    *,
    today: date,
    agreed_on: date,
    review_date: date,
    limit: date,
    clock_text: str,
    previous: tuple[int, date] | None,
) -> None:
    """A version's dates as of ``today``: agreed not in the future nor before the last version
    (``previous``: its number and date agreed), reviewed after it was agreed, not in the past, and by
    the review clock's ``limit``."""
    if agreed_on > today:
        raise RuleRefused("The date agreed cannot be in the future.")
    if previous is not None and agreed_on < previous[1]:
        raise RuleRefused(
            f"The date agreed cannot be before version {previous[0]} was agreed ({previous[1]:%-d %B %Y})."
        )
    if review_date <= agreed_on:
        raise RuleRefused("The review date must be after the date the plan was agreed.")
    if review_date < today:
        raise RuleRefused("The review date cannot be in the past.")
    if review_date > limit:
        raise RuleRefused(
            f"The review date must be no later than {limit:%-d %B %Y}: plans are reviewed at least every "
            f"{clock_text}."
        )


def factor_threads(
    factors: Sequence[FactorLike],
    earlier: Mapping[UUID, str],
    new: Callable[[FactorLike], UUID] = lambda factor: uuid.uuid4(),
) -> list[UUID]:
    """Each factor's thread: it continues a factor of the last version (``earlier``: thread to kind) of
    the same kind, once; anything else is a new factor, with a new thread (``new``: a fresh one, or the
    past record's own for a factor it names for the first time)."""
    used: set[UUID] = set()
    threads = []
    for factor in factors:
        thread = factor.thread
        if thread is None or earlier.get(thread) != factor.kind or thread in used:
            thread = new(factor)
            if thread in used or thread in earlier:
                thread = uuid.uuid4()
        used.add(thread)
        threads.append(thread)
    return threads
