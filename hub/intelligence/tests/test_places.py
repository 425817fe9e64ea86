"""Places: coordinates from the postcode table, never the network; the places ranked by the children
linked to them in a period, through the services, the page and the API, as named people of several
agencies see them. A child, link or place the reader may not see is never counted or shown; the period
is chosen, and a bad one is refused with what to do; every read is logged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.audit.models import AccessLogEntry
from hub.children.services import child_create, level_set
from hub.core.roles import Role
from hub.intelligence import places, services
from hub.intelligence.models import Entity, Link
from hub.reference.models import LevelOfConcern, Postcode

GRADE: Any = {"source_grade": "2", "intelligence_grade": "B", "handling_code": "P"}
PLACES = reverse("intelligence:places")
API = reverse("api:intelligence-places")


@pytest.fixture
def postcode_table(db):
    Postcode.objects.create(postcode="MK9 3EJ", latitude=Decimal("52.04105"), longitude=Decimal("-0.75751"))
    Postcode.objects.create(postcode="QW1 2AB", latitude=Decimal("51.50000"), longitude=Decimal("-0.10000"))


@pytest.fixture
def hotspots(postcode_table, network, ana, pc, people, wenmoor, harrowfield, child):
    """Kai (exploited), Lia (groomed) and Mo (no level) at the Station Hotel (on the map); Kai at Wen Park
    (on the map; Lia was there, long before the period); Mo at Chicken Spot (a postcode the table does
    not hold). Hidden from the analyst: a Harrowfield child linked to the park, Lia at Chicken Spot on
    police information kept within the police, and a disposed-of place three children were at."""
    levels = {level.code: level for level in LevelOfConcern.objects.all()}
    level_set(child=child, level=levels["exploited"], by=people["alice"], rationale="Found at a trap house.")
    lia_record = child_create(authority=wenmoor, by=people["alice"], first_name="Lia", last_name="Marsh")
    level_set(child=lia_record, level=levels["groomed-targeted"], by=people["alice"], rationale="Gifts.")
    mo_record = child_create(authority=wenmoor, by=people["alice"], first_name="Mo", last_name="Quill")
    kai, hotel = network["kai"], network["hotel"]
    lia = services.child_entity(by=ana, child=lia_record)
    mo = services.child_entity(by=ana, child=mo_record)
    park = services.entity_create(
        by=ana, authority=wenmoor, kind="location", name="Wen Park", location_type="park", postcode="qw12ab"
    )
    takeaway = services.entity_create(
        by=ana,
        authority=wenmoor,
        kind="location",
        name="Chicken Spot",
        location_type="takeaway",
        postcode="QW9 9ZZ",
    )

    def seen(who, where, day, to=None, **more):
        return services.link_record(
            by=more.pop("by", ana),
            start=who,
            end=where,
            kind="seen_at",
            seen_from=day,
            seen_to=to,
            **{**GRADE, **more},
        )

    seen(lia, hotel, date(2026, 10, 10))
    seen(lia, hotel, date(2026, 10, 20))  # the same child again: counted once
    seen(mo, hotel, date(2026, 9, 1), date(2026, 9, 30))
    seen(kai, park, date(2026, 11, 10))
    seen(lia, park, date(2026, 5, 1))
    seen(mo, takeaway, date(2026, 11, 1))
    police_only = seen(
        lia,
        takeaway,
        date(2026, 11, 5),
        by=pc,
        grading="5x5x5",
        source_grade="B",
        intelligence_grade="2",
        handling_code="4",
    )
    away_record = child_create(
        authority=harrowfield, by=people["charlie"], first_name="Hal", last_name="Away"
    )
    away = Entity.objects.create(
        authority=harrowfield, kind="child", name="Hal Away", child=away_record, created_by=people["charlie"]
    )
    hidden_link = Link.objects.create(
        authority=wenmoor,
        source=away,
        target=park,
        kind="seen_at",
        seen_from=date(2026, 11, 12),
        agency=ana.agency,
        source_grade="1",
        intelligence_grade="A",
        handling_code="P",
        created_by=ana,
    )
    gone = services.entity_create(
        by=ana, authority=wenmoor, kind="location", name="Gone Garage", location_type="other"
    )
    for who in (kai, lia, mo):
        seen(who, gone, date(2026, 11, 1))
    Entity.objects.filter(pk=gone.pk).update(disposed_at=timezone.now())
    return {
        **network,
        "lia": lia,
        "mo": mo,
        "park": park,
        "takeaway": takeaway,
        "away": away,
        "hidden_link": hidden_link,
        "police_only": police_only,
    }


def ranking(rows):
    return [(row.place.name, [child.entity.name for child in row.children]) for row in rows]


def test_a_place_takes_its_coordinates_from_the_postcode_table(postcode_table, ana, wenmoor):
    park = services.entity_create(
        by=ana, authority=wenmoor, kind="location", name="Park", location_type="park", postcode="qw1 2ab"
    )
    assert (park.postcode, park.latitude, park.longitude) == ("QW1 2AB", Decimal("51.5"), Decimal("-0.1"))
    given = services.entity_create(
        by=ana,
        authority=wenmoor,
        kind="location",
        name="Bench",
        location_type="park",
        postcode="QW1 2AB",
        latitude=Decimal("51.50123"),
        longitude=Decimal("-0.10456"),
    )
    assert (given.latitude, given.longitude) == (Decimal("51.50123"), Decimal("-0.10456"))
    unknown = services.entity_create(
        by=ana, authority=wenmoor, kind="location", name="Yard", location_type="other", postcode="QW9 9ZZ"
    )
    assert unknown.latitude is None and unknown.longitude is None
    # A corrected postcode brings its own coordinates (or none), never the old postcode's.
    moved = services.entity_correct(
        by=ana, entity=park, version=1, reason="Wrong postcode", postcode="MK93EJ"
    )
    assert (moved.latitude, moved.longitude) == (Decimal("52.04105"), Decimal("-0.75751"))
    lost = services.entity_correct(by=ana, entity=moved, version=2, reason="Moved", postcode="QW9 9ZZ")
    assert lost.latitude is None
    kept = services.entity_correct(by=ana, entity=given, version=1, reason="Typo", description="A bench")
    assert kept.latitude == Decimal("51.50123")


def test_the_place_page_says_when_its_postcode_is_not_in_the_table(client_for, postcode_table, ana, wenmoor):
    response = client_for(ana).post(
        reverse("intelligence:entity_new", args=["location"]),
        {"name": "Yard", "location_type": "other", "postcode": "qw9 9zz"},
        follow=True,
    )
    text = response.content.decode()
    assert "the postcode QW9 9ZZ is not in the Hub&#x27;s postcode table" in text
    park = services.entity_create(
        by=ana, authority=wenmoor, kind="location", name="Park", location_type="park", postcode="QW1 2AB"
    )
    shown = client_for(ana).get(reverse("intelligence:entity", args=[park.pk])).content.decode()
    assert "51.50000, -0.10000" in shown and "not in the Hub" not in shown


def test_the_api_records_a_place_with_the_tables_coordinates(client_for, postcode_table, ana):
    response = client_for(ana).post(
        reverse("api:intelligence-entities"),
        {"kind": "location", "name": "Park", "location_type": "park", "postcode": "QW1 2AB"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["latitude"], response.json()["longitude"]) == ("51.50000", "-0.10000")


def test_places_are_ranked_by_the_children_the_reader_may_see(ana, pc, people, hotspots):
    since, until = places.default_period()
    assert (since, until) == (date(2026, 8, 21), date(2026, 11, 18))
    seen_by_analyst = places.ranked_places(ana, since, until)
    assert ranking(seen_by_analyst) == [
        ("Station Hotel", ["Kai Brennan", "Lia Marsh", "Mo Quill"]),  # most concerning level first
        ("Chicken Spot", ["Mo Quill"]),
        ("Wen Park", ["Kai Brennan"]),  # not Lia (before the period) nor the Harrowfield child
    ]
    hotel = seen_by_analyst[0]
    assert [child.level.code if child.level else None for child in hotel.children] == [
        "exploited",
        "groomed-targeted",
        None,
    ]
    assert hotel.has_coordinates and not seen_by_analyst[1].has_coordinates
    # The police see the link kept within the police: Lia at Chicken Spot.
    assert ranking(places.ranked_places(pc, since, until))[1] == ("Chicken Spot", ["Lia Marsh", "Mo Quill"])
    # Another force's officer sees none of Wenmoor's places.
    assert places.ranked_places(people["charlie"], since, until) == []


def test_what_the_reader_may_not_see_never_changes_the_ranking(ana, hotspots):
    since, until = places.default_period()
    with_hidden = ranking(places.ranked_places(ana, since, until))
    Link.objects.filter(pk__in=[hotspots["hidden_link"].pk, hotspots["police_only"].pk]).delete()
    assert ranking(places.ranked_places(ana, since, until)) == with_hidden


def test_the_period_decides_which_links_count(ana, hotspots):
    spring = places.ranked_places(ana, date(2026, 4, 1), date(2026, 6, 30))
    assert ranking(spring) == [("Wen Park", ["Lia Marsh"])]
    # A link seen over a range counts in any period it overlaps.
    mid_september = places.ranked_places(ana, date(2026, 9, 15), date(2026, 9, 20))
    assert ranking(mid_september) == [("Station Hotel", ["Mo Quill"])]
    assert places.ranked_places(ana, date(2025, 1, 1), date(2025, 12, 31)) == []


def test_the_page_ranks_maps_and_logs_for_a_police_analyst(client_for, pc, hotspots):
    before = AccessLogEntry.objects.count()
    response = client_for(pc).get(PLACES)
    assert response.status_code == 200
    text = response.content.decode()
    table = text.split('data-testid="places-ranked"')[1]
    assert table.index("Station Hotel") < table.index("Chicken Spot") < table.index("Wen Park")
    assert "Exploited" in table and "No coordinates" in table and "Hal Away" not in text
    assert 'value="2026-08-21"' in text and 'value="2026-11-18"' in text
    assert "leaflet.js" in text and "places.js" in text and "<script>" not in text
    drawing = json.loads(text.split('id="places-data" type="application/json">')[1].split("</script>")[0])
    assert drawing["tiles"] == "" and [place["name"] for place in drawing["places"]] == [
        "Station Hotel",
        "Wen Park",
    ]
    assert drawing["places"][0]["url"] == reverse("intelligence:entity", args=[hotspots["hotel"].pk])
    logged = AccessLogEntry.objects.order_by("id")[before:]
    named = next(entry for entry in logged if entry.record_type == "intelligence.entity")
    assert named.detail == "places ranked by children linked from 2026-08-21 to 2026-11-18"
    ids = set(named.record_ids.split(","))
    assert str(hotspots["hotel"].pk) in ids and str(hotspots["lia"].pk) in ids
    assert str(hotspots["away"].pk) not in ids
    links = next(entry for entry in logged if entry.record_type == "intelligence.link")
    assert str(hotspots["police_only"].pk) in links.record_ids.split(",")  # the police may see it
    assert str(hotspots["hidden_link"].pk) not in links.record_ids.split(",")


def test_the_tile_server_is_a_setting(client_for, settings, ana, hotspots):
    settings.HUB_MAP_TILES = "https://tiles.partnership.example/{z}/{x}/{y}.png"
    text = client_for(ana).get(PLACES).content.decode()
    drawing = json.loads(text.split('id="places-data" type="application/json">')[1].split("</script>")[0])
    assert drawing["tiles"] == "https://tiles.partnership.example/{z}/{x}/{y}.png"
    assert "No map tiles are set up" not in text


def _settings_with(tiles: str) -> subprocess.CompletedProcess[str]:
    code = (
        "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    env = {**os.environ, "HUB_MAP_TILES": tiles, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_tile_servers_origin_is_allowed_for_images_and_a_bad_template_refused():
    allowed = _settings_with("https://{s}.tiles.partnership.example/{z}/{x}/{y}.png")
    assert "https://*.tiles.partnership.example" in allowed.stdout, allowed.stderr
    refused = _settings_with("tiles.example/{z}/{x}/{y}.png")
    assert refused.returncode != 0 and "HUB_MAP_TILES must be a tile URL template" in refused.stderr


def test_a_bad_period_is_refused_with_what_to_do(client_for, ana, hotspots):
    cases = [
        ({"since": "2026-02-30"}, "Enter a real date as YYYY-MM-DD"),
        ({"until": "yesterday"}, "Enter a real date as YYYY-MM-DD"),
        ({"since": "1800-01-01"}, "Enter a date between 1900-01-01 and 2100-12-31"),
        ({"since": "2026-11-01", "until": "2026-10-01"}, "must not be before its start"),
    ]
    for query, message in cases:
        page = client_for(ana).get(PLACES, query)
        assert page.status_code == 200 and message in page.content.decode(), query
        assert "There is a problem" in page.content.decode() and "Station Hotel" not in page.content.decode()
        api = client_for(ana).get(API, query)
        assert api.status_code == 400 and message in json.dumps(api.json()), query


def test_a_chosen_period_on_the_page_and_the_api(client_for, ana, hotspots):
    page = client_for(ana).get(PLACES, {"since": "2026-04-01", "until": "2026-06-30"}).content.decode()
    table = page.split('data-testid="places-ranked"')[1]
    assert "Wen Park" in table and "Station Hotel" not in table
    body = client_for(ana).get(API, {"since": "2026-09-15", "until": "2026-09-20"}).json()
    assert (body["since"], body["until"]) == ("2026-09-15", "2026-09-20")
    assert [(p["name"], p["children_count"]) for p in body["places"]] == [("Station Hotel", 1)]
    default = client_for(ana).get(API).json()
    assert [(p["name"], p["children_count"], p["latitude"]) for p in default["places"]] == [
        ("Station Hotel", 3, 52.04105),
        ("Chicken Spot", 1, None),
        ("Wen Park", 1, 51.5),
    ]
    assert [(c["name"], c["level"]) for c in default["places"][0]["children"]] == [
        ("Kai Brennan", "exploited"),
        ("Lia Marsh", "groomed-targeted"),
        ("Mo Quill", None),
    ]
    only_since = client_for(ana).get(API, {"since": "2026-11-05"}).json()
    assert (only_since["since"], only_since["until"]) == ("2026-11-05", "2026-11-18")
    assert (timezone.localdate() - timedelta(days=89)).isoformat() == default["since"]


def test_only_the_intelligence_roles_and_each_over_their_own_area(client_for, people, agencies, hotspots):
    bob, sam = people["bob"], people["sam"]  # Kai's social worker; a school's safeguarding lead
    school_nurse = make_user("nina", agencies["csc"], Role.RETURN_INTERVIEWER)
    for reader in (bob, sam, people["pat"], people["dana"], school_nurse):
        assert client_for(reader).get(PLACES).status_code == 403, reader
        assert client_for(reader).get(API).status_code == 403, reader
    assert AccessLogEntry.objects.filter(username="bob", outcome="refused").count() == 2
    coordinator = client_for(people["alice"]).get(API).json()
    assert [p["name"] for p in coordinator["places"]] == ["Station Hotel", "Chicken Spot", "Wen Park"]
    charlie = client_for(people["charlie"]).get(PLACES)
    assert charlie.status_code == 200 and "Station Hotel" not in charlie.content.decode()
    assert "No place you may see" in charlie.content.decode()
    assert (
        reverse("intelligence:places")
        in client_for(people["alice"]).get(reverse("intelligence:index")).content.decode()
    )
