"""The network through the database, the API, the page and the CSV: what a reader may not see is in no
edge, node, chain, community or count; an officer of another force gets 404, a practitioner 403; every
read is logged naming what it showed, and the CSV is a disclosure."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from conftest import reauthenticated
from hub.audit.models import AccessLogEntry
from hub.intelligence import network_selectors, services
from hub.intelligence.models import Entity, Link
from hub.intelligence.network_selectors import Filters

GRADE: Any = {"source_grade": "2", "intelligence_grade": "B", "handling_code": "P"}


@pytest.fixture
def wider(ana, pc, network, harrowfield):
    """Beyond the fixture's network: a second person at the hotel, a 5x5x5 link kept within the police,
    and a person of another area (which the Wenmoor readers may not see) linked from Jay."""
    ray = services.entity_create(by=ana, authority=network["jay"].authority, kind="person", name="Ray Dunn")
    services.link_record(
        by=ana, start=ray, end=network["hotel"], kind="seen_at", seen_from=date(2026, 6, 5), **GRADE
    )
    police_only = services.link_record(
        by=pc,
        start=ray,
        end=network["jay"],
        kind="associates_with",
        seen_from=date(2019, 6, 1),
        grading="5x5x5",
        source_grade="B",
        intelligence_grade="1",
        handling_code="4",
    )
    away = Entity.objects.create(
        authority=harrowfield, kind="person", name="Hidden Harrowfield", created_by=ana
    )
    hidden_link = Link.objects.create(
        authority=network["jay"].authority,
        source=network["jay"],
        target=away,
        kind="associates_with",
        seen_from=date(2026, 11, 1),
        agency=ana.agency,
        source_grade="1",
        intelligence_grade="A",
        handling_code="P",
        created_by=ana,
    )
    return {**network, "ray": ray, "police_only": police_only, "away": away, "hidden_link": hidden_link}


def ids(found):
    return {entity.name for entity in found.entities}, {edge.id for edge in found.edges}


def test_the_neighbourhood_grows_a_step_at_a_time_over_what_the_reader_sees(ana, pc, wider):
    one = network_selectors.neighbourhood(ana, wider["jay"], Filters(steps=1))
    assert ids(one)[0] == {"Jay Corran", "07700 900123", "Station Hotel"}
    two = network_selectors.neighbourhood(ana, wider["jay"], Filters(steps=2))
    assert ids(two)[0] == {"Jay Corran", "07700 900123", "Station Hotel", "Kai Brennan", "Ray Dunn"}
    assert wider["hidden_link"].pk not in ids(two)[1] and wider["police_only"].pk not in ids(two)[1]
    assert two.rest == 0 and set(two.measures.community) == {e.pk for e in two.entities}
    # The police officer also sees the link kept within the police, so Ray is one step from Jay.
    assert "Ray Dunn" in ids(network_selectors.neighbourhood(pc, wider["jay"], Filters(steps=1)))[0]


def test_what_the_reader_may_not_see_never_changes_their_numbers(ana, wider):
    with_hidden = network_selectors.neighbourhood(ana, wider["jay"], Filters(steps=3), cap=2)
    Link.objects.filter(pk__in=[wider["hidden_link"].pk, wider["police_only"].pk]).delete()
    without = network_selectors.neighbourhood(ana, wider["jay"], Filters(steps=3), cap=2)
    assert ids(with_hidden) == ids(without) and with_hidden.rest == without.rest
    assert with_hidden.measures == without.measures


def test_the_cap_keeps_the_strongest_and_counts_the_rest(ana, wider):
    found = network_selectors.neighbourhood(ana, wider["jay"], Filters(steps=2), cap=2)
    # Jay's own two links fill the cap (both 2/B/P: the more recent first); step 2 counts the
    # hotel's other two.
    assert [edge.id for edge in found.edges] == [wider["controls"].pk, wider["phone_link"].pk]
    assert found.rest == 2


def test_filters_by_kind_period_and_grade(ana, wider):
    kinds = network_selectors.neighbourhood(
        ana, wider["jay"], Filters(steps=2, kinds=("controls", "found_at"))
    )
    assert ids(kinds)[0] == {"Jay Corran", "Station Hotel", "Kai Brennan"}
    period = network_selectors.neighbourhood(ana, wider["hotel"], Filters(steps=1, since=date(2026, 10, 2)))
    assert ids(period)[0] == {"Station Hotel", "Jay Corran", "Kai Brennan"}
    until = network_selectors.neighbourhood(ana, wider["hotel"], Filters(steps=1, until=date(2026, 9, 1)))
    assert ids(until)[0] == {"Station Hotel", "Ray Dunn"}
    graded = network_selectors.neighbourhood(ana, wider["jay"], Filters(steps=2, min_grade="A"))
    assert ids(graded)[0] == {"Jay Corran"} and graded.edges == []


def test_the_shortest_chain_goes_round_what_is_hidden(ana, pc, wider):
    found = network_selectors.chain(ana, wider["ray"], wider["phone"], Filters())
    assert found is not None and [e.name for e in found.entities] == [
        "Ray Dunn",
        "Station Hotel",
        "Jay Corran",
        "07700 900123",
    ]
    direct = network_selectors.chain(pc, wider["ray"], wider["phone"], Filters())
    assert direct is not None and len(direct.edges) == 2  # through the police-only link
    lonely = services.entity_create(
        by=ana, authority=wider["jay"].authority, kind="phone", name="07700 900999"
    )
    assert network_selectors.chain(ana, wider["ray"], lonely, Filters()) is None


def test_communities_count_only_what_the_reader_sees(ana, wider):
    found = network_selectors.communities(ana)
    members = {pk for community in found.summary.communities for pk in community.members}
    assert wider["away"].pk not in members and found.summary.entities == 5
    assert found.summary.links == 4 and wider["away"].pk not in found.names


def test_the_api_sends_the_neighbourhood_and_logs_what_it_named(client_for, ana, wider):
    before = AccessLogEntry.objects.count()
    response = client_for(ana).get(
        reverse("api:entities-network", args=[wider["jay"].pk]),
        {"steps": 2, "kinds": ["controls", "found_at"]},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert {node["name"] for node in data["nodes"]} == {"Jay Corran", "Station Hotel", "Kai Brennan"}
    assert {(e["kind"], e["grading"]) for e in data["edges"]} == {
        ("controls", "3x5x2 B"),
        ("found_at", "3x5x2 B"),
    }
    assert data["rest"] == 0 and data["cap"] == 500
    hub = next(node for node in data["nodes"] if node["name"] == "Station Hotel")
    assert hub["betweenness"] == 1.0 and hub["url"] == reverse(
        "intelligence:entity", args=[wider["hotel"].pk]
    )
    logged = AccessLogEntry.objects.order_by("id")[before:]
    entities = next(
        entry
        for entry in logged
        if entry.record_type == "intelligence.entity" and entry.detail.startswith("network of entity")
    )
    assert set(entities.record_ids.split(",")) == {str(node["id"]) for node in data["nodes"]}
    bad = client_for(ana).get(
        reverse("api:entities-network", args=[wider["jay"].pk]), {"steps": 9, "until": "x"}
    )
    assert bad.status_code == 400 and set(bad.json()) == {"steps", "until"}


def test_the_api_chain_and_communities(client_for, ana, wider):
    api = client_for(ana)
    chain = api.get(reverse("api:entities-chain", args=[wider["ray"].pk]), {"to": wider["kai"].pk}).json()
    assert chain["found"] and [node["name"] for node in chain["nodes"]] == [
        "Ray Dunn",
        "Station Hotel",
        "Kai Brennan",
    ]
    assert api.get(reverse("api:entities-chain", args=[wider["ray"].pk])).status_code == 400
    hidden = api.get(reverse("api:entities-chain", args=[wider["ray"].pk]), {"to": wider["away"].pk})
    assert hidden.status_code == 404
    communities = api.get(reverse("api:network-communities")).json()
    assert communities["entities"] == 5 and communities["links"] == 4
    assert sum(c["size"] for c in communities["communities"]) == 5
    assert "Hidden Harrowfield" not in json.dumps(communities)
    players = api.get(reverse("api:network-key-players")).json()
    assert players[0]["name"] == "Station Hotel" and len(players) == 5
    assert "Hidden Harrowfield" not in json.dumps(players)


def test_another_force_gets_404_and_a_practitioner_403(client_for, people, wider):
    jay = wider["jay"].pk
    for url in (
        reverse("intelligence:network", args=[jay]),
        reverse("intelligence:network_csv", args=[jay]),
        reverse("api:entities-network", args=[jay]),
        reverse("api:entities-chain", args=[jay]) + f"?to={wider['hotel'].pk}",
    ):
        assert reauthenticated(client_for(people["charlie"])).get(url).status_code == 404, url
        assert client_for(people["bob"]).get(url).status_code == 403, url
    assert client_for(people["bob"]).get(reverse("api:network-communities")).status_code == 403
    refused = AccessLogEntry.objects.filter(
        action="refused", username="charlie", record_type="intelligence.entity"
    )
    assert refused.count() == 4  # each 404 is in the access log
    # Harrowfield's officer sees Harrowfield's person, and nothing of Wenmoor's network joined to it.
    theirs = client_for(people["charlie"]).get(reverse("api:network-communities")).json()
    assert (theirs["entities"], theirs["links"], theirs["count"]) == (1, 0, 1)
    assert [
        player["name"]
        for player in client_for(people["charlie"]).get(reverse("api:network-key-players")).json()
    ] == ["Hidden Harrowfield"]
    assert client_for(people["bob"]).get(reverse("api:network-key-players")).status_code == 403


def test_the_page_draws_and_tabulates_the_same_network(client_for, ana, wider):
    entity_page = client_for(ana).get(reverse("intelligence:entity", args=[wider["jay"].pk])).content.decode()
    assert reverse("intelligence:network", args=[wider["jay"].pk]) in entity_page
    page = client_for(ana).get(
        reverse("intelligence:network", args=[wider["jay"].pk]), {"since": "2026-10-02"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "cytoscape.min.js" in text and "network.js" in text and "<script>" not in text
    drawing = json.loads(text.split('id="network-data" type="application/json">')[1].split("</script>")[0])
    assert {node["name"] for node in drawing["nodes"]} == {"Jay Corran", "Station Hotel", "Kai Brennan"}
    assert drawing["months"] == ["2026-10", "2026-11"]
    for node in drawing["nodes"]:
        assert node["name"] in text.split('data-testid="network-nodes"')[1]
    assert "New in the period" in text and "Hidden Harrowfield" not in text
    bad = client_for(ana).get(
        reverse("intelligence:network", args=[wider["jay"].pk]),
        {"since": "2026-12-01", "until": "2026-01-01"},
    )
    assert bad.status_code == 200 and "must not be before its start" in bad.content.decode()


def test_the_csv_is_spreadsheet_safe_and_a_disclosure(client_for, ana, wider):
    Entity.objects.filter(pk=wider["hotel"].pk).update(name="=1+1 Hotel")
    url = reverse("intelligence:network_csv", args=[wider["jay"].pk])
    # A bulk export asks for the authenticator's code again first, then goes ahead.
    asked = client_for(ana).get(url, {"steps": 1})
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("accounts:confirm"))
    response = reauthenticated(client_for(ana)).get(url, {"steps": 1})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["link id", "from id", "from"] and len(rows) == 3
    assert "'=1+1 Hotel" in {cell for row in rows for cell in row}
    disclosed = AccessLogEntry.objects.filter(action="disclose").order_by("id")
    assert [entry.record_type for entry in disclosed] == ["intelligence.entity", "intelligence.link"]
    assert disclosed[1].record_ids == ",".join(row[0] for row in rows[1:])
    assert disclosed[0].recipient == "ana"


def test_a_link_not_drawn_is_counted_once(ana, wider):
    """Every link the reader may see touching an entity shown and not drawn is in ``rest``, once, even a
    second link between the same two entities."""
    services.link_record(
        by=ana, start=wider["jay"], end=wider["hotel"], kind="seen_at", seen_from=date(2026, 9, 1), **GRADE
    )
    found = network_selectors.neighbourhood(ana, wider["jay"], Filters(steps=2), cap=1)
    assert [edge.id for edge in found.edges] == [wider["controls"].pk]
    assert found.rest == 4  # Jay's phone and second hotel link; Kai's and Ray's links to the hotel


def test_a_link_with_handling_conditions_is_shown_but_not_downloaded(client_for, ana, network, wider):
    services.link_record(
        by=ana,
        start=wider["ray"],
        end=network["phone"],
        kind="uses_phone",
        seen_from=date(2026, 10, 20),
        source_grade="2",
        intelligence_grade="B",
        handling_code="C",
        handling_conditions="Not to be shared outside the police and the hub.",
    )
    url = reverse("intelligence:network", args=[network["phone"].pk])
    page = client_for(ana).get(url, {"steps": 1}).content.decode()
    assert "1 link shared with handling conditions" in page
    csv_url = reverse("intelligence:network_csv", args=[network["phone"].pk])
    rows = list(
        csv.reader(io.StringIO(reauthenticated(client_for(ana)).get(csv_url, {"steps": 1}).content.decode()))
    )
    # Jay's own use of the phone (no conditions) is in the file; the conditioned link is not.
    assert len(rows) == 2 and rows[1][4] == "uses phone"
    assert Link.objects.get(handling_code="C").pk not in {int(row[0]) for row in rows[1:]}
