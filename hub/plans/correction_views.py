"""The page to change who leads a plan, with the reason the plan's history keeps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.access import Action
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.plans import corrections, forms, selectors
from hub.plans.views import subject_context


@login_required
@require_http_methods(["GET", "POST"])
def lead(request: HttpRequest, pk: int) -> HttpResponse:
    plan, _ = selectors.plan_get_for_user(request.user, pk, action=Action.WRITE, purpose="change plan lead")
    if not corrections.may_set_lead(request.user, plan):
        raise PermissionDenied
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
