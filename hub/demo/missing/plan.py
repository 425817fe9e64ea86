"""What the planner decides about each child, care episode, missing episode and return interview before
anything is written. ``pk`` fields are filled in as the writer creates (or finds) the rows. Each plan is
itself (compared and hashed by identity), so children and episodes can key dictionaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hub.demo.area import known, pronouns

__all__ = ["Alert", "CareSpan", "DemoChild", "Episode", "Interview", "RiskChange", "known"]


@dataclass(eq=False)
class CareSpan:
    """One looked-after episode: a legal-status period, its SSDA903 codes and the placement address."""

    start: date
    end: date | None
    placement: str  # the placement as the missing episode names it
    line1: str
    postcode: str
    codes: dict[str, str]
    placing: Any  # Authority
    host: Any = None  # Authority, for a child placed here by another authority
    period_pk: int | None = None  # an existing period (screened children), else created by the writer
    child_pk: int | None = None  # the child of an existing period
    has_codes: bool = False  # the existing period already has its CareEpisode

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(eq=False)
class DemoChild:
    """A child who goes missing: one the screening demo created (``pk`` set) or a new one."""

    first_name: str
    last_name: str
    sex: str
    date_of_birth: date
    pk: int | None = None
    ethnicity: str = ""
    level: str = ""  # current level of concern code, "" if never screened
    levels: list[tuple[datetime, str, int]] = field(default_factory=list)  # (decided, code, rank)
    types: set[str] = field(default_factory=set)  # exploitation types from screenings
    previously_missing: bool = False
    police_involved: bool = False  # an open police involvement already
    placed_in: bool = False
    care: list[CareSpan] = field(default_factory=list)
    home_address: str = ""
    postcode: str = ""
    home_since: date | None = None
    legal_status: str = ""  # for a new child not looked after: CIN, CPP, early help or ""
    status_start: date | None = None
    local_child_id: str = ""
    span_start: datetime | None = None  # when their episodes of the year may start
    span_end: datetime | None = None
    propensity: float = 1.0
    count: int = 0  # episodes in the year
    episodes: list[Episode] = field(default_factory=list)
    invented: bool = False  # by this loader; its record is created at the child's first report
    created_at: datetime | None = None
    created_by: str = ""

    @property
    def looked_after(self) -> bool:
        return bool(self.care)

    @property
    def is_new(self) -> bool:
        """Invented by this loader (not one of the screening demo's children)."""
        return self.invented

    def care_on(self, day: date) -> CareSpan | None:
        return next((span for span in self.care if span.covers(day)), None)

    def level_on(self, moment: datetime) -> tuple[str, int]:
        """The level of concern in force at ``moment`` (code, rank); ("", -1) before any."""
        current = ("", -1)
        for decided, code, rank in self.levels:
            if decided <= moment:
                current = (code, rank)
        return current

    def words(self) -> dict[str, str]:
        return {
            **pronouns(self.first_name, self.sex),
            "home": "the placement" if self.looked_after else "home",
        }


@dataclass(eq=False)
class RiskChange:
    grade: str
    at: datetime
    by: str
    reason: str
    previous: str = ""


@dataclass(eq=False)
class Interview:
    """The return interview of one returned episode, as the hub and the interviewer recorded it."""

    status: str
    notified_at: datetime
    due_at: datetime  # the interview's clock
    response_due_at: datetime | None = None
    allocated_to: str = ""
    allocated_at: datetime | None = None
    first_response_at: datetime | None = None
    interview_at: datetime | None = None
    face_to_face: bool | None = None
    not_face_to_face_reason: str = ""
    late_reason: str = ""  # LateInterviewReason code
    late_detail: str = ""
    declined_reason: str = ""
    carer_information: str = ""
    where_went: str = ""
    who_with: str = ""
    travel_there: str = ""
    travel_back: str = ""
    factors: list[str] = field(default_factory=list)  # MissingFactor codes
    harm: str = ""
    indicators: list[str] = field(default_factory=list)  # ScreeningIndicator codes
    child_words: str = ""
    actions_agreed: str = ""
    recorded_by: str = ""
    pk: int | None = None

    @property
    def finished_at(self) -> datetime | None:
        return self.interview_at or (self.first_response_at if self.declined_reason else None)


@dataclass(eq=False)
class Episode:
    child: DemoChild
    last_seen_at: datetime
    returned_at: datetime | None
    in_year: bool = True
    scenario: str = ""  # the story it follows (``wording.STORIES``)
    account: int = 0  # which of the story's accounts of what happened
    places: dict[str, str] = field(default_factory=dict)  # the places the story names
    reported_at: datetime | None = None
    reported_by_kind: str = ""
    recorded_by: str = ""
    police_reference: str = ""
    risks: list[RiskChange] = field(default_factory=list)
    dfe_code: str = ""
    placement: str = ""
    last_seen_where: str = ""
    returned_where: str = ""
    returned_with: str = ""
    return_method: str = ""
    hub_notified_at: datetime | None = None
    interview: Interview | None = None
    pk: int | None = None

    @property
    def risk_grade(self) -> str:
        return self.risks[-1].grade


@dataclass(eq=False)
class Alert:
    child: DemoChild
    rule: Any  # RepeatMissingRule
    episode: Episode
    episodes_in_window: int
    window_start: datetime
    raised_at: datetime
    acknowledged_by: str = ""
    acknowledged_at: datetime | None = None
    decision_note: str = ""
    strategy_by: date | None = None  # a strategy discussion was requested, to be held by this day
    rules: list[Any] = field(default_factory=list)  # every rule the episode met, ``rule`` first
