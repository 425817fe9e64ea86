"""Pages for auditing a plan: the audit against a form, an audit, and an action arising from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts.signed_in import SignedInRequest
from hub.actions.selectors import actions_user_may_open
from hub.audit.decorators import role_required
from hub.core.errors import RuleRefused
from hub.core.forms import add_refusal
from hub.plans import action_services, audit_services, forms, selectors
from hub.plans.access import (
    AUDIT_ROLES,
    may_audit,
)
from hub.plans.models import AuditForm
from hub.plans.views import contextual_groups, page_url, review_clock_context, subject_context


@login_required
@role_required(*AUDIT_ROLES)
@require_http_methods(["GET", "POST"])
def audit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Audit the plan's current version against one of the partnership's audit forms."""
    plan, _ = selectors.plan_get_for_user(request.user, pk, purpose="audit plan")
    try:
        audit_services.plan_audit_check(by=request.user, plan=plan)
    except RuleRefused as refused:
        messages.error(request, str(refused))
        return redirect("plans:detail", pk=plan.pk)
    audit_forms = list(AuditForm.objects.filter(active=True, questions__active=True).distinct())
    chosen = next(
        (item for item in audit_forms if item.code == request.GET.get("form")),
        audit_forms[0] if audit_forms else None,
    )
    questions = list(chosen.questions.filter(active=True)) if chosen else []
    form = forms.PlanAuditForm(request.POST or None, questions=questions)
    if request.method == "POST" and chosen is not None and form.is_valid():
        try:
            record = audit_services.plan_audit_record(
                plan=plan,
                by=request.user,
                form=chosen,
                answers=form.answers(),
                grade=form.cleaned_data["grade"],
                findings=form.cleaned_data["findings"],
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Audit recorded. Add any actions arising from it below.")
            return redirect("plans:audit_detail", pk=record.pk)
    latest = selectors.latest_version(plan)
    factors = selectors.factors_by_kind(latest)
    return render(
        request,
        "plans/audit_form.html",
        {
            **subject_context(request, plan),
            **review_clock_context(plan),
            "form": form,
            "audit_forms": audit_forms,
            "chosen": chosen,
            "latest": latest,
            "factors": factors,
            "contextual_groups": contextual_groups(factors),
            "actions": list(selectors.plan_actions(plan)),
            "openable": set(),
        },
    )


@login_required
@require_GET
def audit_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.audit_get_for_user(request.user, pk)
    actions = list(selectors.plan_actions(record))
    return render(
        request,
        "plans/audit.html",
        {
            **subject_context(request, record.plan),
            "audit": record,
            "answers": record.answers.all(),
            "actions": actions,
            "openable": actions_user_may_open(request.user, actions),
            "may_add_action": may_audit(request.user, record.plan),
        },
    )


@login_required
@role_required(*AUDIT_ROLES)
@require_http_methods(["GET", "POST"])
def audit_action_add(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.audit_get_for_user(request.user, pk, purpose="add an action arising from an audit")
    plan = record.plan
    action_services.audit_action_check(by=request.user, audit=record)
    form = forms.ActionForm(
        request.POST or None,
        authority_id=plan.authority_id,
        people=selectors.owner_candidates(plan.authority_id),
        child=plan.child,
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = action_services.audit_action_add(
                audit=record,
                by=request.user,
                **form.action_values(),
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Action arising added for {action.owner_text}.")
            return redirect("plans:audit_detail", pk=record.pk)
    return render(
        request,
        "plans/action_form.html",
        {
            **subject_context(request, plan),
            "form": form,
            "audit": record,
            "back_url": page_url("plans:audit_detail", record.pk),
        },
    )
