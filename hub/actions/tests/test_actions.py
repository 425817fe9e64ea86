"""Actions: agreed for a person or an agency, seen by their owner overdue first, moved on with a
reason, never reopened; someone outside is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.actions import selectors, services
from hub.actions.models import Action, ActionStatus
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.chronology import events_for
from hub.children.services import child_create
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion
from hub.core.navigation import home_panels
from hub.core.roles import Role


@pytest.fixture
def child(people, wenmoor):
    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Mia",
        last_name="Farrant",
        date_of_birth=date(2010, 6, 2),
    )


def agree(people, wenmoor, child, *, days, owner=None, agency=None, title="Visit Mia at home"):
    return services.action_create(
        by=people["alice"],
        authority=wenmoor,
        child=child,
        title=title,
        due=timezone.localdate() + timedelta(days=days),
        owner_user=owner,
        owner_agency=agency,
        source_label="MEP 3 November 2026, item 2",
    )


def test_my_actions_come_overdue_first_then_soonest_due(people, wenmoor, child):
    later = agree(people, wenmoor, child, days=10, owner=people["bob"], title="Later")
    late = agree(people, wenmoor, child, days=-2, owner=people["bob"], title="Late")
    soon = agree(people, wenmoor, child, days=1, owner=people["bob"], title="Soon")
    agree(people, wenmoor, child, days=1, owner=people["sam"], title="Someone else's")
    assert [a.title for a in selectors.my_actions(people["bob"])] == [late.title, soon.title, later.title]
    assert late.owner_agency == people["bob"].agency  # a person's action is their agency's too
    panel = next(p for p in home_panels(people["bob"]) if p.title == "Your actions")
    assert panel.count == 3 and panel.items[0]["tag"] == "Overdue"


def test_an_agency_action_is_seen_by_its_members_until_someone_takes_it(people, agencies, wenmoor, child):
    colleague = make_user("cara", agencies["csc"], Role.PRACTITIONER)
    action = agree(people, wenmoor, child, days=5, agency=agencies["csc"])
    assert selectors.my_actions(people["bob"]) == [action] == selectors.my_actions(colleague)
    assert selectors.my_actions(people["sam"]) == []


def test_moving_an_action_on_needs_the_reason_and_a_finished_one_stays_finished(people, wenmoor, child):
    action = agree(people, wenmoor, child, days=5, owner=people["bob"])
    with pytest.raises(RuleRefused, match="Say what was done"):
        services.action_update(action=action, by=people["bob"], version=action.version, status="done")
    services.action_update(action=action, by=people["bob"], version=action.version, status="in_progress")
    with pytest.raises(StaleVersion):
        services.action_update(action=action, by=people["bob"], version=1, status="in_progress")
    services.action_update(
        action=action, by=people["bob"], version=action.version, status="done", outcome="Visited on Tuesday"
    )
    assert action.status == ActionStatus.DONE and action.completed_by == people["bob"]
    with pytest.raises(RuleRefused, match="finished"):
        services.action_update(action=action, by=people["bob"], version=action.version, status="open")
    titles = [event.title for event in events_for(child, people["alice"], only_kinds=["action"])]
    assert titles == ["Action done: Visit Mia at home", "Action agreed: Visit Mia at home"]


def test_an_action_needs_an_owner_and_a_title(people, wenmoor, child):
    with pytest.raises(RuleRefused, match="Choose who"):
        agree(people, wenmoor, child, days=1)
    with pytest.raises(RuleRefused, match="Say what"):
        agree(people, wenmoor, child, days=1, owner=people["bob"], title="  ")
    assert not Action.objects.exists()


def test_an_owner_is_of_their_own_agency_and_of_one_that_serves_the_area(people, agencies, wenmoor, child):
    """The same rule for an action agreed at a meeting, in a plan or from an audit: it is action_create's."""
    with pytest.raises(FieldRefused, match="does not serve this area") as refused:
        agree(people, wenmoor, child, days=3, agency=agencies["other_police"])  # Harrowfield's police
    assert refused.value.field == "owner_agency"
    with pytest.raises(FieldRefused, match="Bob Tester works for Wenmoor CSC"):
        agree(people, wenmoor, child, days=3, owner=people["bob"], agency=agencies["hub"])
    with pytest.raises(FieldRefused, match="does not serve this area"):
        agree(people, wenmoor, child, days=3, owner=people["charlie"])  # a Harrowfield officer
    assert not Action.objects.exists()
    assert agree(people, wenmoor, child, days=3, owner=people["bob"]).owner_agency == agencies["csc"]


def test_the_owner_updates_through_the_page_and_outsiders_are_refused(client_for, people, wenmoor, child):
    action = agree(people, wenmoor, child, days=-1, owner=people["bob"])
    bob = client_for(people["bob"])
    page = bob.get(reverse("actions:mine")).content.decode()
    assert "Visit Mia at home" in page and "Overdue" in page and "MEP 3 November 2026, item 2" in page
    response = bob.post(
        reverse("actions:detail", args=[action.pk]), {"version": action.version, "status": "done"}
    )
    assert response.status_code == 200 and "Say what was done" in response.content.decode()
    response = bob.post(
        reverse("actions:detail", args=[action.pk]),
        {"version": action.version, "status": "done", "outcome": "Home visit held with Mia and her mum"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    # Someone in another authority, and a colleague with no part in it, see nothing.
    assert client_for(people["charlie"]).get(reverse("actions:detail", args=[action.pk])).status_code == 404
    assert client_for(people["sam"]).post(reverse("actions:detail", args=[action.pk]), {}).status_code == 404
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).exists()
    assert client_for(people["dana"]).get(reverse("actions:mine")).status_code == 403
