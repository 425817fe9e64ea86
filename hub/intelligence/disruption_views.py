"""Pages for disruption activity: recorded from the target's page (``views.entity`` hands its form
here), and one disruption's page, where it is moved on (granted, breached, expired...) or corrected with a
reason. The services check who may; refusals are shown beside their field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.access import may_see_fields
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core import late
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import checks, disruption_services, selectors
from hub.intelligence.disruption_forms import DisruptionCorrectForm, DisruptionForm, DisruptionUpdateForm
from hub.intelligence.models import Disruption, Entity


def record_form(target: Entity, data: QueryDict | None = None) -> DisruptionForm:
    return DisruptionForm(
        data,
        prefix="disruption",
        tactics=disruption_services.tactics_for(target.kind),
        agencies=disruption_services.agencies_for(target),
    )


def record(request: SignedInRequest, target: Entity) -> tuple[DisruptionForm, HttpResponse | None]:
    """The entity page's "record disruption" form, posted: the form again with its errors, or where to
    go once it is recorded. The caller has made the check."""
    form = record_form(target, request.POST)
    if form.is_valid():
        try:
            done = disruption_services.disruption_record(by=request.user, target=target, **form.cleaned_data)
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"{done.tactic.name} recorded against {target.name}.")
            return form, redirect("intelligence:entity", pk=target.pk)
    return form, None


def _correct_form(record: Disruption, data: QueryDict | None = None) -> DisruptionCorrectForm:
    return DisruptionCorrectForm(
        data,
        prefix="correct",
        tactics=disruption_services.tactics_for(record.target.kind),
        agencies=disruption_services.agencies_for(record.target),
        initial={
            "version": record.version,
            "tactic": record.tactic_id,
            "agency": record.agency_id,
            "started_on": record.started_on,
            "expires_on": record.expires_on,
            "status": record.status,
            "conditions": record.conditions,
            "notes": record.notes,
        },
    )


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_http_methods(["GET", "POST"])
def disruption(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.disruption_get_for_user(request.user, pk)
    may_change = checks.disruption_change_allowed(by=request.user, disruption=record)
    update_form = DisruptionUpdateForm(
        prefix="update",
        initial={"version": record.version, "status": record.status, "expires_on": record.expires_on},
    )
    correct_form = _correct_form(record)
    if request.method == "POST":
        checks.disruption_change_check(by=request.user, disruption=record)
        if request.POST.get("form") == "correct":
            correct_form = _correct_form(record, request.POST)
            if correct_form.is_valid():
                data = dict(correct_form.cleaned_data)
                version, reason = data.pop("version"), data.pop("reason")
                # The form sends every fact; the correction is of those that differ.
                changes = {name: value for name, value in data.items() if getattr(record, name) != value}
                try:
                    disruption_services.disruption_correct(
                        by=request.user, disruption=record, version=version, reason=reason, **changes
                    )
                except (RuleRefused, StaleVersion) as refused:
                    add_refusal(correct_form, refused)
                else:
                    messages.success(request, "Correction recorded.")
                    return redirect("intelligence:disruption", pk=record.pk)
        else:
            update_form = DisruptionUpdateForm(request.POST, prefix="update")
            if update_form.is_valid():
                data = update_form.cleaned_data
                try:
                    disruption_services.disruption_update(
                        by=request.user,
                        disruption=record,
                        version=data["version"],
                        status=data["status"],
                        expires_on=data["expires_on"],
                        note=data["note"],
                    )
                except (RuleRefused, StaleVersion) as refused:
                    add_refusal(update_form, refused)
                else:
                    messages.success(request, "Recorded.")
                    return redirect("intelligence:disruption", pk=record.pk)
    return render(
        request,
        "intelligence/disruption.html",
        {
            "disruption": record,
            "may_change": may_change,
            "ended": record.status in disruption_services.ENDED,
            "update_form": update_form,
            "correct_form": correct_form,
            "corrections": corrections_of(record, show_narrative=may_see_fields(request.user, "narrative")),
            "late_entries": late.entries_for(record),
        },
    )
