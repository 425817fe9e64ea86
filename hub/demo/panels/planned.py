"""What the planner decides about each meeting, item, decision, action, SEP period and plan before anything
is written. ``pk`` fields are filled in as the writer creates the rows. Each plan is itself (compared and
hashed by identity), so they can key dictionaries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hub.demo.panels.records import KnownChild


@dataclass(eq=False)
class PlannedAction:
    """An action agreed at a meeting (``item``) or in a plan (``version``). The owner is a username, an
    agency key, or both (a person of that agency)."""

    title: str
    due: date
    created_at: datetime
    created_by: str
    owner_user: str = ""
    owner_agency: str = ""
    detail: str = ""
    child: KnownChild | None = None
    subject_label: str = ""
    item: PlannedItem | None = None
    version: PlannedVersion | None = None
    source_label: str = ""
    done: str = ""  # what was done, if it is done
    status: str = "open"
    started_at: datetime | None = None  # moved to "in progress"
    completed_at: datetime | None = None
    completed_by: str = ""
    outcome: str = ""
    pk: int | None = None


@dataclass(eq=False)
class PlannedDecision:
    kind: str
    detail: str
    level: str = ""  # a level of concern code, for a decision about the level
    pk: int | None = None


@dataclass(eq=False)
class PlannedItem:
    meeting: PlannedMeeting
    kind: str
    reason: str
    rule: str
    child: KnownChild | None = None
    school: Any = None  # School
    theme: str = ""
    information: str = ""
    decisions: list[PlannedDecision] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    order: int = 0
    added_at: datetime | None = None
    recorded_at: datetime | None = None  # when its record was made in the meeting
    pk: int | None = None

    @property
    def the_child(self) -> KnownChild:
        """The child of an item about a child."""
        assert self.child is not None, "an item about a child names the child"
        return self.child

    @property
    def subject_label(self) -> str:
        if self.child is not None:
            return self.child.full_name
        if self.school is not None:
            return self.school.name
        return self.theme


@dataclass(eq=False)
class PlannedMeeting:
    code: str  # the panel's meeting type
    held_at: datetime
    chair: str
    place: str = ""
    past: bool = True
    since: datetime | None = None  # the start of the window its agenda rule looked at
    items: list[PlannedItem] = field(default_factory=list)
    attendance: list[tuple[str, str]] = field(default_factory=list)  # (username, status)
    planned_at: datetime | None = None
    agenda_issued_at: datetime | None = None
    minutes_issued_at: datetime | None = None
    pk: int | None = None

    def item_for(self, child: KnownChild) -> PlannedItem | None:
        return next((item for item in self.items if item.child is child), None)


@dataclass(eq=False)
class SepStint:
    """A period of SEP monitoring: started by a decision on an MEP item, perhaps ended by one on a SEP
    item."""

    child: KnownChild
    start_item: PlannedItem
    start_decision: PlannedDecision
    end_item: PlannedItem | None = None
    end_decision: PlannedDecision | None = None
    pk: int | None = None

    @property
    def start(self) -> date:
        return self.start_item.meeting.held_at.date()

    @property
    def end(self) -> date | None:
        return self.end_item.meeting.held_at.date() if self.end_item is not None else None


@dataclass(eq=False)
class PlannedFactor:
    kind: str
    text: str
    rating: str = ""
    category: str = ""
    thread: uuid.UUID | None = None


@dataclass(eq=False)
class PlannedVersion:
    plan: PlannedPlan
    number: int
    agreed_on: date
    agreed_by: str
    review_date: date
    review_limit: date
    recorded_by: str
    recorded_at: datetime
    summary: str = ""
    child_views: str = ""
    family_views: str = ""
    progress: str = ""
    changes: str = ""
    factors: list[PlannedFactor] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    item: PlannedItem | None = None  # the MEP item that agreed it
    pk: int | None = None


@dataclass(eq=False)
class PlannedPlan:
    child: KnownChild
    lead: str
    created_by: str
    created_at: datetime
    started_from: str
    versions: list[PlannedVersion] = field(default_factory=list)
    closed_at: datetime | None = None
    closed_by: str = ""
    close_note: str = ""
    pk: int | None = None
