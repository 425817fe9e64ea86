"""Pages for missing episodes: the hub's missing list, the missing report, the episode (return and
risk grade), allocating the return interview, the interviewer's list and the interview itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.access import Action, may_see_fields
from hub.accounts.models import Authority
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.children import services as child_services
from hub.children.forms import ChildIdentityForm
from hub.children.selectors import child_get_for_user, child_search
from hub.children.views import record_context
from hub.core import clock, late
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import MISSING_LIST_ROLES, REFERRER_ROLES, Role
from hub.missing import corrections, forms, rules, selectors, services
from hub.missing.access import ALERT_DECIDE_ROLES, ALERT_ROLES, INTERVIEW_ROLES, REPORT_ROLES
from hub.missing.models import MissingEpisode, ReturnInterview

LIST_ROLES = MISSING_LIST_ROLES
FINISHED = {ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED}


@login_required
@role_required(*LIST_ROLES)
@require_GET
def missing_list(request: HttpRequest) -> HttpResponse:
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
def report(request: HttpRequest) -> HttpResponse:
    child_pk = request.POST.get("child") or request.GET.get("child")
    if not child_pk:
        return redirect("missing:list")
    child, _ = child_get_for_user(request.user, child_pk, purpose="missing report")
    form = forms.ReportForm(request.POST or None)
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
def report_new_child(request: HttpRequest) -> HttpResponse:
    """Report a child missing who is not yet on the Hub: their record is made in the same step. If the
    details match a record the reporter cannot see, nothing says so: the pair waits in the hub's
    duplicates queue."""
    authorities = Authority.objects.filter(pk__in=access.authority_ids(request.user))
    if not authorities.exists():
        raise PermissionDenied
    posted = request.POST if request.method == "POST" else None
    child_form = ChildIdentityForm(posted, authorities=authorities, prefix="child")
    form = forms.ReportForm(posted)
    if posted is not None and child_form.is_valid() and form.is_valid():
        try:
            with transaction.atomic():  # no record of a child without the report that made it
                child = child_services.child_create(
                    authority=child_form.chosen_authority(), by=request.user, **child_form.identity()
                )
                episode = services.episode_report(child=child, by=request.user, **form.report())
        except RuleRefused as refused:
            add_refusal(child_form if getattr(refused, "field", "") == "date_of_birth" else form, refused)
        else:
            messages.success(request, f"{child.full_name} is on the Hub and recorded as missing.")
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
    request: HttpRequest,
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
    may_write = selectors.may_write(request.user, episode)
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
            "may_write": may_write and request.user.has_role(*REPORT_ROLES),
            "may_allocate": interview is not None
            and interview.status not in FINISHED
            and may_write
            and request.user.has_role(Role.HUB_COORDINATOR),
            "may_record_interview": interview is not None
            and interview.status not in FINISHED
            and request.user.has_role(*INTERVIEW_ROLES)
            and selectors.may_write(request.user, interview),
            "may_start_screening": interview is not None
            and interview.screening_id is None
            and interview.status == ReturnInterview.Status.COMPLETED
            and interview.indicators_observed.exists()
            and _may_start_screening(request.user, interview),
            "indicators_seen": list(interview.indicators_observed.all()) if interview else [],
            "may_correct": corrections.may_correct(request.user, episode, REPORT_ROLES),
            "may_correct_interview": interview is not None
            and interview.status in FINISHED
            and corrections.may_correct(request.user, interview, INTERVIEW_ROLES),
            "episode_corrections": corrections_of(episode, show_narrative=narrative),
            "interview_corrections": corrections_of(interview, show_narrative=narrative) if interview else [],
            "return_form": return_form or forms.ReturnForm(initial={"version": episode.version}),
            "risk_form": risk_form or forms.RiskForm(initial={"grade": episode.risk_grade}),
            "form": bound,
        },
    )


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
def episode(request: HttpRequest, pk: int) -> HttpResponse:
    record, _ = selectors.episode_get_for_user(request.user, pk, purpose="missing episode")
    return _episode_page(request, record)


@login_required
@role_required(*REPORT_ROLES)
@require_POST
def record_return(request: HttpRequest, pk: int) -> HttpResponse:
    record, _ = selectors.episode_get_for_user(request.user, pk, action=Action.WRITE, purpose="record return")
    form = forms.ReturnForm(request.POST)
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
def risk_grade(request: HttpRequest, pk: int) -> HttpResponse:
    record, _ = selectors.episode_get_for_user(request.user, pk, action=Action.WRITE, purpose="risk grade")
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
@role_required(Role.HUB_COORDINATOR)
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    interview, _ = selectors.interview_get_for_user(request.user, pk, action=Action.WRITE, purpose="allocate")
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
            services.interview_allocate(interview=interview, worker=worker, by=request.user)
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
def interviews(request: HttpRequest) -> HttpResponse:
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
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    record, _ = selectors.interview_get_for_user(request.user, pk, purpose="return interview")
    services.interview_record_check(by=request.user, interview=record)
    if record.status in FINISHED:
        return redirect("missing:episode", pk=record.episode_id)
    form = forms.InterviewForm(
        request.POST or None,
        due_at=record.interview_due_at,
        initial=_initial(record),
        may_start_screening=_may_start_screening(request.user, record),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.interview_record(
                    interview=record, by=request.user, version=form.cleaned_data["version"], **form.values()
                )
                screening = (
                    services.interview_start_screening(interview=record, by=request.user)
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
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
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


def _may_start_screening(user: Any, interview: ReturnInterview) -> bool:
    """Whoever may record the interview and may refer a concern can start a screening from it."""
    return (
        user.has_role(*REFERRER_ROLES) and user.agency_id is not None and selectors.may_write(user, interview)
    )


@login_required
@role_required(*REFERRER_ROLES)
@require_POST
def interview_screening(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a screening, pre-filled, from the signs of exploitation seen at a recorded interview."""
    record, _ = selectors.interview_get_for_user(
        request.user, pk, action=Action.WRITE, purpose="start a screening from the interview"
    )
    if not _may_start_screening(request.user, record):
        raise PermissionDenied
    try:
        screening = services.interview_start_screening(interview=record, by=request.user)
    except RuleRefused as refused:
        messages.error(request, str(refused))
        return redirect("missing:episode", pk=record.episode_id)
    messages.success(
        request, "Screening started from the interview: check it, add what you know and submit it."
    )
    return redirect("screening:task_list", pk=screening.pk)


# --- repeat missing alerts -------------------------------------------------------------------------


@login_required
@role_required(*ALERT_ROLES)
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
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
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    deciding = request.method == "POST"
    record, _ = selectors.alert_get_for_user(
        request.user, pk, action=Action.WRITE if deciding else Action.READ, purpose="repeat missing alert"
    )
    may_decide = record.is_open and not record.historic and request.user.has_role(Role.HUB_COORDINATOR)
    if deciding and not may_decide:
        if record.is_open and not record.historic:
            raise PermissionDenied
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


@login_required
@require_GET
def child_summary(request: HttpRequest, pk: int) -> HttpResponse:
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
