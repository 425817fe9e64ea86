"""The plans part of the demo year, used only when the plans capability (``hub.plans``) is installed: each
child at groomed/targeted or exploited has the plan MEP started at the first MEP after they reached that
level (or, when no MEP has met since, that their lead agreed after the hub's review), agreed as version 1
that day and reviewed at each MEP that came back to them, never more than the plan-review clock apart;
a few reviews are overdue on the load date. Each version has individual and contextual risk factors
(peers, places, school, online, family), protective factors, the child's and family's views, and the
plan's actions.

The plans are written through ``plans.past_services.plans_record_past``, which checks each version with
``plan_agree``'s and ``plan_review``'s rules as of the day it was recorded (a review date in the past
then is refused, as the services would), and writes the rows in batches with their change history and
access-log entries; the plans' actions go through ``plan_actions_record_past`` (``action_writing``)."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, cast

from django.utils import timezone

from hub.accounts.models import User
from hub.core.calendar import add_working_days
from hub.demo.panels import action_wording, plan_wording, wording
from hub.demo.panels.figures import MINUTE_TAKER
from hub.demo.panels.planned import PlannedAction, PlannedFactor, PlannedPlan, PlannedVersion
from hub.demo.panels.planning import Planner
from hub.demo.panels.planning_base import DOERS, label, plan_lead
from hub.demo.panels.records import KnownChild

if TYPE_CHECKING:
    from hub.reference.models import School
from hub.demo.panels.action_writing import ENTERED_BY
from hub.demo.panels.writing import Writer
from hub.demo.people import school_key

REASON = "demo area: the year of plans before the reference day"
CATEGORIES = ("peers", "places", "school", "online", "family")
LOWER = {"high": "medium", "medium": "low", "low": "low"}
HIGHER = {"low": "medium", "medium": "high", "high": "high"}


class PlanPlanner:
    """Plans each child's plan from the MEP discussions the meeting planner chose."""

    def __init__(self, planner: Planner, rng: random.Random) -> None:
        from hub.plans.services import review_clock

        self.planner = planner
        self.rng = rng
        self.clock = review_clock()
        self.now = planner.now
        self.today = planner.today

    def plan(self) -> list[PlannedPlan]:
        plans = []
        for child in self.planner.children:
            for start, end, items in self.planner.spans.get(child, []):
                plan = self.from_meetings(child, items) if items else self.from_review(child, start)
                if plan is None:
                    continue
                if end is not None:
                    self.close(plan, end)
                plans.append(plan)
        return plans

    def lead(self, child: KnownChild) -> str:
        lead = plan_lead(child)
        return lead if lead in self.planner.users else "coordinator"

    def from_meetings(self, child: KnownChild, items: list) -> PlannedPlan:
        rng = self.rng
        lead = self.lead(child)
        first = items[0]
        plan = PlannedPlan(
            child,
            lead,
            created_by=MINUTE_TAKER,
            created_at=first.recorded_at,
            started_from=label("mep", first.meeting.held_at),
        )
        for index, item in enumerate(items):
            meeting = item.meeting
            agreed_on = timezone.localtime(meeting.held_at).date()
            following = items[index + 1] if index + 1 < len(items) else None
            review = (
                timezone.localtime(following.meeting.held_at).date()
                if following
                else self.planner.next_review[child]
            )
            chair = self.planner.user_name(meeting.chair)
            day = timezone.localtime(meeting.held_at).date()
            if rng.random() < 0.5:  # written up that afternoon, or the next working day
                day = add_working_days(day, 1, self.planner.holidays)
            recorded = self.planner.office_time(day, 10, 17)
            self.version(
                plan,
                agreed_on=agreed_on,
                agreed_by=f"{label('mep', meeting.held_at)}: {chair} (chair), "
                f"{self.planner.user_name(lead)} and the panel",
                review=review,
                recorded_by=lead,
                recorded_at=max(min(recorded, self.now - timedelta(minutes=15)), item.recorded_at),
                since=items[index - 1].meeting.held_at if index else None,
            ).item = item
        return plan

    def from_review(self, child: KnownChild, start: datetime) -> PlannedPlan | None:
        """No MEP since the child reached the level: the lead agrees the plan with the family within a
        few working days of the hub's review, for the next MEP to review."""
        rng = self.rng
        lead = self.lead(child)
        decided = timezone.localtime(start).date()
        agreed_on = min(add_working_days(decided, rng.randint(1, 3), self.planner.holidays), self.today)
        review = min(
            d for d in (timezone.localtime(at).date() for at in self.planner.mep_dates) if d > self.today
        )
        at = max(self.planner.office_time(agreed_on), start + timedelta(hours=1))
        at = min(at, self.now - timedelta(minutes=15))
        # Agreed no later than it was recorded: on a reference day that is a bank holiday (1 January),
        # the plan is written up on the last working day before it, and agreed then.
        agreed_on = min(agreed_on, timezone.localdate(at))
        plan = PlannedPlan(
            child, lead, created_by=lead, created_at=at, started_from=f"Hub review, {decided:%-d %B %Y}"
        )
        self.version(
            plan,
            agreed_on=agreed_on,
            agreed_by=f"{self.planner.user_name(lead)} with {child.first_name} and the family",
            review=review,
            recorded_by=lead,
            recorded_at=at,
            since=None,
        )
        return plan

    def version(
        self,
        plan: PlannedPlan,
        *,
        agreed_on: date,
        agreed_by: str,
        review: date,
        recorded_by: str,
        recorded_at: datetime,
        since: datetime | None,
    ) -> PlannedVersion:
        rng = self.rng
        child = plan.child
        limit = self.clock.limit(agreed_on)
        number = len(plan.versions) + 1
        version = PlannedVersion(
            plan,
            number,
            agreed_on=agreed_on,
            agreed_by=agreed_by[:300],
            review_date=min(review, limit),
            review_limit=limit,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )
        at = recorded_at
        missing = len(child.episodes_between(since, at)) if since is not None else 0
        extra = {
            "worker": self.planner.user_name(plan.lead),
            "missing": f"{missing} missing episode{'' if missing == 1 else 's'}",
        }
        if plan.versions:
            previous = plan.versions[-1]
            trend = self.trend(child, since, at)
            version.factors = self.reviewed_factors(previous.factors, trend, child, at)
            version.progress = wording.fill(plan_wording.PROGRESS[trend], child, rng, extra) + "."
            version.changes = wording.fill(plan_wording.CHANGES[trend], child, rng)
            version.summary = previous.summary
            version.child_views = wording.fill(rng.choice(plan_wording.CHILD_VIEWS), child, rng)
            version.family_views = previous.family_views if rng.random() < 0.5 else self.family(child)
        else:
            version.factors = self.first_factors(child, at)
            version.summary = wording.fill(rng.choice(plan_wording.SUMMARIES), child, rng)
            version.child_views = wording.fill(rng.choice(plan_wording.CHILD_VIEWS), child, rng)
            version.family_views = self.family(child)
        version.actions = self.actions(plan, version, 2 if number == 1 else rng.randint(0, 2))
        plan.versions.append(version)
        return version

    def family(self, child: KnownChild) -> str:
        return wording.fill(self.rng.choice(plan_wording.FAMILY_VIEWS), child, self.rng)

    def trend(self, child: KnownChild, since: datetime | None, until: datetime) -> str:
        if since is None:
            return "same"
        now = len(child.episodes_between(since, until))
        before = len(child.episodes_between(since - (until - since), since))
        if now == 0:
            return "none"
        return "fewer" if now < before else "more" if now > before else "same"

    # factors ----------------------------------------------------------------------------------------------
    def thread(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def rating(self, level: str) -> str:
        weights = {"exploited": [10, 40, 50], "groomed-targeted": [25, 55, 20]}.get(level, [40, 45, 15])
        return self.rng.choices(["low", "medium", "high"], weights=weights)[0]

    def first_factors(self, child: KnownChild, at: datetime) -> list[PlannedFactor]:
        rng = self.rng
        level = child.level_on(at)
        types = sorted(child.types_on(at))
        pool = [t for code in types for t in plan_wording.INDIVIDUAL.get(code, [])] + plan_wording.INDIVIDUAL[
            ""
        ]
        individual = rng.sample(pool, min(len(pool), rng.randint(2, 3)))
        school = child.school_on(timezone.localtime(at).date())
        categories = ["peers", "places"]
        if school is not None:
            categories.append("school")
        if {"online", "cse"} & set(types):
            categories.append("online")
        if child.looked_after:
            categories.append("family")
        chosen = sorted(rng.sample(categories, min(len(categories), rng.randint(2, 3))), key=CATEGORIES.index)
        extra = {"school": school.name if school else "school"}
        factors = [
            PlannedFactor(
                "individual", wording.fill(text, child, rng), self.rating(level), thread=self.thread()
            )
            for text in individual
        ]
        factors += [
            PlannedFactor(
                "contextual",
                wording.fill(rng.choice(plan_wording.CONTEXTUAL[category]), child, rng, extra),
                self.rating(level),
                category,
                thread=self.thread(),
            )
            for category in chosen
        ]
        factors += [
            PlannedFactor("protective", wording.fill(text, child, rng), thread=self.thread())
            for text in rng.sample(plan_wording.PROTECTIVE, rng.randint(2, 3))
        ]
        return factors

    def reviewed_factors(
        self, previous: list[PlannedFactor], trend: str, child: KnownChild, at: datetime
    ) -> list[PlannedFactor]:
        """The last version's factors, each continuing its thread: ratings move with the missing trend,
        a factor is added now and then."""
        rng = self.rng
        factors = [PlannedFactor(f.kind, f.text, f.rating, f.category, f.thread) for f in previous]
        risks = [f for f in factors if f.kind != "protective"]
        if trend in ("fewer", "none") and risks:
            factor = rng.choice(risks)
            factor.rating = LOWER[factor.rating]
        elif trend == "more" and risks:
            factor = rng.choice(risks)
            factor.rating = HIGHER[factor.rating]
            used = {f.category for f in factors if f.kind == "contextual"}
            unused = [c for c in ("peers", "places", "online") if c not in used]
            if unused:
                category = rng.choice(unused)
                factors.append(
                    PlannedFactor(
                        "contextual",
                        wording.fill(rng.choice(plan_wording.CONTEXTUAL[category]), child, rng),
                        "medium",
                        category,
                        thread=self.thread(),
                    )
                )
        if rng.random() < 0.2:
            text = wording.fill(rng.choice(plan_wording.PROTECTIVE), child, rng)
            if text not in {f.text for f in factors}:
                factors.append(PlannedFactor("protective", text, thread=self.thread()))
        return factors

    # actions and closing ----------------------------------------------------------------------------------
    def actions(self, plan: PlannedPlan, version: PlannedVersion, count: int) -> list[PlannedAction]:
        rng = self.rng
        child = plan.child
        found: list[PlannedAction] = []
        titles: set[str] = set()
        for _ in range(count):
            agency = rng.choice(list(plan_wording.PLAN_ACTIONS))
            if agency == "education" and child.school_on(version.agreed_on) is None:
                agency = "youth"  # no school to do it (at college, say): a youth worker
            template, done = rng.choice(plan_wording.PLAN_ACTIONS[agency])
            title = wording.fill(template, child, rng)
            agency = action_wording.HEALTH_PROVIDERS.get(template, agency)  # each provider its own agency
            if title in titles:
                continue
            titles.add(title)
            if agency == "csc" and plan.lead in ("adroy", "bharcourt", "practitioner"):
                owner = plan.lead
            else:
                owner = self.doer(agency, child, version.agreed_on)
            if agency == "education":  # the child's school's own organisation
                # Education was swapped for a youth worker above when the child had no school that day.
                agency = school_key(cast("School", child.school_on(version.agreed_on)).pk)
            found.append(
                PlannedAction(
                    title=title,
                    due=self.planner.working_on_or_after(
                        version.agreed_on + timedelta(days=rng.choice([14, 21, 28, 42, 56]))
                    ),
                    created_at=version.recorded_at,
                    created_by=version.recorded_by,
                    owner_user=owner,
                    owner_agency=agency,
                    child=child,
                    version=version,
                    source_label=f"Plan for {child.full_name}, version {version.number}",
                    done=wording.fill(done, child, rng),
                )
            )
        return found

    def doer(self, agency: str, child: KnownChild, day: date) -> str:
        if agency == "education":
            school = child.school_on(day)
            lead = self.planner.school_leads.get(school.pk) if school is not None else None
            return lead if lead in self.planner.users else ""
        doers = [name for name in DOERS[agency] if name == "" or name in self.planner.users]
        return self.rng.choice(doers) if doers else ""

    def close(self, plan: PlannedPlan, end: datetime) -> None:
        """The child's level came down: the lead closes the plan within a few days."""
        last = plan.versions[-1]
        at = max(end + timedelta(days=self.rng.randint(1, 5)), last.recorded_at + timedelta(hours=1))
        plan.closed_at = min(at, self.now - timedelta(minutes=15))
        plan.closed_by = plan.lead
        plan.close_note = (
            f"The hub lowered {plan.child.first_name}'s level of concern on "
            f"{wording.day_text(end)}: the plan's aims are met; universal and early help support continue."
        )


def write_plans(plans: list[PlannedPlan], writer: Writer, users: dict[str, User]) -> None:
    """The plans, their versions and factors through ``plans_record_past``: each as ``plan_start``,
    ``plan_agree``, ``plan_review`` and ``plan_close`` would have left it, checked as of its own days (the
    plans' actions are written with the meetings')."""
    from hub.children.models import Child
    from hub.plans.models import CloseReason
    from hub.plans.past_services import PastPlan, PastVersion, plans_record_past
    from hub.plans.services import FactorInput

    children = Child.objects.in_bulk({plan.child.pk for plan in plans})
    records = [
        PastPlan(
            child=children[plan.child.pk],
            lead=users[plan.lead],
            created_by=users[plan.created_by],
            created_at=plan.created_at,
            started_from=plan.started_from,
            versions=[
                PastVersion(
                    agreed_on=version.agreed_on,
                    agreed_by=version.agreed_by,
                    review_date=version.review_date,
                    factors=[
                        FactorInput(factor.kind, factor.text, factor.rating, factor.category, factor.thread)
                        for factor in version.factors
                    ],
                    recorded_by=users[version.recorded_by],
                    recorded_at=version.recorded_at,
                    summary=version.summary,
                    child_views=version.child_views,
                    family_views=version.family_views,
                    progress=version.progress,
                    changes=version.changes,
                )
                for version in plan.versions
            ],
            closed_at=plan.closed_at,
            closed_by=users[plan.closed_by] if plan.closed_by else None,
            close_reason=CloseReason.RISK_REDUCED if plan.closed_at else "",
            close_note=plan.close_note,
        )
        for plan in plans
    ]
    written = plans_record_past(by=users[ENTERED_BY], records=records, reason=REASON)
    for plan, row, versions in zip(plans, written.plans, written.versions, strict=True):
        plan.pk = row.pk
        for version, version_row in zip(plan.versions, versions, strict=True):
            version.pk = version_row.pk
