from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hub.core.calendar import LONDON, add_working_days, holidays, is_working_day, working_day_deadline

EASTER_2026 = {date(2026, 4, 3), date(2026, 4, 6)}  # Good Friday, Easter Monday


def test_next_working_day_skips_weekends_and_bank_holidays():
    thursday = date(2026, 4, 2)
    assert add_working_days(thursday, 1, EASTER_2026) == date(2026, 4, 7)
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 1, set()) == date(2026, 11, 30)


def test_deadline_is_the_end_of_the_working_day_in_uk_time():
    # Received 23:30 UTC on Saturday 31 October 2026, just after the clocks went back.
    received = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)
    due = working_day_deadline(received, 1, set())
    assert due.date() == date(2026, 11, 2)
    assert (due.hour, due.minute) == (23, 59)
    assert due.utcoffset() == timedelta(0)
    summer = working_day_deadline(datetime(2026, 7, 1, 23, 30, tzinfo=UTC), 1, set())
    assert summer.date() == date(2026, 7, 3)  # 00:30 BST on 2 July counts as 2 July
    assert summer.utcoffset() == timedelta(hours=1)


def test_bank_holidays_are_seeded_for_england_and_wales(db):
    days = holidays()
    assert date(2026, 12, 25) in days
    assert date(2026, 8, 31) in days  # summer bank holiday (England and Wales, not Scotland)
    assert date(2026, 8, 3) not in days  # Scotland's summer holiday
    assert len([d for d in days if d.year == 2027 and d.weekday() < 5]) == 8  # with substitute days


working_days = st.integers(min_value=0, max_value=40)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2039, 12, 1))
holiday_sets = st.frozensets(st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 6, 1)), max_size=30)


@given(day=days, count=working_days, bank_holidays=holiday_sets)
def test_adding_working_days_lands_on_a_working_day_never_earlier(day, count, bank_holidays):
    result = add_working_days(day, count, bank_holidays)
    assert result >= day
    if count:
        assert is_working_day(result, bank_holidays)
        between = [day + timedelta(days=i) for i in range(1, (result - day).days + 1)]
        assert sum(is_working_day(d, bank_holidays) for d in between) == count


@given(day=days, first=working_days, second=working_days)
def test_adding_working_days_composes(day, first, second):
    assert add_working_days(add_working_days(day, first, set()), second, set()) == add_working_days(
        day, first + second, set()
    )


@given(
    moment=st.datetimes(
        min_value=datetime(2015, 1, 1), max_value=datetime(2039, 1, 1), timezones=st.just(UTC)
    )
)
def test_a_deadline_is_never_before_its_start(moment):
    due = working_day_deadline(moment, 1, set())
    assert due > moment
    assert due.astimezone(LONDON).weekday() < 5
