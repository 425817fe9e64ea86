"""Sight that comes from a meeting is bounded: a member sees a child on the agenda from when the child is
added until the panel-sight clock (30 days) after the meeting; a meeting cannot be set years ahead to make
it open-ended; an action's owner keeps sight of the child until the action is done; a child the Hub did
not propose needs the chair's reason, and the hub coordinators see the addition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from hub.accounts import access
from hub.actions import services as action_services
from hub.core import clock, dates
from hub.core.errors import FieldRefused
from hub.panels import services
from hub.reference.models import Clock


def sees(user, child) -> bool:
    return access.decide(user, child).allowed


@pytest.fixture
def not_proposed(people, wenmoor):
    from hub.children.services import child_create

    return child_create(authority=wenmoor, by=people["alice"], first_name="Tia", last_name="Marsh")


def test_a_member_sees_the_child_from_the_agenda_until_thirty_days_after(
    people, mep, exploited, chair, reference_clock
):
    bob = people["bob"]
    meeting = services.meeting_schedule(panel=mep, by=chair, held_at=clock.now() + timedelta(days=3))
    assert not sees(bob, exploited)
    services.item_add(meeting=meeting, by=chair, kind="child", child=exploited, reason="Plan review")
    assert sees(bob, exploited)  # to read the briefing beforehand
    reference_clock.move_to(meeting.held_at + timedelta(days=29))
    assert sees(bob, exploited)
    reference_clock.move_to(meeting.held_at + timedelta(days=31))
    assert not sees(bob, exploited)


def test_the_sight_lasts_as_long_as_the_reference_clock_says(people, mep, exploited, chair, reference_clock):
    Clock.objects.filter(code="panel-sight").update(amount=7)
    meeting = services.meeting_schedule(panel=mep, by=chair, held_at=clock.now() - timedelta(hours=1))
    services.item_add(meeting=meeting, by=chair, kind="child", child=exploited, reason="Plan review")
    reference_clock.move_to(meeting.held_at + timedelta(days=8))
    assert not sees(people["bob"], exploited)


def test_a_meeting_in_2099_cannot_open_a_child_for_ever(people, mep, chair):
    with pytest.raises(dates.DateRefused, match="within a year"):
        services.meeting_schedule(panel=mep, by=chair, held_at=clock.now() + timedelta(days=365 * 73))


def test_an_action_owner_keeps_sight_until_the_action_is_done(people, mep, exploited, chair, reference_clock):
    bob = people["bob"]
    meeting = services.meeting_schedule(panel=mep, by=chair, held_at=clock.now() - timedelta(hours=1))
    item = services.item_add(meeting=meeting, by=chair, kind="child", child=exploited, reason="Plan review")
    action = services.item_action_add(
        item=item, by=chair, title="Visit", due=clock.today() + timedelta(days=60), owner_user=bob
    )
    reference_clock.move_to(meeting.held_at + timedelta(days=45))
    assert sees(bob, exploited)  # the panel's sight has ended; the open action's has not
    assert access.decide(bob, exploited).justification == "action_owner"
    action_services.action_update(
        action=action, by=bob, version=action.version, status="done", outcome="Visited"
    )
    assert not sees(bob, exploited)
    assert not sees(people["sam"], exploited)  # a school lead at the meeting never saw the child


def test_a_child_the_hub_did_not_propose_needs_a_reason_and_the_hub_sees_it(
    client_for, people, mep, chair, not_proposed
):
    meeting = services.meeting_schedule(panel=mep, by=chair, held_at=clock.now() + timedelta(days=2))
    with pytest.raises(FieldRefused, match="Say why Tia Marsh is on the agenda") as refused:
        services.item_add(meeting=meeting, by=chair, kind="child", child=not_proposed)
    assert refused.value.field == "reason"
    # On the page, the message sits beside the reason.
    page = client_for(chair).post(
        reverse("panels:agenda", args=[meeting.pk]),
        {"do": "add", "kind": "child", "child": str(not_proposed.pk)},
    )
    text = page.content.decode()
    assert 'id="id_reason-error"' in text and 'href="#id_reason">Say why Tia Marsh' in text
    assert not meeting.items.exists()
    services.item_add(
        meeting=meeting,
        by=chair,
        kind="child",
        child=not_proposed,
        reason="Police intelligence: seen with Kai.",
    )
    home = client_for(people["alice"]).get(reverse("core:home")).content.decode()
    assert "Children added to agendas by hand" in home and "Police intelligence: seen with Kai." in home
    # Not the practitioner's business, and not another area's hub.
    assert (
        "Children added to agendas by hand"
        not in client_for(people["bob"]).get(reverse("core:home")).content.decode()
    )


def test_an_action_owner_reads_the_item_the_action_was_agreed_on_until_it_is_done(
    people, mep, exploited, chair, wenmoor
):
    """Not at the meeting, given an action there: they read what was agreed on the item (and the
    child) until the action is done; someone outside never."""
    from conftest import make_user
    from hub.accounts.models import Agency
    from hub.core.roles import Role

    yot = Agency.objects.create(name="Wenmoor Youth Offending Team", kind=Agency.Kind.YOUTH_OFFENDING)
    yot.authorities.set([wenmoor])
    yusuf = make_user("yusuf", yot, Role.PRACTITIONER)
    meeting = services.meeting_schedule(panel=mep, by=chair, held_at=clock.now() - timedelta(hours=1))
    item = services.item_add(meeting=meeting, by=chair, kind="child", child=exploited, reason="Plan review")
    assert not access.decide(yusuf, item).allowed
    action = services.item_action_add(
        item=item,
        by=chair,
        title="Offer a youth worker",
        due=clock.today() + timedelta(days=14),
        owner_user=yusuf,
    )
    assert access.decide(yusuf, item).justification == "action_owner"
    assert not access.decide(people["charlie"], item).allowed
    action_services.action_update(
        action=action, by=yusuf, version=action.version, status="done", outcome="Done"
    )
    assert not access.decide(yusuf, item).allowed
