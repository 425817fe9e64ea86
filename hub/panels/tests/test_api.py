"""The panels and actions API: the chair adds an item and records a decision; an attendee reads only
the items they are entitled to; the action owner moves their action on; someone outside gets 404."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hub.actions.models import ActionStatus
from hub.panels import services


def test_the_chair_works_the_agenda_through_the_api(client_for, people, chair, mep, exploited):
    meeting = services.meeting_schedule(panel=mep, by=chair, held_at=timezone.now() - timedelta(hours=2))
    helen = client_for(chair)
    response = helen.post(
        reverse("api:meetings-items", args=[meeting.pk]),
        {"kind": "child", "child": exploited.pk, "reason": "New exploitation concern"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    [item] = response.json()["items"]
    assert item["subject"] == "Ruby Quarrie"
    again = helen.post(
        reverse("api:meetings-items", args=[meeting.pk]),
        {"kind": "child", "child": exploited.pk},
        content_type="application/json",
    )
    assert again.status_code == 400 and "already on this agenda" in again.content.decode()
    response = helen.post(
        reverse("api:items-decisions", args=[item["id"]]),
        {"kind": "level", "detail": "Risk has reduced", "level": "groomed-targeted"},
        content_type="application/json",
    )
    assert response.status_code == 201
    exploited.refresh_from_db()
    assert exploited.level.code == "groomed-targeted"

    # A school lead invited to the meeting reads it without the child's item.
    body = client_for(people["sam"]).get(reverse("api:meetings-detail", args=[meeting.pk])).json()
    assert body["items"] == [] and body["restricted_items"] == 1
    assert (
        client_for(people["charlie"]).get(reverse("api:meetings-detail", args=[meeting.pk])).status_code
        == 404
    )


def test_the_owner_moves_an_action_on_through_the_api(client_for, people, chair, mep, exploited):
    meeting = services.meeting_schedule(panel=mep, by=chair, held_at=timezone.now() - timedelta(hours=2))
    item = services.item_add(meeting=meeting, by=chair, kind="child", child=exploited)
    action = services.item_action_add(
        item=item,
        by=chair,
        title="Call the school",
        due=timezone.localdate() + timedelta(days=3),
        owner_user=people["bob"],
    )
    bob = client_for(people["bob"])
    [listed] = bob.get(reverse("api:actions-list")).json()["results"]
    assert listed["title"] == "Call the school" and listed["source_label"].endswith("item 1")
    url = reverse("api:actions-detail", args=[action.pk])
    refused = bob.patch(url, {"version": action.version, "status": "done"}, content_type="application/json")
    assert refused.status_code == 400 and "Say what was done" in refused.content.decode()
    done = bob.patch(
        url,
        {"version": action.version, "status": "done", "outcome": "Spoke to the DSL"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == ActionStatus.DONE
    stale = bob.patch(
        url, {"version": action.version, "status": "in_progress"}, content_type="application/json"
    )
    assert stale.status_code == 400 and "finished" in stale.content.decode()
    assert client_for(people["charlie"]).get(url).status_code == 404
