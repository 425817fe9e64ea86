"""What each agenda item hears, decides and agrees once the meeting's agenda is known: the sentences
shared, the decisions (levels, escalations, plans) and the actions agreed, with who does them. Nothing
is written here."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from hub.demo.panels import action_wording, wording
from hub.demo.panels.figures import MINUTE_TAKER
from hub.demo.panels.planned import PlannedAction, PlannedDecision, PlannedItem
from hub.demo.panels.planning_base import (
    DOERS,
    NRM_TYPES,
    PANEL_NAMES,
    PlannerBase,
    label,
    plan_lead,
    trend_text,
)
from hub.demo.panels.records import MEP_LEVELS, KnownChild
from hub.demo.people import school_key
from hub.panels.models import DecisionKind, SubjectKind


class Discussion(PlannerBase):
    """What is shared, decided and agreed about each item."""

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
        child, meeting = item.the_child, item.meeting
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
        child = item.the_child
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
        child, at = item.the_child, item.meeting.held_at
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
        child = item.the_child
        stint = next(
            (s for s in self.stints if s.end_item is item),
            None,
        )
        if stint is not None and stint.end_decision is not None:
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
        assert item.recorded_at is not None  # the planner records each item of a meeting held
        agreed = item.recorded_at + timedelta(minutes=2)
        used: set[str] = set()
        for _ in range(rng.randint(low, high)):
            if item.kind == SubjectKind.CHILD:
                agency = self.action_agency(item)
                template, done = rng.choice(action_wording.ACTIONS[agency])
                title, done = (wording.fill(text, item.child, rng) for text in (template, done))
                agency = action_wording.HEALTH_PROVIDERS.get(template, agency)  # each provider its own agency
            else:
                agency = rng.choice(
                    ["education", "police"] if item.kind == SubjectKind.SCHOOL else ["police", "hub", "youth"]
                )
                template, done = rng.choice(action_wording.SUBJECT_ACTIONS[agency])
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
        types = item.the_child.types_on(item.meeting.held_at)
        weights = {"csc": 5, "police": 4, "hub": 3, "education": 2, "health": 1}
        if item.the_child.school_on(timezone.localtime(item.meeting.held_at).date()) is None:
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
