"""Pages for return interviews: allocating one, the interviewer's list, the interview and its record, and
starting a screening from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.access import Action, may_see_fields
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.core import clock
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import REFERRER_ROLES, Role
from hub.missing import forms, interview_services, selectors
from hub.missing.access import INTERVIEW_ROLES
from hub.missing.models import ReturnInterview
from hub.missing.views import FINISHED


@login_required
@role_required(Role.HUB_COORDINATOR)
@require_http_methods(["GET", "POST"])
def allocate(request: SignedInRequest, pk: int) -> HttpResponse:
    interview, _ = selectors.interview_get_for_user(request.user, pk, purpose="allocate")
    interview_services.interview_allocate_check(by=request.user, interview=interview)
    if interview.status in FINISHED:
        return redirect("missing:episode", pk=interview.episode_id)
    form = forms.AllocateForm(
        request.POST or None,
        workers=selectors.interviewers_for(interview),
        initial={"worker": interview.allocated_to_id},
    )
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["worker"]
        try:
            interview_services.interview_allocate(interview=interview, worker=worker, by=request.user)
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Return interview allocated to {worker.get_full_name()}.")
            return redirect("missing:list")
    return render(
        request,
        "missing/allocate.html",
        {"interview": interview, "child": interview.episode.child, "form": form, "now": clock.now()},
    )


@login_required
@role_required(Role.RETURN_INTERVIEWER)
@require_GET
def interviews(request: SignedInRequest) -> HttpResponse:
    items = selectors.my_interviews(request.user)
    if items:
        log_consultation(
            records=[item.interview for item in items],
            justification="allocated",
            detail="my return interviews",
        )
    return render(
        request,
        "missing/interviews.html",
        {"items": items, "overdue_count": sum(item.overdue for item in items)},
    )


@login_required
@role_required(*INTERVIEW_ROLES)
@require_http_methods(["GET", "POST"])
def interview(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.interview_get_for_user(request.user, pk, purpose="return interview")
    interview_services.interview_record_check(by=request.user, interview=record)
    if record.status in FINISHED:
        return redirect("missing:episode", pk=record.episode_id)
    form = forms.InterviewForm(
        request.POST or None,
        due_at=record.interview_due_at,
        initial=_initial(record),
        may_start_screening=interview_services.interview_screening_allowed(by=request.user, interview=record),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                interview_services.interview_record(
                    interview=record, by=request.user, version=form.cleaned_data["version"], **form.values()
                )
                screening = (
                    interview_services.interview_start_screening(interview=record, by=request.user)
                    if form.cleaned_data.get("start_screening")
                    else None
                )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            if screening is not None:
                messages.success(
                    request,
                    "Return interview recorded, and a screening started from it: check it, add what you know "
                    "and submit it to the hub.",
                )
                return redirect("screening:task_list", pk=screening.pk)
            messages.success(request, "Return interview recorded.")
            return redirect("missing:episode", pk=record.episode_id)
    return render(
        request,
        "missing/interview.html",
        {
            "interview": record,
            "child": record.episode.child,
            "form": form,
            "overdue": record.is_overdue(),
        },
    )


@login_required
@require_GET
def interview_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A recorded return interview, read in full: every field recorded, the narrative only for roles
    that may read narrative."""
    record, _ = selectors.interview_get_for_user(request.user, pk, purpose="read the return interview")
    if record.status not in FINISHED:
        return redirect("missing:episode", pk=record.episode_id)
    child = record.episode.child
    return render(
        request,
        "missing/interview_detail.html",
        {
            "interview": record,
            "episode": record.episode,
            "child": child,
            "may_see_child": access.decide(request.user, child).allowed,
            "narrative": may_see_fields(request.user, "narrative"),
            "factors": list(record.factors.order_by("kind", "name")),
            "indicators": list(record.indicators_observed.order_by("name")),
        },
    )


def _initial(record: ReturnInterview) -> dict[str, Any]:
    return {"version": record.version}


@login_required
@role_required(*REFERRER_ROLES)
@require_POST
def interview_screening(request: SignedInRequest, pk: int) -> HttpResponse:
    """Start a screening, pre-filled, from the signs of exploitation seen at a recorded interview."""
    # An interview the reader may not change is not revealed here (the page's answer before the rule
    # moved into the service): the lookup asks for change, then the service's check decides.
    record, _ = selectors.interview_get_for_user(
        request.user, pk, action=Action.WRITE, purpose="start a screening from the interview"
    )
    interview_services.interview_screening_check(by=request.user, interview=record)
    try:
        screening = interview_services.interview_start_screening(interview=record, by=request.user)
    except RuleRefused as refused:
        messages.error(request, str(refused))
        return redirect("missing:episode", pk=record.episode_id)
    messages.success(
        request, "Screening started from the interview: check it, add what you know and submit it."
    )
    return redirect("screening:task_list", pk=screening.pk)
