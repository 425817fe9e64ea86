"""Writes about meetings: scheduling, attendance, the agenda, what was shared and decided, actions,
issuing the agenda and the minutes, and SEP monitoring periods. Each is atomic and audited; the
decisions that change a record elsewhere (a level, a SEP period) change it in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from hub.accounts.models import Agency, Authority, User
from hub.actions import services as action_services
from hub.actions.models import Action
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.children import services as child_services
from hub.children.models import Child
from hub.core import bulk, clock, dates, late
from hub.core.corrections import correct, reason_given
from hub.core.errors import RuleRefused, StaleVersion
from hub.panels import agenda, effects, rules
from hub.panels.checks import item_change_check as item_change_check
from hub.panels.checks import meeting_run_check as meeting_run_check
from hub.panels.checks import meeting_schedule_check as meeting_schedule_check
from hub.panels.models import (
    AgendaItem,
    Attendance,
    DecisionKind,
    ItemDecision,
    Meeting,
    Panel,
    SepPeriod,
    SubjectKind,
)
from hub.reference.models import LevelOfConcern, MeetingType, School

LOCKED = rules.LOCKED
HELD = rules.HELD
NRM_PANEL = rules.NRM_PANEL


def meeting_schedule(
    *,
    panel: Panel,
    by: User,
    held_at: datetime,
    place: str = "",
    chair: User | None = None,
    late_entry_reason: str = "",
) -> Meeting:
    """Plan a meeting of a panel (or record one held, with the reason if it was long ago); its members
    are invited."""
    meeting_schedule_check(by=by, panel=panel)
    late_entry_reason = rules.meeting_date_check(held_at, late_entry_reason)
    chair = chair or panel.chair or by
    with transaction.atomic():
        meeting = Meeting.objects.create(
            panel=panel, held_at=held_at, place=place, chair=chair, created_by=by
        )
        invited = rules.invited_when_planned(chair, rules.panel_members(panel))
        Attendance.objects.bulk_create([rules.attendance(meeting, user) for user in invited])
        late.keep(meeting, value=held_at, reason=late_entry_reason, by=by, what=HELD)
        log_change(record=meeting, action=LogAction.COLLECT, detail=f"meeting of {panel.name} planned")
    return meeting


def attendance_set(*, meeting: Meeting, by: User, statuses: Mapping[int, str]) -> None:
    """Record who came and who sent apologies (``statuses`` maps attendance id to a status)."""
    meeting_run_check(by=by, meeting=meeting)
    rules.meeting_editable_check(meeting)
    rules.attendance_statuses_check(statuses.values())
    with transaction.atomic():
        for attendance in meeting.attendances.filter(pk__in=statuses):
            if attendance.status != statuses[attendance.pk]:
                attendance.status = statuses[attendance.pk]
                attendance.save(update_fields=["status"])
        log_change(record=meeting, detail="attendance recorded")


def attendee_add(*, meeting: Meeting, by: User, user: User) -> Attendance:
    rules.meeting_editable_check(meeting)
    agency = rules.attendee_check(user)
    with transaction.atomic():
        attendance, created = Attendance.objects.get_or_create(
            meeting=meeting, user=user, defaults={"agency": agency}
        )
        if created:
            log_change(record=meeting, detail=f"{user.get_username()} invited")
    return attendance


def item_add(
    *,
    meeting: Meeting,
    by: User,
    kind: str,
    child: Child | None = None,
    school: School | None = None,
    theme: str = "",
    context: Any = None,
    reason: str = "",
    rule: str = "",
) -> AgendaItem:
    """Put a subject on the agenda, at the end. A child or school is on an agenda once."""
    meeting_run_check(by=by, meeting=meeting)
    rules.meeting_editable_check(meeting)
    values, rule, reason = rules.item_subject_check(
        meeting=meeting,
        kind=kind,
        child=child,
        school=school,
        theme=theme,
        context=context,
        reason=reason,
        rule=rule,
        placed_in=lambda child: _placed_in(child, meeting),
        on_agenda=lambda child: meeting.items.filter(child=child).exists(),
        proposed=lambda child: _proposed(child, meeting),
    )
    with transaction.atomic():
        last = meeting.items.aggregate(last=Max("order"))["last"] or 0
        try:
            with transaction.atomic():
                item = AgendaItem.objects.create(
                    meeting=meeting, order=last + 1, added_by=by, reason=reason, rule=rule, **values
                )
        except IntegrityError as exc:
            raise rules.already_on_agenda(child.full_name if child else school) from exc
        log_change(
            record=item, action=LogAction.COLLECT, detail=f"agenda item added{f' ({rule})' if rule else ''}"
        )
    return item


def _proposed(child: Child, meeting: Meeting) -> tuple[str, str] | None:
    proposal = next((p for p in agenda.propose(meeting) if p.child == child), None)
    return (proposal.rule, proposal.reason) if proposal is not None else None


def _placed_in(child: Child, meeting: Meeting) -> bool:
    return child.legal_statuses.filter(
        host_authority_id=meeting.panel.authority_id, end__isnull=True
    ).exists()


def item_remove(*, item: AgendaItem, by: User) -> None:
    meeting = item.meeting
    meeting_run_check(by=by, meeting=meeting)
    rules.meeting_editable_check(meeting)
    if (
        item.decisions.exists()
        or Action.objects.filter(source_type__model="agendaitem", source_id=item.pk).exists()
    ):
        raise RuleRefused("Decisions or actions are recorded against this item: it stays on the agenda.")
    with transaction.atomic():
        log_change(record=item, detail="agenda item removed")
        item.delete()
        _renumber(meeting, by=by)


def item_move(*, item: AgendaItem, by: User, up: bool) -> None:
    meeting = item.meeting
    meeting_run_check(by=by, meeting=meeting)
    rules.meeting_editable_check(meeting)
    with transaction.atomic():
        items = list(meeting.items.select_for_update().order_by("order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        swap = index - 1 if up else index + 1
        if 0 <= swap < len(items):
            items[index], items[swap] = items[swap], items[index]
            _reorder(items, by=by)
            log_change(record=item, detail=f"agenda item moved {'up' if up else 'down'}")


def _renumber(meeting: Meeting, *, by: User) -> None:
    _reorder(list(meeting.items.order_by("order", "pk")), by=by)


def _reorder(items: list[AgendaItem], *, by: User) -> None:
    """Number ``items`` in their order, with a "changed" history row for each that moved."""
    moved = []
    for order, item in enumerate(items, start=1):
        if item.order != order:
            AgendaItem.objects.filter(pk=item.pk).update(order=order)
            item.order = order
            moved.append(item)
    bulk.changed(AgendaItem, moved, by=by)


def agenda_issue(*, meeting: Meeting, by: User) -> Meeting:
    meeting_run_check(by=by, meeting=meeting)
    rules.meeting_editable_check(meeting)
    rules.agenda_issue_check(has_items=meeting.items.exists())
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            agenda_issued_at=clock.now(), version=meeting.version + 1
        )
        meeting.refresh_from_db()
        bulk.changed(Meeting, [meeting], by=by)
        log_change(record=meeting, detail="agenda issued")
    return meeting


def item_record(*, item: AgendaItem, by: User, version: int, information_shared: str) -> AgendaItem:
    """Record what was shared about an item in the meeting."""
    item_change_check(by=by, item=item)
    rules.meeting_editable_check(item.meeting)
    with transaction.atomic():
        if not AgendaItem.objects.filter(pk=item.pk, version=version).update(
            information_shared=information_shared.strip(), discussed=True, version=version + 1
        ):
            raise StaleVersion("this agenda item")
        item.refresh_from_db()
        bulk.changed(AgendaItem, [item], by=by)
        log_change(record=item, detail="information shared recorded")
    return item


def decision_record(
    *, item: AgendaItem, by: User, kind: str, detail: str, level: LevelOfConcern | None = None
) -> ItemDecision:
    """Record a decision on an item and make it so: a change of level is made on the child's record,
    escalating to SEP starts a monitoring period and removal ends it, dated the meeting's day; what
    other capabilities registered for the kind is done too (``effects``: "start a plan" starts the
    child's plan). An NRM referral or disruption is recorded here and taken forward by whoever owns
    it (an action says who)."""
    item_change_check(by=by, item=item)
    meeting = item.meeting
    rules.meeting_editable_check(meeting)
    detail = rules.decision_check(meeting=meeting, item_kind=item.kind, kind=kind, detail=detail, level=level)
    day = timezone.localtime(meeting.held_at).date()
    with transaction.atomic():
        decision = ItemDecision.objects.create(
            item=item,
            kind=kind,
            detail=detail,
            level=level if kind == DecisionKind.LEVEL else None,
            recorded_by=by,
        )
        child = item.child
        if kind == DecisionKind.LEVEL:
            assert child is not None and level is not None  # checked above
            child_services.level_set(
                child=child,
                level=level,
                by=by,
                rationale=detail,
                source=meeting.label,
                at=meeting.held_at,
            )
        elif kind == DecisionKind.ESCALATE_SEP:
            assert child is not None  # checked above
            sep_start(child=child, by=by, start=day, reason=detail, decision=decision)
        elif kind == DecisionKind.REMOVE_SEP:
            assert child is not None  # checked above
            sep_end(child=child, by=by, end=day, reason=detail, decision=decision)
        effects.apply(kind, item=item, by=by, meeting=meeting)
        if AgendaItem.objects.filter(pk=item.pk, discussed=False).update(discussed=True):
            bulk.changed(AgendaItem, [AgendaItem.objects.get(pk=item.pk)], by=by)
        log_change(record=item, detail=f"decision: {kind}")
    return decision


def item_action_add(
    *,
    item: AgendaItem,
    by: User,
    title: str,
    due: date,
    owner_user: User | None = None,
    owner_agency: Agency | None = None,
    detail: str = "",
) -> Action:
    item_change_check(by=by, item=item)
    rules.meeting_editable_check(item.meeting)
    source = item_action_source(item)
    dates.planned(due, field="due", what="the date the action is due", not_before=source.not_before)
    return action_services.action_create(
        by=by,
        authority=source.authority,
        child=item.child,
        subject_label=source.subject_label,
        title=title,
        detail=detail,
        due=due,
        owner_user=owner_user,
        owner_agency=owner_agency,
        source=item,
        source_label=source.label,
    )


@dataclass(frozen=True)
class ItemActionSource:
    """What an action agreed on an item takes from it: the meeting's area, its words for the subject (a
    child's action names the child itself), where it was agreed, and that it is due on or after the
    meeting."""

    authority: Authority
    subject_label: str
    label: str
    not_before: tuple[date, str]


def item_action_source(item: AgendaItem) -> ItemActionSource:
    meeting = item.meeting
    return ItemActionSource(
        authority=meeting.panel.authority,
        subject_label="" if item.kind == SubjectKind.CHILD else item.subject_label,
        label=f"{meeting.label}, item {item.order}",
        not_before=(timezone.localtime(meeting.held_at).date(), "the meeting"),
    )


def minutes_issue(*, meeting: Meeting, by: User, version: int) -> Meeting:
    """Close the meeting: its record is final and each attendee may download the minutes of the items
    they are entitled to."""
    meeting_run_check(by=by, meeting=meeting)
    rules.meeting_editable_check(meeting)
    rules.minutes_issue_check(
        meeting=meeting,
        anyone_left_invited=meeting.attendances.filter(status=Attendance.Status.INVITED).exists(),
    )
    now = clock.now()
    with transaction.atomic():
        if not Meeting.objects.filter(pk=meeting.pk, version=version).update(
            status=Meeting.Status.MINUTES_ISSUED, minutes_issued_at=now, version=version + 1
        ):
            raise StaleVersion("this meeting")
        meeting.refresh_from_db()
        bulk.changed(Meeting, [meeting], by=by)
        log_change(record=meeting, detail="minutes issued")
    return meeting


def sep_start(
    *, child: Child, by: User, start: date, reason: str, decision: ItemDecision | None = None
) -> SepPeriod:
    reason = reason.strip()
    if not reason:
        raise RuleRefused("Say why the child is to be monitored by SEP.")
    if child.sep_periods.filter(end__isnull=True).exists():
        raise RuleRefused(f"{child.full_name} is already monitored by SEP.")
    last = child.sep_periods.order_by("-end").first()
    if last is not None and last.end is not None and start < last.end:
        raise RuleRefused(f"SEP monitoring cannot start before the last period ended ({last.end:%d %B %Y}).")
    with transaction.atomic():
        period = SepPeriod.objects.create(
            child=child, start=start, start_reason=reason, started_by=by, start_decision=decision
        )
        log_change(record=child, detail="SEP monitoring started")
    return period


def sep_end(
    *, child: Child, by: User, end: date, reason: str, decision: ItemDecision | None = None
) -> SepPeriod:
    reason = reason.strip()
    period = child.sep_periods.filter(end__isnull=True).first()
    if period is None:
        raise RuleRefused(f"{child.full_name} is not monitored by SEP.")
    if not reason:
        raise RuleRefused("Say why SEP monitoring ends.")
    if end < period.start:
        raise RuleRefused(f"SEP monitoring cannot end before it started ({period.start:%d %B %Y}).")
    with transaction.atomic():
        period.end = end
        period.end_reason = reason
        period.ended_by = by
        period.end_decision = decision
        period.save(update_fields=["end", "end_reason", "ended_by", "end_decision"])
        log_change(record=child, detail="SEP monitoring ended")
    return period


# --- a meeting that will not happen, or not then --------------------------------------------------


def _may_change_plans(meeting: Meeting, by: User, what: str) -> None:
    """Whoever runs the meeting (its chair, or a hub coordinator of the area) cancels or moves it, while
    it is still planned: a meeting with decisions recorded took place."""
    meeting_run_check(by=by, meeting=meeting)
    rules.meeting_editable_check(meeting)
    if ItemDecision.objects.filter(item__meeting=meeting).exists():
        raise RuleRefused(
            f"Decisions are recorded at this meeting, so it took place: it cannot be {what}. Issue its "
            "minutes instead."
        )


def meeting_cancel(*, meeting: Meeting, by: User, version: int, reason: str) -> Meeting:
    """Call off a planned meeting. It is kept, with its agenda and attendance; the subjects on its agenda
    are proposed for the panel's next meeting (``agenda.carried_over``) and its members see the
    cancellation on their home page."""
    _may_change_plans(meeting, by, "cancelled")
    reason = reason_given(reason, what="the meeting is cancelled")
    with transaction.atomic():
        locked = _locked_meeting(meeting, version)
        correct(locked, by=by, reason=reason, values={"status": Meeting.Status.CANCELLED})
        log_change(record=locked, actor=by, detail="meeting cancelled")
    return locked


def meeting_move(*, meeting: Meeting, by: User, version: int, held_at: datetime, reason: str) -> Meeting:
    """Move a planned meeting to another time ahead, keeping its agenda; its members see the move on
    their home page."""
    _may_change_plans(meeting, by, "moved")
    reason = reason_given(reason, what="the meeting is moved")
    dates.planned(held_at, field="held_at", what="the new date of the meeting")
    with transaction.atomic():
        locked = _locked_meeting(meeting, version)
        correct(locked, by=by, reason=reason, values={"held_at": held_at})
        log_change(record=locked, actor=by, detail="meeting moved")
    return locked


def _locked_meeting(meeting: Meeting, version: int) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.version != version or locked.status != meeting.status:
        raise StaleVersion("this meeting")
    locked.version = version + 1
    return locked


# --- panels, for the demo and the tests -------------------------------------------------------------


def panel_create_for_demo_and_tests(
    *,
    authority: Authority,
    name: str,
    meeting_type: MeetingType,
    chair: User | None,
    frequency_days: int,
    members: Iterable[User] = (),
    agencies: Iterable[Agency] = (),
) -> tuple[Panel, bool]:
    """A panel of the area, found by name and created only when absent, with ``members`` and member
    ``agencies`` added (never removed, so what someone changed in the admin is kept). For the demo
    loaders and the test fixtures only: administrators set panels up in the admin; no page or API calls
    this, and where the demo is not allowed (production) it refuses. Returns the panel and whether it
    was created."""
    if not settings.HUB_ALLOW_DEMO:
        raise RuleRefused(
            "Demo and test panels cannot be made here: administrators set panels up in the admin."
        )
    with transaction.atomic():
        panel, created = Panel.objects.get_or_create(
            authority=authority,
            name=name,
            defaults={"meeting_type": meeting_type, "chair": chair, "frequency_days": frequency_days},
        )
        if created:
            log_change(record=panel, action=LogAction.COLLECT, detail=f"panel {name} set up")
        new_members = set(members) - set(panel.members.all())
        new_agencies = set(agencies) - set(panel.member_agencies.all())
        if new_members:
            panel.members.add(*new_members)
        if new_agencies:
            panel.member_agencies.add(*new_agencies)
        if new_members or new_agencies:
            log_change(
                record=panel, detail=f"{len(new_members)} members and {len(new_agencies)} agencies added"
            )
    return panel, created
