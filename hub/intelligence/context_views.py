"""Pages for contexts as cases: a place's, a group's or a person's case page (its assessments or risk,
and what the apps above add: its plan, the agendas it is on) and an assessment's own page, where it is
corrected with a reason. The services check who may; refusals are shown beside their field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.access import Relationship, may_see_fields
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import CASE_ROLES
from hub.intelligence import context_selectors, context_services, contexts
from hub.intelligence.context_forms import AssessmentCorrectForm, AssessmentForm, PersonRiskForm
from hub.intelligence.models import ASSESSABLE_KINDS, ContextAssessment, EntityKind

TEXTS = context_services.ASSESSMENT_TEXT


@login_required
@role_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case(request: SignedInRequest, pk: int) -> HttpResponse:
    record, decision = contexts.case_get_for_user(request.user, pk)
    may_change = context_services.case_change_allowed(by=request.user, entity=record)
    assessable = record.kind in ASSESSABLE_KINDS
    assessment_form = AssessmentForm(prefix="assessment") if may_change and assessable else None
    risk_form = PersonRiskForm(prefix="risk") if may_change and record.kind == EntityKind.PERSON else None
    if request.method == "POST":
        context_services.case_change_check(by=request.user, entity=record)
        if request.POST.get("form") == "risk" and risk_form is not None:
            risk_form = PersonRiskForm(request.POST, prefix="risk")
            if risk_form.is_valid():
                try:
                    context_services.person_risk_record(
                        by=request.user, person=record, **risk_form.cleaned_data
                    )
                except RuleRefused as refused:
                    add_refusal(risk_form, refused)
                else:
                    messages.success(request, f"{record.name}'s risk recorded.")
                    return redirect("intelligence:case", pk=record.pk)
        elif assessment_form is not None:
            assessment_form = AssessmentForm(request.POST, prefix="assessment")
            if assessment_form.is_valid():
                try:
                    context_services.assessment_record(
                        by=request.user, entity=record, **assessment_form.cleaned_data
                    )
                except RuleRefused as refused:
                    add_refusal(assessment_form, refused)
                else:
                    messages.success(request, f"Assessment of {record.name} recorded.")
                    return redirect("intelligence:case", pk=record.pk)
    assessments = context_selectors.assessments_of(request.user, record) if assessable else []
    risks = context_selectors.risks_of(request.user, record) if record.kind == EntityKind.PERSON else []
    return render(
        request,
        "intelligence/case.html",
        {
            "case": record,
            "intelligence_reader": decision.basis == Relationship.INTELLIGENCE,
            "assessable": assessable,
            "assessments": assessments,
            "risks": risks,
            "may_change": may_change,
            "assessment_form": assessment_form,
            "risk_form": risk_form,
            "sections": contexts.sections_for(request.user, record),
        },
    )


def _correct_form(record: ContextAssessment, data: QueryDict | None = None) -> AssessmentCorrectForm:
    initial: dict[str, Any] = {name: getattr(record, name) for name in TEXTS}
    initial.update(version=record.version, assessed_on=record.assessed_on)
    return AssessmentCorrectForm(data, prefix="correct", initial=initial)


@login_required
@role_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def assessment(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = context_selectors.assessment_get_for_user(request.user, pk)
    may_change = context_services.case_change_allowed(by=request.user, entity=record.entity)
    correct_form = _correct_form(record) if may_change else None
    if request.method == "POST":
        context_services.case_change_check(by=request.user, entity=record.entity)
        correct_form = _correct_form(record, request.POST)
        if correct_form.is_valid():
            data = dict(correct_form.cleaned_data)
            version, reason = data.pop("version"), data.pop("reason")
            # The form sends every part; the correction is of those that differ.
            changes = {name: value for name, value in data.items() if getattr(record, name) != value}
            try:
                context_services.assessment_correct(
                    by=request.user, assessment=record, version=version, reason=reason, **changes
                )
            except (RuleRefused, StaleVersion) as refused:
                add_refusal(correct_form, refused)
            else:
                messages.success(request, "Correction recorded.")
                return redirect("intelligence:assessment", pk=record.pk)
    return render(
        request,
        "intelligence/assessment.html",
        {
            "assessment": record,
            "case": record.entity,
            "correct_form": correct_form,
            "corrections": corrections_of(record, show_narrative=may_see_fields(request.user, "narrative")),
        },
    )
