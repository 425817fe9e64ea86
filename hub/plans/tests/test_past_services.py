"""The bulk forms of the plan services (``past_services``) leave what ``plan_start``, ``plan_agree``,
``plan_review``, ``plan_close`` and ``plan_action_add`` leave when the same plan is entered step by step
on its own days; a bad row is refused with the services' own words and nothing is written; someone who
may not change the plan is refused."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hub.actions import services as action_services
from hub.actions.models import Action
from hub.actions.past_services import PastAction, PastUpdate
from hub.audit.models import AccessLogEntry
from hub.children.models import Child
from hub.children.services import allocation_set, child_create, involvement_add
from hub.core.errors import Forbidden, NotVisible, RuleRefused
from hub.plans import services
from hub.plans.action_services import plan_action_add
from hub.plans.models import Plan, PlanFactor, PlanVersion
from hub.plans.past_services import (
    PastPlan,
    PastPlanAction,
    PastVersion,
    plan_actions_record_past,
    plans_record_past,
)
from hub.plans.services import FactorInput
from hub.plans.tests.conftest import FACTORS

UK = ZoneInfo("Europe/London")
REASON = "The plans made before the Hub, entered as they happened."
STARTED = datetime(2026, 10, 20, 10, tzinfo=UK)
AGREED = STARTED + timedelta(hours=4)
ACTION_AT = AGREED + timedelta(hours=1)
DONE_AT = datetime(2026, 11, 2, 15, tzinfo=UK)
REVIEWED = datetime(2026, 11, 10, 11, tzinfo=UK)
CLOSED = datetime(2026, 11, 12, 16, tzinfo=UK)
NOTE = "Kai's missing episodes have stopped: the plan's aims are met; early help continues."


def another_child(first_name, people, wenmoor, wenmoor_police) -> Child:
    """As the ``child`` fixture: allocated to Bob, known to Wenmoor police."""
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name=first_name,
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )
    allocation_set(child=child, worker=people["bob"], by=people["alice"], start=date(2026, 10, 19))
    involvement_add(child=child, by=people["alice"], agency=wenmoor_police, start=date(2026, 10, 29))
    return child


def first_factors() -> list[FactorInput]:
    return [replace(factor, thread=uuid.UUID(int=number + 1)) for number, factor in enumerate(FACTORS)]


def reviewed(factors: list[FactorInput]) -> list[FactorInput]:
    """The first version's factors, the first risk rated lower, the last dropped, one added."""
    changed = [replace(factors[0], rating="medium"), *factors[1:-1]]
    return [
        *changed,
        FactorInput("protective", "Joined the boxing club on Thursdays", thread=uuid.UUID(int=99)),
    ]


def version_values(number: int) -> dict:
    if number == 1:
        return {
            "agreed_on": AGREED.date(),
            "agreed_by": "MEP with Kai, his mother, school and police",
            "review_date": date(2026, 11, 10),
            "summary": "Kai is safe at home at weekends and free of the debt.",
            "child_views": "I just want them to leave me alone.",
            "family_views": "His mother wants him moved away from the estate.",
        }
    return {
        "agreed_on": REVIEWED.date(),
        "agreed_by": "MEP review with Kai and his mother",
        "review_date": date(2026, 12, 22),
        "summary": "Kai is safe at home at weekends and free of the debt.",
        "progress": "No missing episodes since the plan was agreed.",
        "changes": "The debt is paid; he has a club on Thursdays.",
    }


def step_by_step(child: Child, people, time_machine) -> None:
    bob = people["bob"]
    time_machine.move_to(STARTED, tick=False)
    plan = services.plan_start(child=child, by=bob, lead=bob, source_label="MEP 20 October 2026")
    time_machine.move_to(AGREED, tick=False)
    first = services.plan_agree(plan=plan, by=bob, version=plan.version, factors=FACTORS, **version_values(1))
    time_machine.move_to(ACTION_AT, tick=False)
    plan.refresh_from_db()
    action = plan_action_add(
        plan=plan, by=bob, title="Visit Kai weekly", due=date(2026, 11, 3), owner_user=bob
    )
    time_machine.move_to(DONE_AT, tick=False)
    action_services.action_update(
        action=action, by=bob, version=action.version, status="done", outcome="Visited every Friday."
    )
    time_machine.move_to(REVIEWED, tick=False)
    plan.refresh_from_db()
    services.plan_review(
        plan=plan,
        by=bob,
        version=plan.version,
        factors=reviewed(
            [
                FactorInput(f.kind, f.text, f.rating, f.category, f.thread)
                for f in first.factors.order_by("order")
            ]
        ),
        **version_values(2),
    )
    time_machine.move_to(CLOSED, tick=False)
    plan.refresh_from_db()
    services.plan_close(plan=plan, by=bob, version=plan.version, reason="risk_reduced", note=NOTE)


def past_plan(child: Child, people) -> PastPlan:
    bob = people["bob"]
    factors = first_factors()
    return PastPlan(
        child=child,
        lead=bob,
        created_by=bob,
        created_at=STARTED,
        started_from="MEP 20 October 2026",
        versions=[
            PastVersion(factors=factors, recorded_by=bob, recorded_at=AGREED, **version_values(1)),
            PastVersion(
                factors=reviewed(factors), recorded_by=bob, recorded_at=REVIEWED, **version_values(2)
            ),
        ],
        closed_at=CLOSED,
        closed_by=bob,
        close_reason="risk_reduced",
        close_note=NOTE,
    )


def past_action(plan: Plan, people, wenmoor) -> PastPlanAction:
    bob = people["bob"]
    return PastPlanAction(
        plan=plan,
        action=PastAction(
            authority=wenmoor,
            title="Visit Kai weekly",
            due=date(2026, 11, 3),
            created_by=bob,
            created_at=ACTION_AT,
            owner_user=bob,
            updates=[PastUpdate("done", DONE_AT, bob, "Visited every Friday.")],
        ),
    )


def left(child: Child) -> dict:
    plan = Plan.objects.get(child=child)
    versions = list(plan.versions.order_by("number"))
    first_threads = [f.thread for f in versions[0].factors.order_by("order")]
    actions = Action.objects.filter(child=child)
    return {
        "plan": (
            plan.status,
            plan.lead_id,
            plan.created_by_id,
            plan.created_at,
            plan.started_from,
            plan.current_number,
            plan.review_due,
            plan.closed_at,
            plan.closed_by_id,
            plan.close_reason,
            plan.close_note,
            plan.version,
        ),
        "versions": [
            (
                v.number,
                v.agreed_on,
                v.agreed_by,
                v.review_date,
                v.review_limit,
                v.summary,
                v.child_views,
                v.family_views,
                v.progress,
                v.changes,
                v.recorded_by_id,
                v.recorded_at,
            )
            for v in versions
        ],
        # each factor, and which factor of version 1 it continues (None: a new one)
        "factors": [
            [
                (
                    f.kind,
                    f.category,
                    f.text,
                    f.rating,
                    f.order,
                    first_threads.index(f.thread) if f.thread in first_threads else None,
                )
                for f in v.factors.order_by("order")
            ]
            for v in versions
        ],
        "actions": [
            (
                a.title,
                a.due,
                a.status,
                a.owner_user_id,
                a.created_at,
                a.completed_at,
                a.outcome,
                a.version,
                a.source_label.replace(child.first_name, "Kai"),
            )
            for a in actions
        ],
        # the plan's access log (its actions' entries come from their own bulk call, after the plan's)
        "log": sorted(
            (e.action, re.sub(r"action \d+", "action N", e.detail))
            for e in AccessLogEntry.objects.filter(record_type="plans.plan", record_ids=str(plan.pk))
        )
        + [
            (e.action, e.detail)
            for a in actions
            for e in AccessLogEntry.objects.filter(
                record_type="actions.action", record_ids=str(a.pk)
            ).order_by("pk")
        ],
        "history": (
            [h.history_date for h in plan.history.all()],
            [h.history_date for v in versions for h in v.history.all()],
            [h.history_date for a in actions for h in a.history.all()],
        ),
    }


def test_the_bulk_forms_leave_what_the_services_leave_step_by_step(
    child, people, wenmoor, wenmoor_police, time_machine
):
    step_by_step(child, people, time_machine)
    kit = another_child("Kit", people, wenmoor, wenmoor_police)
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK))
    written = plans_record_past(by=people["alice"], records=[past_plan(kit, people)], reason=REASON)
    plan_actions_record_past(
        by=people["alice"], records=[past_action(written.plans[0], people, wenmoor)], reason=REASON
    )

    assert left(kit) == left(child)
    assert [v.number for v in written.versions[0]] == [1, 2]
    history = list(written.plans[0].history.order_by("history_date"))
    assert [(h.history_type, h.status, h.current_number) for h in history] == [
        ("+", "draft", 0),
        ("~", "active", 1),
        ("~", "active", 2),
        ("~", "closed", 2),
    ]
    assert {(h.history_user, h.history_change_reason) for h in history} == {(people["alice"], REASON)}
    # The bulk form keeps each factor's history too (dated when its version was recorded).
    assert {h.history_date for h in PlanFactor.history.filter(version__plan=written.plans[0])} == {
        AGREED,
        REVIEWED,
    }


def refused_plan(child, people, change: dict) -> PastPlan:
    plan = past_plan(child, people)
    for name, value in change.items():
        if name.startswith("v2."):
            setattr(plan.versions[1], name[3:], value)
        else:
            setattr(plan, name, value)
    return plan


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            {"v2.review_date": date(2026, 11, 5)},
            "The review date must be after the date the plan was agreed.",
        ),
        ({"v2.agreed_on": date(2026, 10, 1)}, "The date agreed cannot be before version 1 was agreed"),
        ({"v2.review_date": date(2027, 3, 1)}, "The review date must be no later than 2 February 2027"),
        ({"v2.progress": " "}, "Say what progress has been made since the last version."),
        ({"v2.factors": [FACTORS[-1]]}, "Add at least one risk factor"),
        ({"v2.agreed_by": ""}, "Say who agreed the plan"),
        ({"close_note": ""}, "Say why the plan is closing and what happens next."),
        ({"closed_at": REVIEWED - timedelta(hours=1)}, "closes after its last version"),
    ],
)
def test_a_bad_row_is_refused_with_the_services_words_and_nothing_is_written(child, people, change, words):
    logged = AccessLogEntry.objects.count()
    with pytest.raises(RuleRefused, match=re.escape(words)):
        plans_record_past(by=people["alice"], records=[refused_plan(child, people, change)], reason=REASON)
    assert not Plan.objects.exists() and not PlanVersion.objects.exists()
    assert AccessLogEntry.objects.count() == logged


def test_a_review_date_already_past_on_the_day_is_refused(child, people):
    plan = past_plan(child, people)
    plan.versions[1].recorded_at = datetime(2026, 12, 23, 10, tzinfo=UK)  # recorded after its review date
    plan.closed_at = None
    with pytest.raises(RuleRefused, match="The review date cannot be in the past"):
        plans_record_past(by=people["alice"], records=[plan], reason=REASON)
    assert not Plan.objects.exists()


def test_one_open_plan_per_child(child, people):
    first, second = past_plan(child, people), past_plan(child, people)
    first.closed_at = None
    with pytest.raises(RuleRefused, match="Kai Brennan already has a plan"):
        plans_record_past(by=people["alice"], records=[first, second], reason=REASON)
    assert not Plan.objects.exists()


def test_someone_who_may_not_change_the_plan_is_refused_and_nothing_is_written(child, people, yusuf):
    plan = past_plan(child, people)
    plan.versions[1].recorded_by = yusuf  # a youth offending practitioner with no link to Kai
    with pytest.raises(Forbidden, match="may not change the plan for Kai Brennan"):
        plans_record_past(by=people["alice"], records=[plan], reason=REASON)
    assert not Plan.objects.exists()
    refusal = AccessLogEntry.objects.order_by("-pk").first()
    assert refusal is not None and (refusal.username, refusal.outcome) == ("yusuf", "refused")


def test_someone_who_may_not_start_the_childs_plan_is_refused(child, people):
    plan = past_plan(child, people)
    plan.created_by = people["charlie"]  # a police officer of another area, who may not see Kai
    with pytest.raises(NotVisible):
        plans_record_past(by=people["alice"], records=[plan], reason=REASON)
    assert not Plan.objects.exists()


def test_an_action_is_added_only_while_the_plan_is_active(child, people, wenmoor):
    written = plans_record_past(by=people["alice"], records=[past_plan(child, people)], reason=REASON)
    plan = written.plans[0]
    late = past_action(plan, people, wenmoor)
    late.action.created_at = CLOSED + timedelta(hours=1)
    late.action.due = date(2026, 11, 30)
    late.action.updates = []
    with pytest.raises(RuleRefused, match="This plan is closed"):
        plan_actions_record_past(by=people["alice"], records=[late], reason=REASON)
    early = past_action(plan, people, wenmoor)
    early.action.created_at = STARTED + timedelta(hours=1)
    with pytest.raises(RuleRefused, match="Agree the plan before adding actions to it"):
        plan_actions_record_past(by=people["alice"], records=[early], reason=REASON)
    other = past_action(plan, people, wenmoor)
    other.action.created_by = people["sam"]
    with pytest.raises(Forbidden):
        plan_actions_record_past(by=people["alice"], records=[other], reason=REASON)
    assert not Action.objects.exists()
