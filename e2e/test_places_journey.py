"""An analyst opens the places children are linked to: the ranked list (each child with their level of
concern), the map's points (no tile server is set up, so a plain background), a place with no
coordinates listed as such, and clicks through from the map to a place. Every page is checked with
axe-core. The places come from a postcode file loaded as data (``load_postcodes``) and links recorded
through the services."""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

# A postcode file in the ONS directory's layout, of the demo's made-up "QW" area.
POSTCODES = (
    "pcd,pcds,dointr,lat,long\n"
    "QW1 2AB,QW1 2AB,202001,51.512300,-0.101200\n"
    "QW2 3CD,QW2 3CD,202001,51.498800,-0.120500\n"
)

SETUP = """
import json
from datetime import timedelta
from hub.accounts.models import User
from hub.children.models import Child
from hub.core import clock
from hub.intelligence import services
analyst = User.objects.get(username="analyst")
area = analyst.agency.authorities.order_by("pk").first()
children = list(Child.objects.filter(authority=area, level__isnull=False).order_by("-level__rank", "pk")[:3])
kids = [services.child_entity(by=analyst, child=child) for child in children]
def place(name, kind, postcode):
    return services.entity_create(
        by=analyst, authority=area, kind="location", name=name, location_type=kind, postcode=postcode
    )
hotel = place("Riverside Lodge Hotel", "hotel", "qw1 2ab")
park = place("Canal Walk Park", "park", "QW2 3CD")
takeaway = place("Late Night Chicken", "takeaway", "QW9 9ZZ")
today = clock.today()
grade = {"source_grade": "2", "intelligence_grade": "B", "handling_code": "P"}
for days, kid, where in [(5, 0, hotel), (12, 1, hotel), (20, 2, hotel), (8, 0, park), (30, 1, takeaway)]:
    day = today - timedelta(days=days)
    services.link_record(by=analyst, start=kids[kid], end=where, kind="seen_at", seen_from=day, **grade)
levels = [child.level.name for child in children]
print(json.dumps({"children": [kid.name for kid in kids], "levels": levels}))
"""


def test_an_analyst_sees_the_places_ranked_and_mapped_and_opens_one(page, hub_server):
    postcodes = hub_server.var_dir / "ONSPD_e2e.csv"
    postcodes.write_text(POSTCODES)
    loaded = hub_server.manage("load_postcodes", str(postcodes))
    assert "2 postcodes added" in loaded
    made = json.loads(hub_server.manage("shell", "-c", SETUP).strip().splitlines()[-1])

    sign_in(page, hub_server, "analyst")
    page.get_by_role("link", name="Intelligence", exact=True).first.click()
    page.get_by_role("link", name="Places children are linked to").click()
    expect(page.get_by_role("heading", name="Places children are linked to")).to_be_visible()
    # The demo's own places are ranked too; the three recorded here are among them.
    expect(page.get_by_test_id("places-summary")).to_contain_text("places linked to children")
    hotel = page.get_by_test_id("places-ranked").locator("tbody tr").filter(has_text="Riverside Lodge Hotel")
    expect(hotel).to_have_count(1)
    expect(hotel.locator("td").nth(2)).to_have_text("3")
    for name, level in zip(made["children"], made["levels"], strict=True):
        expect(hotel.get_by_role("listitem").filter(has_text=name)).to_contain_text(level)
    expect(page.get_by_role("row", name="Late Night Chicken")).to_contain_text("No coordinates")

    # The map: a point for each place with coordinates, on a plain background (no tile server is set).
    points = page.locator("#places-map path.hub-map-point")
    expect(points.first).to_be_visible()
    assert points.count() >= 2
    expect(page.locator("#places-map .leaflet-tile")).to_have_count(0)
    expect(page.get_by_text("No map tiles are set up")).to_be_visible()
    assert_accessible(page)
    if os.environ.get("HUB_E2E_SHOTS"):
        page.screenshot(path=os.path.join(os.environ["HUB_E2E_SHOTS"], "places.png"), full_page=True)

    # Clicking a point opens its popup, which links to the place. (The demo's places lie close together at
    # this zoom, so one point may sit on another: the click is sent to the point itself.)
    points.first.dispatch_event("click")
    popup_link = page.locator(".leaflet-popup").get_by_role("link").first
    place = popup_link.inner_text().strip()
    popup_link.click()
    expect(page.get_by_role("heading", name=place)).to_be_visible()
    assert_accessible(page)
    page.go_back()
    # The table's link to the place recorded here, with the coordinates from the postcode file.
    hotel.get_by_role("link", name="Riverside Lodge Hotel").click()
    expect(page.get_by_role("heading", name="Riverside Lodge Hotel")).to_be_visible()
    expect(page.get_by_test_id("coordinates")).to_have_text("51.51230, -0.10120")

    # A period before any of it: nothing to rank.
    page.go_back()
    page.get_by_label("From (YYYY-MM-DD)").fill("2025-01-01")
    page.get_by_label("To (YYYY-MM-DD)").fill("2025-03-31")
    page.get_by_role("button", name="Show the places").click()
    expect(page.get_by_text("No place you may see was linked to a child")).to_be_visible()
    assert_accessible(page)
