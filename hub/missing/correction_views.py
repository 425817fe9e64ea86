"""Pages to put right what was recorded about a missing episode: its dates and times, an entry of its
risk-grade history, its return interview and the hub's decision on a repeat-missing alert. Each is a
form with the record as it stands, the reason for the correction, and the service's message beside the
field it is about; the record's page then shows the correction in its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts import access
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.missing import corrections, forms, selectors
from hub.missing.access import ALERT_DECIDE_ROLES, INTERVIEW_ROLES, REPORT_ROLES
from hub.missing.models import RiskGradeChange


@login_required
@role_required(*REPORT_ROLES)
@require_http_methods(["GET", "POST"])
def episode_correct(request: SignedInRequest, pk: int) -> HttpResponse:
    episode, _ = selectors.episode_get_for_user(request.user, pk, purpose="correct missing episode")
    corrections.correction_check(by=request.user, record=episode, roles=REPORT_ROLES)
    form = forms.EpisodeCorrectForm(
        request.POST or None,
        returned=not episode.is_open,
        initial=forms.EpisodeCorrectForm.initial_for(episode),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections.episode_correct(
                episode=episode,
                by=request.user,
                version=data["version"],
                reason=data["reason"],
                last_seen_at=data["last_seen_at"],
                reported_at=data["reported_at"],
                returned_at=data.get("returned_at"),
                hub_notified_at=data.get("hub_notified_at"),
                late_entry_reason=data["late_entry_reason"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Episode corrected. The correction and its reason are in its history.")
            return redirect("missing:episode", pk=episode.pk)
    return render(
        request, "missing/episode_correct.html", {"episode": episode, "child": episode.child, "form": form}
    )


@login_required
@role_required(*REPORT_ROLES)
@require_http_methods(["GET", "POST"])
def risk_grade_correct(request: SignedInRequest, pk: int) -> HttpResponse:
    change, _ = access.get_logged(
        request.user,
        RiskGradeChange,
        pk,
        queryset=RiskGradeChange.objects.select_related("episode", "episode__child", "changed_by"),
        purpose="correct risk grade",
    )
    corrections.correction_check(by=request.user, record=change.episode, roles=REPORT_ROLES)
    episode = change.episode
    if change.is_corrected:
        messages.error(request, "That risk grade has already been corrected: its correction is below it.")
        return redirect("missing:episode", pk=episode.pk)
    form = forms.RiskCorrectForm(
        request.POST or None,
        initial={
            "version": episode.version,
            "grade": change.grade,
            **forms.when_initial(changed_at=change.changed_at),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections.risk_grade_correct(
                change=change,
                by=request.user,
                version=data["version"],
                grade=data["grade"],
                changed_at=data["changed_at"],
                reason=data["reason"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Risk grade corrected. The wrong entry stays in the history, marked.")
            return redirect("missing:episode", pk=episode.pk)
    return render(
        request,
        "missing/risk_correct.html",
        {"change": change, "episode": episode, "child": episode.child, "form": form},
    )


@login_required
@role_required(*INTERVIEW_ROLES)
@require_http_methods(["GET", "POST"])
def interview_correct(request: SignedInRequest, pk: int) -> HttpResponse:
    interview, _ = selectors.interview_get_for_user(request.user, pk, purpose="correct return interview")
    corrections.correction_check(by=request.user, record=interview, roles=INTERVIEW_ROLES)
    if interview.status not in corrections.FINISHED:
        return redirect("missing:interview", pk=interview.pk)
    form = forms.InterviewCorrectForm(
        request.POST or None, interview=interview, initial=forms.InterviewCorrectForm.initial_for(interview)
    )
    if request.method == "POST" and form.is_valid():
        try:
            corrections.interview_correct(
                interview=interview,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.values(),
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Return interview corrected. The correction is in its history.")
            return redirect("missing:episode", pk=interview.episode_id)
    return render(
        request,
        "missing/interview_correct.html",
        {"interview": interview, "child": interview.episode.child, "form": form},
    )


@login_required
@role_required(*ALERT_DECIDE_ROLES)
@require_http_methods(["GET", "POST"])
def alert_correct(request: SignedInRequest, pk: int) -> HttpResponse:
    alert, _ = selectors.alert_get_for_user(request.user, pk, purpose="correct repeat missing decision")
    corrections.correction_check(by=request.user, record=alert, roles=ALERT_DECIDE_ROLES)
    if alert.is_open:
        return redirect("missing:alert", pk=alert.pk)
    form = forms.AlertCorrectForm(request.POST or None, initial=forms.AlertCorrectForm.initial_for(alert))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections.alert_decision_correct(
                alert=alert,
                by=request.user,
                version=data["version"],
                reason=data["reason"],
                strategy_discussion=data["decision"] == "strategy",
                note=data["note"],
                hold_by=data["hold_by"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Decision corrected. The correction and its reason are in its history.")
            return redirect("missing:alert", pk=alert.pk)
    return render(request, "missing/alert_correct.html", {"alert": alert, "child": alert.child, "form": form})
