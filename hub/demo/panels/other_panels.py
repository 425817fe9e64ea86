"""Which children, schools and themes the other panels discuss: Youth Risk, DCI Risk, Cross Border, the
two Locality meetings and the complex strategy meetings, as the Hub's agenda rules
(``hub.panels.agenda``) select them, from each child's state on the meeting's day. Nothing is written
here."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django.utils import timezone

from hub.core.calendar import is_working_day
from hub.core.suppression import count_text
from hub.demo.panels import schedule, wording
from hub.demo.panels.figures import CROSS_BORDER_CAP, DCI_CAP, ROTATION_SHARE, YOUTH_RISK_CAP
from hub.demo.panels.planned import PlannedMeeting
from hub.demo.panels.planning_base import YOUTH_RISK_TYPES, PlannerBase
from hub.demo.panels.records import RANK, KnownChild
from hub.panels.agenda_rules import school_reason
from hub.panels.models import SubjectKind


class OtherPanels(PlannerBase):
    """Youth Risk, DCI Risk, Cross Border, Locality and complex strategy meetings."""

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
        seen: set[KnownChild | None] = set()  # a theme item adds None
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
        seen: set[KnownChild | None] = set()  # a theme item adds None
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
                theme=cast(str, wording.THEMES["locality"]),  # the one theme that is a single text
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
