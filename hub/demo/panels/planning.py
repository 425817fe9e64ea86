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

from datetime import timedelta

from django.utils import timezone

from hub.demo.panels.discussion import Discussion
from hub.demo.panels.figures import ABSENT_SHARE, APOLOGIES_SHARE, GUESTS, MINUTE_TAKER
from hub.demo.panels.other_panels import OtherPanels
from hub.demo.panels.planned import PlannedMeeting
from hub.demo.panels.selection import HubPanels


class Planner(HubPanels, OtherPanels, Discussion):
    """Plans the meetings of every panel. ``panels`` maps a meeting type code to its (chair, members)
    usernames; ``school_leads`` maps a school's id to its safeguarding lead's username."""

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

    # each meeting, once its agenda is known -----------------------------------------------------------------
    def finish(self, meeting: PlannedMeeting) -> None:
        rng = self.rng
        for order, item in enumerate(meeting.items, start=1):
            item.order = order
        # The planner dates when each item was added (``planning_base``).
        first_added = min(
            (item.added_at or meeting.held_at for item in meeting.items), default=meeting.held_at
        )
        meeting.planned_at = min(
            self.office_time(timezone.localtime(meeting.held_at).date() - timedelta(days=rng.randint(8, 20))),
            first_added - timedelta(minutes=30),
        )
        if meeting.code == "complex-strategy":
            meeting.planned_at = first_added - timedelta(minutes=10)
        self.attendance(meeting)
        if not meeting.past:
            return
        last_added = max(item.added_at or meeting.held_at for item in meeting.items)
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
