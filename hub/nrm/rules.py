"""The NRM's clocks and who may decide, as pure calculations (no database).

- The reasonable grounds (RG) decision is due ``rg_working_days`` working days after the referral
  (reference clock ``nrm-reasonable-grounds``, 5 working days: weekends and bank holidays do not count;
  the referral's own day never does).
- The conclusive grounds (CG) decision comes no earlier than ``recovery_days`` calendar days after the
  RG decision (reference clock ``nrm-recovery-period``, 30 days): the recovery period.
- In the devolved child decision-making programme, a local panel decides only for a child more than
  ``PANEL_MARGIN_DAYS`` (100) days from their 18th birthday on the day of the referral; for older
  children, and wherever the authority's setting is the Single Competent Authority, the Home Office
  decides.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hub.core.calendar import add_working_days

RG_WORKING_DAYS = 5
RECOVERY_DAYS = 30
# The devolved programme's rule: the panel decides for children more than 100 days from turning 18.
PANEL_MARGIN_DAYS = 100
ADULT_AGE = 18


def rg_due(referred_on: date, *, working_days: int, bank_holidays: Collection[date]) -> date:
    """The day the RG decision is due: ``working_days`` working days after the referral."""
    return add_working_days(referred_on, working_days, bank_holidays)


def cg_earliest(rg_decided_on: date, *, recovery_days: int) -> date:
    """The first day a CG decision may be made: the end of the recovery period after the RG decision."""
    return rg_decided_on + timedelta(days=recovery_days)


def eighteenth_birthday(born: date) -> date:
    """The day a child born on ``born`` turns 18 (a 29 February birthday falls on 1 March)."""
    try:
        return born.replace(year=born.year + ADULT_AGE)
    except ValueError:
        return date(born.year + ADULT_AGE, 3, 1)


def panel_eligible(born: date | None, *, on: date, margin_days: int = PANEL_MARGIN_DAYS) -> bool:
    """May a devolved panel decide for a child born on ``born``, referred on ``on``: more than
    ``margin_days`` days before their 18th birthday. A child whose date of birth is not recorded
    cannot be shown to be, so is not."""
    if born is None:
        return False
    return (eighteenth_birthday(born) - on).days > margin_days


def decision_maker_for(*, setting: str, eligible: bool) -> str:
    """Who decides (``DecisionMaker`` values): the local panel where the authority's setting is a
    devolved panel and the child is eligible, the Single Competent Authority otherwise."""
    return "panel" if setting == "panel" and eligible else "sca"


class ClockState(StrEnum):
    RG_DUE = "rg_due"  # waiting for the RG decision, on time
    RG_OVERDUE = "rg_overdue"  # waiting for the RG decision, past its due day
    RECOVERY = "recovery"  # positive RG, within the recovery period: no CG decision yet possible
    CG_DUE = "cg_due"  # positive RG, recovery period over: the CG decision may be made
    CLOSED = "closed"  # concluded or withdrawn: no clock runs


CLOCK_LABELS = {
    ClockState.RG_DUE: "Reasonable grounds decision due",
    ClockState.RG_OVERDUE: "Reasonable grounds decision overdue",
    ClockState.RECOVERY: "In the recovery period",
    ClockState.CG_DUE: "Conclusive grounds decision possible",
    ClockState.CLOSED: "No clock running",
}


@dataclass(frozen=True)
class Clock:
    state: ClockState
    due: date | None  # the RG decision's due day, or the first day a CG decision may be made

    @property
    def label(self) -> str:
        return CLOCK_LABELS[self.state]

    @property
    def is_overdue(self) -> bool:
        return self.state == ClockState.RG_OVERDUE


def clock_state(
    *,
    referred_on: date,
    rg_grounds: str,
    rg_decided_on: date | None,
    closed: bool,
    today: date,
    working_days: int,
    recovery_days: int,
    bank_holidays: Collection[date],
) -> Clock:
    """Which of the NRM's clocks runs for a referral on ``today``. ``closed``: withdrawn, or concluded
    (a CG decision, or a negative RG decision)."""
    if closed or rg_grounds == "negative":
        return Clock(ClockState.CLOSED, None)
    if not rg_grounds or rg_decided_on is None:
        due = rg_due(referred_on, working_days=working_days, bank_holidays=bank_holidays)
        return Clock(ClockState.RG_OVERDUE if today > due else ClockState.RG_DUE, due)
    earliest = cg_earliest(rg_decided_on, recovery_days=recovery_days)
    return Clock(ClockState.CG_DUE if today >= earliest else ClockState.RECOVERY, earliest)
