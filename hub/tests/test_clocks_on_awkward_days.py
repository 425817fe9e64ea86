"""The Hub's clocks as the services set them, on the days that catch clocks out: a Friday evening before a
weekend, a bank holiday Monday, the nights the clocks go forward and back. The hub reviews a screening by
the end of the next working day; a return interview is due 72 real hours after the hub is told of the
return, whatever the wall clock does in between."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hub.children.services import child_create
from hub.core.calendar import LONDON
from hub.missing import services as missing
from hub.screening.tests.helpers import filled_screening


def at(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        # Friday evening: the next working day is Monday.
        (at(2026, 11, 20, 18, 30), at(2026, 11, 23, 23, 59, 59)),
        # Friday before the late summer bank holiday (Monday 31 August 2026): due on the Tuesday.
        (at(2026, 8, 28, 16, 0), at(2026, 9, 1, 23, 59, 59)),
        # Saturday night the clocks go forward (Sunday 29 March 2026): due at the end of Monday, BST.
        (at(2026, 3, 28, 23, 30), at(2026, 3, 30, 23, 59, 59)),
        # 00:30 BST on the Sunday the clocks go back (25 October 2026) is still Sunday in London.
        (at(2026, 10, 25, 0, 30), at(2026, 10, 26, 23, 59, 59)),
        # Christmas Eve 2026 (a Thursday): Christmas and Boxing Day (moved to Monday 28th) are holidays.
        (at(2026, 12, 24, 15, 0), at(2026, 12, 29, 23, 59, 59)),
    ],
)
def test_a_screening_is_due_for_review_by_the_end_of_the_next_working_day(
    people, reference_clock, submitted, due
):
    reference_clock.move_to(submitted, tick=False)
    screening = filled_screening(people["bob"])
    assert screening.submitted_at == submitted
    assert screening.review_due_at == due
    assert screening.review_due_at.astimezone(LONDON).utcoffset() == due.utcoffset()


@pytest.mark.parametrize(
    ("notified", "due_wall_clock"),
    [
        # Notified Saturday 10:00 BST; the clocks go back on Sunday: 72 hours on, the wall clock reads 09:00.
        (at(2026, 10, 24, 10, 0), at(2026, 10, 27, 9, 0)),
        # Notified Saturday 10:00 GMT; the clocks go forward on Sunday: the wall clock reads 11:00.
        (at(2026, 3, 28, 10, 0), at(2026, 3, 31, 11, 0)),
        # Notified on a Friday before a bank holiday: 72 hours are 72 hours, holidays or not.
        (at(2026, 8, 28, 17, 0), at(2026, 8, 31, 17, 0)),
    ],
)
def test_a_return_interview_is_due_72_real_hours_after_the_hub_is_told(
    people, wenmoor, reference_clock, notified, due_wall_clock
):
    reference_clock.move_to(notified + timedelta(minutes=5), tick=False)
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )
    episode = missing.episode_report(
        child=child,
        by=people["alice"],
        reported_at=notified - timedelta(hours=20),
        reported_by_kind="carer",
        last_seen_at=notified - timedelta(hours=22),
        risk_grade="medium",
    )
    interview = missing.episode_record_return(
        episode=episode,
        by=people["alice"],
        version=episode.version,
        returned_at=notified - timedelta(hours=1),
        hub_notified_at=notified,
    )
    # (Python subtracts two London times by the wall clock: compare in UTC.)
    assert interview.interview_due_at.astimezone(UTC) - notified.astimezone(UTC) == timedelta(hours=72)
    assert interview.interview_due_at.astimezone(LONDON).replace(tzinfo=None) == due_wall_clock.replace(
        tzinfo=None
    )
