"""The NRM's clocks and who may decide, as pure rules: the RG decision 5 working days after the
referral (across weekends and bank holidays), the CG decision not before the 30-day recovery period,
and the devolved panel only for children more than 100 days from their 18th birthday."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.core.calendar import is_working_day
from hub.nrm import rules
from hub.nrm.rules import ClockState

# England and Wales bank holidays around Easter and Christmas 2026-27 (as the core migration seeds them).
HOLIDAYS = frozenset(
    {
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day, substitute (26 December is a Saturday)
        date(2027, 1, 1),
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
    }
)

days = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))
some_holidays = st.frozensets(days, max_size=30)


def test_a_referral_on_the_thursday_before_easter_is_due_the_monday_week_after():
    # Thursday 25 March 2027: Good Friday and Easter Monday and the weekend do not count.
    assert rules.rg_due(date(2027, 3, 25), working_days=5, bank_holidays=HOLIDAYS) == date(2027, 4, 5)
    # Without the bank holidays it would be Thursday 1 April.
    assert rules.rg_due(date(2027, 3, 25), working_days=5, bank_holidays=frozenset()) == date(2027, 4, 1)


def test_a_referral_on_a_friday_counts_from_monday_and_christmas_pushes_it_into_january():
    assert rules.rg_due(date(2026, 11, 20), working_days=5, bank_holidays=HOLIDAYS) == date(2026, 11, 27)
    # Wednesday 23 December 2026: Christmas Day, the substitute Boxing Day and New Year's Day skipped.
    assert rules.rg_due(date(2026, 12, 23), working_days=5, bank_holidays=HOLIDAYS) == date(2027, 1, 4)
    # A referral made on a bank holiday (Good Friday) is due when one made the working day before is.
    assert rules.rg_due(date(2027, 3, 26), working_days=5, bank_holidays=HOLIDAYS) == date(2027, 4, 5)


@given(referred=days, holidays=some_holidays, count=st.integers(min_value=1, max_value=15))
def test_the_rg_due_day_is_a_working_day_exactly_that_many_working_days_after(referred, holidays, count):
    due = rules.rg_due(referred, working_days=count, bank_holidays=holidays)
    assert due > referred
    assert is_working_day(due, holidays)
    between = [referred + timedelta(days=n) for n in range(1, (due - referred).days + 1)]
    assert sum(is_working_day(day, holidays) for day in between) == count


@given(decided=days, recovery=st.integers(min_value=0, max_value=90))
def test_the_cg_decision_comes_no_earlier_than_the_recovery_period_after_rg(decided, recovery):
    assert rules.cg_earliest(decided, recovery_days=recovery) - decided == timedelta(days=recovery)


def test_the_panel_decides_only_more_than_100_days_before_the_18th_birthday():
    born = date(2009, 3, 15)  # 18 on 15 March 2027
    assert rules.panel_eligible(born, on=date(2026, 12, 4))  # 101 days before
    assert not rules.panel_eligible(born, on=date(2026, 12, 5))  # exactly 100 days before
    assert not rules.panel_eligible(None, on=date(2026, 12, 4))  # a date of birth not known
    # A leap-day birthday turns 18 on 1 March.
    assert rules.eighteenth_birthday(date(2012, 2, 29)) == date(2030, 3, 1)


@given(
    born=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 1, 1)), on=days, later=st.integers(0, 400)
)
def test_eligibility_only_ever_ends(born, on, later):
    if rules.panel_eligible(born, on=on + timedelta(days=later)):
        assert rules.panel_eligible(born, on=on)


@given(setting=st.sampled_from(["sca", "panel"]), eligible=st.booleans())
def test_the_panel_decides_only_in_a_devolved_area_for_an_eligible_child(setting, eligible):
    expected = "panel" if setting == "panel" and eligible else "sca"
    assert rules.decision_maker_for(setting=setting, eligible=eligible) == expected


def _state(today, *, rg="", rg_on=None, closed=False):
    return rules.clock_state(
        referred_on=date(2027, 3, 25),
        rg_grounds=rg,
        rg_decided_on=rg_on,
        closed=closed,
        today=today,
        working_days=5,
        recovery_days=30,
        bank_holidays=HOLIDAYS,
    )


def test_the_clock_states_across_easter():
    # Due on Monday 5 April: on time that day, overdue the next.
    assert _state(date(2027, 4, 5)) == rules.Clock(ClockState.RG_DUE, date(2027, 4, 5))
    assert _state(date(2027, 4, 6)).state == ClockState.RG_OVERDUE
    assert _state(date(2027, 4, 6)).is_overdue
    # A positive RG decision on 1 April: recovery until 1 May, then the CG decision is possible.
    assert _state(date(2027, 4, 30), rg="positive", rg_on=date(2027, 4, 1)) == rules.Clock(
        ClockState.RECOVERY, date(2027, 5, 1)
    )
    assert _state(date(2027, 5, 1), rg="positive", rg_on=date(2027, 4, 1)).state == ClockState.CG_DUE
    # A negative RG decision, or a closed referral, runs no clock.
    assert _state(date(2027, 4, 30), rg="negative", rg_on=date(2027, 4, 1)).state == ClockState.CLOSED
    assert _state(date(2027, 4, 30), closed=True).state == ClockState.CLOSED


@given(today=days)
def test_a_referral_awaiting_rg_is_overdue_exactly_after_its_due_day(today):
    clock = _state(today)
    assert clock.due == date(2027, 4, 5)
    assert (clock.state == ClockState.RG_OVERDUE) == (today > date(2027, 4, 5))


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (ClockState.RG_OVERDUE, "Reasonable grounds decision overdue"),
        (ClockState.CG_DUE, "Conclusive grounds decision possible"),
    ],
)
def test_each_clock_has_words(state, label):
    assert rules.Clock(state, None).label == label
