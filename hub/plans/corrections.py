"""Changing who leads a plan: when the lead was recorded wrongly, or the plan passes to someone else.
The plan's history keeps who led it before, who changed it, when and why."""

from __future__ import annotations

from django.db import transaction

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import User
from hub.audit.services import log_change
from hub.core.corrections import correct, reason_given
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion
from hub.plans.models import Plan
from hub.plans.services import check_lead, plan_change_check


def may_set_lead(user: User, plan: Plan) -> bool:
    """Whoever may change the plan (its lead, the allocated practitioner, a hub coordinator), while it
    is open."""
    return plan.is_open and access.decide(user, plan, Action.WRITE).allowed


def plan_lead_set(*, plan: Plan, by: User, version: int, lead: User, reason: str) -> Plan:
    """Give the plan a new lead: someone who may lead a plan in its area. A closed plan keeps the lead
    it closed with."""
    plan_change_check(by=by, plan=plan)
    if not plan.is_open:
        raise RuleRefused("This plan is closed: it keeps the lead it had when it closed.")
    reason = reason_given(reason, what="the lead is changing")
    if lead.pk == plan.lead_id:
        raise FieldRefused(
            f"{lead.get_full_name()} already leads this plan: choose someone else", field="lead"
        )
    try:
        check_lead(lead, plan.authority_id)
    except RuleRefused as refused:
        raise FieldRefused(str(refused), field="lead") from refused
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.version != version:
            raise StaleVersion("this plan")
        locked.version = version + 1
        correct(locked, by=by, reason=reason, values={"lead": lead})
        log_change(record=locked, actor=by, detail=f"lead changed to {lead.get_username()}")
    return locked
