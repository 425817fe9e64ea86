"""Pages for repeat-missing alerts: the hub's queue and the decision on one."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts.access import Action, may_see_fields
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.core import clock
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.missing import checks, corrections, forms, selectors, services
from hub.missing.access import ALERT_DECIDE_ROLES, ALERT_ROLES


@login_required
@role_required(*ALERT_ROLES)
@require_GET
def alerts(request: SignedInRequest) -> HttpResponse:
    """Repeat-missing alerts waiting for the hub's decision, oldest first, then the last 30 days'
    decisions."""
    waiting = selectors.alerts_open(request.user)
    decided = selectors.alerts_decided(request.user, clock.now() - timedelta(days=30))
    if waiting or decided:
        log_consultation(
            records=[*waiting, *decided], justification="hub staff", detail="repeat missing alerts"
        )
    return render(request, "missing/alerts.html", {"waiting": waiting, "decided": decided})


@login_required
@role_required(*ALERT_ROLES)
@require_http_methods(["GET", "POST"])
def alert(request: SignedInRequest, pk: int) -> HttpResponse:
    deciding = request.method == "POST"
    record, _ = selectors.alert_get_for_user(
        request.user, pk, action=Action.WRITE if deciding else Action.READ, purpose="repeat missing alert"
    )
    if deciding:
        checks.alert_decide_check(by=request.user, alert=record)
    may_decide = (
        record.is_open and not record.historic and checks.alert_decide_allowed(by=request.user, alert=record)
    )
    if deciding and not may_decide:
        if record.historic:
            messages.error(
                request, "This alert was recorded from past records: there is no decision to make."
            )
            return redirect("missing:alert", pk=record.pk)
        messages.error(request, "Someone has already decided on this alert: their decision is below.")
        return redirect("missing:alert", pk=record.pk)
    form = forms.AlertDecisionForm(request.POST or None, initial={"version": record.version})
    if deciding and form.is_valid():
        data = form.cleaned_data
        try:
            services.alert_decide(
                alert=record,
                by=request.user,
                version=data["version"],
                strategy_discussion=data["decision"] == "strategy",
                note=data["note"],
                hold_by=data["hold_by"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                "Strategy discussion requested."
                if data["decision"] == "strategy"
                else "Decision recorded: no further action on this alert.",
            )
            return redirect("missing:alerts")
    episodes = selectors.episodes_in_window(record)
    return render(
        request,
        "missing/alert.html",
        {
            "alert": record,
            "child": record.child,
            "episodes": [
                (episode, selectors.duration_text(episode.duration(clock.now()))) for episode in episodes
            ],
            "form": form,
            "may_decide": may_decide,
            "may_correct": not record.is_open
            and corrections.may_correct(request.user, record, ALERT_DECIDE_ROLES),
            "corrections": corrections_of(record, show_narrative=may_see_fields(request.user, "narrative")),
            "error_summary": bool(form.errors),
        },
    )
