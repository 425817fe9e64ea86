"""Reads about NRM referrals, always through the reader's scope; and the clocks they run on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import Agency, User
from hub.children.models import Child
from hub.core import calendar, clock
from hub.nrm import rules
from hub.nrm.models import OPEN, NrmReferral
from hub.reference.models import Clock


@dataclass(frozen=True)
class Clocks:
    """The NRM's two reference clocks as they stand, and the bank holidays the RG clock skips."""

    rg_working_days: int
    recovery_days: int
    bank_holidays: frozenset[date]


def _clock_amount(code: str, unit: str, default: int) -> int:
    """An administrator may change a clock; a retired or missing one falls back to the rule's default."""
    found = Clock.objects.filter(code=code, active=True, unit=unit).values_list("amount", flat=True).first()
    return found if found is not None else default


def clocks() -> Clocks:
    return Clocks(
        rg_working_days=_clock_amount(
            "nrm-reasonable-grounds", Clock.Unit.WORKING_DAYS, rules.RG_WORKING_DAYS
        ),
        recovery_days=_clock_amount("nrm-recovery-period", Clock.Unit.DAYS, rules.RECOVERY_DAYS),
        bank_holidays=calendar.holidays(),
    )


def clock_of(referral: NrmReferral, *, today: date | None = None, held: Clocks | None = None) -> rules.Clock:
    """The clock a referral runs on today (``rules.clock_state``)."""
    held = held or clocks()
    return rules.clock_state(
        referred_on=referral.referred_on,
        rg_grounds=referral.rg_grounds,
        rg_decided_on=referral.rg_decided_on,
        closed=not referral.is_open,
        today=today or clock.today(),
        working_days=held.rg_working_days,
        recovery_days=held.recovery_days,
        bank_holidays=held.bank_holidays,
    )


def referral_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = "NRM referral"
) -> tuple[NrmReferral, Decision]:
    """One referral the reader may see (404 otherwise), its consultation logged."""
    return access.get_logged(
        user,
        NrmReferral,
        pk,
        action=action,
        queryset=NrmReferral.objects.select_related(
            "child", "child__authority", "first_responder", "recorded_by", "rg_panel_chair", "cg_panel_chair"
        ),
        purpose=purpose,
    )


def referrals_for_child(user: User, child: Child) -> list[NrmReferral]:
    """The child's referrals the reader may see, newest first."""
    return list(
        access.visible(user, NrmReferral.objects.filter(child=child))
        .select_related(
            "first_responder",
            "recorded_by",
            "rg_panel_chair",
            "cg_panel_chair",
            "rg_recorded_by",
            "cg_recorded_by",
            "withdrawn_by",
        )
        .prefetch_related("exploitation_types")
        .order_by("-referred_on", "-pk")
    )


def referrals_visible(user: User) -> QuerySet[NrmReferral]:
    return access.visible(user, NrmReferral.objects.all())


@dataclass(frozen=True)
class QueueRow:
    referral: NrmReferral
    clock: rules.Clock


def clock_queue(user: User, *, today: date | None = None) -> list[QueueRow]:
    """The hub's queue of NRM clocks: the open referrals the reader may see whose RG decision is
    awaited (overdue first) or whose CG decision is now possible, soonest due first. Referrals in
    their recovery period wait off the queue."""
    today = today or clock.today()
    held = clocks()
    rows = [
        QueueRow(referral, clock_of(referral, today=today, held=held))
        for referral in access.visible(user, NrmReferral.objects.filter(OPEN)).select_related("child")
    ]
    order = {rules.ClockState.RG_OVERDUE: 0, rules.ClockState.RG_DUE: 1, rules.ClockState.CG_DUE: 2}
    waiting = [row for row in rows if row.clock.state in order]
    return sorted(
        waiting,
        key=lambda row: (order[row.clock.state], row.clock.due or today, row.referral.pk),
    )


def agencies_serving(child: Child) -> QuerySet[Agency]:
    """The organisations that may be named as first responder, or as present at a panel: those
    serving the child's area."""
    return Agency.objects.filter(authorities=child.authority_id).order_by("name")


def chair_candidates(child: Child) -> QuerySet[User]:
    """Who may be named as a panel's chair: active people of agencies serving the child's area."""
    return (
        User.objects.filter(is_active=True, agency__authorities=child.authority_id)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
