"""The hub coordinator adds a child, finds them again with a nickname and a misspelt surname, opens the
record, adds an address and reads the chronology. Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_coordinator_adds_finds_and_works_a_childs_record(page, hub_server):
    sign_in(page, hub_server, "coordinator")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    page.get_by_role("link", name="Children", exact=True).click()
    expect(page.get_by_role("heading", name="Find a child")).to_be_visible()
    assert_accessible(page)

    # Add the child; a missing last name is caught and linked from the error summary.
    page.get_by_role("button", name="Add a child").click()
    expect(page.get_by_role("heading", name="Add a child")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Nathaniel")
    page.get_by_role("button", name="Add the child").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Enter the child's last name")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the child's last name").click()
    expect(page.get_by_label("Last name")).to_be_focused()
    page.get_by_label("Last name").fill("Brockhurst")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2011")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnicity").select_option("WBRI")
    page.get_by_label("Has been missing before").check()
    page.get_by_role("button", name="Add the child").click()
    expect(page.get_by_text("Record created for Nathaniel Brockhurst")).to_be_visible()
    record_url = page.url
    assert re.search(r"/children/\d+$", record_url)

    # Find them again as a colleague on the phone might spell them.
    page.goto(f"{hub_server.url}/children/")
    page.get_by_label("Name", exact=True).fill("Nate Brokhurst")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_test_id("search-results")
    expect(results.get_by_role("link", name="Nathaniel Brockhurst")).to_be_visible()
    expect(results.get_by_text("14 February 2011")).to_be_visible()
    assert_accessible(page)
    results.get_by_role("link", name="Nathaniel Brockhurst").click()

    # The record: identity bar, sub navigation, summary.
    assert page.url == record_url
    bar = page.get_by_test_id("identity-bar")
    expect(bar).to_contain_text("Nathaniel Brockhurst")
    expect(bar).to_contain_text("Born 14 February 2011")
    expect(page.get_by_role("navigation", name="Parts of Nathaniel Brockhurst's record")).to_be_visible()
    expect(page.get_by_text("Has been missing before")).to_be_visible()
    assert_accessible(page)

    # Add an address, from the keyboard as much as the mouse.
    page.get_by_role("link", name="Add an address").click()
    expect(page.get_by_role("heading", name="Add an address")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Address line 1").fill("14 Tannery Row")
    page.get_by_label("Town or city").fill("Wenmoor")
    page.get_by_label("Postcode").fill("wm4 7qt")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").press_sequentially("2025")
    page.get_by_label("Year").press("Enter")
    expect(page.get_by_text("Address added")).to_be_visible()
    addresses = page.locator("#addresses")
    expect(addresses).to_contain_text("14 Tannery Row")
    expect(addresses).to_contain_text("WM4 7QT")
    expect(addresses).to_contain_text("Since 1 September 2025")
    assert_accessible(page)

    # The chronology, newest first, filterable.
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_role("heading", name="Chronology", exact=True)).to_be_visible()
    timeline = page.get_by_test_id("chronology")
    expect(timeline.get_by_role("heading", name="Record created")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Levels of concern").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Nothing matches these filters.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Levels of concern").click()
    expect(page.get_by_role("heading", name="Levels of concern", exact=True)).to_be_visible()
    assert_accessible(page)
