"""Pages to cancel a planned meeting, or move it to another time, each with the reason its members will
read on their home page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.panels import forms, selectors, services
from hub.panels.access import MEETING_ROLES
from hub.panels.models import Meeting


def _planned_or_back(request: SignedInRequest, meeting: Meeting) -> HttpResponse | None:
    """Whoever runs the meeting changes it (others who see it are refused), while it is planned."""
    services.meeting_run_check(by=request.user, meeting=meeting)
    if meeting.status == Meeting.Status.PLANNED:
        return None
    messages.error(request, f"This meeting is {meeting.get_status_display().lower()}: it cannot be changed.")
    return redirect("panels:meeting", pk=meeting.pk)


@login_required
@role_required(*MEETING_ROLES)
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting, _ = selectors.meeting_get_for_user(request.user, pk, purpose="cancel meeting")
    if (back := _planned_or_back(request, meeting)) is not None:
        return back
    form = forms.CancelForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                "Meeting cancelled. Its members are told on their home page, and its items are proposed for "
                "the panel's next meeting.",
            )
            return redirect("panels:meeting", pk=meeting.pk)
    return render(
        request,
        "panels/meeting_cancel.html",
        {"meeting": meeting, "form": form, "notice_days": selectors.NOTICE_DAYS},
    )


@login_required
@role_required(*MEETING_ROLES)
@require_http_methods(["GET", "POST"])
def meeting_move(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting, _ = selectors.meeting_get_for_user(request.user, pk, purpose="move meeting")
    if (back := _planned_or_back(request, meeting)) is not None:
        return back
    form = forms.MoveForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_move(
                meeting=meeting,
                by=request.user,
                version=form.cleaned_data["version"],
                held_at=form.cleaned_data["held_at"],
                reason=form.cleaned_data["reason"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Meeting moved. Its members are told on their home page.")
            return redirect("panels:meeting", pk=meeting.pk)
    return render(request, "panels/meeting_move.html", {"meeting": meeting, "form": form})
