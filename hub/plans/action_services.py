"""Actions of a plan: one added to the plan, or one arising from an audit of it. Each goes on the owner's
list (``actions.services.action_create``) with the plan or the audit as its source."""

from __future__ import annotations

from datetime import date

from django.db import models, transaction
from django.utils import timezone

from hub.accounts.models import Agency, User
from hub.actions import services as action_services
from hub.actions.models import Action
from hub.audit.services import log_change, log_refusal
from hub.core import dates
from hub.core.errors import Forbidden, RuleRefused
from hub.plans.access import may_audit
from hub.plans.models import Plan, PlanAudit, PlanStatus
from hub.plans.services import plan_change_check


def _action(
    *,
    by: User,
    plan: Plan,
    source: models.Model,
    source_label: str,
    title: str,
    due: date,
    owner_user: User | None,
    owner_agency: Agency | None,
    detail: str,
) -> Action:
    """The action on the owner's list, with the plan's subject; who may own it, and for which area, is
    ``action_create``'s rule, as for an action agreed at a meeting."""
    dates.planned(due, field="due", what="the date the action is due")
    return action_services.action_create(
        by=by,
        authority=plan.authority,
        title=title,
        due=due,
        owner_user=owner_user,
        owner_agency=owner_agency,
        child=plan.child,
        subject_label="" if plan.child_id else plan.context_label,
        detail=detail,
        source=source,
        source_label=source_label,
    )


def plan_action_add(
    *,
    plan: Plan,
    by: User,
    title: str,
    due: date,
    owner_user: User | None = None,
    owner_agency: Agency | None = None,
    detail: str = "",
) -> Action:
    """An action of the plan, for a person or an agency, by a date: it appears on the owner's list."""
    plan_change_check(by=by, plan=plan)
    if plan.status != PlanStatus.ACTIVE:
        raise RuleRefused(
            "Agree the plan before adding actions to it."
            if plan.status == PlanStatus.DRAFT
            else "This plan is closed."
        )
    with transaction.atomic():
        action = _action(
            by=by,
            plan=plan,
            source=plan,
            source_label=f"Plan for {plan.subject_label}, version {plan.current_number}",
            title=title,
            due=due,
            owner_user=owner_user,
            owner_agency=owner_agency,
            detail=detail,
        )
        log_change(record=plan, detail=f"action {action.pk} added")
    return action


def audit_action_check(*, by: User, audit: PlanAudit) -> None:
    """Who adds an action arising from a plan's audit: whoever may audit the plan (``may_audit``: a hub
    coordinator or panel chair who may read it, other than its lead). ``Forbidden`` (403) otherwise."""
    if not may_audit(by, audit.plan):
        log_refusal(record=audit, action="add audit action", actor=by)
        raise Forbidden("Actions arising from an audit are added by those who may audit the plan.")


def audit_action_add(
    *,
    audit: PlanAudit,
    by: User,
    title: str,
    due: date,
    owner_user: User | None = None,
    owner_agency: Agency | None = None,
    detail: str = "",
) -> Action:
    """An action arising from a plan audit (for the lead, their manager, an agency...)."""
    audit_action_check(by=by, audit=audit)
    plan = audit.plan
    with transaction.atomic():
        action = _action(
            by=by,
            plan=plan,
            source=audit,
            source_label=f"Audit of the plan for {plan.subject_label}, "
            f"{timezone.localtime(audit.audited_at):%-d %B %Y}",
            title=title,
            due=due,
            owner_user=owner_user,
            owner_agency=owner_agency,
            detail=detail,
        )
        log_change(record=audit, detail=f"action {action.pk} arising")
    return action
