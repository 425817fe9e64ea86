from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hub.audit.models import AccessLogEntry, LogAction
from hub.plans.models import Plan


def _version(**changes):
    today = timezone.localdate()
    body = {
        "agreed_on": today.isoformat(),
        "agreed_by": "MEP",
        "review_date": (today + timedelta(days=70)).isoformat(),
        "child_views": "Leave me alone.",
        "factors": [
            {"kind": "individual", "text": "Goes missing overnight", "rating": "high"},
            {"kind": "contextual", "text": "Older boys at the flats", "rating": "high", "category": "peers"},
            {"kind": "protective", "text": "His grandmother"},
        ],
    }
    body.update(changes)
    return body


def test_a_partner_system_agrees_a_plan_and_reviews_it(client_for, people, child):
    bob = client_for(people["bob"])
    response = bob.post(
        reverse("api:plans-list"), {"child": child.pk, **_version()}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "active" and body["lead"] == "Bob Tester" and body["current"]["number"] == 1
    assert response["Location"] == reverse("api:plans-detail", args=[body["id"]])
    factors = body["current"]["factors"]
    assert {factor["kind"] for factor in factors} == {"individual", "contextual", "protective"}

    again = bob.post(
        reverse("api:plans-list"), {"child": child.pk, **_version()}, content_type="application/json"
    )
    assert again.status_code == 400 and "already has a plan" in again.json()["detail"]

    missing = next(f for f in factors if f["kind"] == "individual")
    review = _version(
        factors=[{**missing, "rating": "low"}, {"kind": "protective", "text": "Boxing club"}],
        progress="No missing episodes for a month.",
        version=body["version"],
    )
    url = reverse("api:plans-review", args=[body["id"]])
    response = bob.post(url, review, content_type="application/json")
    assert response.status_code == 200, response.json()
    current = response.json()["current"]
    assert current["number"] == 2
    kept = next(f for f in current["factors"] if f["kind"] == "individual")
    assert kept["thread"] == missing["thread"] and kept["rating"] == "low"
    # The same review again, with the version as first read: someone else changed it (409).
    stale = bob.post(url, review, content_type="application/json")
    assert stale.status_code == 409 and "Someone else changed this plan" in stale.json()["detail"]


def test_bad_input_is_explained(client_for, people, child, agreed_plan):
    bob = client_for(people["bob"])
    too_late = (timezone.localdate() + timedelta(days=90)).isoformat()
    url = reverse("api:plans-review", args=[agreed_plan.pk])
    response = bob.post(
        url,
        _version(review_date=too_late, progress="Some.", version=agreed_plan.version),
        content_type="application/json",
    )
    assert response.status_code == 400 and "no later than" in response.json()["detail"]
    response = bob.post(
        url,
        _version(
            factors=[{"kind": "contextual", "text": "The park", "rating": "low"}], progress="x", version=1
        ),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["factors"]["0"]["category"] == [
        "Say where the contextual risk is."
    ]
    assert bob.post(url, {}, content_type="application/json").status_code == 400
    response = bob.get(reverse("api:plans-list"), {"status": "lost"})
    assert response.status_code == 400
    assert bob.get(reverse("api:plans-list"), {"child": "1" * 30}).status_code == 400
    assert bob.get(reverse("api:plans-list"), {"child": "-1"}).status_code == 400
    assert bob.get(reverse("api:plans-detail", args=[10**30])).status_code == 404
    assert bob.get(reverse("plans:version", args=[agreed_plan.pk, 10**30])).status_code == 404
    response = bob.post(
        reverse("api:plans-list"), {"child": 999999, **_version()}, content_type="application/json"
    )
    assert response.status_code == 400 and "child" in response.json()


def test_lists_are_scoped_and_logged(client_for, people, agreed_plan, pele):
    body = client_for(pele).get(reverse("api:plans-list")).json()
    assert [row["id"] for row in body["results"]] == [agreed_plan.pk]
    entry = AccessLogEntry.objects.filter(action=LogAction.CONSULT, username="pele").last()
    assert entry is not None
    assert entry.record_type == "plans.plan" and entry.record_ids == str(agreed_plan.pk)
    assert client_for(people["sam"]).get(reverse("api:plans-list")).status_code == 403
    assert client_for(people["bob"]).get(reverse("api:plans-list"), {"status": "closed"}).json()["count"] == 0
    # A reader who may not change it is told so (403), not told it does not exist.
    response = client_for(pele).post(
        reverse("api:plans-review", args=[agreed_plan.pk]), {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Plan.objects.get(pk=agreed_plan.pk).current_number == 1


def test_the_openapi_schema_describes_the_plan_operations(client_for, people):
    schema = client_for(people["alice"]).get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    operations = {
        (path, method) for path, item in schema["paths"].items() for method in item if "plans" in path
    }
    assert operations == {
        ("/api/v1/plans/", "get"),
        ("/api/v1/plans/", "post"),
        ("/api/v1/plans/{id}/", "get"),
        ("/api/v1/plans/{id}/review/", "post"),
        ("/api/v1/plans/{id}/lead/", "post"),
    }
    plan = schema["components"]["schemas"]["Plan"]["properties"]
    assert "factors" in str(plan["current"]) or "$ref" in str(plan["current"])
