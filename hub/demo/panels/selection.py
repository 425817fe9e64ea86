"""Which children MARMM, MEP and SEP discuss, and when: MARMM each screening the hub routed to it, MEP a
child from the first MEP after they reached groomed/targeted or exploited and then every 6 to 12 weeks,
and the children whose repeat-missing alerts were raised; SEP the children MEP escalated, until it
removes them. Nothing is written here."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from hub.demo.panels import schedule, wording
from hub.demo.panels.figures import (
    MEP_GAP_MEETINGS,
    OVERDUE_PLANS,
    SEP_CHILDREN,
    SEP_MIN_MONTHS,
    SEP_REMOVED_ONLY,
    SEP_RETURN_GAP_DAYS,
    SEP_RETURNED,
)
from hub.demo.panels.planned import PlannedDecision, PlannedItem, PlannedMeeting, SepStint
from hub.demo.panels.planning_base import MEP_RULE_ORDER, REVIEW_LIMIT_DAYS, PlannerBase, label
from hub.demo.panels.records import MEP_LEVELS, KnownChild
from hub.panels.models import DecisionKind, SubjectKind


class HubPanels(PlannerBase):
    """The panels that follow the children the hub screens: MARMM, MEP and SEP."""

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
        spans: list[tuple[datetime, datetime | None, list[PlannedItem]]] = []
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
        assert item.child is not None  # only a child's items are escalated
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
