"""A meeting with a child on its agenda cancelled or moved: in the child's chronology for whoever may
see both the child and the meeting, with the reason, who changed it and their agency; not for someone
who sees the child but not the meeting, and nothing for someone outside."""

from __future__ import annotations

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.children.services import involvement_add
from hub.core.roles import Role
from hub.panels import services
from hub.panels.tests.test_panels import meet

CANCELLED = "The chair is at a serious case review that day."
MOVED = "The room is needed for a child protection conference."


def _timeline(client, child) -> str:
    response = client.get(reverse("children:chronology", args=[child.pk]))
    assert response.status_code == 200, response.status_code
    page = html.unescape(response.content.decode())
    return page.split('data-testid="chronology"')[1] if 'data-testid="chronology"' in page else ""


def test_a_cancelled_or_moved_meeting_is_in_the_chronology_of_the_children_on_its_agenda(
    client_for, people, mep, chair, exploited, agencies
):
    alice, bob = people["alice"], people["bob"]
    # Children's social care works with Ruby: Bob (a member of the MEP) and Vic (not a member) see her.
    involvement_add(child=exploited, by=alice, agency=agencies["csc"], start=timezone.localdate())
    vic = make_user("vic", agencies["csc"], Role.PRACTITIONER)
    cancelled = meet(mep, chair, days=7)
    services.item_add(meeting=cancelled, by=chair, kind="child", child=exploited, reason="At exploited.")
    moved = meet(mep, chair, days=14)
    services.item_add(meeting=moved, by=chair, kind="child", child=exploited, reason="Review.")
    elsewhere = meet(mep, chair, days=10)  # Ruby is not on its agenda: not in her chronology
    cancelled.refresh_from_db()
    moved.refresh_from_db()
    elsewhere.refresh_from_db()
    services.meeting_cancel(meeting=cancelled, by=chair, version=cancelled.version, reason=CANCELLED)
    was = moved.held_at
    services.meeting_move(
        meeting=moved, by=alice, version=moved.version, held_at=was + timedelta(days=2), reason=MOVED
    )
    services.meeting_cancel(meeting=elsewhere, by=chair, version=elsewhere.version, reason="Not this one.")

    local = timezone.localtime
    for reader in (alice, bob):  # the hub, and a member of the panel from children's social care
        timeline = _timeline(client_for(reader), exploited)
        assert "MEP meeting cancelled" in timeline and "Status: Planned → Cancelled" in timeline
        assert f"Why: {CANCELLED}" in timeline
        assert "by Helen Tester" in timeline and "Agency: Wenmoor CSC" in timeline
        assert "MEP meeting moved" in timeline and f"Why: {MOVED}" in timeline
        assert (
            f"Date and time: {local(was):%-d %B %Y %H:%M} → {local(was + timedelta(days=2)):%-d %B %Y %H:%M}"
            in timeline
        )
        assert "by Alice Tester" in timeline
        assert "Not this one." not in timeline
    # Vic sees Ruby's record but not the MEP's meetings: nor their changes.
    timeline = _timeline(client_for(vic), exploited)
    assert "MEP meeting" not in timeline and CANCELLED not in timeline
    # Someone outside sees nothing of Ruby.
    outsider = client_for(people["charlie"]).get(reverse("children:chronology", args=[exploited.pk]))
    assert outsider.status_code == 404
