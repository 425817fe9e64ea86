from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import AgencyInvolvement
from hub.children.services import child_create
from hub.missing import interview_services, services
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.tests.matrix_records import build_interview


@pytest.fixture
def child(people, wenmoor, pc):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )
    AgencyInvolvement.objects.create(
        child=child, agency=pc.agency, recorded_by=people["alice"], start=timezone.localdate()
    )
    return child


def iso(hours_ago: float) -> str:
    return (timezone.now() - timedelta(hours=hours_ago)).isoformat()


def post_report(client, child_id, **extra):
    body = {
        "child": child_id,
        "reported_at": iso(5),
        "reported_by_kind": "police",
        "last_seen_at": iso(6),
        "risk_grade": "high",
        "police_reference": "WM-1",
        **extra,
    }
    return client.post(reverse("api:episodes-list"), body, content_type="application/json")


def test_a_police_system_posts_a_report_and_a_return(client_for, pc, child):
    client = client_for(pc)
    response = post_report(client, child.pk)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == reverse("api:episodes-detail", kwargs={"pk": body["id"]})
    assert body["risk_grade"] == "high" and body["interview"] is None
    assert [change["grade"] for change in body["risk_changes"]] == ["high"]

    url = reverse("api:episodes-return", kwargs={"pk": body["id"]})
    response = client.post(
        url,
        {"returned_at": iso(1), "hub_notified_at": iso(0.5), "version": body["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    returned = response.json()
    assert returned["returned_at"] and returned["interview"]
    interview = ReturnInterview.objects.get(pk=returned["interview"])
    assert interview.status == ReturnInterview.Status.AWAITING_ALLOCATION

    # The same return again, with the version read before: 409.
    response = client.post(
        url,
        {"returned_at": iso(1), "hub_notified_at": iso(0.5), "version": body["version"]},
        content_type="application/json",
    )
    assert response.status_code == 409

    detail = client.get(reverse("api:interviews-detail", kwargs={"pk": interview.pk})).json()
    assert detail["status"] == "awaiting" and detail["episode"] == body["id"]
    assert AccessLogEntry.objects.filter(
        username="pc",
        action=LogAction.CONSULT,
        record_type="missing.returninterview",
        record_ids=str(interview.pk),
    ).exists()


def test_bad_input_is_400_with_messages(client_for, pc, child):
    client = client_for(pc)
    response = post_report(client, child.pk, risk_grade="severe", last_seen_at=iso(1), reported_at=iso(2))
    assert response.status_code == 400
    assert "risk_grade" in response.json()
    response = post_report(client, child.pk, last_seen_at=iso(1), reported_at=iso(2))
    assert response.status_code == 400
    assert response.json() == {
        "reported_at": [
            "The date the child was reported missing must be after the child was last seen "
            f"({timezone.localtime(timezone.now() - timedelta(hours=1)):%-d %B %Y at %H:%M})"
        ]
    }
    assert post_report(client, child.pk).status_code == 201
    response = post_report(client, child.pk)
    assert response.status_code == 400 and "already recorded as missing" in response.json()["detail"]
    episode = MissingEpisode.objects.get(child=child)
    response = client.post(
        reverse("api:episodes-return", kwargs={"pk": episode.pk}),
        {"returned_at": iso(1), "hub_notified_at": iso(2), "version": episode.version},
        content_type="application/json",
    )
    assert response.status_code == 400 and "hub_notified_at" in response.json()
    assert MissingEpisode.objects.get(pk=episode.pk).is_open


def test_charlie_in_another_area_sees_nothing(client_for, people, pc, child):
    episode = services.episode_report(
        child=child,
        by=pc,
        reported_at=timezone.now() - timedelta(hours=1),
        reported_by_kind="police",
        last_seen_at=timezone.now() - timedelta(hours=2),
        risk_grade="low",
    )
    charlie = client_for(people["charlie"])
    listing = charlie.get(reverse("api:episodes-list")).json()
    assert listing["count"] == 0
    assert charlie.get(reverse("api:episodes-detail", kwargs={"pk": episode.pk})).status_code == 404
    response = post_report(charlie, child.pk)
    assert response.status_code == 400 and "child" in response.json()
    response = charlie.post(
        reverse("api:episodes-return", kwargs={"pk": episode.pk}),
        {"returned_at": iso(0.5), "hub_notified_at": iso(0.2), "version": episode.version},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_list_is_logged_with_the_ids_sent(client_for, people, pc, child):
    post_report(client_for(pc), child.pk)
    body = client_for(people["alice"]).get(reverse("api:episodes-list")).json()
    assert body["count"] == 1
    entry = AccessLogEntry.objects.filter(username="alice", record_type="missing.missingepisode").latest("pk")
    assert entry.record_ids == str(body["results"][0]["id"])


def test_the_openapi_schema_describes_the_missing_operations(client_for, people):
    schema = client_for(people["alice"]).get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    operations = {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if "episodes" in path or "interviews" in path
    }
    assert operations == {
        ("/api/v1/episodes/", "get"),
        ("/api/v1/episodes/", "post"),
        ("/api/v1/episodes/{id}/", "get"),
        ("/api/v1/episodes/{id}/return/", "post"),
        ("/api/v1/episodes/{id}/correct/", "post"),
        ("/api/v1/interviews/", "get"),
        ("/api/v1/interviews/{id}/", "get"),
        ("/api/v1/interviews/{id}/", "post"),
        ("/api/v1/interviews/{id}/correct/", "post"),
    }


def test_a_return_interviewer_records_the_interview_through_the_api(client_for, people, agencies, wenmoor):
    interview = build_interview(wenmoor)
    worker = make_user("rhian", agencies["hub"], "return_interviewer")
    interview_services.interview_allocate(interview=interview, worker=worker, by=people["alice"])
    client = client_for(worker)
    [listed] = client.get(reverse("api:interviews-list")).json()["results"]
    assert listed["id"] == interview.pk
    url = reverse("api:interviews-detail", args=[interview.pk])
    missing = client.post(url, {"version": listed["version"]}, content_type="application/json")
    assert missing.status_code == 400 and "interview_at" in missing.json()
    held = client.post(
        url,
        {
            "version": listed["version"],
            "interview_at": timezone.now().isoformat(),
            "face_to_face": False,
            "not_face_to_face_reason": "By phone: the child would not meet",
            "factors": ["friends"],
            "indicators_observed": ["older-controlling-adult"],
            "child_words": "I was at a mate's.",
        },
        content_type="application/json",
    )
    assert held.status_code == 200, held.content
    assert held.json()["status"] == ReturnInterview.Status.COMPLETED
    assert held.json()["indicators_observed"] == ["older-controlling-adult"]
    again = client.post(url, {"version": held.json()["version"]}, content_type="application/json")
    assert again.status_code == 409
    assert client_for(people["charlie"]).post(url, {}, content_type="application/json").status_code == 403
