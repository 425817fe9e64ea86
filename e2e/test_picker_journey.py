"""A police officer reports a child missing, picking the place the child was last seen from the places
the Hub knows (beside the words typed, which stay as written), then opens that place and sees the child
linked to it, with the missing episode as the link's origin. Every page is checked with axe-core."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in
from e2e.test_missing_journey import fill_when

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")


def test_a_child_last_seen_at_a_known_place_is_linked_to_it(browser, hub_server):
    now = datetime.now(LONDON).replace(second=0, microsecond=0)
    hub = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(hub, hub_server, "coordinator")
    hub.goto(f"{hub_server.url}/children/new")
    hub.get_by_label("First name").fill("Rowan")
    hub.get_by_label("Last name").fill("Picker-Hale")
    hub.get_by_label("Day").fill("14")
    hub.get_by_label("Month").fill("2")
    hub.get_by_label("Year").fill("2011")
    hub.get_by_label("Female", exact=True).check()
    hub.get_by_role("button", name="Add the child").click()
    record_url = hub.url
    hub.get_by_role("link", name="Add an agency").click()
    hub.get_by_label("Agency", exact=True).select_option(label="Vale Valley Police")
    start = now - timedelta(days=10)
    group = hub.get_by_role("group", name="Date the agency became involved")
    group.get_by_label("Day").fill(str(start.day))
    group.get_by_label("Month").fill(str(start.month))
    group.get_by_label("Year").fill(str(start.year))
    hub.get_by_role("button", name=re.compile("^(Save|Add)")).click()

    police = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(police, hub_server, "officer")
    police.goto(record_url)
    police.get_by_role("link", name="Report Rowan missing").click()
    police.get_by_label("Carer or placement").check()
    fill_when(police, "Date reported", "Time reported", now - timedelta(hours=20))
    fill_when(police, "Date last seen", "Time last seen", now - timedelta(hours=22))
    police.get_by_label("Where were they last seen?").fill("the hotel on the ring road")
    picker = police.get_by_role("group", name="The place they were last seen, if known")
    known = picker.get_by_label("Choose a known place")
    hotel = known.locator("option", has_text="Ringway Lodge Hotel").first.get_attribute("value")
    known.select_option(value=hotel)
    police.get_by_label("High", exact=True).check()
    assert_accessible(police)
    police.get_by_role("button", name="Record the missing report").click()
    expect(police.get_by_text("Rowan Picker-Hale is recorded as missing.")).to_be_visible()

    police.goto(f"{hub_server.url}/intelligence/?q=Ringway+Lodge")
    police.get_by_role("link", name="Ringway Lodge Hotel").first.click()
    row = police.get_by_role("row", name=re.compile("Rowan Picker-Hale"))
    expect(row).to_contain_text("seen at")
    expect(row).to_contain_text("Missing episode, last seen")
    assert_accessible(police)
