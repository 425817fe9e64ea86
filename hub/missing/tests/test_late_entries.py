"""A return and a return interview entered long after they happened: the page and the API ask why, in
the same words, and keep the answer beside the record (shown on the episode's page); nobody is asked
when they enter it on time, and a date that cannot be true is refused whatever the reason."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hub.core.models import LateEntry
from hub.missing import interview_services, services
from hub.missing.models import MissingEpisode
from hub.missing.tests.test_pages import when
from hub.reference.models import MissingFactor, ScreeningIndicator

LATE = "Say why this is being recorded more than 30 days after it happened"
WHY = "The placement told us only at the review; it was not reported at the time."


def _long_ago(child, pc, *, days=50):
    """An episode reported now about a child who went missing ``days`` ago."""
    last_seen = timezone.now() - timedelta(days=days)
    return services.episode_report(
        child=child,
        by=pc,
        reported_at=last_seen + timedelta(hours=2),
        reported_by_kind="carer",
        last_seen_at=last_seen,
        risk_grade="medium",
        late_entry_reason="Found in the placement's log at the review.",
    )


def _return_form(episode, returned_at, **extra):
    return {
        "version": episode.version,
        **when("returned_at", returned_at),
        **when("hub_notified_at", returned_at + timedelta(hours=1)),
        **extra,
    }


def test_a_late_return_on_the_page_is_asked_why_and_the_reason_is_kept(client_for, people, pc, child):
    episode = _long_ago(child, pc)
    police = client_for(pc)
    url = reverse("missing:record_return", args=[episode.pk])
    returned_at = episode.last_seen_at + timedelta(days=2)
    # The question is not on the form until it is asked.
    page = police.get(reverse("missing:episode", args=[episode.pk])).content.decode()
    assert 'name="late_entry_reason"' not in page.split('id="return"')[1].split("</form>")[0]

    page = html.unescape(police.post(url, _return_form(episode, returned_at)).content.decode())
    assert LATE in page and 'name="late_entry_reason"' in page
    assert MissingEpisode.objects.get(pk=episode.pk).is_open

    response = police.post(url, _return_form(episode, returned_at, late_entry_reason=WHY))
    assert response.status_code == 302
    [kept] = LateEntry.objects.filter(object_id=episode.pk, content_type__model="missingepisode")
    assert kept.reason == WHY and kept.entered_by == pc and kept.event == "The date the child returned"
    page = html.unescape(police.get(reverse("missing:episode", args=[episode.pk])).content.decode())
    assert "Recorded late" in page and WHY in page and "by Pc Tester (Wenmoor Police)" in page


def test_a_return_on_time_is_not_asked_and_an_impossible_one_is_still_refused(client_for, people, pc, child):
    episode = services.episode_report(
        child=child,
        by=pc,
        reported_at=timezone.now() - timedelta(hours=5),
        reported_by_kind="carer",
        last_seen_at=timezone.now() - timedelta(hours=6),
        risk_grade="medium",
    )
    police = client_for(pc)
    url = reverse("missing:record_return", args=[episode.pk])
    # Before the child went missing: refused, with or without a reason for lateness.
    before = episode.last_seen_at - timedelta(days=40)
    page = html.unescape(
        police.post(url, _return_form(episode, before, late_entry_reason=WHY)).content.decode()
    )
    assert "must be after the child was last seen" in page
    assert MissingEpisode.objects.get(pk=episode.pk).is_open
    response = police.post(url, _return_form(episode, timezone.now() - timedelta(hours=1)))
    assert response.status_code == 302
    assert not LateEntry.objects.exists()
    assert "Recorded late" not in police.get(reverse("missing:episode", args=[episode.pk])).content.decode()


def test_the_api_asks_the_same_question_for_a_late_return(client_for, people, pc, child):
    episode = _long_ago(child, pc)
    api = client_for(pc)
    url = reverse("api:episodes-return", kwargs={"pk": episode.pk})
    returned_at = episode.last_seen_at + timedelta(days=1)
    body = {
        "returned_at": returned_at.isoformat(),
        "hub_notified_at": (returned_at + timedelta(hours=1)).isoformat(),
        "version": episode.version,
    }
    response = api.post(url, body, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"late_entry_reason": [LATE]}
    response = api.post(url, {**body, "late_entry_reason": WHY}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert LateEntry.objects.get(object_id=episode.pk).reason == WHY
    # Someone outside the child's area is refused before any question is asked.
    outsider = client_for(people["charlie"]).post(
        url, {**body, "late_entry_reason": WHY}, content_type="application/json"
    )
    assert outsider.status_code in (403, 404)


def _interview_ready(child, pc, rita, alice, *, days=45):
    episode = _long_ago(child, pc, days=days + 2)
    interview = services.episode_record_return(
        episode=episode,
        by=pc,
        version=episode.version,
        returned_at=episode.last_seen_at + timedelta(hours=20),
        hub_notified_at=episode.last_seen_at + timedelta(hours=21),
        late_entry_reason=WHY,
    )
    return interview_services.interview_allocate(interview=interview, worker=rita, by=alice)


def _interview_form(interview, held_at, **extra):
    return {
        "version": interview.version,
        "outcome": "held",
        **when("interview_at", held_at),
        "face_to_face": "yes",
        "factors": [MissingFactor.objects.earliest("pk").pk],
        "indicators_observed": [ScreeningIndicator.objects.earliest("pk").pk],
        "child_words": "I stayed with a friend.",
        **extra,
    }


def test_a_late_interview_is_asked_why_on_the_page_and_in_the_api(client_for, people, pc, rita, child):
    interview = _interview_ready(child, pc, rita, people["alice"])
    held_at = interview.notified_at + timedelta(hours=30)  # within its 72 hours, recorded weeks later
    page_url = reverse("missing:interview", args=[interview.pk])
    interviewer = client_for(rita)
    page = html.unescape(interviewer.post(page_url, _interview_form(interview, held_at)).content.decode())
    assert LATE in page, re.findall(r'class="govuk-error-message">(.*?)</p>', page, re.S)
    assert 'name="late_entry_reason"' in page

    api_url = reverse("api:interviews-detail", kwargs={"pk": interview.pk})
    body = {"version": interview.version, "interview_at": held_at.isoformat(), "face_to_face": True}
    response = interviewer.post(api_url, body, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"late_entry_reason": [LATE]}

    response = interviewer.post(page_url, _interview_form(interview, held_at, late_entry_reason=WHY))
    assert response.status_code == 302
    kept = LateEntry.objects.get(content_type__model="returninterview", object_id=interview.pk)
    assert kept.reason == WHY and kept.event == "The date of the return interview"
    page = html.unescape(
        interviewer.get(reverse("missing:episode", args=[interview.episode_id])).content.decode()
    )
    assert "The date of the return interview" in page and WHY in page
