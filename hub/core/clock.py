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
from datetime import date, datetime

from django.utils import timezone

# The dates the Hub accepts from anyone, on every path (pages, API, imports): back far enough for an
# adult's date of birth, ahead far enough for any review. Outside it a date is a slip of the keyboard,
# and arithmetic on it (a 72-hour clock from 31 December 9999, a time zone on 1 January 1) overflows.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

_history: ContextVar[datetime | None] = ContextVar("hub_history_clock", default=None)


def now() -> datetime:
    """The current moment (aware, UTC), or the moment a history load is writing as of."""
    at = _history.get()
    return at if at is not None else timezone.now()


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


@contextmanager
def history(at: datetime) -> Iterator[None]:
    """Write as of ``at``: services stamp ``at`` where they would stamp now, and judge what is possible
    as of ``at``. Nest it to move through the past."""
    if timezone.is_naive(at):
        raise ValueError("history() needs an aware datetime")
    token = _history.set(at)
    try:
        yield
    finally:
        _history.reset(token)
