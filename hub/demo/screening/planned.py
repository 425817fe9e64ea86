"""What the planner decides about each child and screening before anything is written, and the small
date and identifier helpers it needs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from hub.children.models import Child
from hub.core.calendar import LONDON
from hub.demo.area import pronouns
from hub.reference.models import School


@dataclass
class PlannedScreening:
    """One screening of the year (or of today's queue): who refers, what the hub decides, and when.
    ``pk`` is set once the writer has created it."""

    child: PlannedChild
    submitted_at: datetime
    referrer: str
    level: str
    suggested: str = ""
    route: str = ""
    immediate_risk: bool = False
    created_at: datetime | None = None
    review_due_at: datetime | None = None
    reviewed_at: datetime | None = None
    reviewer: str = "coordinator"
    yes: list[Any] = field(default_factory=list)
    not_known: list[Any] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    pk: int | None = None


@dataclass
class PlannedChild:
    """An invented child as the agencies know them. ``record`` is the Hub's record once the first review
    has created it; ``reviewed`` grows as the writer reviews their screenings (the hub's findings
    mention the last one)."""

    first_name: str
    last_name: str
    sex: str
    ethnicity: str
    date_of_birth: date
    address: str = ""
    postcode: str = ""
    school: School | None = None
    school_start: date | None = None
    learning_disability: bool = False
    legal_status: str = ""
    placed_in: bool = False
    status_start: date | None = None
    moved_in: date | None = None
    upn: str = ""
    nhs_number: str = ""
    local_child_id: str = ""
    types: list[str] = field(default_factory=list)
    screenings: list[PlannedScreening] = field(default_factory=list)
    marmm: bool = False
    record: Child | None = None
    reviewed: list[PlannedScreening] = field(default_factory=list)

    @property
    def in_pru(self) -> bool:
        return bool(self.school and self.school.phase == School.Phase.PRU_SECONDARY)

    def words(self) -> dict[str, str]:
        return {
            **pronouns(self.first_name, self.sex),
            "a_partner": "a 'boyfriend'" if self.sex == "2" else "an older 'mate'",
        }


def london_time(day: date, hour: int, minute: int) -> datetime:
    """A wall-clock time in England on ``day`` (the hub works in local time, summer time included)."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def school_year_group(date_of_birth: date, day: date) -> int:
    """The school year group (7 is the first year of secondary school) on ``day``."""
    cohort = date_of_birth.year + (1 if date_of_birth.month >= 9 else 0)
    academic_year = day.year if day.month >= 9 else day.year - 1
    return academic_year - (cohort + 4)


def new_upn(rng: random.Random, used: set[str]) -> str:
    """A unique pupil number in the DfE format (check letter, LA 999, which no authority uses)."""
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    while True:
        body = f"999{rng.randint(4000, 4999)}{rng.randint(10, 19)}{rng.randint(0, 999):03d}"
        check = letters[sum(int(d) * w for d, w in zip(body, range(2, 14), strict=True)) % 23]
        upn = check + body
        if upn not in used:
            used.add(upn)
            return upn


def new_nhs_number(rng: random.Random, used: set[str]) -> str:
    """A valid NHS number in the 999 range, which the NHS keeps for testing."""
    while True:
        digits = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        number = digits + str(check)
        if check != 10 and number not in used:
            used.add(number)
            return number
