"""Which dates are possible: the one place that says so, for every kind of record and every way in
(pages, API, imports, the demo).

- An event that has happened is not in the future (a few minutes of clock skew allowed), not before the
  child was born, at an age a children's service works with (0 to 25), and in order after the events it
  follows (went missing, found, returned, the hub told, interviewed; referral, review).
- A date ahead (a meeting, an action's due date, a discussion to hold by) is not in the past and lies
  within the planning horizon (a year).
- An event entered longer after it happened than the late-entry clock (30 days) is allowed, with the
  reason it is late: the strategy asks partners to respond to concerns "regardless of the time
  period". Late is allowed; impossible is not.

Each refusal names the field (``DateRefused.field``) so a page puts the message beside it and the API
returns it under that field; the words follow the GOV.UK error style.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.apps import apps
from django.utils import timezone

from hub.core import clock
from hub.core.errors import FieldRefused

CLOCK_SKEW = timedelta(minutes=5)
OLDEST_AGE = 25  # a care leaver may be supported to 25
EARLIEST = clock.EARLIEST_DATE  # the range every path accepts before these rules are applied


# Inside ``clocks_read_once``: the reference clocks already read, by code.
_read_once: ContextVar[dict[str, timedelta] | None] = ContextVar("hub_clocks_read_once", default=None)


@contextmanager
def clocks_read_once() -> Iterator[None]:
    """Inside the block each reference clock is read from the database once: for a bulk form checking
    thousands of rows with the same rules (the clocks do not change while it runs)."""
    token = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(token)


def _clock_days(code: str, default: int) -> timedelta:
    """A days clock of the reference data (an administrator may change it), or its default."""
    held = _read_once.get()
    if held is not None:
        if code not in held:
            held[code] = _read_clock_days(code, default)
        return held[code]
    return _read_clock_days(code, default)


def _read_clock_days(code: str, default: int) -> timedelta:
    clock_model = apps.get_model("reference", "Clock")
    amount = (
        clock_model.objects.filter(code=code, active=True, unit="days")
        .values_list("amount", flat=True)
        .first()
    )
    return timedelta(days=amount if amount is not None else default)


def planning_horizon() -> timedelta:
    return _clock_days("planning-horizon", 366)


def late_entry() -> timedelta:
    return _clock_days("late-entry", 30)


def intelligence_review() -> timedelta:
    """How long intelligence about a person is held before it is reviewed: retained, or disposed of."""
    return _clock_days("intelligence-review", 365)


def disruption_expiry_warning() -> timedelta:
    """How long before a disruption order or notice expires the intelligence roles are reminded of it."""
    return _clock_days("disruption-expiry-warning", 28)


class DateRefused(FieldRefused):
    """A date that cannot be true; ``field`` names the field it came from."""


def _day(value: date | datetime) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def _text(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"
    return f"{value:%-d %B %Y}"


def _birthday(born: date, years: int) -> date:
    """The day a child born on ``born`` turns ``years`` (29 February birthdays fall on 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def _is_future(value: date | datetime) -> bool:
    if isinstance(value, datetime):
        return value > clock.now() + CLOCK_SKEW
    return value > clock.today()


def happened(
    value: date | datetime,
    *,
    field: str,
    what: str,
    born: date | None = None,
    after: tuple[date | datetime | None, str] | None = None,
    before: tuple[date | datetime | None, str] | None = None,
) -> None:
    """Refuse an event date that cannot be true. ``what`` reads in a sentence: "the date the child went
    missing". ``after`` is the event it must follow, with its own words: (when, "the child was last seen");
    ``before`` the event it must precede (a correction moves a date among events already recorded)."""
    if _day(value) < EARLIEST:
        raise DateRefused(f"{what.capitalize()} must be a real date: check the year", field=field)
    if _is_future(value):
        raise DateRefused(f"{what.capitalize()} must be today or in the past", field=field)
    if born is not None:
        day = _day(value)
        if day < born:
            raise DateRefused(
                f"{what.capitalize()} must be after the child was born ({born:%-d %B %Y})", field=field
            )
        if day >= _birthday(born, OLDEST_AGE + 1):
            raise DateRefused(
                f"{what.capitalize()} must be before the child's {OLDEST_AGE + 1}th birthday: check the year",
                field=field,
            )
    if after is not None and after[0] is not None and value < after[0]:
        raise DateRefused(f"{what.capitalize()} must be after {after[1]} ({_text(after[0])})", field=field)
    if before is not None and before[0] is not None and value > before[0]:
        raise DateRefused(f"{what.capitalize()} must be before {before[1]} ({_text(before[0])})", field=field)


def birth(value: date, *, field: str = "date_of_birth") -> None:
    """A child's date of birth: in the past, and young enough for a children's service (under 26)."""
    if value > clock.today():
        raise DateRefused("The date of birth must be today or in the past", field=field)
    if value < EARLIEST or _birthday(value, OLDEST_AGE + 1) <= clock.today():
        raise DateRefused(
            f"The date of birth must be within the last {OLDEST_AGE + 1} years: the Hub holds children and "
            f"young people up to {OLDEST_AGE}. Check the year",
            field=field,
        )


def planned(
    value: date | datetime,
    *,
    field: str,
    what: str,
    not_before: tuple[date | datetime, str] | None = None,
) -> None:
    """A date ahead: not in the past (nor before ``not_before``, with its words: (day, "the meeting")) and
    within the planning horizon."""
    floor, words = not_before or (clock.now() if isinstance(value, datetime) else clock.today(), "today")
    if isinstance(value, datetime) and isinstance(floor, datetime):
        too_early = value < floor - CLOCK_SKEW
    else:
        too_early = _day(value) < _day(floor)
    if too_early:
        when = "today or in the future" if words == "today" else f"on or after {words} ({_text(floor)})"
        raise DateRefused(f"{what.capitalize()} must be {when}", field=field)
    within_horizon(value, field=field, what=what)


def within_horizon(value: date | datetime, *, field: str, what: str) -> None:
    """Not further ahead than the planning horizon (a year): a date in 2099 is a slip of the keyboard."""
    horizon = clock.today() + planning_horizon()
    if _day(value) > horizon:
        raise DateRefused(
            f"{what.capitalize()} must be within a year, by {horizon:%-d %B %Y}: check the year", field=field
        )


def within(
    value: date | datetime, *, field: str, what: str, earliest: date | datetime, latest: date | datetime
) -> None:
    """A date that must fall between two others (a meeting within a year either side of today)."""
    if value < earliest or value > latest:
        raise DateRefused(
            f"{what.capitalize()} must be between {_text(earliest)} and {_text(latest)}", field=field
        )


def is_late(value: date | datetime, *, entered_at: datetime | None = None) -> bool:
    """Entered long enough after it happened that the person is asked why it is late. ``entered_at`` is
    when the record was first made (a correction is judged as of then, not as of the correction)."""
    moment = (
        value
        if isinstance(value, datetime)
        else timezone.make_aware(datetime.combine(value, datetime.min.time()))
    )
    return (entered_at or clock.now()) - moment > late_entry()


def late_reason_needed(
    value: date | datetime, reason: str, *, field: str, what: str, entered_at: datetime | None = None
) -> str:
    """The reason an event is entered late, required when it is; returns it stripped."""
    reason = reason.strip()
    if is_late(value, entered_at=entered_at) and not reason:
        # The same words on every page and in the API, whatever the event (``what`` names it in the
        # record of the late entry, ``hub.core.late``).
        raise DateRefused(
            f"Say why this is being recorded more than {late_entry().days} days after it happened",
            field=field,
        )
    return reason
