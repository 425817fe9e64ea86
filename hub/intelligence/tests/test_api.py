"""The intelligence API: search, list, read and record entities; an entity's links and the disruption
against it; a disruption moved on and corrected. The same scope and refusals as the pages (404 not
visible, 403 forbidden, 400 rule, 409 stale), reads logged as the selectors log them, and the OpenAPI
schema generated without a warning."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from hub.audit.models import AccessLogEntry
from hub.intelligence import disruption_services as ds
from hub.intelligence.models import Disruption, Entity, Link
from hub.reference.models import DisruptionTactic

ENTITIES = reverse("api:intelligence-entities")


def url(name: str, pk: int) -> str:
    return reverse(f"api:intelligence-{name}", args=[pk])


def post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def patch(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.patch(path, body, content_type="application/json")


@pytest.fixture
def cawn(pc, network):
    return ds.disruption_record(
        by=pc,
        target=network["jay"],
        tactic=DisruptionTactic.objects.get(code="cawn"),
        started_on=date(2026, 11, 10),
        expires_on=date(2027, 5, 10),
        status="in_force",
    )


def test_an_analyst_searches_by_another_name_and_the_search_is_logged(client_for, ana, network):
    found = client_for(ana).get(ENTITIES, {"q": "JC"}).json()
    assert [row["name"] for row in found["results"]] == ["Jay Corran"]
    assert found["results"][0]["aliases"] == ["JC"]
    logged = AccessLogEntry.objects.filter(username="ana", action="consult", detail="search").latest("id")
    assert logged.record_ids == str(network["jay"].pk)
    places = client_for(ana).get(ENTITIES, {"kind": "location"}).json()["results"]
    assert [row["name"] for row in places] == ["Station Hotel"]


def test_the_list_is_scoped_to_the_reader_and_refused_to_other_roles(client_for, people, pc, network):
    listed = client_for(pc).get(ENTITIES).json()
    assert listed["count"] == 4  # Jay, the phone, the hotel and Kai
    assert AccessLogEntry.objects.filter(username="pc", detail__startswith="API list of entities").exists()
    assert client_for(people["charlie"]).get(ENTITIES).json()["count"] == 0
    assert client_for(people["bob"]).get(ENTITIES).status_code == 403
    assert AccessLogEntry.objects.filter(username="bob", action="refused").exists()
    assert client_for(people["bob"]).get(ENTITIES, {"kind": "spaceship"}).status_code == 403
    assert client_for(pc).get(ENTITIES, {"kind": "spaceship"}).status_code == 400


def test_one_entity_with_its_other_names(client_for, people, ana, network):
    jay = network["jay"]
    read = client_for(ana).get(url("entities-detail", jay.pk))
    assert (
        read.status_code == 200
        and read.json()["aliases"] == ["JC"]
        and read.json()["authority"] == "E06999001"
    )
    assert AccessLogEntry.objects.filter(username="ana", action="consult", record_ids=str(jay.pk)).exists()
    assert client_for(people["charlie"]).get(url("entities-detail", jay.pk)).status_code == 404
    assert client_for(ana).get(url("entities-detail", 2**62)).status_code == 404


def test_an_officer_records_a_place_and_the_rules_answer_by_field(client_for, people, pc, wenmoor):
    client = client_for(pc)
    made = post(
        client,
        ENTITIES,
        {"kind": "location", "name": "Rear of 12 Mill Lane", "location_type": "other", "postcode": "mk9 1aa"},
    )
    assert made.status_code == 201 and made.json()["postcode"] == "MK9 1AA"
    place = Entity.objects.get(pk=made.json()["id"])
    assert place.created_by == pc and place.authority == wenmoor
    bad = post(
        client, ENTITIES, {"kind": "location", "name": "Park", "location_type": "park", "postcode": "nope"}
    )
    assert bad.status_code == 400 and "postcode" in bad.json()
    wrong = post(client, ENTITIES, {"kind": "phone", "name": "07700 900999", "date_of_birth": "2000-01-01"})
    assert wrong.status_code == 400 and "date_of_birth" in wrong.json()
    assert post(client, ENTITIES, {"kind": "child", "name": "Kai"}).status_code == 400
    assert post(client_for(people["alice"]), ENTITIES, {"kind": "person", "name": "X"}).status_code == 403
    assert post(client_for(people["bob"]), ENTITIES, {"kind": "person", "name": "X"}).status_code == 403
    assert Entity.objects.filter(name="X").count() == 0


def test_links_of_an_entity_read_and_recorded(client_for, people, ana, pc, wenmoor, network):
    jay = network["jay"]
    links = client_for(pc).get(url("entity-links", jay.pk))
    assert links.status_code == 200
    assert {row["kind"] for row in links.json()} == {"uses_phone", "controls"}
    assert AccessLogEntry.objects.filter(username="pc", detail=f"links of entity {jay.pk}").exists()
    ric = post(client_for(pc), ENTITIES, {"kind": "person", "name": "Ric Dale"}).json()
    body = {
        "other": ric["id"],
        "kind": "associates_with",
        "seen_from": "2026-11-01",
        "source_grade": "2",
        "intelligence_grade": "B",
        "handling_code": "P",
    }
    made = post(client_for(pc), url("entity-links", jay.pk), body)
    assert made.status_code == 201 and made.json()["source"] == jay.pk and made.json()["target"] == ric["id"]
    assert Link.objects.filter(kind="associates_with").count() == 1
    assert post(client_for(pc), url("entity-links", jay.pk), {**body, "other": 2**62}).status_code == 400
    future = post(client_for(pc), url("entity-links", jay.pk), {**body, "seen_from": "2026-12-25"})
    assert future.status_code == 400 and "seen_from" in future.json()
    assert post(client_for(people["alice"]), url("entity-links", jay.pk), body).status_code == 403
    assert post(client_for(people["charlie"]), url("entity-links", jay.pk), body).status_code == 404


def test_disruption_recorded_read_moved_on_and_corrected(client_for, people, pc, ana, network, cawn):
    hotel = network["hotel"]
    client = client_for(pc)
    body = {
        "tactic": "closure-notice",
        "started_on": "2026-11-17",
        "expires_on": "2026-11-19",
        "status": "in_force",
    }
    made = post(client, url("entity-disruptions", hotel.pk), body)
    assert made.status_code == 201, made.json()
    assert made.json()["legal_basis"] == "s.76 Anti-social Behaviour, Crime and Policing Act 2014"
    listed = client_for(ana).get(url("entity-disruptions", network["jay"].pk))
    assert [row["id"] for row in listed.json()] == [cawn.pk]
    assert AccessLogEntry.objects.filter(
        username="ana", detail=f"disruption of entity {network['jay'].pk}"
    ).exists()
    read = client_for(people["alice"]).get(url("disruptions-detail", cawn.pk))
    assert (
        read.status_code == 200
        and read.json()["status"] == "in_force"
        and not read.json()["awaiting_outcome"]
    )
    moved = patch(
        client_for(ana),
        url("disruptions-detail", cawn.pk),
        {"version": 1, "status": "breached", "note": "Seen."},
    )
    assert moved.status_code == 200 and moved.json()["status"] == "breached" and moved.json()["version"] == 2
    assert moved.json()["expires_on"] == "2027-05-10"  # kept, not sent
    stale = patch(client, url("disruptions-detail", cawn.pk), {"version": 1, "status": "discharged"})
    assert stale.status_code == 409
    no_reason = post(client, url("disruptions-correct", cawn.pk), {"version": 2, "tactic": "stro"})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    fixed = post(
        client,
        url("disruptions-correct", cawn.pk),
        {"version": 2, "tactic": "stro", "reason": "A risk order."},
    )
    assert fixed.status_code == 200 and fixed.json()["tactic"] == "stro"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tactic": "no-such-tactic"}, "tactic"),
        ({"tactic": "closure-order"}, "tactic"),
        ({"started_on": "2026-12-01"}, "started_on"),
        ({"started_on": "9999-01-01"}, "started_on"),
        ({"expires_on": "2026-11-01"}, "expires_on"),
        ({"status": "won"}, "status"),
        ({"agency": 2**62}, "agency"),
        ({"agency": -1}, "agency"),
        ({"started_on": "2026-06-01"}, "late_entry_reason"),
    ],
)
def test_bad_disruption_bodies_are_a_400_under_their_field(client_for, pc, network, change, field):
    body = {"tactic": "cawn", "started_on": "2026-11-10", "status": "granted", **change}
    answer = post(client_for(pc), url("entity-disruptions", network["jay"].pk), body)
    assert answer.status_code == 400 and field in answer.json(), answer.json()
    assert not Disruption.objects.exists()


def test_who_is_refused_the_disruption_api_and_that_it_is_logged(client_for, people, network, cawn):
    body = {"tactic": "cawn", "started_on": "2026-11-10", "status": "granted"}
    jay = network["jay"]
    charlie, alice, bob = (client_for(people[name]) for name in ("charlie", "alice", "bob"))
    assert charlie.get(url("disruptions-detail", cawn.pk)).status_code == 404
    assert charlie.get(url("entity-disruptions", jay.pk)).status_code == 404
    assert post(charlie, url("entity-disruptions", jay.pk), body).status_code == 404
    assert (
        patch(charlie, url("disruptions-detail", cawn.pk), {"version": 1, "status": "breached"}).status_code
        == 404
    )
    assert post(alice, url("entity-disruptions", jay.pk), body).status_code == 403
    assert (
        patch(alice, url("disruptions-detail", cawn.pk), {"version": 1, "status": "breached"}).status_code
        == 403
    )
    assert bob.get(url("disruptions-detail", cawn.pk)).status_code == 403
    refused = AccessLogEntry.objects.filter(action="refused")
    assert {"charlie", "alice", "bob"} <= set(refused.values_list("username", flat=True))
    cawn.refresh_from_db()
    assert cawn.version == 1 and Disruption.objects.count() == 1


def test_the_openapi_schema_has_the_intelligence_operations_and_no_warnings(client_for, people, tmp_path):
    schema = client_for(people["alice"]).get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    operations = {
        (path, method) for path, item in schema["paths"].items() for method in item if "intelligence" in path
    }
    assert operations == {
        ("/api/v1/intelligence/entities/", "get"),
        ("/api/v1/intelligence/entities/", "post"),
        ("/api/v1/intelligence/entities/{id}/", "get"),
        ("/api/v1/intelligence/entities/{id}/links/", "get"),
        ("/api/v1/intelligence/entities/{id}/links/", "post"),
        ("/api/v1/intelligence/entities/{id}/disruptions/", "get"),
        ("/api/v1/intelligence/entities/{id}/disruptions/", "post"),
        ("/api/v1/intelligence/disruptions/{id}/", "get"),
        ("/api/v1/intelligence/disruptions/{id}/", "patch"),
        ("/api/v1/intelligence/disruptions/{id}/correct/", "post"),
        ("/api/v1/intelligence/entities/{id}/network/", "get"),
        ("/api/v1/intelligence/entities/{id}/chain/", "get"),
        ("/api/v1/intelligence/network/communities/", "get"),
        ("/api/v1/intelligence/network/key-players/", "get"),
        ("/api/v1/intelligence/places/", "get"),
        ("/api/v1/intelligence/operations/", "get"),
        ("/api/v1/intelligence/operations/", "post"),
        ("/api/v1/intelligence/operations/{id}/", "get"),
        ("/api/v1/intelligence/operations/{id}/", "patch"),
        ("/api/v1/intelligence/operations/{id}/members/", "post"),
        ("/api/v1/intelligence/operations/{id}/entities/", "post"),
        ("/api/v1/intelligence/operations/{id}/disruptions/", "post"),
        ("/api/v1/intelligence/cases/{id}/", "get"),
        ("/api/v1/intelligence/cases/{id}/assessments/", "post"),
        ("/api/v1/intelligence/cases/{id}/risks/", "post"),
        ("/api/v1/intelligence/cases/{id}/raise/", "post"),
        ("/api/v1/intelligence/assessments/{id}/correct/", "post"),
    }
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
