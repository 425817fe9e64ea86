"""Audits of plans: the current version checked against an audit form by someone independent of the
plan, answered question by question, with a grade and findings."""

from __future__ import annotations

from django.db import transaction

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
    if not by.has_role(*AUDIT_ROLES):
        raise RuleRefused("Plans are audited by hub coordinators and panel chairs.")
    if plan.lead_id == by.pk:
        raise RuleRefused("You lead this plan: someone independent of it audits it.")
    if plan.current_number < 1:
        raise RuleRefused("A draft plan cannot be audited: it has no agreed version yet.")
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
