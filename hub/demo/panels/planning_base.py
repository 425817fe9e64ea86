"""What planning the year of meetings shares: the panels' names, who does each agency's actions, the
planner's state and its helpers (new meetings, office times, agenda items). Nothing is written here."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from hub.accounts.models import User
from hub.core.calendar import holidays, is_working_day
from hub.demo.panels import schedule
from hub.demo.panels.figures import DEPUTIES, PLACES
from hub.demo.panels.planned import PlannedItem, PlannedMeeting, SepStint
from hub.demo.panels.records import KnownChild
from hub.reference.models import School

YOUTH_RISK_TYPES = ("cce", "county-lines", "serious-youth-violence")
NRM_TYPES = ("cce", "county-lines", "trafficking")
REVIEW_LIMIT_DAYS = 84
PANEL_NAMES = {
    "marmm": "MARMM",
    "mep": "MEP",
    "sep": "SEP",
    "youth-risk": "Youth Risk Meeting",
    "cross-border": "Cross Border Group",
    "locality-north": "Locality meeting (north)",
    "locality-south": "Locality meeting (south)",
    "dci-risk": "DCI Risk Meeting",
    "complex-strategy": "Complex strategy meeting",
}
# Who does each agency's actions (usernames, the first ones most often); "" leaves it with the agency.
DOERS = {
    "csc": ["adroy", "bharcourt", "practitioner"],
    "police": ["officer", "rcalloway", "kashdown", ""],
    "health": ["fquennell", ""],
    "camhs": ["omensah", ""],
    "sexual-health": ["lbrightwell", ""],
    "hospital": [""],
    "hub": ["coordinator", "gmountjoy", "interviewer", "bcorrie", "jwhitlock", "analyst"],
    "yot": ["nfarouk"],
    "youth": ["cbrierley", ""],
    "voluntary": ["sgorecki"],
}


def label(code: str, held_at: datetime) -> str:
    """The meeting's label as ``Meeting.label`` makes it."""
    return f"{PANEL_NAMES[code]} {timezone.localtime(held_at):%-d %B %Y}"


class PlannerBase:
    """What planning the meetings of every panel shares (the parts of ``planning.Planner`` build on it).
    ``panels`` maps a meeting type code to its (chair, members) usernames; ``school_leads`` maps a
    school's id to its safeguarding lead's username."""

    def __init__(
        self,
        rng: random.Random,
        *,
        children: dict[int, KnownChild],
        users: dict[str, User],
        panels: dict[str, tuple[str, list[str]]],
        schools: list[School],
        school_leads: dict[int, str],
        now: datetime,
        first_day: date,
    ) -> None:
        self.rng = rng
        self.children = [children[pk] for pk in sorted(children)]
        self.users = users
        self.panels = panels
        self.schools = schools
        self.school_leads = school_leads
        self.now = now
        self.today = timezone.localdate(now)
        self.first_day = first_day
        self.start = schedule.at(first_day, 0, 0)
        self.cutoff = now - timedelta(hours=2)  # a meeting that started before this is over
        self.holidays = holidays()
        self.meetings: dict[str, list[PlannedMeeting]] = {}
        self.reviews: dict[PlannedItem, Any] = {}  # MARMM and MEP items: the screening review behind them
        self.mep_dates: list[datetime] = []
        # MEP discussions that agree or review each child's plan, in order, and when the next is due.
        self.discussions: dict[KnownChild, list[PlannedItem]] = defaultdict(list)
        self.next_review: dict[KnownChild, date] = {}
        self.spans: dict[KnownChild, list[tuple[datetime, datetime | None, list[PlannedItem]]]] = {}
        self.without_mep: list[tuple[KnownChild, datetime]] = []  # reached the level after the last MEP
        self.stints: list[SepStint] = []
        self.escalations: dict[PlannedItem, tuple[SepStint, bool]] = {}  # item -> (stint, again)
        self.school_counts: dict[PlannedItem, tuple[str, str, str]] = {}

    # helpers ------------------------------------------------------------------------------------------
    def user_name(self, username: str) -> str:
        user = self.users.get(username)
        return user.get_full_name() if user is not None else username

    def known(self, usernames: list[str]) -> list[str]:
        return [name for name in usernames if name in self.users]

    def new_meeting(self, code: str, held_at: datetime) -> PlannedMeeting:
        rng = self.rng
        chair, _ = self.panels[code]
        deputy = DEPUTIES.get(code)
        past = held_at < self.cutoff
        if past and deputy and deputy[0] in self.users and rng.random() < deputy[1]:
            chair = deputy[0]  # the panel's chair on leave
        place = rng.choice(PLACES[code])
        if "{school}" in place:
            locality = code.removeprefix("locality-")
            hosts = [s for s in self.schools if s.locality == locality and s.phase == School.Phase.SECONDARY]
            place = place.format(school=rng.choice(hosts).name if hosts else "Civic Offices")
        return PlannedMeeting(code, held_at, chair, place=place, past=past)

    def office_time(self, day: date, earliest: int = 9, latest: int = 16) -> datetime:
        while not is_working_day(day, self.holidays):
            day -= timedelta(days=1)
        return schedule.at(day, self.rng.randint(earliest, latest), self.rng.choice([0, 10, 20, 30, 40, 50]))

    def working_on_or_after(self, day: date) -> date:
        while not is_working_day(day, self.holidays):
            day += timedelta(days=1)
        return day

    def first_after(self, meetings: list[PlannedMeeting], moment: datetime) -> PlannedMeeting | None:
        """The first meeting on a later day than ``moment``."""
        day = timezone.localtime(moment).date()
        return next((m for m in meetings if timezone.localtime(m.held_at).date() > day), None)

    def add_item(
        self,
        meeting: PlannedMeeting,
        kind: str,
        reason: str,
        rule: str,
        *,
        child: KnownChild | None = None,
        school: School | None = None,
        theme: str = "",
        event: datetime | None = None,
    ) -> PlannedItem:
        """An item added while the agenda is built, a day or two before the meeting (after ``event``,
        what put it on the agenda)."""
        item = PlannedItem(meeting, kind, reason, rule, child=child, school=school, theme=theme)
        built = self.office_time(timezone.localtime(meeting.held_at).date() - timedelta(days=2))
        if event is not None:
            built = max(built, event + timedelta(minutes=self.rng.randint(20, 90)))
        item.added_at = min(built, meeting.held_at - timedelta(minutes=15), self.now - timedelta(minutes=10))
        meeting.items.append(item)
        return item


MEP_RULE_ORDER = {"mep-screening": 0, "mep-level": 1, "mep-plan-review": 2, "repeat-missing": 3}


def plan_lead(child: KnownChild) -> str:
    """Who leads the child's plan: the allocated worker, else a hub coordinator."""
    return child.worker or ("gmountjoy" if child.pk % 2 else "coordinator")


def trend_text(child: KnownChild, since: datetime, until: datetime) -> str:
    now = len(child.episodes_between(since, until))
    before = len(child.episodes_between(since - (until - since), since))
    if now == 0:
        return "no missing episodes since the last review"
    direction = "fewer than" if now < before else "more than" if now > before else "the same as"
    return f"{now} missing episode{'s' if now != 1 else ''} since the last review, {direction} before"
