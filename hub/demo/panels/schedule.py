"""When each panel meets in the demo's year and the weeks up to the load: weekly, fortnightly, monthly on
the nth weekday, quarterly. A meeting that would fall on a bank holiday is held on the working day before."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

from hub.core.calendar import LONDON, is_working_day
from hub.demo.panels.figures import MARMM_TIME, MEP_TIME, MONTHLY, QUARTERLY


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def working(day: date, bank_holidays: Collection[date]) -> date:
    while not is_working_day(day, bank_holidays):
        day -= timedelta(days=1)
    return day


def next_weekday(day: date, weekday: int, *, strictly: bool) -> date:
    ahead = (weekday - day.weekday()) % 7
    if strictly and ahead == 0:
        ahead = 7
    return day + timedelta(days=ahead)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return next_weekday(first, weekday, strictly=False) + timedelta(days=7 * (nth - 1))


def months(first_day: date, last: date) -> list[tuple[int, int]]:
    found = []
    year, month = first_day.year, first_day.month
    while (year, month) <= (last.year, last.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def marmm_dates(first_day: date, today: date, bank_holidays: Collection[date]) -> list[datetime]:
    """Every Thursday from the start of the year to the first one after the load date."""
    weekday, hour, minute = MARMM_TIME
    day = next_weekday(first_day, weekday, strictly=False)
    found = []
    while True:
        found.append(at(working(day, bank_holidays), hour, minute))
        if day > today:
            return found
        day += timedelta(days=7)


def mep_dates(first_day: date, today: date, bank_holidays: Collection[date]) -> list[datetime]:
    """Fortnightly, the last one in the coming week (after the load date), back to the year's start."""
    weekday, hour, minute = MEP_TIME
    day = next_weekday(today, weekday, strictly=True)
    found = []
    while day >= first_day:
        found.append(at(working(day, bank_holidays), hour, minute))
        day -= timedelta(days=14)
    return sorted(found)


def monthly_dates(code: str, first_day: date, today: date, bank_holidays: Collection[date]) -> list[datetime]:
    weekday, nth, hour, minute = MONTHLY[code]
    days = [nth_weekday(year, month, weekday, nth) for year, month in months(first_day, today)]
    return [at(working(day, bank_holidays), hour, minute) for day in days if day >= first_day]


def quarterly_dates(
    code: str, first_day: date, today: date, bank_holidays: Collection[date]
) -> list[datetime]:
    weekday, nth, hour, minute, in_months = QUARTERLY[code]
    days = [
        nth_weekday(year, month, weekday, nth)
        for year, month in months(first_day, today)
        if month in in_months
    ]
    return [at(working(day, bank_holidays), hour, minute) for day in days if day >= first_day]
