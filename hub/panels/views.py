"""Pages for panels and meetings: the panels list and a panel's meetings, planning a meeting, building
the agenda from the Hub's proposals, the briefing, recording attendance, what was shared, decisions and
actions for each item, issuing the minutes, the agenda pack and minutes as PDF (each copy for one
named reader), and SEP monitoring."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts.access import Action, may_see_fields
from hub.accounts.models import User
from hub.accounts.signed_in import SignedInRequest
from hub.actions.selectors import actions_user_may_open, owner_agencies
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation, log_refusal
from hub.children.selectors import child_search
from hub.core import clock, late
from hub.core.corrections import corrections_of
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import OVERSIGHT_ROLES
from hub.panels import agenda, briefing, cases, checks, documents, forms, selectors, services
from hub.panels.access import MEETING_ROLES
from hub.panels.models import AgendaItem, Meeting, SubjectKind

SEP_ROLES = OVERSIGHT_ROLES


@login_required
@role_required(*MEETING_ROLES)
@require_GET
def panel_list(request: SignedInRequest) -> HttpResponse:
    panels = list(selectors.panels_for(request.user))
    upcoming = selectors.upcoming_for(request.user)
    return render(
        request,
        "panels/list.html",
        {"panels": panels, "upcoming": upcoming, "may_see_sep": request.user.has_role(*SEP_ROLES)},
    )


@login_required
@role_required(*MEETING_ROLES)
@require_http_methods(["GET", "POST"])
def panel(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.panel_get_for_user(request.user, pk)
    if request.method == "POST":
        services.meeting_schedule_check(by=request.user, panel=record)
    form = forms.ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                panel=record,
                by=request.user,
                held_at=form.cleaned_data["held_at"],
                place=form.cleaned_data["place"],
                late_entry_reason=form.cleaned_data["late_entry_reason"],
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Meeting planned: {meeting.label}. Its members are invited.")
            return redirect("panels:agenda", pk=meeting.pk)
    return render(
        request,
        "panels/panel.html",
        {
            "panel": record,
            "meetings": selectors.meetings_for(request.user, record),
            "members": record.members.select_related("agency").order_by("last_name"),
            "agencies": record.member_agencies.order_by("name"),
            "form": form,
            "may_schedule": checks.meeting_schedule_allowed(by=request.user, panel=record),
            "error_summary": bool(form.errors),
        },
    )


@login_required
@role_required(*MEETING_ROLES)
@require_GET
def meeting(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.meeting_get_for_user(request.user, pk)
    entitled = {item.pk for item in selectors.entitled_items(request.user, record)}
    items = list(record.items.select_related("child", "school").order_by("order", "pk"))
    return render(
        request,
        "panels/meeting.html",
        {
            "meeting": record,
            "items": [(item, item.pk in entitled) for item in items],
            "attendances": record.attendances.select_related("user", "agency"),
            "may_run": checks.meeting_run_allowed(by=request.user, meeting=record),
            "issued": record.status == Meeting.Status.MINUTES_ISSUED,
            "cancelled": record.status == Meeting.Status.CANCELLED,
            "changes": corrections_of(record, show_narrative=may_see_fields(request.user, "narrative")),
            "late_entries": late.entries_for(record),
        },
    )


def _find_child(request: SignedInRequest, meeting: Meeting, text: str) -> Any:
    """By Hub ID, any child of the panel's area; by name, only children the chair may already see."""
    text = text.strip()
    if text.isdigit():
        try:
            return selectors.child_for_agenda(request.user, meeting, text)
        except Http404:
            raise RuleRefused(f"There is no child with Hub ID {text} in this panel's area.") from None
    found = [getattr(result, "child", result) for result in child_search(request.user, name=text, limit=10)]
    if not found:
        raise FieldRefused("No child you may see has that name: enter their Hub ID.", field="child")
    if len(found) > 1:
        raise SeveralChildren(found)
    return found[0]


class SeveralChildren(FieldRefused):
    """A name that finds more than one child: the page lists them for the chair to choose."""

    def __init__(self, children: list[Any]) -> None:
        super().__init__(
            f"{len(children)} children you may see have a name like that: choose one below, or enter "
            "the Hub ID.",
            field="child",
        )
        self.children = children


@login_required
@role_required(*MEETING_ROLES)
@require_http_methods(["GET", "POST"])
def agenda_page(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.meeting_get_for_user(request.user, pk, purpose="agenda")
    services.meeting_run_check(by=request.user, meeting=record)
    authority = record.panel.authority
    add_form = forms.AddItemForm(
        request.POST if request.POST.get("do") == "add" else None, authority=authority
    )
    several: list[Any] = []
    if request.method == "POST":
        try:
            response = _agenda_post(request, record, add_form)
        except (RuleRefused, StaleVersion) as refused:
            several = getattr(refused, "children", [])
            if request.POST.get("do") == "add":
                add_refusal(add_form, refused)
            else:
                messages.error(request, str(refused))
                return redirect("panels:agenda", pk=record.pk)
        else:
            if response is not None:
                return response
    proposals = agenda.propose(record) if record.status not in services.LOCKED else []
    # Whoever runs the meeting (its chair, or a hub coordinator) sees every proposal: the name and the
    # reason are what they need to build the agenda, and the consultation is logged.
    proposed = [p.child for p in proposals if p.child is not None]
    if proposed:
        log_consultation(
            records=proposed, justification="panel chair", detail=f"agenda proposals: {record.label}"
        )
    return render(
        request,
        "panels/agenda.html",
        {
            "meeting": record,
            "items": list(record.items.select_related("child", "school").order_by("order", "pk")),
            "groups": agenda.grouped(proposals),
            "proposal_count": len(proposals),
            "several": several,
            "add_form": add_form,
            "form": add_form,
            "error_summary": bool(add_form.errors),
            "locked": record.status in services.LOCKED,
        },
    )


def _agenda_post(
    request: SignedInRequest, meeting: Meeting, add_form: forms.AddItemForm
) -> HttpResponse | None:
    do = request.POST.get("do")
    back = redirect("panels:agenda", pk=meeting.pk)
    if do == "propose":
        chosen = set(request.POST.getlist("proposal"))
        added = 0
        for proposal in agenda.propose(meeting):
            if proposal.value in chosen:
                services.item_add(
                    meeting=meeting,
                    by=request.user,
                    kind=proposal.kind,
                    child=proposal.child,
                    school=proposal.school,
                    theme=proposal.theme,
                    reason=proposal.reason,
                    rule=proposal.rule,
                )
                added += 1
        if not added:
            raise RuleRefused(
                "Tick the proposed items to add."
                if not chosen
                else "The items you ticked are no longer proposed (someone may have added them): "
                "check the agenda."
            )
        messages.success(request, f"{added} item{'s' if added != 1 else ''} added to the agenda.")
        return back
    if do == "add":
        if not add_form.is_valid():
            return None
        data = add_form.cleaned_data
        child = _find_child(request, meeting, data["child"]) if data["kind"] == SubjectKind.CHILD else None
        services.item_add(
            meeting=meeting,
            by=request.user,
            kind=data["kind"],
            child=child,
            school=data["school"],
            theme=data["theme"],
            reason=data["reason"],
        )
        messages.success(request, "Item added to the agenda.")
        return back
    if do in {"up", "down", "remove"}:
        item_pk = request.POST.get("item", "")
        # An item not named, or named by anything but its number, is not on the agenda.
        item = meeting.items.filter(pk=int(item_pk)).first() if item_pk.isdigit() else None
        if item is None:
            raise RuleRefused("That item is no longer on the agenda.")
        if do == "remove":
            services.item_remove(item=item, by=request.user)
            messages.success(request, f"Item removed: {item.subject_label}.")
        else:
            services.item_move(item=item, by=request.user, up=do == "up")
        return back
    if do == "issue":
        services.agenda_issue(meeting=meeting, by=request.user)
        messages.success(
            request, "Agenda issued: attendees can read their briefings and download the agenda pack."
        )
        return redirect("panels:meeting", pk=meeting.pk)
    raise RuleRefused("Choose what to do with the agenda.")


@login_required
@role_required(*MEETING_ROLES)
@require_GET
def briefing_page(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.meeting_get_for_user(request.user, pk, purpose="briefing")
    briefings = briefing.brief_meeting(record, request.user, purpose="briefing")
    return render(request, "panels/briefing.html", {"meeting": record, "briefings": briefings})


@login_required
@role_required(*MEETING_ROLES)
@require_http_methods(["GET", "POST"])
def attendance(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.meeting_get_for_user(request.user, pk, purpose="attendance")
    services.meeting_run_check(by=request.user, meeting=record)
    attendances = list(record.attendances.select_related("user", "agency"))
    form = forms.AttendanceForm(request.POST or None, attendances=attendances)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_set(meeting=record, by=request.user, statuses=form.statuses())
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "Attendance recorded.")
            return redirect("panels:meeting", pk=record.pk)
    return render(
        request,
        "panels/attendance.html",
        {"meeting": record, "form": form, "error_summary": bool(form.errors)},
    )


def _owners(meeting: Meeting, item: AgendaItem | None = None) -> tuple[Any, Any]:
    authority = meeting.panel.authority
    people = (
        User.objects.filter(is_active=True, agency__authorities=authority)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name")
    )
    # Each school is its own organisation: an action about a child goes to the child's school.
    agencies = owner_agencies(
        authority.pk,
        child=item.child if item is not None else None,
        school_id=item.school_id if item is not None else None,
    )
    return people, agencies


@login_required
@role_required(*MEETING_ROLES)
@require_http_methods(["GET", "POST"])
def item(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.item_get_for_user(request.user, pk)
    meeting = record.meeting
    if not cases.item_subject_visible(request.user, record):
        log_refusal(record=record, action="read", detail=f"agenda item of {meeting.label}: its subject")
        raise Http404
    runs = (
        checks.meeting_run_allowed(by=request.user, meeting=meeting) and meeting.status not in services.LOCKED
    )
    which = request.POST.get("form") if request.method == "POST" else None
    if which:
        services.item_change_check(by=request.user, item=record)
    people, agencies = _owners(meeting, record)
    shared_form = forms.SharedForm(
        request.POST if which == "shared" else None,
        initial={"version": record.version, "information_shared": record.information_shared},
    )
    decision_form = forms.DecisionForm(
        request.POST if which == "decision" else None,
        prefix="decision",
        about_child=record.child_id is not None,
        monitored=record.child is not None and record.child.sep_periods.filter(end__isnull=True).exists(),
        nrm_panel=meeting.panel.meeting_type.code == services.NRM_PANEL,
    )
    action_form = forms.ActionForm(
        request.POST if which == "action" else None, people=people, agencies=agencies, prefix="action"
    )
    bound = {"shared": shared_form, "decision": decision_form, "action": action_form}.get(which or "")
    if bound is not None and bound.is_valid():
        data = bound.cleaned_data
        try:
            if which == "shared":
                services.item_record(
                    item=record,
                    by=request.user,
                    version=data["version"],
                    information_shared=data["information_shared"],
                )
                messages.success(request, "Information shared saved.")
            elif which == "decision":
                services.decision_record(
                    item=record,
                    by=request.user,
                    kind=data["kind"],
                    detail=data["detail"],
                    level=data["level"],
                )
                messages.success(request, "Decision recorded.")
            else:
                action = services.item_action_add(
                    item=record,
                    by=request.user,
                    title=data["title"],
                    due=data["due"],
                    owner_user=data["owner_user"],
                    owner_agency=data["owner_agency"],
                )
                messages.success(request, f"Action agreed for {action.owner_text}.")
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(bound, refused)
        else:
            return redirect("panels:item", pk=record.pk)
    brief = briefing.brief(record, request.user, detail=f"briefing: {meeting.label}")
    actions = selectors.item_actions(record)
    return render(
        request,
        "panels/item.html",
        {
            "item": record,
            "meeting": meeting,
            "briefing": brief,
            "decisions": record.decisions.select_related("level", "recorded_by"),
            "actions": actions,
            "openable": actions_user_may_open(request.user, actions),
            "runs": runs,
            "held": meeting.held_at <= clock.now(),
            "shared_form": shared_form,
            "decision_form": decision_form,
            "action_form": action_form,
            "form": bound,
            "error_summary": bool(bound and bound.errors),
        },
    )


@login_required
@role_required(*MEETING_ROLES)
@require_POST
def issue_minutes(request: SignedInRequest, pk: int) -> HttpResponse:
    # A meeting the reader may not run is not revealed here (as before the rule moved into the
    # service): the lookup asks for change; ``minutes_issue`` checks who runs it.
    record, _ = selectors.meeting_get_for_user(request.user, pk, action=Action.WRITE, purpose="issue minutes")
    try:
        services.minutes_issue(meeting=record, by=request.user, version=int(request.POST.get("version") or 0))
    except (RuleRefused, StaleVersion) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            "Minutes issued. Each attendee can download the minutes of the items they are entitled to.",
        )
    return redirect("panels:meeting", pk=record.pk)


@login_required
@role_required(*MEETING_ROLES)
@require_GET
def agenda_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    record, decision = selectors.meeting_get_for_user(request.user, pk, purpose="agenda pack")
    if record.agenda_issued_at is None and not selectors.may_run(request.user, record):
        raise Http404
    return documents.agenda_pack(record, request.user, basis=decision.justification)


@login_required
@role_required(*MEETING_ROLES)
@require_GET
def minutes_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    record, decision = selectors.meeting_get_for_user(request.user, pk, purpose="minutes")
    if record.status != Meeting.Status.MINUTES_ISSUED:
        raise Http404
    return documents.minutes(record, request.user, basis=decision.justification)


@login_required
@role_required(*SEP_ROLES)
@require_GET
def sep(request: SignedInRequest) -> HttpResponse:
    rows = selectors.sep_monitoring(request.user)
    if rows:
        log_consultation(
            records=[row.child for row in rows], justification="sep monitoring", detail="SEP monitoring"
        )
    return render(
        request,
        "panels/sep.html",
        {
            "rows": rows,
            "now": [row for row in rows if row.current],
            "returned": [row for row in rows if row.returned],
            "agenda_url": reverse("panels:list"),
        },
    )
