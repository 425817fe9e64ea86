"""A planned meeting that will not happen, or not then: cancelled or moved with a reason, kept with its
agenda, its subjects proposed again, its members told on their home page, the change in its history
and the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.accounts import access
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import Child
from hub.core.corrections import corrections_of
from hub.core.dates import DateRefused
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused, StaleVersion
from hub.core.navigation import home_panels
from hub.panels import agenda, services
from hub.panels.models import AgendaItem, Meeting
from hub.panels.tests.test_panels import meet

REASON = "The chair is at a serious case review that day."


def _notices(user) -> list[dict]:
    [panel] = [panel for panel in home_panels(user) if panel.title == "Meetings cancelled or moved"]
    return panel.items


@pytest.fixture
def planned(people, mep, exploited, chair):
    meeting = meet(mep, chair, days=7)
    services.item_add(meeting=meeting, by=chair, kind="child", child=exploited, reason="At exploited.")
    services.item_add(meeting=meeting, by=chair, kind="theme", theme="Knife crime near the station")
    meeting.refresh_from_db()
    return meeting


def test_a_cancelled_meeting_is_kept_its_members_told_and_its_history_says_why(people, chair, planned):
    services.meeting_cancel(meeting=planned, by=chair, version=planned.version, reason=REASON)

    planned.refresh_from_db()
    assert planned.status == Meeting.Status.CANCELLED
    assert planned.items.count() == 2 and planned.attendances.count() >= 3  # nothing removed
    [change] = corrections_of(planned, show_narrative=True)
    assert change.by == "Helen Tester" and change.reason == REASON
    assert [(c.label, c.before, c.after) for c in change.changes] == [("Status", "Planned", "Cancelled")]
    assert AccessLogEntry.objects.filter(
        username="helen", action=LogAction.CHANGE, record_ids=str(planned.pk), detail="meeting cancelled"
    ).exists()
    # Bob was invited: he is told; the chair who cancelled it is not told of their own change.
    [notice] = _notices(people["bob"])
    assert notice["tag"] == "Meeting cancelled" and REASON in notice["hint"]
    assert notice["url"] == reverse("panels:meeting", args=[planned.pk])
    assert _notices(chair) == []
    # Nor is it on anyone's meetings to come, and nothing more can be added to it.
    [mine] = [panel for panel in home_panels(people["bob"]) if panel.title == "Your meetings"]
    assert mine.items == []
    with pytest.raises(RuleRefused, match="cancelled"):
        services.item_add(meeting=planned, by=chair, kind="theme", theme="Another")


def test_the_notice_lasts_two_weeks(people, chair, planned, reference_clock):
    services.meeting_cancel(meeting=planned, by=chair, version=planned.version, reason=REASON)
    reference_clock.move_to(timezone.now() + timedelta(days=15), tick=True)
    assert _notices(people["bob"]) == []


def test_the_cancelled_agenda_goes_back_to_the_proposals_for_the_next_meeting(
    people, mep, chair, planned, exploited
):
    services.meeting_cancel(meeting=planned, by=chair, version=planned.version, reason=REASON)
    following = meet(mep, chair, days=21)
    proposals = {p.label: p for p in agenda.propose(following)}
    assert proposals["Ruby Quarrie"].rule == "carried-over"
    assert proposals["Ruby Quarrie"].reason.startswith(
        f"Carried over from {planned.label}, which was cancelled"
    )
    assert proposals["Knife crime near the station"].rule == "carried-over"
    # A child discussed at a meeting that was held is not carried over, nor re-proposed by level.
    services.item_add(meeting=following, by=chair, kind="child", child=exploited)
    later = meet(mep, chair, days=35)
    assert "Ruby Quarrie" not in {p.label for p in agenda.propose(later)}


def test_a_cancelled_meeting_gives_its_invitees_no_sight_of_the_children(people, chair, planned, exploited):
    bob = people["bob"]
    assert access.visible(bob, Child.objects.filter(pk=exploited.pk)).exists()
    services.meeting_cancel(meeting=planned, by=chair, version=planned.version, reason=REASON)
    assert not access.visible(bob, Child.objects.filter(pk=exploited.pk)).exists()


def test_cancelling_is_refused_outside_without_a_reason_stale_or_after_decisions(people, chair, planned):
    # Charlie, outside, may not see the meeting (404); Bob, invited, sees it but does not run it (403).
    for other, refusal in ((people["charlie"], NotVisible), (people["bob"], Forbidden)):
        with pytest.raises(refusal):
            services.meeting_cancel(meeting=planned, by=other, version=planned.version, reason=REASON)
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).exists()
    with pytest.raises(FieldRefused, match="Say why the meeting is cancelled") as refused:
        services.meeting_cancel(meeting=planned, by=chair, version=planned.version, reason="")
    assert refused.value.field == "reason"
    with pytest.raises(StaleVersion):
        services.meeting_cancel(meeting=planned, by=chair, version=planned.version - 1, reason=REASON)
    # Held after all (decisions are recorded once a meeting has been held): then it cannot be cancelled.
    Meeting.objects.filter(pk=planned.pk).update(held_at=timezone.now() - timedelta(hours=1))
    planned.refresh_from_db()
    item = planned.items.get(kind="child")
    services.decision_record(item=item, by=chair, kind="other", detail="Keep under review")
    with pytest.raises(RuleRefused, match="it took place"):
        services.meeting_cancel(meeting=planned, by=chair, version=planned.version, reason=REASON)
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.PLANNED


def test_a_moved_meeting_keeps_its_agenda_and_its_members_are_told(people, chair, planned):
    before = planned.held_at
    to = before + timedelta(days=2, hours=3)
    services.meeting_move(
        meeting=planned, by=people["alice"], version=planned.version, held_at=to, reason=REASON
    )
    planned.refresh_from_db()
    assert planned.held_at == to and planned.status == Meeting.Status.PLANNED
    assert AgendaItem.objects.filter(meeting=planned).count() == 2
    [change] = corrections_of(planned, show_narrative=True)
    assert change.changes[0].before == f"{timezone.localtime(before):%-d %B %Y %H:%M}"
    assert change.by == "Alice Tester"
    # The chair did not move it, so the chair is told too.
    [notice] = _notices(chair)
    assert notice["tag"] == "Meeting moved" and f"{timezone.localtime(to):%a %-d %b %H:%M}" in notice["label"]
    assert AccessLogEntry.objects.filter(username="alice", detail="meeting moved").exists()


def test_a_move_to_an_impossible_time_or_by_someone_outside_is_refused(people, chair, planned):
    for when in (timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=400)):
        with pytest.raises(DateRefused) as refused:
            services.meeting_move(
                meeting=planned, by=chair, version=planned.version, held_at=when, reason=REASON
            )
        assert refused.value.field == "held_at"
    with pytest.raises(NotVisible):
        services.meeting_move(
            meeting=planned,
            by=people["charlie"],
            version=planned.version,
            held_at=planned.held_at + timedelta(days=1),
            reason=REASON,
        )
    with pytest.raises(FieldRefused, match="Say why"):
        services.meeting_move(
            meeting=planned,
            by=chair,
            version=planned.version,
            held_at=planned.held_at + timedelta(days=1),
            reason=" ",
        )


def test_cancelling_and_moving_through_the_pages(client_for, people, chair, planned):
    helen = client_for(chair)
    page = helen.get(reverse("panels:meeting", args=[planned.pk])).content.decode()
    assert reverse("panels:meeting_cancel", args=[planned.pk]) in page
    assert reverse("panels:meeting_move", args=[planned.pk]) in page

    url = reverse("panels:meeting_move", args=[planned.pk])
    past = timezone.localtime(timezone.now() - timedelta(days=2))
    response = helen.post(
        url,
        {
            "version": planned.version,
            "held_at_date_day": past.day,
            "held_at_date_month": past.month,
            "held_at_date_year": past.year,
            "held_at_time": "10:00",
            "reason": REASON,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_held_at_date-error"' in page
    assert "The new date of the meeting must be today or in the future" in page

    url = reverse("panels:meeting_cancel", args=[planned.pk])
    response = helen.post(url, {"version": planned.version, "reason": ""})
    assert "There is a problem" in response.content.decode()
    response = helen.post(url, {"version": planned.version, "reason": REASON})
    assert response["Location"] == reverse("panels:meeting", args=[planned.pk])
    page = helen.get(response["Location"]).content.decode()
    assert 'data-testid="cancelled"' in page and REASON in page and "Changes to the meeting" in page
    assert "Build the agenda" not in page and "Issue the minutes" not in page
    assert "Meeting cancelled" in client_for(people["bob"]).get(reverse("core:home")).content.decode()
    assert client_for(people["bob"]).get(url).status_code == 403
    assert client_for(people["charlie"]).get(url).status_code == 404
    # Cancelled, it cannot be cancelled or moved again.
    assert helen.get(url).status_code == 302


def test_cancelling_and_moving_through_the_api(client_for, people, chair, planned):
    helen = client_for(chair)
    to = planned.held_at + timedelta(days=1)
    move = reverse("api:meetings-move", kwargs={"pk": planned.pk})
    response = helen.post(
        move,
        {"version": planned.version, "held_at": to.isoformat(), "reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    cancel = reverse("api:meetings-cancel", kwargs={"pk": planned.pk})
    body = {"version": planned.version, "reason": REASON}
    assert helen.post(cancel, body, content_type="application/json").status_code == 409
    response = helen.post(
        cancel, {**body, "version": planned.version + 1, "reason": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    response = helen.post(cancel, {**body, "version": planned.version + 1}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert (
        client_for(people["charlie"]).post(cancel, body, content_type="application/json").status_code == 404
    )
