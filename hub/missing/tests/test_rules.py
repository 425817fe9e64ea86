from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from hub.missing.rules import EpisodeSpan, on_time, repeat_missing, rfmi_due, summarise

LONDON = ZoneInfo("Europe/London")
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC))


def test_the_72_hours_are_real_hours_across_the_clock_change():
    # Notified at 10:00 on Saturday 24 October 2026 (BST); the clocks go back on Sunday 25th.
    notified = datetime(2026, 10, 24, 10, 0, tzinfo=LONDON)
    due = rfmi_due(notified)
    assert (due.astimezone(UTC) - notified.astimezone(UTC)).total_seconds() == 72 * 3600
    assert due.astimezone(LONDON).hour == 9  # 09:00 GMT on Tuesday 27th, not 10:00


@given(notified=moments, hours=st.integers(min_value=1, max_value=200))
def test_the_clock_is_never_before_the_notification(notified, hours):
    assert rfmi_due(notified, hours).astimezone(UTC) - notified.astimezone(UTC) == timedelta(hours=hours)


def test_on_time():
    due = datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert on_time(due, due)
    assert not on_time(due + timedelta(seconds=1), due)
    assert not on_time(None, due)


def test_three_episodes_in_thirty_days_trigger_and_two_do_not():
    base = datetime(2026, 11, 1, tzinfo=UTC)
    starts = [base, base + timedelta(days=10)]
    assert repeat_missing(starts[:1], latest=starts[1], episodes=3, days=30) is None
    trigger = repeat_missing(starts, latest=base + timedelta(days=29), episodes=3, days=30)
    assert trigger is not None and trigger.episodes == 3
    assert repeat_missing(starts, latest=base + timedelta(days=31), episodes=3, days=30) is None


@given(
    starts=st.lists(moments, max_size=12),
    latest=moments,
    episodes=st.integers(2, 5),
    days=st.integers(1, 120),
)
def test_the_trigger_ignores_the_order_of_entry(starts, latest, episodes, days):
    forward = repeat_missing(starts, latest=latest, episodes=episodes, days=days)
    backward = repeat_missing(list(reversed(starts)), latest=latest, episodes=episodes, days=days)
    assert forward == backward


@given(spans=st.lists(st.tuples(moments, st.integers(0, 500)), max_size=15))
def test_durations_are_never_negative(spans):
    now = datetime(2030, 1, 2, tzinfo=UTC)
    summary = summarise(
        [EpisodeSpan(start, start + timedelta(hours=h)) for start, h in spans], now=now, months=240
    )
    assert summary.total_hours >= 0
    assert summary.median_hours is None or summary.median_hours >= 0
    assert sum(summary.by_month.values()) == summary.episodes


def test_summary_counts_the_last_twelve_months_by_code():
    now = datetime(2026, 11, 28, tzinfo=UTC)
    spans = [
        EpisodeSpan(now - timedelta(days=400), now - timedelta(days=399), "M"),  # too old
        EpisodeSpan(now - timedelta(days=40), now - timedelta(days=40) + timedelta(hours=10), "M"),
        EpisodeSpan(now - timedelta(days=10), now - timedelta(days=10) + timedelta(hours=4), "A"),
        EpisodeSpan(now - timedelta(hours=6), None, "M"),
    ]
    summary = summarise(spans, now=now)
    assert (summary.episodes, summary.open_episodes, summary.missing_count, summary.absent_count) == (
        3,
        1,
        2,
        1,
    )
    assert summary.total_hours == 20.0
    assert summary.median_hours == 6.0
    assert summary.not_looked_after_count == 0


def test_episodes_without_a_dfe_code_are_counted_as_not_looked_after():
    now = datetime(2026, 11, 28, tzinfo=UTC)
    spans = [
        EpisodeSpan(now - timedelta(days=days), now - timedelta(days=days, hours=-3), code)
        for days, code in [(90, ""), (60, ""), (30, "M")]
    ]
    summary = summarise(spans, now=now)
    assert (summary.episodes, summary.missing_count, summary.not_looked_after_count) == (3, 1, 2)


@given(
    notified=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(LONDON)
    )
)
def test_the_clock_counts_real_hours_in_uk_time_whatever_the_season(notified):
    due = rfmi_due(notified)
    assert due.astimezone(UTC) - notified.astimezone(UTC) == timedelta(hours=72)
