"""Audits of plans: the current version checked against an audit form by someone independent of the
plan, answered question by question, with a grade and findings."""

from __future__ import annotations

from django.db import transaction

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.core import clock
from hub.core.errors import RuleRefused
from hub.plans.access import AUDIT_ROLES
from hub.plans.models import (
    AuditAnswer,
    AuditForm,
    AuditGrade,
    Plan,
    PlanAudit,
    PlanAuditAnswer,
)

LEAD_REFUSAL = "You lead this plan: someone independent of it audits it."
DRAFT_REFUSAL = "A draft plan cannot be audited: it has no agreed version yet."


def plan_audit_check(*, by: User, plan: Plan) -> None:
    """Who audits a plan (``may_audit``, stated as refusals): a hub coordinator or panel chair
    (``AUDIT_ROLES``; ``Forbidden`` otherwise) who may read the plan (``NotVisible`` otherwise), other
    than its lead, once it has an agreed version (each a ``RuleRefused`` saying so)."""
    access.require_role(
        by, AUDIT_ROLES, refusal="Plans are audited by hub coordinators and panel chairs.", verb="audit plan"
    )
    access.require(by, plan, refusal=LEAD_REFUSAL, action=Action.READ, verb="audit plan")
    if plan.lead_id == by.pk:
        raise RuleRefused(LEAD_REFUSAL)
    if plan.current_number < 1:
        raise RuleRefused(DRAFT_REFUSAL)


def plan_audit_record(
    *,
    plan: Plan,
    by: User,
    form: AuditForm,
    answers: dict[int, tuple[str, str]],
    grade: str,
    findings: str,
) -> PlanAudit:
    """Audit the plan's current version against an audit form: each active question answered met,
    partly met or not met (with a comment), an overall grade and the findings."""
    plan_audit_check(by=by, plan=plan)
    if grade not in AuditGrade.values:
        raise RuleRefused("Choose the overall grade.")
    findings = findings.strip()
    if not findings:
        raise RuleRefused("Write the audit's findings.")
    questions = list(form.questions.filter(active=True))
    if not questions:
        raise RuleRefused(f"The audit form {form.name} has no questions: ask your administrator.")
    for question in questions:
        answer, _ = answers.get(question.pk, ("", ""))
        if answer not in AuditAnswer.values:
            raise RuleRefused(f"Answer every question: {question.text}")
    current = plan.versions.get(number=plan.current_number)
    with transaction.atomic():
        audit = PlanAudit.objects.create(
            plan=plan,
            plan_version=current,
            form=form,
            grade=grade,
            findings=findings,
            auditor=by,
            audited_at=clock.now(),
        )
        PlanAuditAnswer.objects.bulk_create(
            PlanAuditAnswer(
                audit=audit,
                question=question,
                question_text=question.text,
                answer=answers[question.pk][0],
                comment=answers[question.pk][1].strip(),
            )
            for question in questions
        )
        log_change(record=audit, action=LogAction.COLLECT, detail=f"plan {plan.pk} audited: {grade}")
    return audit
