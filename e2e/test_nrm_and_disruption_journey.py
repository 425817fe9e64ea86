"""Every order and NRM decision on a clock that someone sees: the hub coordinator refers a child to the
NRM, records the Single Competent Authority's positive Reasonable Grounds decision and finds the
referral on the NRM queue in its recovery period; a police officer records a Child Abduction Warning
Notice against a person of concern, expiring within the warning clock, and finds it on her home page.
Every page is checked with axe-core."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")

SETUP = """
import json
from hub.accounts.models import User
from hub.children.models import Child
from hub.intelligence import services
from hub.nrm.models import NrmReferral
coordinator = User.objects.get(username="coordinator")
area = coordinator.agency.authorities.order_by("pk").first()
referred = NrmReferral.objects.values("child_id")
child = (
    Child.objects.filter(authority=area, level__rank__gte=2, date_of_birth__year__gte=2011)
    .exclude(pk__in=referred)
    .order_by("pk")
    .first()
)
analyst = User.objects.get(username="analyst")
person = services.entity_create(by=analyst, authority=area, kind="person", name="Corin Vale")
made = {"child": child.pk, "name": child.full_name, "first": child.first_name, "person": person.pk}
print(json.dumps(made))
"""


def fill_date(page, group_name: str, day) -> None:
    group = page.get_by_role("group", name=group_name)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_an_nrm_decision_and_an_order_are_each_on_a_clock(browser, hub_server):
    made = json.loads(hub_server.manage("shell", "-c", SETUP).strip().splitlines()[-1])
    today = datetime.now(LONDON)

    hub = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(hub, hub_server, "coordinator")
    hub.goto(f"{hub_server.url}/nrm/child/{made['child']}")
    expect(hub.get_by_role("heading", name="National Referral Mechanism")).to_be_visible()
    assert_accessible(hub)
    hub.get_by_role("link", name=f"Refer {made['first']} to the NRM").click()
    hub.get_by_role("button", name="Record the referral").click()
    expect(hub.get_by_role("alert")).to_be_visible()
    assert_accessible(hub)
    responder = hub.get_by_label("First responder organisation")
    responder.select_option(index=1)
    hub.get_by_label("Name of the person who referred").fill("Priya Lindqvist")
    fill_date(hub, "Date of the referral", today - timedelta(days=6))
    hub.get_by_label("Child criminal exploitation (CCE)").check()
    hub.get_by_label("What the referral says").fill("Found in another county with cash and two phones.")
    hub.get_by_role("button", name="Record the referral").click()
    expect(hub.get_by_role("heading", name="NRM referral of")).to_be_visible()
    assert_accessible(hub)

    # On the hub's queue, its Reasonable Grounds clock running.
    detail = hub.url
    hub.goto(f"{hub_server.url}/nrm/")
    expect(hub.get_by_role("heading", name="NRM decisions")).to_be_visible()
    expect(hub.get_by_test_id("nrm-queue").get_by_role("row", name=made["name"])).to_be_visible()
    assert_accessible(hub)

    hub.goto(detail)
    hub.get_by_role("link", name="Record the reasonable grounds decision").click()
    hub.get_by_label("Positive").check()
    fill_date(hub, "Date of the decision", today - timedelta(days=1))
    hub.get_by_label("Single Competent Authority (Home Office)").check()
    hub.get_by_role("button", name="Save the decision").click()
    expect(hub.get_by_text("recovery period", exact=False).first).to_be_visible()
    assert_accessible(hub)
    # In its recovery period nothing is awaited: it leaves the queue until the CG decision may be made.
    hub.goto(f"{hub_server.url}/nrm/")
    expect(hub.get_by_role("link", name=made["name"])).to_have_count(0)

    # A warning notice against a person of concern, expiring within four weeks.
    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(officer, hub_server, "officer")
    officer.goto(f"{hub_server.url}/intelligence/{made['person']}")
    expect(officer.get_by_role("heading", name="Corin Vale")).to_be_visible()
    officer.get_by_text("Record disruption against Corin Vale").click()
    officer.get_by_label("Tactic or order").select_option(
        label="Child Abduction Warning Notice (s.2 Child Abduction Act 1984; s.49 Children Act 1989)"
    )
    officer.get_by_label("Agency acting").select_option(index=1)
    fill_date(officer, "Date issued, started or applied for", today - timedelta(days=2))
    fill_date(officer, "Expiry date (optional)", today - timedelta(days=10))
    officer.get_by_label("Where it stands").select_option(label="In force")
    officer.get_by_role("button", name="Record disruption").click()
    # An expiry before the start is refused with a message, and what was typed stays.
    expect(officer.get_by_role("alert")).to_be_visible()
    assert_accessible(officer)
    fill_date(officer, "Expiry date (optional)", today + timedelta(days=20))
    officer.get_by_role("button", name="Record disruption").click()
    expect(officer.get_by_test_id("disruptions")).to_contain_text("Child Abduction Warning Notice")
    expect(officer.get_by_test_id("disruptions")).to_contain_text("Expires soon")
    officer.goto(hub_server.url)
    expect(officer.get_by_role("link", name="Child Abduction Warning Notice: Corin Vale")).to_be_visible()
    assert_accessible(officer)
