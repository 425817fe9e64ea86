"""Writes about plans: start, agree, review, close (a plan's actions are in ``action_services``,
its audits in ``audit_services``). Each is atomic, checks the version the person saw where it changes
the plan, and writes the access log in the same transaction.

``plan_start`` makes a draft with a lead and no version: the lead (or the allocated practitioner,
or a hub coordinator) fills it in and agrees it as version 1 (``plan_agree``). The panels capability
calls it from a meeting's decision; a child who already has an open plan keeps it (the same plan is
returned), so a decision never makes a second one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import User
from hub.audit.models import LogAction
from hub.audit.services import log_change, log_refusal
from hub.children.models import Child
from hub.core import bulk, clock, late
from hub.core.calendar import holidays
from hub.core.errors import NotVisible, RuleRefused, StaleVersion
from hub.plans import contexts, rules
from hub.plans.access import CONTEXT_START_ROLES, LEAD_ROLES, PLAN_POLICY, START_ROLES
from hub.plans.models import (
    OPEN_STATUSES,
    RISK_KINDS,
    CloseReason,
    FactorKind,
    Plan,
    PlanFactor,
    PlanStatus,
    PlanVersion,
)
from hub.reference.models import Clock

FACTOR_TEXT_LIMIT = rules.FACTOR_TEXT_LIMIT
AGREED = "the date the plan was agreed"


@dataclass(frozen=True)
class FactorInput:
    """A factor as the person gave it. ``thread`` names the factor of the last version it continues
    (changed or not); None for a new one."""

    kind: str
    text: str
    rating: str = ""
    category: str = ""
    thread: uuid.UUID | None = None


@dataclass(frozen=True)
class ReviewClock:
    amount: int
    unit: str

    def limit(self, agreed_on: date) -> date:
        bank_holidays = holidays() if self.unit == Clock.Unit.WORKING_DAYS else frozenset()
        return rules.review_limit(agreed_on, amount=self.amount, unit=self.unit, bank_holidays=bank_holidays)

    @property
    def text(self) -> str:
        return rules.clock_text(amount=self.amount, unit=self.unit)


def review_clock() -> ReviewClock:
    """The plan-review clock of the reference data (12 weeks by default)."""
    clock = Clock.objects.filter(code="plan-review", active=True).first()
    if clock is None:
        return ReviewClock(rules.PLAN_REVIEW_DAYS, Clock.Unit.DAYS)
    return ReviewClock(clock.amount, clock.unit)


def default_lead(child: Child | None, by: User) -> User:
    if child is not None:
        allocation = (
            child.allocations.filter(end__isnull=True, worker__is_active=True)
            .select_related("worker")
            .order_by("-start", "-pk")
            .first()
        )
        if allocation is not None:
            return allocation.worker
    return by


def check_lead(lead: User, authority_id: int) -> None:
    if not lead.is_active:
        raise RuleRefused(
            f"{lead.get_full_name()}'s account is disabled: choose someone else to lead the plan."
        )
    if not lead.has_role(*LEAD_ROLES) or lead.agency is None:
        raise RuleRefused(
            f"{lead.get_full_name() or lead.get_username()} cannot lead a plan: "
            "choose a case holder or a hub coordinator."
        )
    if not lead.agency.authorities.filter(pk=authority_id).exists():
        raise RuleRefused(
            f"{lead.get_full_name()} works for an agency that does not serve this area: "
            "choose someone who does."
        )


def plan_start_check(*, by: User, child: Child) -> None:
    """Who starts a child's plan (the page, the API, a panel's decision): a case holder, panel chair or
    hub coordinator (``START_ROLES``) who may see the child's record. ``Forbidden`` (403) for another
    role, ``NotVisible`` (404) for a child they may not see."""
    access.require_role(by, START_ROLES, refusal="Your role does not start plans.", verb="start plan")
    access.require(
        by, child, refusal="Your role does not start plans.", action=Action.READ, verb="start plan"
    )


def plan_start(*, child: Child, by: User, lead: User | None = None, source_label: str = "") -> Plan:
    """Start a plan for a child: a draft led by ``lead`` (by default the allocated worker, or whoever
    starts it), to be filled in and agreed. If the child already has an open plan, that plan is
    returned unchanged."""
    plan_start_check(by=by, child=child)
    lead = lead or default_lead(child, by)
    check_lead(lead, child.authority_id)
    with transaction.atomic():
        Child.objects.select_for_update().filter(pk=child.pk).first()
        existing = Plan.objects.filter(child=child, status__in=OPEN_STATUSES).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                plan = Plan.objects.create(
                    authority_id=child.authority_id,
                    child=child,
                    lead=lead,
                    started_from=source_label.strip()[:300],
                    created_by=by,
                )
        except IntegrityError:
            return Plan.objects.get(child=child, status__in=OPEN_STATUSES)
        log_change(
            record=plan, action=LogAction.COLLECT, detail=f"plan started, led by {lead.get_username()}"
        )
    return plan


def plan_start_for_context_check(*, by: User, context: models.Model) -> int:
    """Who starts a plan for a context (a school, a place, a group): a hub coordinator or panel chair
    (``CONTEXT_START_ROLES``) of the context's area. ``Forbidden`` (403) for another role,
    ``NotVisible`` (404) for a context of an area the person's agency does not serve; both logged.
    Returns the context's area."""
    access.require_role(
        by,
        CONTEXT_START_ROLES,
        refusal="Your role does not start plans for places, groups or schools.",
        verb="start plan",
    )
    kind = contexts.kind_for(type(context))
    if kind is None:
        raise RuleRefused(
            "Plans can be made for children, and for the contexts the Hub holds: choose one of those."
        )
    authority_id = kind.authority_id(context)
    if not kind.choices(access.authority_ids(by), by).filter(pk=context.pk).exists():
        log_refusal(record=context, action="start plan", detail="not one they may plan for", actor=by)
        raise NotVisible
    return authority_id


def plan_start_for_context(
    *, context: models.Model, by: User, lead: User | None = None, source_label: str = ""
) -> Plan:
    """Start a plan for a context (a school...): a draft, as for a child. One open plan per context."""
    authority_id = plan_start_for_context_check(by=by, context=context)
    kind = contexts.kind_for(type(context))
    assert kind is not None  # the check refused any other
    lead = lead or by
    check_lead(lead, authority_id)
    content_type = ContentType.objects.get_for_model(context)
    with transaction.atomic():
        existing = Plan.objects.filter(
            context_type=content_type, context_id=context.pk, status__in=OPEN_STATUSES
        ).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                plan = Plan.objects.create(
                    authority_id=authority_id,
                    context_type=content_type,
                    context_id=context.pk,
                    context_label=kind.plan_label(context)[:300],
                    lead=lead,
                    started_from=source_label.strip()[:300],
                    created_by=by,
                )
        except IntegrityError:
            return Plan.objects.get(
                context_type=content_type, context_id=context.pk, status__in=OPEN_STATUSES
            )
        log_change(record=plan, action=LogAction.COLLECT, detail=f"plan started for {plan.context_label}")
    return plan


def version_checks(
    *,
    plan: Plan,
    agreed_on: date,
    agreed_by: str,
    review_date: date,
    factors: list[FactorInput],
    previous: PlanVersion | None,
    late_entry_reason: str = "",
) -> tuple[str, date, str]:
    """``plan_agree``'s and ``plan_review``'s rules for a version (as of ``clock.today()``: the bulk form
    runs them as of each version's day): who agreed it, its factors, its dates against the last version
    and the review clock, why it is recorded late. Returns who agreed it, the review limit and the
    late-entry reason."""
    agreed_by = agreed_by.strip()
    if not agreed_by:
        raise RuleRefused("Say who agreed the plan: the meeting, or the people who agreed it.")
    rules.factors_check(factors, for_child=plan.child_id is not None)
    review = review_clock()
    limit = review.limit(agreed_on)
    rules.version_dates_check(
        today=clock.today(),
        agreed_on=agreed_on,
        review_date=review_date,
        limit=limit,
        clock_text=review.text,
        previous=(previous.number, previous.agreed_on) if previous is not None else None,
    )
    return agreed_by, limit, late.asked(agreed_on, late_entry_reason, what=AGREED)


def _record_version(
    *,
    plan: Plan,
    by: User,
    version: int,
    agreed_on: date,
    agreed_by: str,
    review_date: date,
    factors: Iterable[FactorInput],
    summary: str,
    child_views: str,
    family_views: str,
    progress: str,
    changes: str,
    expected_status: str,
    late_entry_reason: str = "",
) -> PlanVersion:
    factors = list(factors)
    previous = plan.versions.order_by("-number").first()
    agreed_by, limit, late_entry_reason = version_checks(
        plan=plan,
        agreed_on=agreed_on,
        agreed_by=agreed_by,
        review_date=review_date,
        factors=factors,
        previous=previous,
        late_entry_reason=late_entry_reason,
    )
    earlier = {
        factor.thread: factor.kind for factor in (previous.factors.all() if previous is not None else [])
    }
    number = plan.current_number + 1
    with transaction.atomic():
        if not Plan.objects.filter(pk=plan.pk, version=version, status=expected_status).update(
            version=version + 1,
            status=PlanStatus.ACTIVE,
            current_number=number,
            review_due=review_date,
        ):
            raise StaleVersion("this plan")
        record = PlanVersion.objects.create(
            plan=plan,
            number=number,
            agreed_on=agreed_on,
            agreed_by=agreed_by[:300],
            summary=summary.strip(),
            child_views=child_views.strip(),
            family_views=family_views.strip(),
            review_date=review_date,
            review_limit=limit,
            progress=progress.strip(),
            changes=changes.strip(),
            recorded_by=by,
        )
        # A new factor keeps a thread it names (the demo's, so the same day gives the same rows).
        threads = rules.factor_threads(factors, earlier, new=lambda factor: factor.thread or uuid.uuid4())
        rows = factor_rows(record, factors, threads)
        PlanFactor.objects.bulk_create(rows)
        bulk.created(PlanFactor, rows, by=by)
        late.keep(record, value=agreed_on, reason=late_entry_reason, by=by, what=AGREED)
        plan.refresh_from_db()
        bulk.changed(Plan, [plan], by=by)
        log_change(
            record=plan,
            detail=f"plan {'reviewed' if number > 1 else 'agreed'}: version {number}, "
            f"review by {review_date:%Y-%m-%d}",
        )
    return record


def factor_rows(
    version: PlanVersion, factors: list[FactorInput], threads: list[uuid.UUID]
) -> list[PlanFactor]:
    """The version's factors as stored: a category only for a contextual risk, a rating only for a risk."""
    return [
        PlanFactor(
            version=version,
            kind=factor.kind,
            category=factor.category if factor.kind == FactorKind.CONTEXTUAL_RISK else "",
            text=factor.text.strip(),
            rating=factor.rating if factor.kind in RISK_KINDS else "",
            thread=thread,
            order=order,
        )
        for order, (factor, thread) in enumerate(zip(factors, threads, strict=True))
    ]


def plan_agree(
    *,
    plan: Plan,
    by: User,
    version: int,
    agreed_on: date,
    agreed_by: str,
    review_date: date,
    factors: Iterable[FactorInput],
    summary: str = "",
    child_views: str = "",
    family_views: str = "",
    late_entry_reason: str = "",
) -> PlanVersion:
    """Agree a draft plan: its first version, with its factors, views and review date (and, agreed long
    before it is recorded, why it is recorded late)."""
    if plan.status != PlanStatus.DRAFT:
        raise RuleRefused("This plan has already been agreed: review it to record a new version.")
    return _record_version(
        plan=plan,
        by=by,
        version=version,
        agreed_on=agreed_on,
        agreed_by=agreed_by,
        review_date=review_date,
        factors=factors,
        summary=summary,
        child_views=child_views,
        family_views=family_views,
        progress="",
        changes="",
        expected_status=PlanStatus.DRAFT,
        late_entry_reason=late_entry_reason,
    )


# Who changes a plan (agrees, reviews, closes it, changes its lead, adds its actions): a role the plan
# policy lets write (any role that never does is refused before the plan is looked at), through a
# relationship that may change this plan: its lead, the child's allocated practitioner, a hub coordinator.
PLAN_WRITE_ROLES = frozenset().union(*PLAN_POLICY.write.values())


def plan_change_check(
    *, by: User, plan: Plan, refusal: str = "You can see this plan but cannot change it."
) -> Decision:
    """``Forbidden`` (403) for a role that never changes plans, or for a plan the person may see but not
    change; ``NotVisible`` (404) for a plan they may not see."""
    access.require_role(by, PLAN_WRITE_ROLES, refusal="Your role does not change plans.", verb="change plan")
    return access.require(by, plan, refusal=refusal, verb="change plan")


def plan_create(
    *, child: Child, by: User, lead: User | None = None, source_label: str = "", **version_values: Any
) -> PlanVersion:
    """Start a child's plan and agree its first version at once (a partner system's whole plan). The
    child must not have an open plan."""
    with transaction.atomic():
        if Plan.objects.filter(child=child, status__in=OPEN_STATUSES).exists():
            raise RuleRefused(f"{child.full_name} already has a plan: record a review of it instead.")
        plan = plan_start(child=child, by=by, lead=lead, source_label=source_label)
        return plan_agree(plan=plan, by=by, version=plan.version, **version_values)


def plan_review(
    *,
    plan: Plan,
    by: User,
    version: int,
    agreed_on: date,
    agreed_by: str,
    review_date: date,
    factors: Iterable[FactorInput],
    progress: str,
    changes: str = "",
    summary: str = "",
    child_views: str = "",
    family_views: str = "",
    late_entry_reason: str = "",
) -> PlanVersion:
    """Review an active plan: a new version, with the progress made and what changed. The last version
    stays as it was."""
    plan_change_check(by=by, plan=plan, refusal="You can see this plan but cannot review it.")
    if plan.status != PlanStatus.ACTIVE:
        raise RuleRefused(
            "Only an active plan can be reviewed."
            if plan.status == PlanStatus.CLOSED
            else "Agree the plan first: a review follows the first version."
        )
    if not progress.strip():
        raise RuleRefused("Say what progress has been made since the last version.")
    return _record_version(
        plan=plan,
        by=by,
        version=version,
        agreed_on=agreed_on,
        agreed_by=agreed_by,
        review_date=review_date,
        factors=factors,
        summary=summary,
        child_views=child_views,
        family_views=family_views,
        progress=progress,
        changes=changes,
        expected_status=PlanStatus.ACTIVE,
        late_entry_reason=late_entry_reason,
    )


def plan_close(*, plan: Plan, by: User, version: int, reason: str, note: str) -> Plan:
    plan_change_check(by=by, plan=plan)
    if reason not in CloseReason.values:
        raise RuleRefused("Choose why the plan is closing.")
    note = note.strip()
    if not note:
        raise RuleRefused("Say why the plan is closing and what happens next.")
    with transaction.atomic():
        if not Plan.objects.filter(pk=plan.pk, version=version, status__in=OPEN_STATUSES).update(
            version=version + 1,
            status=PlanStatus.CLOSED,
            closed_at=clock.now(),
            closed_by=by,
            close_reason=reason,
            close_note=note,
        ):
            raise StaleVersion("this plan")
        plan.refresh_from_db()
        bulk.changed(Plan, [plan], by=by)
        log_change(record=plan, detail=f"plan closed: {reason}")
    return plan


def factor_inputs_from(version: PlanVersion | None) -> list[FactorInput]:
    """The last version's factors as inputs, for a review that starts from them."""
    if version is None:
        return []
    return [
        FactorInput(factor.kind, factor.text, factor.rating, factor.category, factor.thread)
        for factor in version.factors.all()
    ]
