"""Who and where connects these children: an analyst opens a place, sees the children linked to it,
expands the network two steps to the man behind it, works the place as a case (an assessment) and raises
it for today's SEP; the SEP chair, who sees the case and not the intelligence behind it, records a
decision and a disruption action for the police. Every page is checked with axe-core. The place, its
links and the meeting are recorded through the services beforehand."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")

SETUP = """
import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo
from hub.accounts.models import User
from hub.children.models import Child
from hub.core import clock
from hub.intelligence import services
from hub.panels import services as panel_services
from hub.panels.models import Panel
analyst = User.objects.get(username="analyst")
area = analyst.agency.authorities.order_by("pk").first()
children = list(Child.objects.filter(authority=area, level__rank__gte=2).order_by("-level__rank", "pk")[:2])
kids = [services.child_entity(by=analyst, child=child) for child in children]
garages = services.entity_create(
    by=analyst, authority=area, kind="location", name="Quarry Lane Garages", location_type="trap_house"
)
dex = services.entity_create(by=analyst, authority=area, kind="person", name="Dex Marlow")
rook = services.entity_create(by=analyst, authority=area, kind="person", name="Rook Haldane")
grade = {"source_grade": "2", "intelligence_grade": "B", "handling_code": "P"}
today = clock.today()
def link(start, end, kind, days):
    day = today - timedelta(days=days)
    services.link_record(by=analyst, start=start, end=end, kind=kind, seen_from=day, **grade)
link(kids[0], garages, "seen_at", 9)
link(kids[1], garages, "found_at", 4)
link(dex, garages, "controls", 40)
link(rook, dex, "associates_with", 60)
sep = Panel.objects.get(authority=area, meeting_type__code="sep")
coordinator = User.objects.get(username="coordinator")
nine = datetime.combine(today, time(9, 0), tzinfo=ZoneInfo("Europe/London"))
meeting = panel_services.meeting_schedule(panel=sep, by=coordinator, held_at=nine, place="Civic Offices")
print(json.dumps({"children": [kid.name for kid in kids], "meeting": meeting.label}))
"""


def test_an_analyst_raises_a_place_for_sep_and_the_chair_acts_on_it(browser, hub_server):
    made = json.loads(hub_server.manage("shell", "-c", SETUP).strip().splitlines()[-1])
    analyst = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(analyst, hub_server, "analyst")
    analyst.get_by_role("link", name="Intelligence", exact=True).first.click()
    analyst.get_by_label("Name, alias, number or registration").fill("Quarry Lane")
    analyst.get_by_role("button", name="Search").click()
    analyst.get_by_role("link", name="Quarry Lane Garages").click()
    expect(analyst.get_by_role("heading", name="Quarry Lane Garages")).to_be_visible()
    links = analyst.get_by_test_id("links")
    for child in made["children"]:
        expect(links).to_contain_text(child)
    expect(links).to_contain_text("Dex Marlow")
    assert_accessible(analyst)

    # Two steps out: the man who controls the garages, and his associate.
    analyst.get_by_role("link", name="See the network").click()
    analyst.get_by_text("Steps, kinds of link, period and grading").click()
    analyst.get_by_label("Steps from this record").select_option(label="2 steps")
    analyst.get_by_role("button", name="Show the network").click()
    expect(analyst.get_by_test_id("network-summary")).to_contain_text("within 2 steps")
    expect(analyst.get_by_role("link", name="Rook Haldane").first).to_be_visible()
    assert_accessible(analyst)

    # The place as a case: an assessment, then raised for today's SEP.
    analyst.go_back()
    analyst.go_back()
    analyst.get_by_role("link", name="Work Quarry Lane Garages as a case").click()
    expect(analyst.get_by_role("heading", name="Quarry Lane Garages")).to_be_visible()
    analyst.get_by_text("Record an assessment of Quarry Lane Garages").click()
    assessed = datetime.now(LONDON) - timedelta(days=1)
    group = analyst.get_by_role("group", name="Date of the assessment")
    group.get_by_label("Day").fill(str(assessed.day))
    group.get_by_label("Month").fill(str(assessed.month))
    group.get_by_label("Year").fill(str(assessed.year))
    analyst.get_by_label("What happens there").fill(
        "Children are met here after school and sent out with packages."
    )
    analyst.get_by_label("What makes it unsafe").fill("No lighting or CCTV; the garages are rented in cash.")
    analyst.get_by_label("What you recommend").fill("SEP to consider a closure order with housing.")
    analyst.get_by_role("button", name="Record the assessment").click()
    expect(analyst.get_by_text("Assessment of Quarry Lane Garages recorded.")).to_be_visible()
    expect(analyst.get_by_test_id("assessment")).to_contain_text("No lighting or CCTV")
    assert_accessible(analyst)
    analyst.get_by_role("button", name="Raise Quarry Lane Garages for a panel's agenda").click()
    expect(
        analyst.get_by_role("heading", name="Raise Quarry Lane Garages for a panel's agenda")
    ).to_be_visible()
    analyst.get_by_role("button", name="Put it on the agenda").click()
    expect(analyst.get_by_role("alert").get_by_role("link", name="Choose the meeting")).to_be_visible()
    assert_accessible(analyst)
    analyst.get_by_label(made["meeting"]).check()
    analyst.get_by_label("What is the panel asked to consider?").fill(
        "Two children linked in ten days; Dex Marlow controls the garages."
    )
    analyst.get_by_role("button", name="Put it on the agenda").click()
    expect(analyst.get_by_text(f"Quarry Lane Garages is on the agenda of {made['meeting']}.")).to_be_visible()
    expect(analyst.get_by_test_id("case-agendas")).to_contain_text(made["meeting"])

    # The chair: the case is on her meeting; she sees the assessment, not the links behind it.
    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(chair, hub_server, "chair")
    chair.get_by_role("link", name="Meetings", exact=True).first.click()
    chair.get_by_role("link", name=re.compile(r"^SEP, .* 09:00$")).first.click()
    chair.get_by_test_id("agenda").get_by_role("link", name="Quarry Lane Garages").click()
    expect(chair.get_by_role("heading", name="Briefing")).to_be_visible()
    expect(chair.get_by_text("No lighting or CCTV; the garages are rented in cash.")).to_be_visible()
    assert_accessible(chair)
    chair.get_by_label("Decision", exact=True).select_option(label="Consider disruption")
    chair.get_by_label("The decision and its reason").fill("Police and housing to seek a closure order.")
    chair.get_by_role("button", name="Record the decision").click()
    expect(chair.get_by_test_id("decisions")).to_contain_text("Consider disruption")
    chair.get_by_label("What is to be done").fill("Apply for a closure order on Quarry Lane Garages")
    owner = chair.get_by_label("Who will do it")
    officer = owner.locator("option", has_text="Okonkwo-Reid").first.get_attribute("value")
    owner.select_option(value=officer)
    due = datetime.now(LONDON) + timedelta(days=21)
    group = chair.get_by_role("group", name="Due by")
    group.get_by_label("Day").fill(str(due.day))
    group.get_by_label("Month").fill(str(due.month))
    group.get_by_label("Year").fill(str(due.year))
    chair.get_by_role("button", name="Agree the action").click()
    expect(chair.get_by_test_id("actions")).to_contain_text("Apply for a closure order")
    assert_accessible(chair)

    # The case page, as the chair sees it: the decision, and no intelligence.
    chair.get_by_role("heading", level=1).get_by_role("link", name="Quarry Lane Garages").click()
    expect(chair.get_by_test_id("case-agendas")).to_contain_text(
        "Police and housing to seek a closure order."
    )
    expect(chair.get_by_text("The intelligence behind it")).to_be_visible()
    # (The analyst's reason names Dex Marlow, on purpose; the links behind the case are not shown.)
    expect(chair.get_by_text("Rook Haldane")).to_have_count(0)
    expect(chair.get_by_test_id("links")).to_have_count(0)
    assert_accessible(chair)
