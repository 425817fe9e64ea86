"""Acting on repeat-missing alerts, and starting a screening from a return interview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.accounts.models import User
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.chronology import events_for
from hub.core.errors import RuleRefused
from hub.core.navigation import home_panels
from hub.core.roles import Role
from hub.missing import interview_services, services
from hub.missing.models import RepeatMissingAlert, ReturnInterview
from hub.missing.tests.test_pages import report, returned, when
from hub.reference.models import ScreeningIndicator
from hub.screening.models import Screening


def _three_episodes(child, by):
    for days_ago in (20, 10):
        episode = report(child, by, hours_ago=24 * days_ago)
        services.episode_record_return(
            episode=episode,
            by=by,
            version=episode.version,
            returned_at=episode.last_seen_at + timedelta(hours=3),
            hub_notified_at=episode.last_seen_at + timedelta(hours=4),
        )
    report(child, by)
    return RepeatMissingAlert.objects.get(child=child)


def test_an_alert_waits_on_the_hub_queue_until_a_coordinator_decides(client_for, people, child, pc):
    alert = _three_episodes(child, pc)
    alice = client_for(people["alice"])
    home = alice.get(reverse("core:home")).content.decode()
    assert "Repeat missing alerts" in home and reverse("missing:alert", args=[alert.pk]) in home
    assert "Repeat missing alerts (1 waiting)" in alice.get(reverse("missing:list")).content.decode()
    page = alice.get(reverse("missing:alerts")).content.decode()
    assert "Kai Brennan" in page

    page = alice.get(reverse("missing:alert", args=[alert.pk])).content.decode()
    assert "missing 3 times" in page and page.count('href="/missing/') >= 3
    assert AccessLogEntry.objects.filter(
        username="alice",
        action=LogAction.CONSULT,
        record_type="missing.repeatmissingalert",
        record_ids=str(alert.pk),
    ).exists()

    # A strategy discussion needs a date, and the reason, both said plainly.
    response = alice.post(
        reverse("missing:alert", args=[alert.pk]), {"version": alert.version, "decision": "strategy"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the date the strategy discussion is to be held by" in page
    assert "Give the reason for the decision" in page
    by = timezone.localdate() + timedelta(days=2)
    response = alice.post(
        reverse("missing:alert", args=[alert.pk]),
        {
            "version": alert.version,
            "decision": "strategy",
            "hold_by_day": by.day,
            "hold_by_month": by.month,
            "hold_by_year": by.year,
            "note": "Three episodes in three weeks, each to the same address in the city.",
        },
    )
    assert response["Location"] == reverse("missing:alerts")
    alert.refresh_from_db()
    assert alert.strategy_discussion_requested and alert.strategy_discussion_by == by
    assert alert.acknowledged_by == people["alice"] and not alert.is_open

    # It has left the queue, and the child's chronology records the alert and the decision.
    assert all(
        panel.title != "Repeat missing alerts" or panel.count == 0 for panel in home_panels(people["alice"])
    )
    titles = [event.title for event in events_for(child, people["alice"], only_kinds=["missing"])]
    assert "Repeat missing alert: 3 episodes in 30 days" in titles
    assert any(title.startswith("Strategy discussion requested, to be held by") for title in titles)

    # Deciding twice is refused with the reason, and the first decision stands.
    response = alice.post(
        reverse("missing:alert", args=[alert.pk]),
        {"version": alert.version, "decision": "none", "note": "Again"},
        follow=True,
    )
    assert "already decided" in response.content.decode()
    alert.refresh_from_db()
    assert alert.strategy_discussion_requested


def test_no_further_action_is_recorded_with_its_reason(people, child, pc):
    alert = _three_episodes(child, pc)
    with pytest.raises(RuleRefused):
        services.alert_decide(
            alert=alert, by=people["alice"], version=alert.version, strategy_discussion=False, note=" "
        )
    services.alert_decide(
        alert=alert,
        by=people["alice"],
        version=alert.version,
        strategy_discussion=False,
        note="Already on a MEP plan with a disruption in place.",
    )
    alert.refresh_from_db()
    assert not alert.strategy_discussion_requested and alert.strategy_discussion_by is None
    titles = [event.title for event in events_for(child, people["alice"])]
    assert "Repeat missing alert reviewed: no further action" in titles


def test_who_may_see_and_decide_alerts(client_for, people, agencies, child, pc):
    alert = _three_episodes(child, pc)
    # The police officer recorded the episodes but the alert queue is the hub's.
    assert client_for(pc).get(reverse("missing:alert", args=[alert.pk])).status_code == 403
    assert client_for(people["charlie"]).get(reverse("missing:alerts")).status_code == 403
    # An analyst sees the alert but cannot decide it.
    analyst = client_for(make_user("ana", agencies["hub"], Role.HUB_ANALYST))
    page = analyst.get(reverse("missing:alert", args=[alert.pk])).content.decode()
    assert "Kai Brennan" in page and "Record the decision" not in page
    response = analyst.post(
        reverse("missing:alert", args=[alert.pk]), {"version": alert.version, "decision": "none", "note": "x"}
    )
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.is_open
    # Someone in another authority's hub sees no alert of this authority's children.
    other = client_for(make_user("hugo", agencies["other_police"], Role.HUB_COORDINATOR))
    assert other.get(reverse("missing:alert", args=[alert.pk])).status_code == 404
    assert "Kai Brennan" not in other.get(reverse("missing:alerts")).content.decode()


def _held_interview(child, police, worker, *, with_signs=True):
    episode = report(child, police, hours_ago=30)
    interview = returned(episode, police, hours_ago=20)
    # The hub coordinator allocates it (the ``child`` fixture's alice): the police do not.
    coordinator = User.objects.get(username="alice")
    interview_services.interview_allocate(interview=interview, worker=worker, by=coordinator)
    interview.refresh_from_db()
    return interview, {
        "version": interview.version,
        "outcome": "held",
        **when("interview_at", timezone.now() - timedelta(hours=1)),
        "face_to_face": "yes",
        "where_went": "A flat above the takeaway on the high street",
        "who_with": "Two older boys he calls cousins",
        "indicators_observed": [ScreeningIndicator.objects.get(code="older-controlling-adult").pk]
        if with_signs
        else [],
        "child_words": "They gave me a phone and said I owed them.",
        "actions_agreed": "Carer to report at once if he goes again; worker to visit Friday.",
        "start_screening": "on",
    }


def test_signs_seen_at_the_interview_start_a_pre_filled_screening_in_one_step(
    client_for, people, child, pc, rita
):
    interview, data = _held_interview(child, pc, rita)
    worker = client_for(rita)
    response = worker.post(reverse("missing:interview", args=[interview.pk]), data)
    screening = Screening.objects.get(child=child)
    assert response["Location"] == reverse("screening:task_list", args=[screening.pk])
    assert screening.status == Screening.Status.DRAFT and screening.referrer == rita
    assert "A flat above the takeaway" in screening.concern
    assert "They gave me a phone" in screening.concern
    assert screening.actions_taken.startswith("Carer to report")
    answers = {
        answer.indicator.code: answer.answer for answer in screening.answers.select_related("indicator")
    }
    assert answers == {"older-controlling-adult": "yes"}
    interview.refresh_from_db()
    assert interview.screening == screening and interview.status == ReturnInterview.Status.COMPLETED

    # Asking again from the episode page gives the same screening, not a second one.
    response = worker.post(reverse("missing:interview_screening", args=[interview.pk]))
    assert response["Location"] == reverse("screening:task_list", args=[screening.pk])
    assert Screening.objects.filter(child=child).count() == 1
    page = worker.get(reverse("missing:episode", args=[interview.episode_id])).content.decode()
    assert "Started from this interview" in page


def test_a_screening_needs_signs_seen_and_nothing_is_lost_when_refused(client_for, child, pc, rita):
    interview, data = _held_interview(child, pc, rita, with_signs=False)
    response = client_for(rita).post(reverse("missing:interview", args=[interview.pk]), data)
    assert response.status_code == 200
    assert "Tick the signs of exploitation you saw" in response.content.decode()
    # The form keeps what was typed.
    assert "A flat above the takeaway" in response.content.decode()
    assert not Screening.objects.exists()
    interview.refresh_from_db()
    assert interview.status == ReturnInterview.Status.ALLOCATED


def test_someone_outside_cannot_start_a_screening_from_the_interview(client_for, people, child, pc, rita):
    interview, data = _held_interview(child, pc, rita)
    data.pop("start_screening")
    client_for(rita).post(reverse("missing:interview", args=[interview.pk]), data)
    assert (
        client_for(people["charlie"])
        .post(reverse("missing:interview_screening", args=[interview.pk]))
        .status_code
        == 404
    )
    assert not Screening.objects.exists()
