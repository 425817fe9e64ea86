"""Pages for plans: the child's Plans tab, starting a plan (for a child or a context), the plan, agreeing
and reviewing it, a version, comparing versions, adding an action, closing it, and the list of plans due
for review. Auditing a plan is in ``audit_views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.accounts.models import Authority
from hub.accounts.signed_in import SignedInRequest
from hub.actions.selectors import actions_user_may_open
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.children.selectors import child_get_for_user
from hub.children.views import record_context
from hub.core import clock, late
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.plans import action_services, forms, selectors, services, version_forms
from hub.plans.access import (
    CONTEXT_START_ROLES,
    LIST_ROLES,
    START_ROLES,
    may_audit,
)
from hub.plans.models import ContextCategory, FactorKind, Plan, PlanStatus

SECTION_KEYS = {section.key for section in version_forms.SECTIONS}


def subject_context(request: SignedInRequest, plan: Plan) -> dict[str, Any]:
    """What every plan page shows about the plan's subject, and whether the reader may open the child's
    record (a panel chair may read a plan without holding the child)."""
    return {
        "plan": plan,
        "child": plan.child,
        "may_see_child": plan.child is not None and access.decide(request.user, plan.child).allowed,
    }


def review_clock_context(plan: Plan) -> dict[str, Any]:
    if plan.status != PlanStatus.ACTIVE or plan.review_due is None:
        return {"review_overdue": False, "review_days": None}
    today = clock.today()
    return {"review_overdue": plan.review_overdue(today), "review_days": abs((plan.review_due - today).days)}


# --- lists -------------------------------------------------------------------------------------------


@login_required
@role_required(*LIST_ROLES)
@require_GET
def plan_list(request: SignedInRequest) -> HttpResponse:
    """Plans whose review is overdue or due soon, drafts waiting to be agreed, and plan coverage."""
    queue = selectors.review_queue(request.user)
    shown = [item.plan for item in queue["overdue"] + queue["due_soon"]] + queue["drafts"]
    if shown:
        log_consultation(records=shown, justification="list of plans in the reader's scope", detail="plans")
    coverage = [
        (authority, selectors.plan_coverage(authority))
        for authority in Authority.objects.filter(pk__in=access.authority_ids(request.user)).order_by("name")
    ]
    return render(
        request,
        "plans/list.html",
        {
            **queue,
            "coverage": coverage,
            "may_start_context": request.user.has_role(*CONTEXT_START_ROLES),
            "due_soon_days": selectors.DUE_SOON_DAYS,
        },
    )


@login_required
@require_GET
def child_plans(request: SignedInRequest, pk: int) -> HttpResponse:
    """The child's Plans tab: the current plan with its review clock and versions, and earlier plans."""
    child, _ = child_get_for_user(request.user, pk, purpose="plans")
    plans = selectors.plans_for_child(request.user, child)
    if plans:
        log_consultation(records=plans, justification="child's record", detail="child's plans")
    current = next((plan for plan in plans if plan.is_open), None)
    latest = selectors.latest_version(current) if current else None
    context = record_context(request, child, "plans")
    context.update(
        {
            "current": current,
            "latest": latest,
            "factors": selectors.factors_by_kind(latest),
            "versions": selectors.versions_of(current) if current else [],
            "earlier": [plan for plan in plans if not plan.is_open],
            "may_start": current is None and request.user.has_role(*START_ROLES),
            **(review_clock_context(current) if current else {}),
        }
    )
    return render(request, "plans/child_plans.html", context)


# --- starting a plan ---------------------------------------------------------------------------------


@login_required
@role_required(*START_ROLES)
@require_http_methods(["GET", "POST"])
def start(request: SignedInRequest, pk: int) -> HttpResponse:
    child, _ = child_get_for_user(request.user, pk, purpose="start a plan")
    services.plan_start_check(by=request.user, child=child)
    existing = selectors.current_plan(child)
    if existing is not None:
        messages.error(
            request, f"{child.full_name} already has a plan: review it rather than starting another."
        )
        return redirect("plans:child_plans", pk=child.pk)
    leads = selectors.lead_candidates([child.authority_id])
    default = services.default_lead(child, request.user)
    form = forms.StartForm(
        request.POST or None,
        leads=leads,
        initial={"lead": default.pk if leads.filter(pk=default.pk).exists() else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_start(
                child=child,
                by=request.user,
                lead=form.cleaned_data["lead"],
                source_label=form.cleaned_data["started_from"],
            )
        except RuleRefused as refused:
            form.add_error("lead", str(refused))
        else:
            return _after_start(request, plan)
    return render(request, "plans/start.html", {"child": child, "form": form})


@login_required
@role_required(*CONTEXT_START_ROLES)
@require_http_methods(["GET", "POST"])
def start_context(request: SignedInRequest) -> HttpResponse:
    """Start a plan for a context: a school now, places and groups when the Hub holds them."""
    authority_ids = access.authority_ids(request.user)
    leads = selectors.lead_candidates(authority_ids)
    form = forms.ContextStartForm(
        request.POST or None,
        leads=leads,
        authority_ids=authority_ids,
        user=request.user,
        initial={"lead": request.user.pk, "context": request.GET.get("context", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_start_for_context(
                context=form.cleaned_data["context"],
                by=request.user,
                lead=form.cleaned_data["lead"],
                source_label=form.cleaned_data["started_from"],
            )
        except RuleRefused as refused:
            form.add_error("lead", str(refused))
        else:
            return _after_start(request, plan)
    return render(request, "plans/start_context.html", {"form": form})


def _after_start(request: SignedInRequest, plan: Plan) -> HttpResponse:
    if plan.current_number >= 1 or plan.created_by_id != request.user.pk:
        messages.error(request, f"There is already a plan for {plan.subject_label}.")
        return redirect("plans:detail", pk=plan.pk)
    if selectors.may_write(request.user, plan):
        messages.success(request, "Plan started. Fill it in, then agree it.")
        return redirect("plans:review", pk=plan.pk)
    messages.success(request, f"Plan started. {plan.lead.get_full_name()} will fill it in and agree it.")
    return redirect("plans:detail", pk=plan.pk)


# --- the plan ----------------------------------------------------------------------------------------


def contextual_groups(factors: dict[str, list[Any]]) -> list[tuple[str, list[Any]]]:
    """Contextual risks grouped by category, in the categories' order."""
    groups = []
    for value, label in ContextCategory.choices:
        rows = [factor for factor in factors[FactorKind.CONTEXTUAL_RISK] if factor.category == value]
        if rows:
            groups.append((label, rows))
    return groups


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    plan, _ = selectors.plan_get_for_user(request.user, pk)
    latest = selectors.latest_version(plan)
    factors = selectors.factors_by_kind(latest)
    actions = list(selectors.plan_actions(plan))
    today = clock.today()
    writable = selectors.may_write(request.user, plan)
    return render(
        request,
        "plans/detail.html",
        {
            **subject_context(request, plan),
            **review_clock_context(plan),
            "latest": latest,
            "factors": factors,
            "contextual_groups": contextual_groups(factors),
            "missing_kinds": [label for kind, label in FactorKind.choices if latest and not factors[kind]],
            "actions": actions,
            "openable": actions_user_may_open(request.user, actions),
            "overdue_actions": sum(action.is_overdue(today) for action in actions),
            "versions": selectors.versions_of(plan),
            "audits": selectors.audits_of(plan),
            "may_write": writable and plan.is_open,
            "may_audit": may_audit(request.user, plan),
            "may_set_lead": writable and plan.is_open,
            "changes": corrections_of(plan, show_narrative=may_see_fields(request.user, "narrative")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    """Agree a draft plan (version 1), or review an active one: the form starts from the last version's
    factors and views; the person changes, removes and adds."""
    plan, _ = selectors.plan_get_for_user(request.user, pk, purpose="agree or review plan")
    services.plan_change_check(by=request.user, plan=plan)
    if plan.status == PlanStatus.CLOSED:
        messages.error(request, "This plan is closed: start a new plan if one is needed.")
        return redirect("plans:detail", pk=plan.pk)
    reviewing = plan.status == PlanStatus.ACTIVE
    latest = selectors.latest_version(plan)
    review_clock = services.review_clock()
    options: dict[str, Any] = {
        "review": reviewing,
        "review_clock": review_clock,
        "carried": list(latest.factors.all()) if latest else [],
        "previous_agreed_on": latest.agreed_on if latest else None,
    }
    adding = request.POST.get("add", "")
    if request.method == "POST" and adding in SECTION_KEYS:
        form = version_forms.PlanVersionForm.with_another_row(request.POST, adding=adding, **options)
    elif request.method == "POST":
        form = version_forms.PlanVersionForm(request.POST, **options)
        if form.is_valid():
            saved = _save_version(request, plan, form, reviewing)
            if saved is not None:
                return saved
    else:
        today = clock.today()
        form = version_forms.PlanVersionForm(
            initial={
                "version": plan.version,
                "agreed_on": today,
                "review_date": review_clock.limit(today),
                "summary": latest.summary if latest else "",
                "child_views": latest.child_views if latest else "",
                "family_views": latest.family_views if latest else "",
            },
            **options,
        )
    return render(
        request,
        "plans/version_form.html",
        {
            **subject_context(request, plan),
            "form": form,
            "reviewing": reviewing,
            "latest": latest,
            "clock": clock,
        },
    )


def _save_version(
    request: SignedInRequest, plan: Plan, form: version_forms.PlanVersionForm, reviewing: bool
) -> HttpResponse | None:
    data = form.cleaned_data
    values = {
        "plan": plan,
        "by": request.user,
        "version": data["version"],
        "agreed_on": data["agreed_on"],
        "agreed_by": data["agreed_by"],
        "review_date": data["review_date"],
        "factors": data["factors"],
        "summary": data["summary"],
        "child_views": data["child_views"],
        "family_views": data["family_views"],
        "late_entry_reason": data["late_entry_reason"],
    }
    try:
        if reviewing:
            version = services.plan_review(**values, progress=data["progress"], changes=data["changes"])
        else:
            version = services.plan_agree(**values)
    except (RuleRefused, StaleVersion) as refused:
        add_refusal(form, refused)
        return None
    if reviewing:
        messages.success(request, f"Plan reviewed: version {version.number} is agreed. Here is what changed.")
        return redirect(
            f"{page_url('plans:compare', plan.pk)}?before={version.number - 1}&after={version.number}"
        )
    messages.success(request, f"Plan agreed. It is due for review by {version.review_date:%-d %B %Y}.")
    return redirect("plans:detail", pk=plan.pk)


def page_url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


@login_required
@require_GET
def version(request: SignedInRequest, pk: int, number: int) -> HttpResponse:
    plan, _ = selectors.plan_get_for_user(request.user, pk, purpose=f"plan version {number}")
    record = selectors.version_of(plan, number)
    if record is None:
        raise Http404
    factors = selectors.factors_by_kind(record)
    return render(
        request,
        "plans/version.html",
        {
            **subject_context(request, plan),
            "record": record,
            "late_entries": late.entries_for(record),
            "factors": factors,
            "contextual_groups": contextual_groups(factors),
            "is_current": record.number == plan.current_number,
        },
    )


@login_required
@require_GET
def compare(request: SignedInRequest, pk: int) -> HttpResponse:
    """What was added, removed and changed between two versions (by default, the last review)."""
    plan, _ = selectors.plan_get_for_user(request.user, pk, purpose="compare plan versions")
    numbers = [record.number for record in reversed(selectors.versions_of(plan))]
    form = forms.CompareForm(request.GET or None, numbers=numbers)
    comparison = None
    if len(numbers) >= 2:
        before, after = numbers[-2], numbers[-1]
        if form.is_bound and form.is_valid():
            before, after = sorted((form.cleaned_data["before"], form.cleaned_data["after"]))
        before_version, after_version = selectors.version_of(plan, before), selectors.version_of(plan, after)
        if before_version is None or after_version is None:
            # The numbers are the plan's own versions, so both are found; as the version page does.
            raise Http404
        comparison = selectors.compare_versions(before_version, after_version)
        if not form.is_bound:
            form = forms.CompareForm(initial={"before": before, "after": after}, numbers=numbers)
    return render(
        request,
        "plans/compare.html",
        {
            **subject_context(request, plan),
            "form": form,
            "comparison": comparison,
            "sections": [(label, comparison.by_kind[kind]) for kind, label in FactorKind.choices]
            if comparison
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: SignedInRequest, pk: int) -> HttpResponse:
    plan, _ = selectors.plan_get_for_user(request.user, pk, purpose="add a plan action")
    services.plan_change_check(by=request.user, plan=plan)
    if plan.status != PlanStatus.ACTIVE:
        messages.error(
            request,
            "Agree the plan before adding actions to it."
            if plan.status == PlanStatus.DRAFT
            else "This plan is closed.",
        )
        return redirect("plans:detail", pk=plan.pk)
    form = forms.ActionForm(
        request.POST or None,
        authority_id=plan.authority_id,
        people=selectors.owner_candidates(plan.authority_id),
        child=plan.child,
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = action_services.plan_action_add(
                plan=plan,
                by=request.user,
                **form.action_values(),
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Action added for {action.owner_text}, due {action.due:%-d %B %Y}.")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/action_form.html",
        {
            **subject_context(request, plan),
            "form": form,
            "back_url": page_url("plans:detail", plan.pk),
            "audit": None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: SignedInRequest, pk: int) -> HttpResponse:
    plan, _ = selectors.plan_get_for_user(request.user, pk, purpose="close plan")
    services.plan_change_check(by=request.user, plan=plan)
    if not plan.is_open:
        messages.error(request, "This plan is already closed.")
        return redirect("plans:detail", pk=plan.pk)
    form = forms.CloseForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_close(
                plan=plan,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Plan closed.")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/close.html", {**subject_context(request, plan), "form": form})
