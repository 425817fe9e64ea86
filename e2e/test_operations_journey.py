"""A police officer starts an operation from the intelligence pages, adds a place and a person of concern
to it, and makes a social worker a member; the social worker signs in and sees the operation and what it
holds (their names, never the intelligence pages behind them). The place and the person are recorded
through the services first. Every page is checked with axe-core."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

SETUP = """
import json
from hub.accounts.models import User
from hub.intelligence import services
officer = User.objects.get(username="officer")
area = officer.agency.authorities.order_by("pk").first()
services.entity_create(
    by=officer, authority=area, kind="location", name="Harbour View Guest House", location_type="hotel"
)
services.entity_create(by=officer, authority=area, kind="person", name="Dean Marlowe-Price")
practitioner = User.objects.get(username="practitioner")
assert area.pk in practitioner.agency.authorities.values_list("pk", flat=True)
print(json.dumps({"area": area.name, "practitioner": practitioner.get_full_name()}))
"""


def _add(page, text: str, name: str) -> None:
    page.get_by_label("Find a child, person, group, place, vehicle or phone").fill(text)
    page.get_by_role("button", name="Find", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name=f"Add {name}").click()
    expect(page.get_by_text(f"{name} added to Operation Kestrel.")).to_be_visible()


def test_an_officer_starts_an_operation_and_a_member_sees_it(browser, hub_server):
    made = json.loads(hub_server.manage("shell", "-c", SETUP).strip().splitlines()[-1])
    practitioner_name = made["practitioner"]
    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(officer, hub_server, "officer")
    officer.get_by_role("link", name="Intelligence", exact=True).first.click()
    officer.get_by_role("link", name="Operations", exact=True).click()
    expect(officer.get_by_role("heading", name="Operations", exact=True)).to_be_visible()
    assert_accessible(officer)

    officer.get_by_role("button", name="Start an operation").click()
    area = officer.get_by_label("Which area's operation is it?")
    if area.count():
        area.select_option(label=made["area"])
    officer.get_by_label("Name", exact=True).fill("Operation Kestrel")
    officer.get_by_label("Police operation").check()
    # A start in the future is refused, with what to do.
    later = hub_server.now().date().replace(year=hub_server.now().year + 1)
    group = officer.get_by_role("group", name="Date it started")
    group.get_by_label("Day").fill(str(later.day))
    group.get_by_label("Month").fill(str(later.month))
    group.get_by_label("Year").fill(str(later.year))
    officer.get_by_role("button", name="Start the operation").click()
    expect(officer.get_by_role("alert")).to_contain_text("must be today or in the past")
    assert_accessible(officer)
    started = hub_server.now().date()
    group.get_by_label("Year").fill(str(started.year))
    group.get_by_label("Month").fill(str(started.month))
    group.get_by_label("Day").fill(str(started.day))
    officer.get_by_role("button", name="Start the operation").click()
    expect(officer.get_by_role("heading", name="Operation Kestrel")).to_be_visible()
    assert_accessible(officer)

    _add(officer, "Harbour View", "Harbour View Guest House")
    _add(officer, "Marlowe", "Dean Marlowe-Price")
    expect(officer.get_by_test_id("operation-location")).to_contain_text("Harbour View Guest House")
    expect(officer.get_by_test_id("operation-person")).to_contain_text("Dean Marlowe-Price")

    members = officer.get_by_label("Person to add")
    value = members.locator("option", has_text=practitioner_name).first.get_attribute("value")
    members.select_option(value)
    officer.get_by_role("button", name="Add the member").click()
    expect(officer.get_by_test_id("members")).to_contain_text(practitioner_name)
    assert_accessible(officer)
    officer.context.close()

    member = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(member, hub_server, "practitioner")
    member.goto(f"{hub_server.url}/intelligence/operations")
    assert_accessible(member)
    member.get_by_role("link", name="Operation Kestrel").click()
    expect(member.get_by_role("heading", name="Operation Kestrel")).to_be_visible()
    expect(member.get_by_test_id("operation-location")).to_contain_text("Harbour View Guest House")
    expect(member.get_by_test_id("operation-person")).to_contain_text("Dean Marlowe-Price")
    # Names only: no link to the intelligence pages, no forms to change it.
    expect(member.get_by_test_id("operation-person").get_by_role("link")).to_have_count(0)
    expect(member.get_by_role("button", name="Add the member")).to_have_count(0)
    assert_accessible(member)
    member.context.close()
