"""Writing the planned year. The meetings, their attendance and agendas go through the panels services
(``meeting_schedule``, ``attendee_add``, ``item_add``, ``agenda_issue``, ``item_record``,
``attendance_set``, ``minutes_issue``), each step as of when it happened (``clock.history``), in the order
the work happened, so the rules, the change history and the access log are those of real work.

So do the SEP periods (``sep_start``, ``sep_end``). The rest is still inserted with ``bulk_create`` as
the services would have left it, stamped when the work happened (``backdating``), each with its
"created" change-history row and the access-log entries the services would have written
(``log_many``): the decisions (``decision_record`` would change the child's level and start plans,
which the earlier loaders and ``plans`` already did) and the actions (the action services refuse a due
date before today, and several thousand one by one would take minutes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hub.accounts.models import Agency, Authority, User
from hub.actions.models import Action
from hub.audit.models import LogAction
from hub.audit.services import log_many
from hub.children.models import Child
from hub.core import clock
from hub.demo.panels.backdating import planned_stamps
from hub.demo.panels.figures import MINUTE_TAKER
from hub.demo.panels.planned import PlannedAction, PlannedItem, PlannedMeeting, SepStint
from hub.panels import services as panel_services
from hub.panels.models import AgendaItem, Attendance, ItemDecision, Panel
from hub.reference.models import LevelOfConcern

BATCH = 500


def bulk(model: type[models.Model], objs: list[Any]) -> list[Any]:
    """Insert ``objs`` with the values they were given (even in fields Django stamps "now" on insert)
    and a "created" history row each, if the model keeps history."""
    with planned_stamps(model):
        rows = model.objects.bulk_create(objs, batch_size=BATCH)
    history = getattr(model, "history", None)
    if history is not None and rows:
        history.bulk_history_create(rows, batch_size=BATCH)
    return rows


class Writer:
    """Writes the plan. ``users`` by username, ``agencies`` by key, ``panels`` by meeting type code; the
    access-log entries are collected as rows are written and appended by ``log``."""

    def __init__(
        self,
        *,
        authority: Authority,
        users: dict[str, User],
        agencies: dict[str, Agency],
        panels: dict[str, Panel],
    ) -> None:
        self.authority = authority
        self.users = users
        self.agencies = agencies
        self.panels = panels
        self.levels = {level.code: level for level in LevelOfConcern.objects.all()}
        self.children: dict[int, Child] = {}
        self.entries: list[tuple[datetime, int, dict[str, Any]]] = []

    def note(self, at: datetime, action: str, record_type: str, pk: int, detail: str) -> None:
        entry = {"action": action, "record_type": record_type, "record_ids": [pk], "detail": detail}
        self.entries.append((at, len(self.entries), entry))

    def log(self) -> int:
        """The access log, in the order the work happened."""
        return log_many(entry for _, _, entry in sorted(self.entries, key=lambda e: (e[0], e[1])))

    # meetings ---------------------------------------------------------------------------------------------
    def meetings(self, meetings: list[PlannedMeeting]) -> None:
        """Through the panels services, each step as of when it happened, in the order the work happened:
        the meeting planned (its members invited, the other attendees added), its agenda built, issued,
        what was shared recorded, the attendance and the minutes issued. The decisions follow in bulk."""
        steps: list[tuple[datetime, int, int, Callable[[], None]]] = []

        def step(at: datetime, phase: int, work: Callable[[], None]) -> None:
            steps.append((at, phase, len(steps), work))

        self.children = Child.objects.in_bulk(
            {item.child.pk for meeting in meetings for item in meeting.items if item.child is not None}
        )
        for meeting in meetings:
            step(meeting.planned_at, 0, partial(self._schedule, meeting))
            if meeting.items:
                step(min(item.added_at for item in meeting.items), 1, partial(self._agenda, meeting))
            if meeting.agenda_issued_at:
                step(meeting.agenda_issued_at, 2, partial(self._issue_agenda, meeting))
            for item in meeting.items:
                if item.information:
                    step(item.recorded_at, 3, partial(self._record, item))
            if meeting.minutes_issued_at:
                half_way = meeting.held_at + (meeting.minutes_issued_at - meeting.held_at) / 2
                step(half_way, 4, partial(self._attendance, meeting))
                step(meeting.minutes_issued_at, 5, partial(self._issue_minutes, meeting))
        for at, _, _, work in sorted(steps, key=lambda s: s[:3]):
            with clock.history(at):
                work()
        self._decisions([item for meeting in meetings for item in meeting.items])

    def _schedule(self, meeting: PlannedMeeting) -> None:
        row = panel_services.meeting_schedule(
            panel=self.panels[meeting.code],
            by=self.minute_taker,
            held_at=meeting.held_at,
            place=meeting.place,
            chair=self.users[meeting.chair],
        )
        meeting.pk = row.pk
        meeting.row = row
        invited = set(row.attendances.values_list("user_id", flat=True))
        for username, _ in meeting.attendance:
            user = self.users[username]
            if user.agency_id and user.pk not in invited:
                panel_services.attendee_add(meeting=row, by=self.minute_taker, user=user)
                invited.add(user.pk)

    def _agenda(self, meeting: PlannedMeeting) -> None:
        """The items in their agenda order, each added as of when it was."""
        for item in sorted(meeting.items, key=lambda item: item.order):
            with clock.history(item.added_at or meeting.held_at):
                row = panel_services.item_add(
                    meeting=meeting.row,
                    by=self.minute_taker,
                    kind=item.kind,
                    child=self.children[item.child.pk] if item.child else None,
                    school=item.school,
                    theme=item.theme,
                    reason=item.reason,
                    rule=item.rule,
                )
            item.pk = row.pk
            item.row = row

    def _issue_agenda(self, meeting: PlannedMeeting) -> None:
        meeting.row = panel_services.agenda_issue(meeting=meeting.row, by=self.minute_taker)

    def _record(self, item: PlannedItem) -> None:
        item.row = panel_services.item_record(
            item=item.row,
            by=self.minute_taker,
            version=item.row.version,
            information_shared=item.information,
        )

    def _attendance(self, meeting: PlannedMeeting) -> None:
        """Who came, sent apologies or did not attend; anyone invited the plan did not expect (a member
        added by someone trying the demo) did not attend."""
        planned = {self.users[username].pk: status for username, status in meeting.attendance}
        statuses = {
            pk: planned.get(user_id, Attendance.Status.ABSENT)
            for pk, user_id in meeting.row.attendances.values_list("pk", "user_id")
        }
        panel_services.attendance_set(meeting=meeting.row, by=self.minute_taker, statuses=statuses)

    def _issue_minutes(self, meeting: PlannedMeeting) -> None:
        meeting.row = panel_services.minutes_issue(
            meeting=meeting.row, by=self.minute_taker, version=meeting.row.version
        )

    def _decisions(self, items: list[PlannedItem]) -> None:
        decisions = [(item, decision) for item in items for decision in item.decisions]
        decision_rows = bulk(
            ItemDecision,
            [
                ItemDecision(
                    item_id=item.pk,
                    kind=decision.kind,
                    detail=decision.detail,
                    level=self.levels[decision.level] if decision.level else None,
                    recorded_by=self.users[item.meeting.chair]
                    if item.meeting.code == "complex-strategy"
                    else self.minute_taker,
                    recorded_at=item.recorded_at,
                )
                for item, decision in decisions
            ],
        )
        for (item, decision), row in zip(decisions, decision_rows, strict=True):
            decision.pk = row.pk
            self.note(
                item.recorded_at, LogAction.CHANGE, "panels.agendaitem", item.pk, f"decision: {decision.kind}"
            )

    @property
    def minute_taker(self) -> User:
        return self.users[MINUTE_TAKER]

    # SEP --------------------------------------------------------------------------------------------------
    def sep_periods(self, stints: list[SepStint]) -> None:
        """Through ``sep_start`` and ``sep_end``, as of the decisions that started and ended each period,
        in the order they were made (a child removed and escalated again ends one period first)."""
        steps: list[tuple[datetime, int, Callable[[], None]]] = []
        for stint in stints:
            steps.append((stint.start_item.recorded_at, len(steps), partial(self._sep_start, stint)))
            if stint.end_item is not None:
                steps.append((stint.end_item.recorded_at, len(steps), partial(self._sep_end, stint)))
        for at, _, work in sorted(steps, key=lambda s: s[:2]):
            with clock.history(at):
                work()

    def _sep_start(self, stint: SepStint) -> None:
        period = panel_services.sep_start(
            child=self.children[stint.child.pk],
            by=self.minute_taker,
            start=stint.start,
            reason=stint.start_decision.detail,
            decision=ItemDecision.objects.get(pk=stint.start_decision.pk),
        )
        stint.pk = period.pk

    def _sep_end(self, stint: SepStint) -> None:
        assert stint.end_decision is not None and stint.end is not None
        panel_services.sep_end(
            child=self.children[stint.child.pk],
            by=self.minute_taker,
            end=stint.end,
            reason=stint.end_decision.detail,
            decision=ItemDecision.objects.get(pk=stint.end_decision.pk),
        )

    # actions ----------------------------------------------------------------------------------------------
    def actions(self, actions: list[PlannedAction]) -> None:
        item_type = ContentType.objects.get_for_model(AgendaItem)
        plan_type = None
        if any(action.version is not None for action in actions):
            from hub.plans.models import Plan

            plan_type = ContentType.objects.get_for_model(Plan)
        rows = []
        for action in actions:
            source = action.item if action.item is not None else action.version.plan
            rows.append(
                Action(
                    authority=self.authority,
                    child_id=action.child.pk if action.child else None,
                    subject_label=action.subject_label,
                    title=action.title,
                    detail=action.detail,
                    owner_user=self.users[action.owner_user] if action.owner_user else None,
                    owner_agency=self.agencies[action.owner_agency]
                    if action.owner_agency
                    else self.users[action.owner_user].agency,
                    due=action.due,
                    status=action.status,
                    source_type=item_type if action.item is not None else plan_type,
                    source_id=source.pk,
                    source_label=action.source_label,
                    created_by=self.users[action.created_by],
                    created_at=action.created_at,
                    completed_at=action.completed_at,
                    completed_by=self.users[action.completed_by] if action.completed_by else None,
                    outcome=action.outcome,
                    version=1 + int(action.status != "open"),
                )
            )
        for action, row in zip(actions, bulk(Action, rows), strict=True):
            action.pk = row.pk
            self.note(
                action.created_at,
                LogAction.COLLECT,
                "actions.action",
                row.pk,
                f"action agreed, due {action.due:%Y-%m-%d}",
            )
            if action.version is not None:
                self.note(
                    action.created_at,
                    LogAction.CHANGE,
                    "plans.plan",
                    action.version.plan.pk,
                    f"action {row.pk} added",
                )
            if action.completed_at is not None:
                self.note(
                    action.completed_at, LogAction.CHANGE, "actions.action", row.pk, f"action {action.status}"
                )
            elif action.started_at is not None:
                self.note(action.started_at, LogAction.CHANGE, "actions.action", row.pk, "action in_progress")
