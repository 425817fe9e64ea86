"""The strategy's outcome measures and the live problem profile (domain.md), as figures over a period for
the areas a reader's agency serves: the partnership lead's home page shows the last 12 months
(``hub.accounts.home.outcome_measures_panel``, which knows which areas those are).

Each capability registers the figures it owns (screening its screenings, missing its episodes and return
interviews, panels the children discussed, plans its coverage) from its ``AppConfig.ready()`` into the
``FIGURES`` registry, so the core never imports a feature app. Figures are counts only: a reader who
does not work cases sees them through small-number suppression (``hub/core/suppression.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from hub.core.registry import Anchors, Registry
from hub.core.suppression import suppressed, suppressed_percent


@dataclass(frozen=True)
class Period:
    """From the start of ``first`` to the end of ``last`` (UK days), in the authorities named."""

    authority_ids: tuple[int, ...]
    first: date
    last: date

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after the period (exclusive)."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))


@dataclass(frozen=True)
class Figure:
    """A count, or (with ``of``) a count as a percentage of a whole."""

    label: str
    count: int
    of: int | None = None

    def text(self, user: Any) -> str:
        if self.of is None:
            return suppressed(self.count, user=user)
        return suppressed_percent(self.count, self.of, user=user)


FigureBuilder = Callable[[Period], list[Figure]]
FIGURES: Registry[FigureBuilder] = Registry("outcome measures")


def register_figures(key: str, builder: FigureBuilder, *, after: Anchors = (), before: Anchors = ()) -> None:
    """Add a capability's figures, placed by name among the others'."""
    FIGURES.add(key, builder, after=after, before=before)


def figures(period: Period) -> list[Figure]:
    return [figure for builder in FIGURES for figure in builder(period)]


def year_to(today: date) -> tuple[date, date]:
    """The year ending ``today``: from the day after the same date a year before."""
    try:
        year_before = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_before = date(today.year - 1, 2, 28)
    return year_before + timedelta(days=1), today
