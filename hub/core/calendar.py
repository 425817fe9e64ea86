"""Working days in England and Wales: weekends and bank holidays are not working days.

Pure functions take the set of holidays; ``holidays()`` reads it from the database once per call site.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hub.core.models import BankHoliday

LONDON = ZoneInfo("Europe/London")


def holidays() -> frozenset[date]:
    return frozenset(BankHoliday.objects.values_list("date", flat=True))


def is_working_day(day: date, bank_holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays


def add_working_days(day: date, count: int, bank_holidays: Collection[date]) -> date:
    """The date ``count`` working days after ``day`` (``day`` itself never counts)."""
    if count < 0:
        raise ValueError("count must not be negative")
    current = day
    remaining = count
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, bank_holidays):
            remaining -= 1
    return current


def working_day_deadline(start: datetime, count: int, bank_holidays: Collection[date]) -> datetime:
    """End of the working day ``count`` working days after ``start``, in UK local time.

    "By the next working day" for something received on Friday evening is the end of Monday
    (or Tuesday after a bank holiday Monday).
    """
    local_day = start.astimezone(LONDON).date()
    due_day = add_working_days(local_day, count, bank_holidays)
    return datetime.combine(due_day, datetime.max.time().replace(microsecond=0), tzinfo=LONDON)
