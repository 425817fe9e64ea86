"""Pages for missing episodes: the hub's missing list, the missing report, the episode (return and
risk grade) and the child's Missing tab. Return interviews are in ``interview_views``, repeat-missing
alerts in ``alert_views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.accounts.models import Authority
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.children.forms import ChildIdentityForm
from hub.children.selectors import child_get_for_user, child_search
from hub.children.views import record_context
from hub.core import clock, late
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import MISSING_LIST_ROLES, Role
from hub.missing import checks, corrections, forms, interview_services, rules, selectors, services
from hub.missing.access import ALERT_ROLES, INTERVIEW_ROLES, REPORT_ROLES
from hub.missing.models import MissingEpisode, ReturnInterview

LIST_ROLES = MISSING_LIST_ROLES
FINISHED = {ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED}


@login_required
@role_required(*LIST_ROLES)
@require_GET
def missing_list(request: SignedInRequest) -> HttpResponse:
    now = clock.now()
    missing = selectors.open_episodes(request.user, now)
    waiting = selectors.interviews_waiting(request.user, now)
    if missing:
        log_consultation(
            records=[item.episode for item in missing],
            justification="missing list",
            detail="children missing now",
        )
    if waiting:
        log_consultation(
            records=[item.interview for item in waiting],
            justification="missing list",
            detail="return interviews waiting",
        )
    search = forms.ChildSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["name"].strip():
        query = search.cleaned_data["name"].strip()
        results = child_search(request.user, name=query, limit=10) or child_search(
            request.user, identifier=query, limit=10
        )
    return render(
        request,
        "missing/list.html",
        {
            "missing": missing,
            "waiting": waiting,
            "overdue_count": sum(item.overdue for item in waiting),
            "may_report": request.user.has_role(*REPORT_ROLES),
            "may_see_alerts": request.user.has_role(*ALERT_ROLES),
            "alerts_waiting": selectors.alerts_open_count(request.user)
            if request.user.has_role(*ALERT_ROLES)
            else 0,
            "search": search,
            "results": results,
            "searched": search.is_bound,
        },
    )


@login_required
@role_required(*REPORT_ROLES)
@require_http_methods(["GET", "POST"])
def report(request: SignedInRequest) -> HttpResponse:
    child_pk = request.POST.get("child") or request.GET.get("child")
    if not child_pk:
        return redirect("missing:list")
    child, _ = child_get_for_user(request.user, child_pk, purpose="missing report")
    checks.episode_report_check(by=request.user, child=child)
    form = forms.ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.episode_report(child=child, by=request.user, **form.report())
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"{child.full_name} is recorded as missing.")
            return redirect("missing:episode", pk=episode.pk)
    return render(request, "missing/report.html", {"child": child, "form": form})


@login_required
@role_required(*REPORT_ROLES)
@require_http_methods(["GET", "POST"])
def report_new_child(request: SignedInRequest) -> HttpResponse:
    """Report a child missing who is not yet on the Hub: their record is made in the same step. If the
    details match a record the reporter cannot see, nothing says so: the pair waits in the hub's
    duplicates queue."""
    authorities = Authority.objects.filter(pk__in=checks.episode_report_new_child_check(by=request.user))
    posted = request.POST if request.method == "POST" else None
    child_form = ChildIdentityForm(posted, authorities=authorities, prefix="child")
    form = forms.ReportForm(posted, user=request.user)
    if posted is not None and child_form.is_valid() and form.is_valid():
        try:
            episode = services.episode_report_new_child(
                by=request.user,
                authority=child_form.chosen_authority(),
                identity=child_form.identity(),
                report=form.report(),
            )
        except RuleRefused as refused:
            add_refusal(child_form if getattr(refused, "field", "") == "date_of_birth" else form, refused)
        else:
            messages.success(request, f"{episode.child.full_name} is on the Hub and recorded as missing.")
            return redirect("missing:episode", pk=episode.pk)
    return render(
        request,
        "missing/report_new_child.html",
        {
            "child_form": child_form,
            "form": form,
            # The one error summary lists the child's details' errors too, each linked to its field.
            "extra_errors": [
                {"href": f"#{child_form[name].id_for_label}" if name != "__all__" else "", "message": error}
                for name, errors in child_form.errors.items()
                for error in errors
            ],
        },
    )


def _episode_page(
    request: SignedInRequest,
    episode: MissingEpisode,
    *,
    return_form: forms.ReturnForm | None = None,
    risk_form: forms.RiskForm | None = None,
) -> HttpResponse:
    interview = (
        ReturnInterview.objects.filter(episode=episode)
        .select_related("allocated_to", "late_reason", "screening")
        .first()
    )
    may_change = checks.episode_change_allowed(by=request.user, episode=episode)
    may_see_child = access.decide(request.user, episode.child).allowed
    bound = return_form or risk_form
    narrative = may_see_fields(request.user, "narrative")
    return render(
        request,
        "missing/episode.html",
        {
            "episode": episode,
            "child": episode.child,
            "changes": episode.risk_changes.select_related(
                "changed_by", "corrects", "corrected_by__changed_by"
            ),
            "interview": interview,
            "late_entries": late.entries_for(episode, interview),
            "duration": selectors.duration_text(episode.duration(clock.now())),
            "may_see_child": may_see_child,
            "back": _back_link(request.user, episode.child, may_see_child=may_see_child),
            "may_read_interview": interview is not None
            and interview.status in FINISHED
            and access.decide(request.user, interview).allowed,
            "may_write": may_change,
            "may_allocate": interview is not None
            and interview.status not in FINISHED
            and interview_services.interview_allocate_allowed(by=request.user, interview=interview),
            "may_record_interview": interview is not None
            and interview.status not in FINISHED
            and request.user.has_role(*INTERVIEW_ROLES)
            and selectors.may_write(request.user, interview),
            "may_start_screening": interview is not None
            and interview.screening_id is None
            and interview.status == ReturnInterview.Status.COMPLETED
            and interview.indicators_observed.exists()
            and interview_services.interview_screening_allowed(by=request.user, interview=interview),
            "indicators_seen": list(interview.indicators_observed.all()) if interview else [],
            "may_correct": corrections.may_correct(request.user, episode, REPORT_ROLES),
            "may_correct_interview": interview is not None
            and interview.status in FINISHED
            and corrections.may_correct(request.user, interview, INTERVIEW_ROLES),
            "episode_corrections": corrections_of(episode, show_narrative=narrative),
            "interview_corrections": corrections_of(interview, show_narrative=narrative) if interview else [],
            "return_form": return_form
            or forms.ReturnForm(
                initial={"version": episode.version}, user=request.user if may_change else None
            ),
            "risk_form": risk_form or forms.RiskForm(initial={"grade": episode.risk_grade}),
            "form": bound,
        },
    )


def _return_form(request: SignedInRequest, episode: MissingEpisode, *, may_change: bool) -> forms.ReturnForm:
    """The return's form, with its pickers while the return is still to record by someone who may."""
    open_to_them = may_change and episode.returned_at is None
    return forms.ReturnForm(initial={"version": episode.version}, user=request.user if open_to_them else None)


def _back_link(user: Any, child: Any, *, may_see_child: bool) -> tuple[str, str]:
    """Where "back" leads from an episode: a page this reader may open."""
    if user.has_role(*LIST_ROLES):
        return reverse("missing:list"), "Back to the missing list"
    if may_see_child:
        return reverse(
            "missing:child_summary", args=[child.pk]
        ), f"Back to {child.first_name}'s missing history"
    if user.has_role(Role.RETURN_INTERVIEWER):
        return reverse("missing:interviews"), "Back to your return interviews"
    return reverse("core:home"), "Back to your work"


@login_required
@require_GET
def episode(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.episode_get_for_user(request.user, pk, purpose="missing episode")
    return _episode_page(request, record)


@login_required
@role_required(*REPORT_ROLES)
@require_POST
def record_return(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.episode_get_for_user(request.user, pk, purpose="record return")
    checks.episode_change_check(by=request.user, episode=record)
    form = forms.ReturnForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.episode_record_return(
                episode=record,
                by=request.user,
                version=data["version"],
                returned_at=data["returned_at"],
                hub_notified_at=data["hub_notified_at"],
                returned_where=data["returned_where"],
                returned_with=data["returned_with"],
                return_method=data["return_method"],
                late_entry_reason=data["late_entry_reason"],
                picks=form.picks(),
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Return recorded. The 72-hour return interview clocks have started.")
            return redirect("missing:episode", pk=record.pk)
    return _episode_page(request, record, return_form=form)


@login_required
@role_required(*REPORT_ROLES)
@require_POST
def risk_grade(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.episode_get_for_user(request.user, pk, purpose="risk grade")
    checks.episode_change_check(by=request.user, episode=record)
    form = forms.RiskForm(request.POST)
    if form.is_valid():
        try:
            services.risk_grade_set(
                episode=record,
                grade=form.cleaned_data["grade"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Risk grade changed to {record.get_risk_grade_display().lower()}.")
            return redirect("missing:episode", pk=record.pk)
    return _episode_page(request, record, risk_form=form)


@login_required
@require_GET
def child_summary(request: SignedInRequest, pk: int) -> HttpResponse:
    """A child's missing history: the last 12 months' episodes and durations, the trend by month, and
    the Ofsted Annex A list 8 figures."""
    child, _ = child_get_for_user(request.user, pk, purpose="missing summary")
    episodes = list(child.missing_episodes.select_related("interview").order_by("-last_seen_at"))
    now = clock.now()
    summary = rules.summarise(
        [rules.EpisodeSpan(e.last_seen_at, e.returned_at, e.dfe_code) for e in episodes], now=now
    )
    last = episodes[0] if episodes else None
    interview = getattr(last, "interview", None) if last else None
    context = record_context(request, child, "missing")
    # Whoever sees the child sees the list; each row links only where the reader may go (a panel
    # chair sees the child of an agenda item, not necessarily every episode of theirs).
    readable_episodes = access.visible(request.user, MissingEpisode.objects.filter(child=child))
    readable_interviews = access.visible(
        request.user, ReturnInterview.objects.filter(episode__child=child, status__in=FINISHED)
    )
    context.update(
        {
            "readable_episodes": set(readable_episodes.values_list("pk", flat=True)),
            "readable_interviews": set(readable_interviews.values_list("pk", flat=True)),
            "episodes": episodes[:50],
            "summary": summary,
            "months": sorted(summary.by_month.items()),
            "last_interview_offered": interview is not None,
            "last_interview_accepted": interview is not None
            and interview.status == ReturnInterview.Status.COMPLETED,
            "last_episode": last,
            "may_report": request.user.has_role(*REPORT_ROLES),
            "now": now,
        }
    )
    return render(request, "missing/child_summary.html", context)
