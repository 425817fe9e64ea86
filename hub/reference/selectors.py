from __future__ import annotations

from datetime import timedelta

from hub.reference.models import Clock, LevelOfConcern


class MissingReferenceData(LookupError):
    """Reference data the Hub needs is absent: an administrator must restore it."""


def clock_get(code: str) -> Clock:
    try:
        return Clock.objects.get(code=code, active=True)
    except Clock.DoesNotExist:
        raise MissingReferenceData(
            f"The clock '{code}' is missing or retired. An administrator must restore it in Reference data."
        ) from None


def clock_duration(clock: Clock) -> timedelta:
    """Calendar duration of an hours or days clock (working-day clocks need the calendar)."""
    if clock.unit == Clock.Unit.HOURS:
        return timedelta(hours=clock.amount)
    if clock.unit == Clock.Unit.DAYS:
        return timedelta(days=clock.amount)
    raise ValueError(f"{clock.code} counts working days: use hub.core.calendar.working_day_deadline")


def levels_in_order() -> list[LevelOfConcern]:
    return list(LevelOfConcern.objects.filter(active=True).order_by("rank"))
