"""Pure calculations about missing episodes: the 72-hour clocks, the repeat-missing trigger, and the
per-child summary (durations, months, the Ofsted Annex A list 8 figures). No database."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

RFMI_HOURS = 72


def rfmi_due(notified_at: datetime, hours: int = RFMI_HOURS) -> datetime:
    """Both the first response and the interview are due 72 hours (by default) after the hub is
    notified of the return: real elapsed hours, so a clock change does not move the deadline.
    (Python adds a timedelta to the wall-clock time of a zoned datetime, so the sum is done in UTC.)"""
    return (notified_at.astimezone(UTC) + timedelta(hours=hours)).astimezone(notified_at.tzinfo)


def on_time(done_at: datetime | None, due_at: datetime) -> bool:
    return done_at is not None and done_at <= due_at


@dataclass(frozen=True)
class Trigger:
    episodes: int
    window_start: datetime


def in_window(starts: Sequence[datetime], *, latest: datetime, days: int) -> Trigger:
    """How many episodes started in the ``days`` days up to ``latest`` (counting it)."""
    # In real time (UTC), as ``rfmi_due`` counts: a zoned datetime minus a timedelta is wall-clock
    # arithmetic, an hour out across a clock change.
    window_start = latest.astimezone(UTC) - timedelta(days=days)
    count = sum(1 for start in set(starts) | {latest} if window_start < start <= latest)
    return Trigger(count, window_start)


def repeat_missing(
    starts: Sequence[datetime], *, latest: datetime, episodes: int, days: int
) -> Trigger | None:
    """Whether the episode starting at ``latest`` brings the child to ``episodes`` episodes within
    ``days`` days (counting it and the ones before it). The order of entry does not matter."""
    trigger = in_window(starts, latest=latest, days=days)
    return trigger if trigger.episodes >= episodes else None


def window_closes(latest: datetime, days: int) -> datetime:
    """When an alert raised by the episode starting at ``latest`` stops gathering later episodes: ``days``
    days on (in real time, as ``in_window`` counts). An alert entered after this (from past records)
    is historic: the moment it could have been acted on had passed."""
    return (latest.astimezone(UTC) + timedelta(days=days)).astimezone(latest.tzinfo)


@dataclass(frozen=True)
class EpisodeSpan:
    start: datetime
    end: datetime | None
    dfe_code: str = ""


@dataclass(frozen=True)
class MissingSummary:
    episodes: int
    open_episodes: int
    total_hours: float
    median_hours: float | None
    by_month: dict[str, int]
    missing_count: int  # DfE code M
    absent_count: int  # DfE code A

    @property
    def not_looked_after_count(self) -> int:
        """Episodes with no DfE code: the child was not looked after then, so Annex A list 8 (children
        in care) does not count them."""
        return self.episodes - self.missing_count - self.absent_count


def summarise(spans: Sequence[EpisodeSpan], *, now: datetime, months: int = 12) -> MissingSummary:
    """Episodes that started in the last ``months`` months (a month taken as 365/12 days)."""
    since = now - timedelta(days=365 * months / 12)
    recent = [span for span in spans if since <= span.start <= now]
    hours = [((span.end or now) - span.start).total_seconds() / 3600 for span in recent]
    by_month: dict[str, int] = {}
    for span in sorted(recent, key=lambda s: s.start):
        key = span.start.strftime("%Y-%m")
        by_month[key] = by_month.get(key, 0) + 1
    return MissingSummary(
        episodes=len(recent),
        open_episodes=sum(1 for span in recent if span.end is None),
        total_hours=round(sum(hours), 1),
        median_hours=round(statistics.median(hours), 1) if hours else None,
        by_month=by_month,
        missing_count=sum(1 for span in recent if span.dfe_code == "M"),
        absent_count=sum(1 for span in recent if span.dfe_code == "A"),
    )
