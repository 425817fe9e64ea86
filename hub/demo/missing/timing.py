"""When each child goes missing and for how long.

A child's episodes of the year cluster in a stretch of weeks (repeat missing comes in bad patches), never
overlap, and leave at least a day and a half between one disappearance and the next. Looked-after
children's episodes also start on a later date than the previous one ended, so that the SSDA903 missing
file, which has dates only, never shows two episodes on one day. The year's episodes are spread over the
days of the year towards a target shaped by month and weekday (``Spread``), so the months look alike
whichever children happen to be screened when.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, time, timedelta

from hub.core.calendar import LONDON
from hub.demo.missing.figures import (
    DURATION_BUCKETS,
    EPISODES_IN_YEAR,
    HOUR_WEIGHTS,
    MONTH_WEIGHTS,
    WEEKEND_WEIGHT,
)
from hub.demo.missing.plan import DemoChild

MIN_GAP = timedelta(hours=36)


def london(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def local_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


class Spread:
    """How many of the year's episodes each day should have, and how many it has so far."""

    def __init__(self, first_day: date, last_day: date) -> None:
        self.first_day = first_day
        self.days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
        shape = [
            MONTH_WEIGHTS[day.month - 1] * (WEEKEND_WEIGHT if day.weekday() in (4, 5) else 1.0)
            for day in self.days
        ]
        total = sum(shape)
        self.target = [EPISODES_IN_YEAR * weight / total for weight in shape]
        self.placed = [0] * len(self.days)

    def index(self, day: date) -> int:
        return (day - self.first_day).days

    def deficit(self, day: date) -> float:
        i = self.index(day)
        if not 0 <= i < len(self.target):
            return 0.03
        return max(0.03, self.target[i] - self.placed[i])

    def add(self, day: date) -> None:
        i = self.index(day)
        if 0 <= i < len(self.placed):
            self.placed[i] += 1


def _days_between(start: datetime, end: datetime) -> list[date]:
    first, last = local_date(start) + timedelta(days=1), local_date(end - timedelta(minutes=1))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _moment(rng: random.Random, day: date) -> datetime:
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return london(day, hour, rng.randint(0, 59))


def year_starts(child: DemoChild, spread: Spread, rng: random.Random) -> list[datetime]:
    """When the child was last seen before each of their episodes of the year: ``child.count`` moments in
    the child's span, clustered in a stretch of it where the year still needs episodes. A looked-after
    child's never start on 31 March (see ``latest_returns``)."""
    # The cast gives every child of the year both ends of their span before their episodes are planned.
    assert child.span_start is not None and child.span_end is not None
    days = _days_between(child.span_start, child.span_end)
    if child.looked_after:
        days = [day for day in days if (day.month, day.day) != (3, 31)]
    count = child.count
    length = min(len(days), max(14, round(count * rng.uniform(5, 14))))
    for _ in range(60):
        chosen = _sample_days(_stretch(days, length, spread, rng), count, spread, rng)
        starts = _times(sorted(chosen), rng) if chosen else None
        if starts and starts[-1] < child.span_end:
            for start in starts:
                spread.add(local_date(start))
            return starts
        length = min(len(days), length + max(2, length // 5))
    raise RuntimeError(f"Cannot fit {count} episodes in {len(days)} days for the demo.")


def _stretch(days: list[date], length: int, spread: Spread, rng: random.Random) -> list[date]:
    """A run of ``length`` days, chosen by how many episodes the year still needs in it."""
    needs = [spread.deficit(day) for day in days]
    sums = [0.0, *itertools.accumulate(needs)]
    starts = range(len(days) - length + 1)
    first = rng.choices(starts, weights=[sums[i + length] - sums[i] for i in starts])[0]
    return days[first : first + length]


def _sample_days(window: list[date], count: int, spread: Spread, rng: random.Random) -> list[date] | None:
    """``count`` days of ``window`` drawn by need, no two on consecutive days; None if they do not fit."""
    pool = list(window)
    chosen: list[date] = []
    while len(chosen) < count:
        if not pool:
            return None
        day = rng.choices(pool, weights=[spread.deficit(d) for d in pool])[0]
        chosen.append(day)
        pool = [d for d in pool if abs((d - day).days) > 1]
    return chosen


def _times(days: list[date], rng: random.Random) -> list[datetime] | None:
    """A time on each day, at least ``MIN_GAP`` after the one before; None if none fits."""
    starts: list[datetime] = []
    for day in days:
        for _ in range(30):
            moment = _moment(rng, day)
            if not starts or moment - starts[-1] >= MIN_GAP:
                starts.append(moment)
                break
        else:
            return None
    return starts


def latest_returns(child: DemoChild, starts: list[datetime], last_return: datetime) -> list[datetime]:
    """The latest each episode may end: before the next one starts (for a looked-after child, on an
    earlier date), and the last by ``last_return``. A looked-after child's episode also ends by the
    end of the SSDA903 collection year it starts in (31 March), so no year's missing file has an
    episode still open at its end: some of the national validator's rules, run together, take such an
    episode for one still open when the placement has ended."""
    latest = []
    for start, following in zip(starts, [*starts[1:], None], strict=True):
        if following is None:
            limit = last_return
        elif child.looked_after:
            limit = london(local_date(following)) - timedelta(minutes=30)
        else:
            limit = following - timedelta(hours=6)
        if child.looked_after:
            limit = min(limit, collection_year_end(start))
        latest.append(limit)
    return latest


def collection_year_end(moment: datetime) -> datetime:
    """23:00 on the 31 March that ends the SSDA903 collection year ``moment`` falls in."""
    day = local_date(moment)
    year = day.year if day.month <= 3 else day.year + 1
    return london(date(year, 3, 31), 23)


def duration(rng: random.Random, *, long: bool) -> timedelta:
    """How long a child is missing: mostly under a day, a long tail to a week."""
    weights = [w * (1.8 if long and low >= 20 else 1.0) for w, low, _ in DURATION_BUCKETS]
    _, low, high = rng.choices(DURATION_BUCKETS, weights=weights)[0]
    return timedelta(hours=rng.uniform(low, high))


def return_time(rng: random.Random, start: datetime, latest: datetime, *, long: bool) -> datetime:
    end = start + duration(rng, long=long)
    if end > latest:
        end = start + (latest - start) * rng.uniform(0.5, 1.0)
    return max(end, start + timedelta(hours=1, minutes=30))
