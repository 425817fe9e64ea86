"""Writing the planned year through the services' bulk forms. The meetings, with their attendance,
agendas, what was shared and the decisions, go through ``hub.panels.past_services.meetings_record_past``;
the actions through ``actions_record_past`` and ``plan_actions_record_past`` (``action_writing``), the plans
through ``plans_record_past`` (``plans``). Each checks every row with the single-row services' own rules, as
of its moment, and inserts in batches with the change history and access log the services write (the
meeting services one at a time, each as of its moment, took 160 s).

The SEP periods, a few dozen, go through ``sep_start`` and ``sep_end``, each as of the decision that
made it (``clock.history``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from hub.accounts.models import Agency, Authority, User
from hub.audit.services import log_many
from hub.children.models import Child
from hub.core import clock
from hub.demo.panels.figures import MINUTE_TAKER
from hub.demo.panels.planned import PlannedAction, PlannedItem, PlannedMeeting, SepStint
from hub.panels import services as panel_services
from hub.panels.models import ItemDecision, Panel
from hub.panels.past_services import PastDecision, PastItem, PastMeeting, meetings_record_past
from hub.reference.models import LevelOfConcern

# Why the year's meetings are entered at the load, for their change history (the demo's clock dates them).
REASON = "demo area: the year of panel meetings before the reference day"


def recorded(item: PlannedItem) -> datetime:
    """When an item of a meeting held was recorded (the planner dates each)."""
    assert item.recorded_at is not None
    return item.recorded_at


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
        """Every meeting through ``meetings_record_past``: planned, its attendance, agenda, what was shared
        and decided and its minutes, each as of its own moment. The decisions' effects are written by
        their own services: the SEP periods here (``sep_periods``), the plans by ``plans``; the levels the
        panels agree are already in the children's history (the screening demo's reviews)."""
        children = Child.objects.in_bulk(
            {item.child.pk for meeting in meetings for item in meeting.items if item.child is not None}
        )
        records = [self._meeting(meeting, children) for meeting in meetings]
        written = meetings_record_past(by=self.minute_taker, records=records, reason=REASON)
        for meeting, row, items, decisions in zip(
            meetings, written.meetings, written.items, written.decisions, strict=True
        ):
            meeting.pk = row.pk
            for item, item_row, item_decisions in zip(meeting.items, items, decisions, strict=True):
                item.pk = item_row.pk
                for decision, decision_row in zip(item.decisions, item_decisions, strict=True):
                    decision.pk = decision_row.pk

    @property
    def minute_taker(self) -> User:
        return self.users[MINUTE_TAKER]

    def _meeting(self, meeting: PlannedMeeting, children: dict[int, Child]) -> PastMeeting:
        assert meeting.planned_at is not None  # the planner plans every meeting
        issued = meeting.minutes_issued_at
        # The minute taker records the attendance during the days between the meeting and its minutes.
        recorded = meeting.held_at + (issued - meeting.held_at) / 2 if issued is not None else None
        attendance = [(self.users[name], status) for name, status in meeting.attendance]
        return PastMeeting(
            panel=self.panels[meeting.code],
            held_at=meeting.held_at,
            chair=self.users[meeting.chair],
            planned_by=self.minute_taker,
            planned_at=meeting.planned_at,
            place=meeting.place,
            # Only people of an agency attend (the demo's staff without one are left out).
            attendance=[(user, status) for user, status in attendance if user.agency_id],
            items=[self._item(item, children) for item in meeting.items],
            agenda_issued_at=meeting.agenda_issued_at,
            attendance_recorded_at=recorded,
            minutes_issued_at=issued,
        )

    def _item(self, item: PlannedItem, children: dict[int, Child]) -> PastItem:
        # A complex strategy meeting's chair records its decisions; elsewhere the minute taker does.
        recorder = (
            self.users[item.meeting.chair] if item.meeting.code == "complex-strategy" else self.minute_taker
        )
        return PastItem(
            kind=item.kind,
            added_by=self.minute_taker,
            added_at=item.added_at or item.meeting.held_at,
            child=children[item.child.pk] if item.child is not None else None,
            school=item.school,
            theme=item.theme,
            reason=item.reason,
            rule=item.rule,
            information=item.information,
            recorded_at=item.recorded_at,
            recorded_by=self.minute_taker,
            decisions=[
                PastDecision(
                    kind=decision.kind,
                    detail=decision.detail,
                    by=recorder,
                    level=self.levels[decision.level] if decision.level else None,
                )
                for decision in item.decisions
            ],
        )

    # SEP --------------------------------------------------------------------------------------------------
    def sep_periods(self, stints: list[SepStint]) -> None:
        """Through ``sep_start`` and ``sep_end``, as of the decisions that started and ended each period,
        in the order they were made (a child removed and escalated again ends one period first)."""
        steps: list[tuple[datetime, int, Callable[[], None]]] = []
        self.children = Child.objects.in_bulk({stint.child.pk for stint in stints})
        for stint in stints:
            steps.append((recorded(stint.start_item), len(steps), partial(self._sep_start, stint)))
            if stint.end_item is not None:
                steps.append((recorded(stint.end_item), len(steps), partial(self._sep_end, stint)))
        for at, _, work in sorted(steps, key=lambda s: s[:2]):
            with clock.history(at):
                work()

    def _sep_start(self, stint: SepStint) -> None:
        assert stint.start_decision.pk is not None  # written by ``meetings``
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
        assert stint.end_decision.pk is not None  # written by ``meetings``
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
