"""Writing the planned year. Most of it is inserted in bulk: more than a thousand agenda items and several
thousand actions through the services one by one take minutes (the meetings, attendance and agendas
through ``meeting_schedule``, ``attendee_add``, ``item_add``, ``agenda_issue``, ``item_record``,
``attendance_set`` and ``minutes_issue``, each as of its moment, took 160 s against 3 s in bulk on the
same machine). So the meetings, attendance, agenda items, decisions and actions are inserted with
``bulk_create`` as the services would have left them, stamped when the work happened (``backdating``),
each with its "created" change-history row (stamped at the load, as the screening demo's are), and the
access-log entries the services would have written, in the order the work happened (``log_many``).
Bulk forms of those services are the work left (docs/architecture.md).

The SEP periods, a few dozen, go through ``sep_start`` and ``sep_end``, each as of the decision that
made it (``clock.history``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.db import models

from hub.accounts.models import Agency, Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_many
from hub.children.models import Child
from hub.core import clock
from hub.demo.panels.backdating import planned_stamps
from hub.demo.panels.figures import MINUTE_TAKER
from hub.demo.panels.planned import PlannedAction, PlannedMeeting, SepStint
from hub.panels import services as panel_services
from hub.panels.models import AgendaItem, Attendance, ItemDecision, Meeting, Panel
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
        rows = bulk(Meeting, [self._meeting(m) for m in meetings])
        for meeting, row in zip(meetings, rows, strict=True):
            meeting.pk = row.pk
            name = self.panels[meeting.code].name
            self.note(
                meeting.planned_at, LogAction.COLLECT, "panels.meeting", row.pk, f"meeting of {name} planned"
            )
            if meeting.agenda_issued_at:
                self.note(
                    meeting.agenda_issued_at, LogAction.CHANGE, "panels.meeting", row.pk, "agenda issued"
                )
            if meeting.minutes_issued_at:
                self.note(
                    meeting.minutes_issued_at, LogAction.CHANGE, "panels.meeting", row.pk, "minutes issued"
                )
        self._attendance(meetings)
        items = [item for meeting in meetings for item in meeting.items]
        item_rows = bulk(AgendaItem, [self._item(item) for item in items])
        decisions = []
        for item, row in zip(items, item_rows, strict=True):
            item.pk = row.pk
            rule = f" ({item.rule})" if item.rule else ""
            self.note(
                item.added_at, LogAction.COLLECT, "panels.agendaitem", row.pk, f"agenda item added{rule}"
            )
            if item.information:
                self.note(
                    item.recorded_at,
                    LogAction.CHANGE,
                    "panels.agendaitem",
                    row.pk,
                    "information shared recorded",
                )
            for decision in item.decisions:
                decisions.append((item, decision))
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

    def _meeting(self, meeting: PlannedMeeting) -> Meeting:
        issued = meeting.minutes_issued_at is not None
        return Meeting(
            panel=self.panels[meeting.code],
            held_at=meeting.held_at,
            place=meeting.place,
            chair=self.users[meeting.chair],
            status=Meeting.Status.MINUTES_ISSUED if issued else Meeting.Status.PLANNED,
            agenda_issued_at=meeting.agenda_issued_at,
            minutes_issued_at=meeting.minutes_issued_at,
            created_by=self.minute_taker,
            version=1 + int(meeting.agenda_issued_at is not None) + int(issued),
        )

    def _attendance(self, meetings: list[PlannedMeeting]) -> None:
        rows = []
        for meeting in meetings:
            for username, status in meeting.attendance:
                user = self.users[username]
                if user.agency_id:
                    rows.append(
                        Attendance(meeting_id=meeting.pk, user=user, agency_id=user.agency_id, status=status)
                    )
            if meeting.minutes_issued_at:
                self.note(
                    meeting.held_at + (meeting.minutes_issued_at - meeting.held_at) / 2,
                    LogAction.CHANGE,
                    "panels.meeting",
                    meeting.pk,
                    "attendance recorded",
                )
        bulk(Attendance, rows)

    def _item(self, item: Any) -> AgendaItem:
        return AgendaItem(
            meeting_id=item.meeting.pk,
            order=item.order,
            kind=item.kind,
            child_id=item.child.pk if item.child else None,
            school=item.school,
            theme=item.theme,
            reason=item.reason,
            rule=item.rule,
            added_by=self.minute_taker,
            added_at=item.added_at or item.meeting.held_at,
            information_shared=item.information,
            discussed=bool(item.decisions),
            version=1 + int(bool(item.information)),
        )

    # SEP --------------------------------------------------------------------------------------------------
    def sep_periods(self, stints: list[SepStint]) -> None:
        """Through ``sep_start`` and ``sep_end``, as of the decisions that started and ended each period,
        in the order they were made (a child removed and escalated again ends one period first)."""
        steps: list[tuple[datetime, int, Callable[[], None]]] = []
        self.children = Child.objects.in_bulk({stint.child.pk for stint in stints})
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
        """Through the bulk forms of the action and plan services (``action_writing``)."""
        from hub.demo.panels.action_writing import write_actions

        write_actions(self, actions)
