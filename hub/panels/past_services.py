"""The bulk form of the meeting services, for past meetings written in batches (the demo's year): each
meeting is what ``meeting_schedule``, ``attendee_add``, ``item_add``, ``agenda_issue``, ``item_record``,
``decision_record``, ``attendance_set`` and ``minutes_issue`` would have left, each run at its own moment.
Every row is checked with those services' own rules (``rules``, and ``checks`` for who may do each step),
run as of the step's moment where a rule asks for "now"; then the rows are inserted in batches with their
change history (dated when each row was made, carrying who entered them and why) and the access-log
entries the services write.

A decision is recorded here alone: what ``decision_record`` does besides its row (a change of level, a
SEP period, a plan) is the business of those records' own services, which the caller runs as of the
decision (the demo: ``sep_start``/``sep_end`` as of each decision, the plans' services). So that the
records stay consistent, a decision on the level must name the level the child's history gives them on
the meeting's day (the change itself is already recorded, by the service that made it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.accounts.models import User
from hub.audit.models import LogAction
from hub.audit.services import Timed, log_in_order, log_refusal, timed_entry
from hub.children.models import Child, LevelOfConcernChange
from hub.core import bulk, clock, late
from hub.core.errors import Forbidden, NotVisible, RuleRefused
from hub.panels import agenda, checks, rules
from hub.panels.models import AgendaItem, Attendance, DecisionKind, ItemDecision, Meeting, Panel, SubjectKind
from hub.reference.models import LevelOfConcern, School


@dataclass
class PastDecision:
    """A decision on an item, recorded by ``by`` when the item's record was made."""

    kind: str
    detail: str
    by: User
    level: LevelOfConcern | None = None


@dataclass
class PastItem:
    """An item added by ``added_by`` at ``added_at``; what was shared and decided about it recorded by
    ``recorded_by`` at ``recorded_at``."""

    kind: str
    added_by: User
    added_at: datetime
    child: Child | None = None
    school: School | None = None
    theme: str = ""
    reason: str = ""
    rule: str = ""
    information: str = ""
    recorded_at: datetime | None = None
    recorded_by: User | None = None
    decisions: list[PastDecision] = field(default_factory=list)


@dataclass
class PastMeeting:
    """A meeting planned by ``planned_by`` at ``planned_at``; run (agenda issued, attendance recorded,
    minutes issued) by ``run_by``, its planner unless named. ``attendance`` is everyone invited, with
    the status recorded at ``attendance_recorded_at`` ("invited" while it is not): the chair and the
    panel's active members are invited when it is planned, anyone else is invited at the same moment
    (``attendee_add``). ``items`` are in the order they were added."""

    panel: Panel
    held_at: datetime
    chair: User
    planned_by: User
    planned_at: datetime
    place: str = ""
    attendance: list[tuple[User, str]] = field(default_factory=list)
    items: list[PastItem] = field(default_factory=list)
    agenda_issued_at: datetime | None = None
    attendance_recorded_at: datetime | None = None
    minutes_issued_at: datetime | None = None
    run_by: User | None = None
    late_entry_reason: str = ""

    @property
    def runner(self) -> User:
        return self.run_by or self.planned_by


@dataclass
class PastMeetings:
    meetings: list[Meeting]  # in the order of the records
    items: list[list[AgendaItem]]  # each meeting's, in the order of its records
    decisions: list[list[list[ItemDecision]]]  # each item's


def _as_of(record: PastMeeting, at: datetime) -> Meeting:
    """The meeting as it stood at ``at``: its minutes issued or not."""
    issued = record.minutes_issued_at is not None and record.minutes_issued_at <= at
    return Meeting(
        panel=record.panel,
        held_at=record.held_at,
        chair=record.chair,
        status=Meeting.Status.MINUTES_ISSUED if issued else Meeting.Status.PLANNED,
    )


def _editable_at(record: PastMeeting, at: datetime, what: str) -> None:
    if at < record.planned_at:
        raise RuleRefused(f"{what.capitalize()} comes after the meeting was planned.")
    if record.minutes_issued_at is not None and at > record.minutes_issued_at:
        rules.meeting_editable_check(_as_of(record, at))


def _check_meeting(record: PastMeeting, members: dict[int, set[User]]) -> None:
    """The rules of each step of one meeting, as of the step's moment (its items' and who may take each
    step are checked once the meetings are in place: ``_check_items``, ``_check_access``)."""
    with clock.history(record.planned_at):
        record.late_entry_reason = rules.meeting_date_check(record.held_at, record.late_entry_reason)
    if record.panel.pk not in members:
        members[record.panel.pk] = rules.panel_members(record.panel)
    invited = rules.invited_when_planned(record.chair, members[record.panel.pk])
    people = [user for user, _ in record.attendance]
    if len(set(people)) != len(people):
        raise RuleRefused(f"{record.panel.name} {record.held_at:%d %B %Y}: someone is invited twice.")
    for user in set(people) - invited:
        rules.attendee_check(user)
    missing = invited - set(people)
    if missing:
        names = ", ".join(sorted(user.get_full_name() for user in missing))
        raise RuleRefused(
            f"{names}: invited when the meeting was planned, so their attendance is recorded too."
        )
    statuses = [status for _, status in record.attendance]
    rules.attendance_statuses_check(statuses)
    if record.attendance_recorded_at is not None:
        _editable_at(record, record.attendance_recorded_at, "recording the attendance")
    elif any(status != Attendance.Status.INVITED for status in statuses):
        raise RuleRefused("Say when the attendance was recorded.")
    if record.agenda_issued_at is not None:
        _editable_at(record, record.agenda_issued_at, "issuing the agenda")
        rules.agenda_issue_check(
            has_items=any(item.added_at <= record.agenda_issued_at for item in record.items)
        )
    if record.minutes_issued_at is not None:
        left = (
            record.attendance_recorded_at is None or record.attendance_recorded_at > record.minutes_issued_at
        )
        with clock.history(record.minutes_issued_at):
            rules.minutes_issue_check(
                meeting=_as_of(record, record.planned_at),
                anyone_left_invited=left or Attendance.Status.INVITED in statuses,
            )


def _check_items(records: list[PastMeeting], meetings: list[Meeting]) -> None:
    """The rules of each item, once the meetings are in place (the Hub's proposals for a child added
    without a rule are those for the meeting as of the item's moment)."""
    for record, saved in zip(records, meetings, strict=True):
        seen: set[Any] = set()
        for item in record.items:
            _check_item(record, item, seen, saved)


def _check_item(record: PastMeeting, item: PastItem, seen: set[Any], saved: Meeting) -> None:
    _editable_at(record, item.added_at, "adding an item")
    meeting = _as_of(record, item.added_at)

    def proposed(child: Child) -> tuple[str, str] | None:
        with clock.history(item.added_at):
            found = next((p for p in agenda.propose(saved) if p.child == child), None)
        return (found.rule, found.reason) if found is not None else None

    values, item.rule, item.reason = rules.item_subject_check(
        meeting=meeting,
        kind=item.kind,
        child=item.child,
        school=item.school,
        theme=item.theme,
        context=None,
        reason=item.reason,
        rule=item.rule,
        placed_in=lambda child: child.legal_statuses.filter(
            host_authority_id=record.panel.authority_id, end__isnull=True
        ).exists(),
        on_agenda=lambda child: ("child", child.pk) in seen,
        proposed=proposed,
    )
    if item.kind == SubjectKind.THEME:
        item.theme = values["theme"]
    if item.school is not None:
        if ("school", item.school.pk) in seen:
            raise rules.already_on_agenda(item.school)
        seen.add(("school", item.school.pk))
    if item.child is not None:
        seen.add(("child", item.child.pk))
    if item.information.strip() or item.decisions:
        if item.recorded_at is None:
            raise RuleRefused("Say when what was shared and decided about an item was recorded.")
        _editable_at(record, item.recorded_at, "recording an item")
        if item.recorded_at < item.added_at:
            raise RuleRefused("An item's record comes after the item was added.")
    with clock.history(item.recorded_at or item.added_at):
        for decision in item.decisions:
            decision.detail = rules.decision_check(
                meeting=meeting,
                item_kind=item.kind,
                kind=decision.kind,
                detail=decision.detail,
                level=decision.level,
            )


def _check_levels(records: list[PastMeeting]) -> None:
    """A decision on the level agrees the level the child's history gives them on the meeting's day."""
    asked = [
        (record, item, decision)
        for record in records
        for item in record.items
        for decision in item.decisions
        if decision.kind == DecisionKind.LEVEL and item.child is not None
    ]
    if not asked:
        return
    history: dict[int, list[tuple[datetime, int]]] = {}
    for child_id, decided, level_id in (
        LevelOfConcernChange.objects.filter(child__in={item.child for _, item, _ in asked})
        .order_by("decided_at", "pk")
        .values_list("child_id", "decided_at", "level_id")
    ):
        history.setdefault(child_id, []).append((decided, level_id))
    for record, item, decision in asked:
        assert item.child is not None and decision.level is not None  # checked by the decision's rule
        then = [level for decided, level in history.get(item.child.pk, []) if decided <= record.held_at]
        if not then or then[-1] != decision.level.pk:
            raise RuleRefused(
                f"{item.child.full_name} was not at {decision.level.name} on "
                f"{timezone.localtime(record.held_at):%-d %B %Y}: change the level on their record first."
            )


def _check_access(records: list[PastMeeting], meetings: list[Meeting], items: list[list[AgendaItem]]) -> None:
    """Who planned, ran and recorded each meeting may do so (``checks``): whoever plans, adds items,
    runs or records it may run it (``meeting_run_check``, asked once per person and meeting, when it was
    planned), and may see the child of each item they record, as of the record (``item_child_check``:
    the sight of a child that attending a meeting gives lasts a while around it)."""
    planners: set[tuple[int, int]] = set()
    for record, meeting, rows in zip(records, meetings, items, strict=True):
        runners = {record.runner} | {item.added_by for item in record.items}
        for item in record.items:
            if item.recorded_at is not None:
                runners |= {item.recorded_by or record.runner, *(d.by for d in item.decisions)}
        with clock.history(record.planned_at):
            if (record.planned_by.pk, record.panel.pk) not in planners:
                checks.meeting_schedule_check(by=record.planned_by, panel=record.panel)
                planners.add((record.planned_by.pk, record.panel.pk))
            for user in sorted(runners, key=lambda user: user.pk):
                checks.meeting_run_check(by=user, meeting=meeting)
        for item, row in zip(record.items, rows, strict=True):
            if item.recorded_at is None or item.child is None:
                continue
            with clock.history(item.recorded_at):
                recorders = {item.recorded_by or record.runner, *(d.by for d in item.decisions)}
                for user in sorted(recorders, key=lambda user: user.pk):
                    checks.item_child_check(by=user, item=row)


def meetings_record_past(*, by: User, records: list[PastMeeting], reason: str) -> PastMeetings:
    """Meetings from past records, each as the meeting services would have left it on its own days,
    written in batches. Refused (a rule, or someone not allowed a step), nothing is written."""
    reason = bulk.past_reason_check(reason)
    members: dict[int, set[User]] = {}
    for record in records:
        _check_meeting(record, members)
    _check_levels(records)
    try:
        with transaction.atomic():
            return _write(records, by=by, reason=reason)
    except (Forbidden, NotVisible) as refused:
        # The refusal was logged inside the rolled-back writes: logged again, as the services log it.
        log_refusal(action="record past meetings", detail=str(refused) or "not visible", actor=by)
        raise


MEETING_MOVES = ["status", "agenda_issued_at", "minutes_issued_at", "version"]
ITEM_MOVES = ["information_shared", "discussed", "version"]


def _write(records: list[PastMeeting], *, by: User, reason: str) -> PastMeetings:
    entries: list[Timed] = []
    rows: list[tuple[Meeting, list[Meeting]]] = []
    for record in records:
        row = Meeting(
            panel=record.panel,
            held_at=record.held_at,
            place=record.place,
            chair=record.chair,
            status=Meeting.Status.PLANNED,
            created_by=record.planned_by,
            version=1,
        )
        planned, moves = bulk.snapshot(row, record.planned_at), []
        if record.agenda_issued_at is not None:
            row.agenda_issued_at, row.version = record.agenda_issued_at, row.version + 1
            moves.append(bulk.snapshot(row, record.agenda_issued_at))
        if record.minutes_issued_at is not None:
            row.status, row.minutes_issued_at = Meeting.Status.MINUTES_ISSUED, record.minutes_issued_at
            row.version += 1
            moves.append(bulk.snapshot(row, record.minutes_issued_at))
        rows.append((planned, moves))
    # The agenda and the minutes issued as their services saved them: "changed" rows dated then.
    meetings = bulk.insert_with_moves(Meeting, rows, MEETING_MOVES, by=by, reason=reason)
    _check_items(records, meetings)
    attendances = []
    for record, meeting in zip(records, meetings, strict=True):
        entries.append(
            timed_entry(
                record.planned_at, LogAction.COLLECT, meeting, f"meeting of {record.panel.name} planned"
            )
        )
        if record.agenda_issued_at:
            entries.append(timed_entry(record.agenda_issued_at, LogAction.CHANGE, meeting, "agenda issued"))
        if record.minutes_issued_at:
            entries.append(timed_entry(record.minutes_issued_at, LogAction.CHANGE, meeting, "minutes issued"))
        if record.late_entry_reason:
            with clock.history(record.planned_at):
                late.keep(
                    meeting,
                    value=record.held_at,
                    reason=record.late_entry_reason,
                    by=record.planned_by,
                    what=rules.HELD,
                )
    members: dict[int, set[User]] = {}
    for record, meeting in zip(records, meetings, strict=True):
        if record.panel.pk not in members:
            members[record.panel.pk] = rules.panel_members(record.panel)
        invited = rules.invited_when_planned(record.chair, members[record.panel.pk])
        for user, status in record.attendance:
            attendance = rules.attendance(meeting, user, status)
            attendance._history_date = record.planned_at  # type: ignore[attr-defined]
            attendances.append(attendance)
            if user not in invited:
                entries.append(
                    timed_entry(
                        record.planned_at, LogAction.CHANGE, meeting, f"{user.get_username()} invited"
                    )
                )
        if record.attendance_recorded_at is not None:
            entries.append(
                timed_entry(record.attendance_recorded_at, LogAction.CHANGE, meeting, "attendance recorded")
            )
    bulk.insert(Attendance, attendances, by=by, reason=reason)
    item_rows: list[tuple[AgendaItem, list[AgendaItem]]] = []
    for record, meeting in zip(records, meetings, strict=True):
        for order, item in enumerate(record.items, start=1):
            information = item.information.strip()
            item_row = AgendaItem(
                meeting=meeting,
                order=order,
                kind=item.kind,
                child=item.child,
                school=item.school,
                theme=item.theme,
                reason=item.reason,
                rule=item.rule,
                added_by=item.added_by,
                added_at=item.added_at,
            )
            added, moves = bulk.snapshot(item_row, item.added_at), []
            if information or item.decisions:
                item_row.information_shared, item_row.discussed = information, True
                item_row.version += int(bool(information))
                moves.append(bulk.snapshot(item_row, item.recorded_at))
            item_rows.append((added, moves))
    # What was shared and that it was discussed, as ``item_record`` saved it: a "changed" row dated then.
    inserted = iter(bulk.insert_with_moves(AgendaItem, item_rows, ITEM_MOVES, by=by, reason=reason))
    items = [[next(inserted) for _ in record.items] for record in records]
    _check_access(records, meetings, items)
    decisions = []
    for record, its_items in zip(records, items, strict=True):
        for item, row in zip(record.items, its_items, strict=True):
            rule = f" ({item.rule})" if item.rule else ""
            entries.append(timed_entry(item.added_at, LogAction.COLLECT, row, f"agenda item added{rule}"))
            if item.information.strip():
                assert item.recorded_at is not None  # checked
                entries.append(
                    timed_entry(item.recorded_at, LogAction.CHANGE, row, "information shared recorded")
                )
            for decision in item.decisions:
                assert item.recorded_at is not None  # checked
                new = ItemDecision(
                    item=row,
                    kind=decision.kind,
                    detail=decision.detail,
                    level=decision.level if decision.kind == DecisionKind.LEVEL else None,
                    recorded_by=decision.by,
                    recorded_at=item.recorded_at,
                )
                new._history_date = item.recorded_at  # type: ignore[attr-defined]
                decisions.append(new)
    made_rows = iter(bulk.insert(ItemDecision, decisions, by=by, reason=reason))
    decided = [[[next(made_rows) for _ in item.decisions] for item in record.items] for record in records]
    for record, its_items, item_decisions in zip(records, items, decided, strict=True):
        for item, row, made in zip(record.items, its_items, item_decisions, strict=True):
            for done in made:
                assert item.recorded_at is not None  # checked
                entries.append(timed_entry(item.recorded_at, LogAction.CHANGE, row, f"decision: {done.kind}"))
    log_in_order(entries)
    return PastMeetings(meetings=meetings, items=items, decisions=decided)
