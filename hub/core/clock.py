"""The Hub's one clock: every rule, service and page asks here for "now" and "today".

Tests set the clock with ``time-machine``. The demo, benchmarks and imports of past records build the
past through :func:`history`, which runs the enclosed writes as of a moment of their choosing; nothing a
page or the API can reach sets it (import-linter keeps it to those callers). The access log and the
session clocks keep real time (``django.utils.timezone.now``): they record when things were done to the
system, not when the events they describe happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

# The dates the Hub accepts from anyone, on every path (pages, API, imports): back far enough for an
# adult's date of birth, ahead far enough for any review. Outside it a date is a slip of the keyboard,
# and arithmetic on it (a 72-hour clock from 31 December 9999, a time zone on 1 January 1) overflows.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


@dataclass(frozen=True)
class _History:
    at: datetime  # the moment the enclosed writes happen as of
    entered_at: datetime  # the moment they are entered: the clock outside this history()
    reason: str  # why past records are entered now (an import's reason), for their change history
    by: Any  # who enters them, for their change history


_history: ContextVar[_History | None] = ContextVar("hub_history_clock", default=None)


def now() -> datetime:
    """The current moment (aware, UTC), or the moment a history load is writing as of."""
    current = _history.get()
    return current.at if current is not None else timezone.now()


def today() -> date:
    """Today's date in the Hub's time zone (Europe/London)."""
    return timezone.localdate(now())


def accepts(day: date) -> bool:
    """Whether ``day`` (or a datetime's date) lies in the range of dates the Hub accepts."""
    if isinstance(day, datetime):
        day = day.date()
    return EARLIEST_DATE <= day <= LATEST_DATE


def in_history() -> bool:
    """True while past records are being written (the demo, a benchmark, a history import)."""
    return _history.get() is not None


def entered_at() -> datetime:
    """When the record is being entered: outside a history, now; inside one, the clock outside it (the real
    now for an import, the demo's reference moment for the demo's past). A rule that depends on when a
    record reached the Hub (an alert whose window had closed by then) asks here."""
    current = _history.get()
    return current.entered_at if current is not None else timezone.now()


def history_reason() -> str:
    """Why the past records being written are entered now ("" outside a history, or when none was given)."""
    current = _history.get()
    return current.reason if current is not None else ""


def history_by() -> Any:
    """Who enters the past records being written (None outside a history, or when not named)."""
    current = _history.get()
    return current.by if current is not None else None


@contextmanager
def history(at: datetime, *, reason: str = "", by: Any = None) -> Iterator[None]:
    """Write as of ``at``: services stamp ``at`` where they would stamp now, and judge what is possible
    as of ``at``. Nest it to move through the past. ``reason`` and ``by`` (why these past records are
    entered now, and who enters them) go into the change history of every record written inside; an
    inner history keeps the outer one's unless it names its own."""
    if timezone.is_naive(at):
        raise ValueError("history() needs an aware datetime")
    outer = _history.get()
    token = _history.set(
        _History(
            at=at,
            entered_at=now(),
            reason=reason or (outer.reason if outer else ""),
            by=by if by is not None else (outer.by if outer else None),
        )
    )
    try:
        yield
    finally:
        _history.reset(token)
