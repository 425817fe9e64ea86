from __future__ import annotations

import uuid
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hub.plans.rules import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    Factor,
    clock_text,
    compare_factors,
    compare_fields,
    review_limit,
)


def test_the_default_limit_is_twelve_weeks():
    assert review_limit(date(2027, 1, 4)) == date(2027, 3, 29)
    assert clock_text() == "12 weeks"


def test_a_limit_in_working_days_skips_weekends_and_bank_holidays():
    # Friday 24 December 2027: Monday 27th and Tuesday 28th are bank holidays.
    holidays = {date(2027, 12, 27), date(2027, 12, 28)}
    assert review_limit(date(2027, 12, 24), amount=2, unit="working_days", bank_holidays=holidays) == date(
        2027, 12, 30
    )
    assert clock_text(amount=40, unit="working_days") == "40 working days"
    assert clock_text(amount=60, unit="days") == "60 days"
    assert clock_text(amount=1, unit="working_days") == "1 working day"
    assert clock_text(amount=1, unit="days") == "1 day"
    assert clock_text(amount=24, unit="hours") == "1 day"


@given(day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)), amount=st.integers(0, 400))
def test_the_limit_is_always_after_the_day_agreed(day, amount):
    assert review_limit(day, amount=amount) > day
    assert review_limit(day, amount=amount) - day == timedelta(days=max(1, amount))


kinds = st.sampled_from(["individual", "contextual", "protective"])
factor_lists = st.lists(
    st.builds(
        Factor,
        thread=st.uuids(),
        kind=kinds,
        text=st.text(max_size=20),
        rating=st.sampled_from(["", "low", "high"]),
        category=st.sampled_from(["", "peers", "online"]),
    ),
    max_size=8,
    unique_by=lambda factor: factor.thread,
)


@given(factors=factor_lists)
def test_a_version_compared_with_itself_has_no_changes(factors):
    assert {change.status for change in compare_factors(factors, factors)} <= {UNCHANGED}


@given(before=factor_lists, after=factor_lists)
def test_every_factor_is_accounted_for_once(before, after):
    changes = compare_factors(before, after)
    count = {
        status: sum(c.status == status for c in changes) for status in (ADDED, REMOVED, CHANGED, UNCHANGED)
    }
    assert count[ADDED] + count[CHANGED] + count[UNCHANGED] == len(after)
    assert count[REMOVED] + count[CHANGED] + count[UNCHANGED] == len(before)
    backwards = compare_factors(after, before)
    assert sum(c.status == REMOVED for c in backwards) == count[ADDED]


def test_what_changed_in_a_factor_is_named():
    thread = uuid.uuid4()
    before = [Factor(thread, "contextual", "Older boys at the flats", "high", "peers")]
    after = [Factor(thread, "contextual", "Older boys at the flats", "medium", "places")]
    (change,) = compare_factors(before, after)
    assert change.status == CHANGED and change.changed_parts == ["rating", "category"]


def test_changed_fields_are_listed_in_order():
    labels = [("summary", "Summary"), ("child_views", "The child's views"), ("review_date", "Review")]
    changes = compare_fields(
        {"summary": "A", "child_views": "B", "review_date": date(2027, 1, 1)},
        {"summary": "A", "child_views": "C", "review_date": date(2027, 2, 1)},
        labels,
    )
    assert [change.label for change in changes] == ["The child's views", "Review"]
