"""Planning the year of meetings in memory: which meetings are held, who comes, which children, schools
and themes each discusses, what is shared, decided and agreed, and which children SEP monitors when.
Nothing is written here.

Everything follows the records the earlier loaders left (``records``): MARMM discusses each screening the
hub routed to it at the first MARMM after the review; MEP a child from the first MEP after they reached
groomed/targeted or exploited, then every 6 to 12 weeks while they stay there, and children whose
repeat-missing alerts were raised since the last MEP; SEP the children MEP escalated, until SEP removes
them; the other panels their own selections as the Hub's agenda rules (``hub.panels.agenda``) make them,
but from each child's state on the meeting's day."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from hub.accounts.models import User
from hub.core.calendar import holidays, is_working_day
from hub.core.suppression import count_text
from hub.demo.panels import schedule, wording
from hub.demo.panels.figures import (
    ABSENT_SHARE,
    APOLOGIES_SHARE,
    CROSS_BORDER_CAP,
    DCI_CAP,
    DEPUTIES,
    GUESTS,
    MEP_GAP_MEETINGS,
    MINUTE_TAKER,
    OVERDUE_PLANS,
    PLACES,
    ROTATION_SHARE,
    SEP_CHILDREN,
    SEP_MIN_MONTHS,
    SEP_REMOVED_ONLY,
    SEP_RETURN_GAP_DAYS,
    SEP_RETURNED,
    YOUTH_RISK_CAP,
)
from hub.demo.panels.planned import (
    PlannedAction,
    PlannedDecision,
    PlannedItem,
    PlannedMeeting,
    SepStint,
)
from hub.demo.panels.records import MEP_LEVELS, RANK, KnownChild
from hub.demo.people import school_key
from hub.panels.agenda import school_reason
from hub.panels.models import DecisionKind, SubjectKind
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


class Planner:
    """Plans the meetings of every panel. ``panels`` maps a meeting type code to its (chair, members)
    usernames; ``school_leads`` maps a school's id to its safeguarding lead's username."""

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

    # the year ---------------------------------------------------------------------------------------------
    def plan(self) -> dict[str, list[PlannedMeeting]]:
        self.marmm()
        self.mep()
        self.sep_monitoring()
        self.overdue_reviews()
        self.sep_meetings()
        self.youth_risk()
        self.dci_risk()
        self.cross_border()
        for code in ("locality-north", "locality-south"):
            self.locality(code)
        self.complex_strategy()
        for code, meetings in self.meetings.items():
            self.meetings[code] = [m for m in meetings if m.items or (code == "mep" and not m.past)]
        for meetings in self.meetings.values():
            for meeting in meetings:
                self.finish(meeting)
        return self.meetings

    # MARMM --------------------------------------------------------------------------------------------------
    def marmm(self) -> None:
        meetings = [
            self.new_meeting("marmm", at)
            for at in schedule.marmm_dates(self.first_day, self.today, self.holidays)
        ]
        self.meetings["marmm"] = meetings
        routed = sorted(
            (
                (review, child)
                for child in self.children
                for review in child.reviews
                if review.route == "marmm"
            ),
            key=lambda pair: pair[0].reviewed_at,
        )
        for review, child in routed:
            meeting = self.first_after(meetings, review.reviewed_at)
            if meeting is None:  # after the last Thursday planned: one more week
                held = meetings[-1].held_at + timedelta(days=7)
                meeting = self.new_meeting("marmm", held)
                meetings.append(meeting)
            item = self.add_item(
                meeting,
                SubjectKind.CHILD,
                f"Screening reviewed {wording.day_text(review.reviewed_at)}: "
                f"{wording.LEVEL_NAMES[review.level]}, route MARMM.",
                "marmm-screening",
                child=child,
                event=review.reviewed_at,
            )
            self.reviews[item] = review

    # MEP ----------------------------------------------------------------------------------------------------
    def mep(self) -> None:
        self.mep_dates = schedule.mep_dates(self.first_day, self.today, self.holidays)
        meetings = [self.new_meeting("mep", at) for at in self.mep_dates]
        self.meetings["mep"] = meetings
        past = [m for m in meetings if m.past]
        for child in self.children:
            self.mep_child(child, past)
        self.mep_routed(past)
        self.mep_alerts(past)
        for meeting in past:
            meeting.items.sort(key=lambda item: (MEP_RULE_ORDER[item.rule], item.added_at))

    def mep_date(self, index: int) -> date:
        """The date of the MEP at ``index``, counting on fortnightly past the last one planned."""
        if index < len(self.mep_dates):
            return timezone.localtime(self.mep_dates[index]).date()
        extra = index - len(self.mep_dates) + 1
        return timezone.localtime(self.mep_dates[-1]).date() + timedelta(days=14 * extra)

    def mep_child(self, child: KnownChild, past: list[PlannedMeeting]) -> None:
        """A child at groomed/targeted or exploited: at the first MEP after reaching it, then every few
        meetings while still at it."""
        rng = self.rng
        spans = []
        for start, end in child.mep_spans():
            first = self.first_after(past, start)
            if first is None:
                self.without_mep.append((child, start))
                spans.append((start, end, []))
                continue
            routed = next(
                (r for r in child.reviews if r.route == "mep" and r.reviewed_at == start),
                None,
            )
            level = child.level_on(first.held_at)
            if routed is not None:
                reason, rule = (
                    f"Screening reviewed {wording.day_text(routed.reviewed_at)}: "
                    f"{wording.LEVEL_NAMES[routed.level]}, route MEP.",
                    "mep-screening",
                )
            else:
                reason, rule = (
                    f"At {wording.LEVEL_NAMES[level]}; not discussed at this panel in the last 12 weeks.",
                    "mep-level",
                )
            item = self.add_item(first, SubjectKind.CHILD, reason, rule, child=child, event=start)
            if routed is not None:
                self.reviews[item] = routed
            items = [item]
            index = self.mep_dates.index(first.held_at)
            while True:
                level = child.level_on(self.mep_dates[index] if index < len(self.mep_dates) else self.now)
                gap = rng.randint(*MEP_GAP_MEETINGS.get(level, MEP_GAP_MEETINGS["groomed-targeted"]))
                while (self.mep_date(index + gap) - self.mep_date(index)).days > REVIEW_LIMIT_DAYS:
                    gap -= 1
                index += gap
                if index >= len(past):
                    break
                meeting = past[index]
                if end is not None and meeting.held_at >= end:
                    break
                items.append(
                    self.add_item(
                        meeting,
                        SubjectKind.CHILD,
                        f"Plan review due {self.mep_date(index):%-d %B %Y}.",
                        "mep-plan-review",
                        child=child,
                    )
                )
            self.next_review[child] = self.mep_date(index)
            spans.append((start, end, items))
            self.discussions[child].extend(items)
        self.spans[child] = spans

    def mep_routed(self, past: list[PlannedMeeting]) -> None:
        """Screenings routed to MEP at a level below groomed/targeted (the span rule covers the others)."""
        for child in self.children:
            for review in child.reviews:
                if review.route != "mep" or review.level in MEP_LEVELS:
                    continue
                meeting = self.first_after(past, review.reviewed_at)
                if meeting is None or meeting.item_for(child) is not None:
                    continue
                item = self.add_item(
                    meeting,
                    SubjectKind.CHILD,
                    f"Screening reviewed {wording.day_text(review.reviewed_at)}: "
                    f"{wording.LEVEL_NAMES[review.level]}, route MEP.",
                    "mep-screening",
                    child=child,
                    event=review.reviewed_at,
                )
                self.reviews[item] = review

    def mep_alerts(self, past: list[PlannedMeeting]) -> None:
        """Children whose repeat-missing alerts were raised since the last MEP, unless that MEP discussed
        them or the next one reviews their plan (the alert is then on that review)."""
        previous: PlannedMeeting | None = None
        for index, meeting in enumerate(past):
            since = previous.held_at if previous else meeting.held_at - timedelta(days=14)
            following = past[index + 1] if index + 1 < len(past) else None
            for child in self.children:
                alerts = [a for a in child.alerts if since <= a.raised_at < meeting.held_at]
                if not alerts or meeting.item_for(child) is not None:
                    continue
                if any(m is not None and m.item_for(child) is not None for m in (previous, following)):
                    continue
                alert = alerts[-1]
                requested = (
                    f"; strategy discussion requested by {alert.discussion_by:%-d %B %Y}."
                    if alert.requested and alert.discussion_by
                    else "."
                )
                self.add_item(
                    meeting,
                    SubjectKind.CHILD,
                    f"Repeat missing: {alert.episodes_in_window} episodes in {alert.days} days "
                    f"(alert {wording.day_text(alert.raised_at)}){requested}",
                    "repeat-missing",
                    child=child,
                    event=alert.raised_at,
                )
            previous = meeting

    def overdue_reviews(self) -> None:
        """A few plans whose review date has passed on the load date without a review: the child's last
        discussions are dropped back to one six to eleven weeks ago. Children SEP has ever monitored
        keep their reviews."""
        monitored = {stint.child for stint in self.stints}
        candidates = []
        for child, items in self.discussions.items():
            if child in monitored or len(items) < 2:
                continue
            for index, item in enumerate(items):
                held = timezone.localtime(item.meeting.held_at).date()
                if 44 <= (self.today - held).days <= 80:
                    later = [i for i in self.mep_items(child) if i.meeting.held_at > item.meeting.held_at]
                    if all(i in items for i in later):  # nothing but plan reviews after it
                        candidates.append((child, index, held))
                    break
        self.rng.shuffle(candidates)
        for child, index, held in sorted(candidates[:OVERDUE_PLANS], key=lambda c: c[0].pk):
            items = self.discussions[child]
            for dropped in items[index + 1 :]:
                dropped.meeting.items.remove(dropped)
                for _, _, span_items in self.spans[child]:
                    if dropped in span_items:
                        span_items.remove(dropped)
            del items[index + 1 :]
            latest = min(held + timedelta(days=REVIEW_LIMIT_DAYS), self.today - timedelta(days=1))
            self.next_review[child] = held + timedelta(days=self.rng.randint(42, (latest - held).days))

    def mep_items(self, child: KnownChild) -> list[PlannedItem]:
        return [item for m in self.meetings["mep"] if (item := m.item_for(child)) is not None]

    # SEP ----------------------------------------------------------------------------------------------------
    def sep_monitoring(self) -> None:
        """Exploited children MEP escalates to SEP: some removed later at SEP, a few escalated again."""
        rng = self.rng
        self.meetings["sep"] = [
            self.new_meeting("sep", at)
            for at in schedule.monthly_dates("sep", self.first_day, self.today, self.holidays)
        ]
        seps = [m for m in self.meetings["sep"] if m.past]
        scored = []
        for child in self.children:
            exploited = [
                item
                for item in self.mep_items(child)
                if item.meeting.past and child.level_on(item.meeting.held_at) == "exploited"
            ]
            if exploited:
                score = len(child.alerts) + len(child.episodes) + rng.random() * 6
                scored.append((score, child.pk, child, exploited))
        scored.sort(key=lambda entry: (-entry[0], entry[1]))
        wanted = rng.randint(*SEP_CHILDREN)
        returned = removed = 0
        for _, _, child, items in scored:
            if len(self.stints_of_children()) >= wanted:
                break
            if returned < SEP_RETURNED and self.sep_return(child, items, seps):
                returned += 1
            elif removed < SEP_REMOVED_ONLY and self.sep_removed(child, items, seps):
                removed += 1
            else:
                self.sep_open(child, items)

    def stints_of_children(self) -> set[KnownChild]:
        return {stint.child for stint in self.stints}

    def escalate(self, item: PlannedItem, *, again: bool = False) -> SepStint:
        decision = PlannedDecision(DecisionKind.ESCALATE_SEP, "")
        stint = SepStint(item.child, item, decision)
        self.stints.append(stint)
        self.escalations[item] = (stint, again)
        return stint

    def removal_at(
        self, child: KnownChild, start: datetime, seps: list[PlannedMeeting]
    ) -> PlannedMeeting | None:
        """A SEP meeting at least ``SEP_MIN_MONTHS`` meetings after ``start``: the first after which the
        child had not gone missing for six weeks, else the first possible."""
        later = [m for m in seps if m.held_at > start][SEP_MIN_MONTHS:]
        if not later:
            return None
        for meeting in later:
            if not child.episodes_between(meeting.held_at - timedelta(days=42), meeting.held_at):
                return meeting
        return later[0]

    def sep_return(self, child: KnownChild, items: list[PlannedItem], seps: list[PlannedMeeting]) -> bool:
        for first in items:
            removal = self.removal_at(child, first.meeting.held_at, seps)
            if removal is None:
                return False
            back = next(
                (
                    item
                    for item in items
                    if item.meeting.held_at >= removal.held_at + timedelta(days=SEP_RETURN_GAP_DAYS)
                ),
                None,
            )
            if back is not None:
                stint = self.escalate(first)
                stint.end_item = self.sep_item_placeholder(removal, child)
                self.escalate(back, again=True)
                return True
        return False

    def sep_removed(self, child: KnownChild, items: list[PlannedItem], seps: list[PlannedMeeting]) -> bool:
        first = items[min(len(items) - 1, self.rng.randint(0, 1))]
        removal = self.removal_at(child, first.meeting.held_at, seps)
        if removal is None or removal.held_at > self.cutoff:
            return False
        stint = self.escalate(first)
        stint.end_item = self.sep_item_placeholder(removal, child)
        return True

    def sep_open(self, child: KnownChild, items: list[PlannedItem]) -> None:
        self.escalate(self.rng.choice(items))

    def sep_item_placeholder(self, meeting: PlannedMeeting, child: KnownChild) -> PlannedItem:
        """The SEP item that removes the child, put on the agenda when the SEP meetings are filled."""
        return PlannedItem(meeting, SubjectKind.CHILD, "", "sep-monitored", child=child)

    def sep_meetings(self) -> None:
        """Each SEP discusses the children monitored on its day, marking those escalated since the last."""
        previous: PlannedMeeting | None = None
        ends = {stint.end_item: stint for stint in self.stints if stint.end_item is not None}
        for meeting in self.meetings["sep"]:
            if not meeting.past:
                continue
            since = previous.held_at if previous else meeting.held_at - timedelta(days=28)
            meeting.since = since
            for stint in sorted(self.stints, key=lambda s: (s.start_item.meeting.held_at, s.child.pk)):
                if stint.start_item.meeting.held_at >= meeting.held_at:
                    continue
                end = stint.end_item
                if end is not None and end.meeting.held_at < meeting.held_at:
                    continue
                source = stint.start_item.meeting
                if source.held_at >= since:
                    reason = f"Escalated from {label('mep', source.held_at)}: new to SEP monitoring."
                    rule = "sep-escalated"
                else:
                    reason = f"Monitored by SEP since {stint.start:%-d %B %Y}."
                    rule = "sep-monitored"
                if end is not None and end.meeting is meeting:
                    end.reason, end.rule = reason, rule
                    built = self.office_time(timezone.localtime(meeting.held_at).date() - timedelta(days=2))
                    end.added_at = min(built, meeting.held_at - timedelta(minutes=15))
                    meeting.items.append(end)
                else:
                    self.add_item(meeting, SubjectKind.CHILD, reason, rule, child=stint.child)
            previous = meeting
        for stint in ends.values():
            stint.end_decision = PlannedDecision(DecisionKind.REMOVE_SEP, "")

    # the other panels ---------------------------------------------------------------------------------------
    def monthly(self, code: str) -> list[PlannedMeeting]:
        meetings = [
            self.new_meeting(code, at)
            for at in schedule.monthly_dates(code, self.first_day, self.today, self.holidays)
        ]
        self.meetings[code] = [m for m in meetings if m.past]
        return self.meetings[code]

    def rotate(self, meeting: PlannedMeeting, chosen: list[tuple[KnownChild, str, str]], cap: int) -> None:
        for child, reason, rule in chosen[:cap]:
            self.add_item(meeting, SubjectKind.CHILD, reason, rule, child=child)

    def youth_risk(self) -> None:
        """Children at groomed/targeted or exploited with criminal exploitation, county lines or serious
        youth violence named: new ones, those missing since the last meeting, and some others; and a
        theme of the police's."""
        rng = self.rng
        seen: set[KnownChild] = set()
        previous = None
        for meeting in self.monthly("youth-risk"):
            at = meeting.held_at
            since = previous.held_at if previous else at - timedelta(days=28)
            meeting.since = since
            new, missing, others = [], [], []
            for child in self.children:
                level = child.level_on(at)
                if RANK[level] < 2 or not child.types_on(at) & set(YOUTH_RISK_TYPES):
                    continue
                reason = (
                    f"At {wording.LEVEL_NAMES[level]}, with criminal exploitation, county lines or serious "
                    "youth violence named."
                )
                entry = (child, reason, "youth-risk")
                if child not in seen:
                    new.append(entry)
                elif child.episodes_between(since, at):
                    missing.append(entry)
                elif rng.random() < ROTATION_SHARE:
                    others.append(entry)
            chosen = new + missing + others
            self.rotate(meeting, chosen, YOUTH_RISK_CAP)
            seen |= {item.child for item in meeting.items}
            self.add_item(
                meeting,
                SubjectKind.THEME,
                "Raised by the violent crime taskforce.",
                "",
                theme=rng.choice(wording.THEMES["youth-risk"]),
            )
            previous = meeting

    def dci_risk(self) -> None:
        """Exploited children the police are involved with, and children missing at high risk."""
        rng = self.rng
        seen: set[KnownChild] = set()
        previous = None
        for meeting in self.monthly("dci-risk"):
            at = meeting.held_at
            day = timezone.localtime(at).date()
            since = previous.held_at if previous else at - timedelta(days=28)
            meeting.since = since
            new, high, others = [], [], []
            for child in self.children:
                high_risk = [e for e in child.episodes_between(since, at) if e.risk_grade == "high"]
                exploited = (
                    child.level_on(at) == "exploited"
                    and child.police_since is not None
                    and child.police_since <= day
                )
                if high_risk:
                    when = wording.day_text(high_risk[0].last_seen_at)
                    high.append((child, f"Missing at high risk from {when}.", "dci-high-risk-missing"))
                elif exploited and child not in seen:
                    new.append((child, "Exploited, with police involved.", "dci-exploited"))
                elif exploited and rng.random() < ROTATION_SHARE:
                    others.append((child, "Exploited, with police involved.", "dci-exploited"))
            self.rotate(meeting, high[: DCI_CAP // 2] + new + others, DCI_CAP)
            seen |= {item.child for item in meeting.items}
            previous = meeting

    def cross_border(self) -> None:
        """Children placed here by other authorities who went missing since the last meeting, the most
        often first, and now and then a theme."""
        rng = self.rng
        meetings = [
            self.new_meeting("cross-border", at)
            for at in schedule.quarterly_dates("cross-border", self.first_day, self.today, self.holidays)
        ]
        self.meetings["cross-border"] = [m for m in meetings if m.past]
        previous = None
        for meeting in self.meetings["cross-border"]:
            at = meeting.held_at
            since = previous.held_at if previous else at - timedelta(days=91)
            meeting.since = since
            day = timezone.localtime(at).date()
            counted = []
            for child in self.children:
                episodes = child.episodes_between(since, at)
                if episodes and child.placed_in_on(day):
                    counted.append((len(episodes), child))
            counted.sort(key=lambda pair: (-pair[0], pair[1].pk))
            for n, child in counted[:CROSS_BORDER_CAP]:
                self.add_item(
                    meeting,
                    SubjectKind.CHILD,
                    f"Placed here by another authority; missing {n} time{'s' if n != 1 else ''} since "
                    f"{wording.day_text(since)}.",
                    "cross-border-missing",
                    child=child,
                )
            if rng.random() < 0.6:
                self.add_item(
                    meeting,
                    SubjectKind.THEME,
                    "Raised by the placing authorities.",
                    "",
                    theme=rng.choice(wording.THEMES["cross-border"]),
                )
            previous = meeting

    def locality(self, code: str) -> None:
        """The locality's schools whose pupils were screened or went missing since the last meeting, then
        the locality's trends."""
        locality = code.removeprefix("locality-")
        schools = sorted((s for s in self.schools if s.locality == locality), key=lambda s: s.name)
        meetings = [
            self.new_meeting(code, at)
            for at in schedule.quarterly_dates(code, self.first_day, self.today, self.holidays)
        ]
        self.meetings[code] = [m for m in meetings if m.past]
        previous = None
        for meeting in self.meetings[code]:
            at = meeting.held_at
            since = previous.held_at if previous else at - timedelta(days=91)
            meeting.since = since
            day = timezone.localtime(at).date()
            counts = {school.pk: [0, 0] for school in schools}
            for child in self.children:
                school = child.school_on(day)
                if school is None or school.pk not in counts:
                    continue
                counts[school.pk][0] += sum(1 for s in child.submitted if since <= s < at)
                counts[school.pk][1] += len(child.episodes_between(since, at))
            ranked = sorted(
                (s for s in schools if sum(counts[s.pk])),
                key=lambda s: (-counts[s.pk][0], -counts[s.pk][1], s.name),
            )
            for school in ranked:
                screenings, episodes = counts[school.pk]
                item = self.add_item(
                    meeting,
                    SubjectKind.SCHOOL,
                    school_reason(wording.day_text(since), screenings, episodes),
                    "locality-school",
                    school=school,
                )
                # What the meeting shares is read by its school leads: counts suppressed, as the
                # agenda's are.
                self.school_counts[item] = (
                    count_text(screenings, "screening", exact=False),
                    count_text(episodes, "missing episode", exact=False),
                    wording.day_text(since),
                )
            self.add_item(
                meeting,
                SubjectKind.THEME,
                "Early concerns, trends, potential perpetrators and local areas of concern across the "
                "locality.",
                "locality-trends",
                theme=wording.THEMES["locality"],
            )
            previous = meeting

    def complex_strategy(self) -> None:
        """A strategy meeting for each repeat-missing alert on which the hub asked for one, held by the
        date it set (those still to come are left for the Hub's agenda proposals)."""
        self.meetings["complex-strategy"] = []
        held: set[tuple[int, date]] = set()
        for child in self.children:
            for alert in child.alerts:
                if not (alert.requested and alert.acknowledged_at and alert.discussion_by):
                    continue
                day = timezone.localtime(alert.acknowledged_at).date() + timedelta(days=1)
                while not is_working_day(day, self.holidays):
                    day += timedelta(days=1)
                if day > alert.discussion_by or day >= self.today or (child.pk, day) in held:
                    continue
                held.add((child.pk, day))
                meeting = self.new_meeting("complex-strategy", schedule.at(day, 11, 0))
                self.meetings["complex-strategy"].append(meeting)
                self.add_item(
                    meeting,
                    SubjectKind.CHILD,
                    f"Repeat missing: {alert.episodes_in_window} episodes in {alert.days} days (alert "
                    f"{wording.day_text(alert.raised_at)}); strategy discussion requested by "
                    f"{alert.discussion_by:%-d %B %Y}.",
                    "repeat-missing",
                    child=child,
                    event=alert.acknowledged_at,
                )
        self.meetings["complex-strategy"].sort(key=lambda m: m.held_at)

    # each meeting, once its agenda is known -----------------------------------------------------------------
    def finish(self, meeting: PlannedMeeting) -> None:
        rng = self.rng
        for order, item in enumerate(meeting.items, start=1):
            item.order = order
        first_added = min((item.added_at for item in meeting.items), default=meeting.held_at)
        meeting.planned_at = min(
            self.office_time(timezone.localtime(meeting.held_at).date() - timedelta(days=rng.randint(8, 20))),
            first_added - timedelta(minutes=30),
        )
        if meeting.code == "complex-strategy":
            meeting.planned_at = first_added - timedelta(minutes=10)
        self.attendance(meeting)
        if not meeting.past:
            return
        last_added = max(item.added_at for item in meeting.items)
        meeting.agenda_issued_at = min(
            last_added + timedelta(minutes=rng.randint(10, 90)), meeting.held_at - timedelta(minutes=5)
        )
        issued = self.office_time(
            timezone.localtime(meeting.held_at).date() + timedelta(days=rng.randint(1, 4))
        )
        meeting.minutes_issued_at = min(
            max(issued, meeting.held_at + timedelta(hours=3)), self.now - timedelta(minutes=5)
        )
        step = min(12.0, 170.0 / len(meeting.items))
        for item in meeting.items:
            moment = meeting.held_at + timedelta(minutes=5 + step * item.order)
            item.recorded_at = min(moment, self.now - timedelta(minutes=20))
            self.discuss(item)

    def attendance(self, meeting: PlannedMeeting) -> None:
        rng = self.rng
        chair, members = self.panels[meeting.code]
        invited = [meeting.chair] + [m for m in [chair, *members] if m != meeting.chair]
        if not meeting.past:  # planned: the chair and the panel's members are invited
            meeting.attendance = [(name, "invited") for name in self.known(invited)]
            return
        invited += [MINUTE_TAKER, *GUESTS[meeting.code]]
        if meeting.code in ("mep", "sep", "complex-strategy", "marmm"):
            invited += [item.child.worker for item in meeting.items if item.child and item.child.worker]
        if meeting.code.startswith("locality-"):
            invited += [
                self.school_leads[item.school.pk]
                for item in meeting.items
                if item.school and item.school.pk in self.school_leads
            ]
        seen: set[str] = set()
        for name in self.known(invited):
            if name in seen:
                continue
            seen.add(name)
            roll = rng.random()
            if name in (meeting.chair, MINUTE_TAKER) or roll >= APOLOGIES_SHARE + ABSENT_SHARE:
                status = "present"
            elif roll < APOLOGIES_SHARE:
                status = "apologies"
            else:
                status = "absent"
            meeting.attendance.append((name, status))

    def discuss(self, item: PlannedItem) -> None:
        """What was shared, decided and agreed about an item in the meeting."""
        if item.kind == SubjectKind.CHILD:
            self.discuss_child(item)
        elif item.kind == SubjectKind.SCHOOL:
            self.discuss_school(item)
        else:
            self.discuss_theme(item)
        self.agree_actions(item)

    def discuss_child(self, item: PlannedItem) -> None:
        rng = self.rng
        child, meeting = item.child, item.meeting
        at = meeting.held_at
        code = meeting.code
        earlier = [
            found for m in self.meetings[code] if m.held_at < at and (found := m.item_for(child)) is not None
        ]
        since = meeting.since or max(self.start, at - timedelta(days=56))
        if earlier and code != "cross-border":  # its count is of the panel's window
            since = earlier[-1].meeting.held_at
        item.information = wording.shared_about(child, rng, at=at, since=since)
        level = child.level_on(at)
        if code == "marmm":
            review = self.reviews[item]
            if review.previous and review.previous != review.level and rng.random() < 0.7:
                item.decisions.append(self.level_decision(item, review.reviewed_at))
            pool = wording.MARMM_OUTCOMES["high" if review.level in MEP_LEVELS else "low"]
            item.decisions.append(
                PlannedDecision(DecisionKind.OTHER, wording.fill(rng.choice(pool), child, rng))
            )
        elif code == "mep":
            self.discuss_mep(item, earlier)
        elif code == "sep":
            self.discuss_sep(item)
        else:
            pool = wording.OTHER_CHILD.get(code, wording.MEP_ALERT_OUTCOMES)
            item.decisions.append(
                PlannedDecision(DecisionKind.OTHER, wording.fill(rng.choice(pool), child, rng))
            )
        if code in ("marmm", "mep", "dci-risk", "youth-risk") and level == "exploited":
            roll = rng.random()
            if roll < 0.06 and child.types_on(at) & set(NRM_TYPES):
                item.decisions.append(
                    PlannedDecision(DecisionKind.REFER_NRM, wording.fill(rng.choice(wording.NRM), child, rng))
                )
            elif roll < 0.16:
                item.decisions.append(
                    PlannedDecision(
                        DecisionKind.DISRUPTION, wording.fill(rng.choice(wording.DISRUPTION), child, rng)
                    )
                )

    def level_decision(self, item: PlannedItem, decided: datetime) -> PlannedDecision:
        """The panel agrees a change of level the hub made since it last discussed the child: the level
        is the one in the child's history (the decision records the panel's agreement; the change itself
        is the hub's, already in the history)."""
        child = item.child
        level = child.level_on(item.meeting.held_at)
        text = wording.fill(
            self.rng.choice(wording.LEVEL_AGREED),
            child,
            self.rng,
            {
                "panel": PANEL_NAMES[item.meeting.code],
                "level": wording.LEVEL_NAMES[level],
                "since": wording.day_text(decided),
            },
        )
        return PlannedDecision(DecisionKind.LEVEL, text, level=level)

    def discuss_mep(self, item: PlannedItem, earlier: list[PlannedItem]) -> None:
        rng = self.rng
        child, at = item.child, item.meeting.held_at
        plan_items = self.discussions.get(child, [])
        lead = self.user_name(plan_lead(child))
        if earlier:
            previous_level = child.level_on(earlier[-1].meeting.held_at)
            level = child.level_on(at)
            if previous_level in MEP_LEVELS and level != previous_level:
                decided = max(d for d, code in child.levels if d <= at)
                item.decisions.append(self.level_decision(item, decided))
        if item in plan_items:
            number = plan_items.index(item) + 1
            if not self.span_started_before(child, item):
                item.decisions.append(
                    PlannedDecision(
                        DecisionKind.PLAN_START,
                        wording.fill(rng.choice(wording.PLAN_START), child, rng, {"lead": lead}),
                    )
                )
            else:
                following = plan_items[number] if number < len(plan_items) else None
                review = (
                    timezone.localtime(following.meeting.held_at).date()
                    if following
                    else self.next_review[child]
                )
                item.decisions.append(
                    PlannedDecision(
                        DecisionKind.PLAN_REVIEW,
                        wording.fill(
                            rng.choice(wording.PLAN_REVIEW),
                            child,
                            rng,
                            {
                                "number": self.version_number(child, item),
                                "trend": trend_text(
                                    child, earlier[-1].meeting.held_at if earlier else at, at
                                ),
                                "review": f"{review:%-d %B %Y}",
                                "lead": lead,
                            },
                        ),
                    )
                )
        else:
            item.decisions.append(
                PlannedDecision(
                    DecisionKind.OTHER, wording.fill(rng.choice(wording.MEP_ALERT_OUTCOMES), child, rng)
                )
            )
        if item in self.escalations:
            stint, again = self.escalations[item]
            since = at - timedelta(days=91)
            n = len(child.episodes_between(since, at))
            pool = wording.RE_ESCALATE if again else wording.ESCALATE
            if n < 2:
                pool = [template for template in pool if "{n}" not in template]
            stint.start_decision.detail = wording.fill(rng.choice(pool), child, rng, {"n": n})
            item.decisions.append(stint.start_decision)

    def span_started_before(self, child: KnownChild, item: PlannedItem) -> bool:
        """Whether ``item`` continues a plan already started (it is not the first of its span)."""
        for _, _, items in self.spans.get(child, []):
            if item in items:
                return items.index(item) > 0
        return True

    def version_number(self, child: KnownChild, item: PlannedItem) -> int:
        for _, _, items in self.spans.get(child, []):
            if item in items:
                return items.index(item) + 1
        return 1

    def discuss_sep(self, item: PlannedItem) -> None:
        rng = self.rng
        child = item.child
        stint = next(
            (s for s in self.stints if s.end_item is item),
            None,
        )
        if stint is not None:
            episodes = child.episodes_between(self.start, item.meeting.held_at)
            weeks = (item.meeting.held_at - episodes[-1].last_seen_at).days // 7 if episodes else 12
            stint.end_decision.detail = wording.fill(
                rng.choice(wording.REMOVE), child, rng, {"weeks": max(weeks, 6)}
            )
            item.decisions.append(stint.end_decision)
            return
        if item.rule == "sep-escalated":
            item.decisions.append(
                PlannedDecision(DecisionKind.OTHER, wording.fill(rng.choice(wording.NEW_TO_SEP), child, rng))
            )
        elif rng.random() < 0.25:
            item.decisions.append(
                PlannedDecision(
                    DecisionKind.DISRUPTION, wording.fill(rng.choice(wording.DISRUPTION), child, rng)
                )
            )
        else:
            item.decisions.append(
                PlannedDecision(
                    DecisionKind.OTHER, wording.fill(rng.choice(wording.SEP_OUTCOMES), child, rng)
                )
            )

    def discuss_school(self, item: PlannedItem) -> None:
        rng = self.rng
        screenings, episodes, since = self.school_counts[item]
        item.information = wording.fill(
            rng.choice(wording.SCHOOL_SHARED),
            None,
            rng,
            {"screenings": screenings, "episodes": episodes, "since": since},
        )
        item.decisions.append(
            PlannedDecision(DecisionKind.OTHER, wording.fill(rng.choice(wording.SCHOOL_OUTCOMES), None, rng))
        )

    def discuss_theme(self, item: PlannedItem) -> None:
        rng = self.rng
        count = rng.randint(3, 9)
        item.information = " ".join(
            wording.fill(template, None, rng, {"count": count})
            for template in rng.sample(wording.THEME_SHARED, 2)
        )
        kind = DecisionKind.DISRUPTION if rng.random() < 0.4 else DecisionKind.OTHER
        item.decisions.append(
            PlannedDecision(kind, wording.fill(rng.choice(wording.THEME_OUTCOMES), None, rng))
        )

    # actions ------------------------------------------------------------------------------------------------
    def agree_actions(self, item: PlannedItem) -> None:
        rng = self.rng
        meeting = item.meeting
        counts = {"marmm": (1, 2), "mep": (1, 3), "sep": (1, 2), "complex-strategy": (2, 3)}
        low, high = counts.get(meeting.code, (1, 2))
        if item.kind != SubjectKind.CHILD:
            low, high = 1, 1
        agreed = item.recorded_at + timedelta(minutes=2)
        used: set[str] = set()
        for _ in range(rng.randint(low, high)):
            if item.kind == SubjectKind.CHILD:
                agency = self.action_agency(item)
                template, done = rng.choice(wording.ACTIONS[agency])
                title, done = (wording.fill(text, item.child, rng) for text in (template, done))
                agency = wording.HEALTH_PROVIDERS.get(template, agency)  # each provider its own agency
            else:
                agency = rng.choice(
                    ["education", "police"] if item.kind == SubjectKind.SCHOOL else ["police", "hub", "youth"]
                )
                template, done = rng.choice(wording.SUBJECT_ACTIONS[agency])
                title = wording.fill(template, None, rng, {"subject": item.subject_label})
            if title in used:
                continue
            used.add(title)
            owner, owner_agency = self.owner(agency, item)
            action = PlannedAction(
                title=title[:500],
                due=self.working_on_or_after(
                    timezone.localtime(meeting.held_at).date()
                    + timedelta(days=rng.choice([7, 14, 14, 21, 28, 28, 42]))
                ),
                created_at=agreed,
                created_by=MINUTE_TAKER,
                owner_user=owner,
                owner_agency=owner_agency,
                child=item.child,
                subject_label="" if item.child else item.subject_label,
                item=item,
                source_label=f"{label(meeting.code, meeting.held_at)}, item {item.order}",
                done=done,
            )
            item.actions.append(action)

    def action_agency(self, item: PlannedItem) -> str:
        rng = self.rng
        types = item.child.types_on(item.meeting.held_at)
        weights = {"csc": 5, "police": 4, "hub": 3, "education": 2, "health": 1}
        if item.child.school_on(timezone.localtime(item.meeting.held_at).date()) is None:
            del weights["education"]  # no school to do it (at college, say)
        if types & {"cce", "county-lines", "serious-youth-violence"}:
            weights |= {"yot": 2, "youth": 2}
        if types & {"cse", "online"}:
            weights |= {"health": 2, "voluntary": 2}
        if item.meeting.code in ("dci-risk", "youth-risk"):
            weights["police"] += 4
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    def owner(self, agency: str, item: PlannedItem) -> tuple[str, str]:
        """(username, agency key) of who does it: the child's allocated worker for children's social care,
        the school's lead for its school, someone of the agency, or the agency until someone takes it.
        An action for education goes to the school's own organisation (the child's school)."""
        rng = self.rng
        child = item.child
        if agency == "csc" and child is not None and child.worker in ("adroy", "bharcourt", "practitioner"):
            return child.worker, agency
        if agency == "education":
            school = item.school or (
                child.school_on(timezone.localtime(item.meeting.held_at).date()) if child else None
            )
            assert school is not None, "an action for education needs a school"
            lead = self.school_leads.get(school.pk)
            return (lead if lead in self.users else ""), school_key(school.pk)
        doers = [name for name in DOERS[agency] if name == "" or name in self.users]
        name = rng.choice(doers) if doers else ""
        return name, agency


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
