"""The page to change who leads a plan, with the reason the plan's history keeps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.signed_in import SignedInRequest
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.plans import corrections, forms, selectors, services
from hub.plans.views import subject_context


@login_required
@require_http_methods(["GET", "POST"])
def lead(request: SignedInRequest, pk: int) -> HttpResponse:
    plan, _ = selectors.plan_get_for_user(request.user, pk, purpose="change plan lead")
    services.plan_change_check(by=request.user, plan=plan)
    if not plan.is_open:
        messages.error(request, "This plan is closed: it keeps the lead it had when it closed.")
        return redirect("plans:detail", pk=plan.pk)
    form = forms.LeadForm(
        request.POST or None,
        leads=selectors.lead_candidates([plan.authority_id]).exclude(pk=plan.lead_id),
        initial={"version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections.plan_lead_set(
                plan=plan, by=request.user, version=data["version"], lead=data["lead"], reason=data["reason"]
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"{data['lead'].get_full_name()} now leads the plan.")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/lead.html", {**subject_context(request, plan), "form": form})
