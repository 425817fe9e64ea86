"""Plans in the child's chronology: agreed, reviewed, closed, audited and their leads changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.children.chronology import ChronologyEvent, correction_event
from hub.core.corrections import corrections_among
from hub.plans.models import Plan, PlanAudit, PlanVersion


def _at(record: PlanVersion) -> datetime:
    """When a version was agreed: the time it was recorded if that was the same day; otherwise (agreed
    at a meeting, recorded later) the start of the day it was agreed, so it sits in order."""
    if timezone.localdate(record.recorded_at) == record.agreed_on:
        return record.recorded_at
    return timezone.make_aware(datetime.combine(record.agreed_on, time.min))


def plan_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    narrative = may_see_fields(user, "narrative")
    plans = list(access.visible(user, Plan.objects.filter(child=child)).select_related("closed_by__agency"))
    if not plans:
        return
    versions = PlanVersion.objects.filter(plan__in=plans).select_related("recorded_by", "recorded_by__agency")
    for record in versions:
        url = reverse("plans:version", args=[record.plan_id, record.number])
        detail = record.progress if record.is_review else record.summary
        yield ChronologyEvent(
            _at(record),
            "plan",
            f"Plan reviewed (version {record.number})" if record.is_review else "Plan agreed",
            (detail if narrative else "") or f"Review by {record.review_date:%-d %B %Y}",
            agency=str(record.recorded_by.agency or ""),
            by=record.recorded_by.get_full_name(),
            url=url,
        )
    for plan in plans:
        if plan.closed_at is None:
            continue
        yield ChronologyEvent(
            plan.closed_at,
            "plan",
            f"Plan closed: {plan.get_close_reason_display().lower()}",
            plan.close_note if narrative else "",
            agency=str(plan.closed_by.agency or "") if plan.closed_by and plan.closed_by.agency_id else "",
            by=plan.closed_by.get_full_name() if plan.closed_by else "",
            url=reverse("plans:detail", args=[plan.pk]),
        )
    audits = PlanAudit.objects.filter(plan__in=plans).select_related(
        "plan_version", "auditor", "auditor__agency"
    )
    for audit in audits:
        yield ChronologyEvent(
            audit.audited_at,
            "plan",
            f"Plan audited (version {audit.plan_version.number}): {audit.get_grade_display().lower()}",
            "",
            agency=str(audit.auditor.agency or ""),
            by=audit.auditor.get_full_name(),
            url=reverse("plans:audit_detail", args=[audit.pk]),
        )
    for correction in corrections_among(Plan, [plan.pk for plan in plans], show_narrative=narrative):
        yield correction_event(
            correction,
            kind="plan",
            title="Plan lead changed" if _fields(correction) == {"lead"} else "Plan corrected",
            url=reverse("plans:detail", args=[correction.record_id]),
        )


def _fields(correction: Any) -> set[str]:
    return {change.field for change in correction.changes}
