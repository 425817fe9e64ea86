"""The relationships of hub/children/relationships.py and hub/actions/relationships.py as plans use
them: the plans due for review are the reader's own list, and the owner of an open action agreed in a
plan reads the plan (as they read the child) until it is done. Named people of several agencies, and
someone outside refused."""

from __future__ import annotations

from datetime import timedelta

from hub.accounts import access
from hub.actions import services as action_services
from hub.core import clock
from hub.plans import action_services as plan_action_services
from hub.plans import selectors


def test_a_readers_plans_due_for_review_are_those_they_may_see(
    agreed_plan, people, wenmoor, pele, helen, yusuf
):
    due = agreed_plan.review_due
    seen = {
        name: list(selectors.plans_due_for_review(user, authority=wenmoor, before=due))
        for name, user in {
            "alice (hub)": people["alice"],
            "bob (CSC, allocated)": people["bob"],
            "pele (police, agency involved)": pele,
            "helen (panel chair)": helen,
            "yusuf (YOT, no link)": yusuf,
            "charlie (another area's police)": people["charlie"],
            "sam (school lead)": people["sam"],
        }.items()
    }
    assert seen == {
        "alice (hub)": [agreed_plan],
        "bob (CSC, allocated)": [agreed_plan],
        "pele (police, agency involved)": [agreed_plan],
        "helen (panel chair)": [agreed_plan],
        "yusuf (YOT, no link)": [],
        "charlie (another area's police)": [],
        "sam (school lead)": [],
    }


def test_the_owner_of_an_open_action_of_a_plan_reads_the_plan_until_it_is_done(agreed_plan, people, yusuf):
    child = agreed_plan.child
    assert not access.decide(yusuf, agreed_plan).allowed
    action = plan_action_services.plan_action_add(
        plan=agreed_plan,
        by=people["bob"],
        title="Youth worker to meet Kai weekly",
        due=clock.today() + timedelta(days=14),
        owner_user=yusuf,
    )
    assert access.decide(yusuf, agreed_plan).justification == "action_owner"
    assert access.decide(yusuf, agreed_plan.versions.get()).allowed
    assert access.decide(yusuf, child).justification == "action_owner"
    assert not access.decide(yusuf, agreed_plan, access.Action.WRITE).allowed  # reads, never changes
    assert not access.decide(people["charlie"], agreed_plan).allowed
    action_services.action_update(
        action=action, by=yusuf, version=action.version, status="done", outcome="Met Kai four times"
    )
    assert not access.decide(yusuf, agreed_plan).allowed
    assert not access.decide(yusuf, child).allowed
