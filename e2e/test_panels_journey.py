"""The MEP chair plans a meeting, builds its agenda from the Hub's proposals, issues it, records what
was shared, a decision and an action for the social worker, records attendance and issues the minutes;
the social worker finds the action on her home page. Every page is checked with axe-core."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")


def fill_date(page, group_name: str, day) -> None:
    group = page.get_by_role("group", name=group_name)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_chair_runs_an_mep_and_the_action_reaches_its_owner(browser, hub_server):
    started = datetime.now(LONDON) - timedelta(hours=2)
    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(chair, hub_server, "chair")
    chair.get_by_role("link", name="Meetings", exact=True).first.click()
    expect(chair.get_by_role("heading", name="Meetings", exact=True)).to_be_visible()
    assert_accessible(chair)
    chair.get_by_role("link", name="MEP", exact=True).click()
    expect(chair.get_by_role("heading", name="MEP", exact=True)).to_be_visible()
    assert_accessible(chair)
    fill_date(chair, "Date of the meeting", started)
    chair.get_by_label("Start time").fill(f"{started:%H:%M}")
    chair.get_by_label("Where (optional)").fill("Civic Offices, room 3")
    chair.get_by_role("button", name="Plan the meeting").click()
    expect(chair.get_by_role("heading", name="Build the agenda")).to_be_visible()
    assert_accessible(chair)

    # The Hub proposes children at groomed/targeted or exploited, each with its reason.
    proposals = chair.get_by_test_id("proposals")
    expect(proposals.locator(".govuk-checkboxes__item").first).to_be_visible()
    first_child = proposals.locator(".govuk-checkboxes__label").first.inner_text().strip()
    proposals.locator(".govuk-checkboxes__input").nth(0).check()
    proposals.locator(".govuk-checkboxes__input").nth(1).check()
    chair.get_by_role("button", name="Add the chosen items").click()
    expect(chair.get_by_text("2 items added to the agenda.")).to_be_visible()
    # A theme of the chair's own; leaving it empty is caught.
    chair.get_by_label("A theme").check()
    chair.get_by_role("button", name="Add the item").click()
    expect(chair.get_by_role("alert").get_by_role("link", name="Name the theme")).to_be_visible()
    assert_accessible(chair)
    chair.get_by_label("A theme").check()
    chair.get_by_label("Theme", exact=True).fill("Knife crime near the retail park")
    chair.get_by_role("button", name="Add the item").click()
    items = chair.get_by_test_id("agenda-items")
    expect(items).to_contain_text("Knife crime near the retail park")
    items.locator("tbody tr").nth(2).get_by_role("button", name=re.compile("^Up")).click()
    expect(items.locator("tbody tr").nth(1)).to_contain_text("Knife crime near the retail park")
    chair.get_by_role("button", name="Issue the agenda").click()
    expect(chair.get_by_text("Agenda issued")).to_be_visible()
    assert_accessible(chair)

    # The briefing, drawn from the Hub's records.
    chair.get_by_role("link", name="Read the briefing").click()
    expect(chair.get_by_test_id("briefing-item").first).to_contain_text("Level of concern")
    assert_accessible(chair)
    chair.go_back()

    # In the meeting: what was shared, a decision and an action for the social worker.
    chair.get_by_test_id("agenda").get_by_role("link", name=first_child).click()
    expect(chair.get_by_role("heading", name="Briefing")).to_be_visible()
    assert_accessible(chair)
    chair.get_by_label("Information shared").fill(
        "School: attendance down to 60%. Police: seen with older males."
    )
    chair.get_by_role("button", name="Save what was shared").click()
    expect(chair.get_by_text("Information shared saved.")).to_be_visible()
    chair.get_by_label("Decision", exact=True).select_option(label="Escalate to SEP monitoring")
    chair.get_by_label("The decision and its reason").fill(
        "The plan is not reducing risk: SEP to coordinate disruption."
    )
    chair.get_by_role("button", name="Record the decision").click()
    expect(chair.get_by_test_id("decisions")).to_contain_text("Escalate to SEP monitoring")
    chair.get_by_label("What is to be done").fill("Joint visit with the youth worker")
    chair.get_by_label("Who will do it").select_option(
        label="Grace Adeyemi-Holt (Wenmoor Children's Social Care)"
    )
    fill_date(chair, "Due by", datetime.now(LONDON) + timedelta(days=14))
    chair.get_by_role("button", name="Agree the action").click()
    expect(chair.get_by_test_id("actions")).to_contain_text("Joint visit with the youth worker")
    assert_accessible(chair)

    # Attendance, then the minutes.
    chair.get_by_role("link", name="Back to the meeting").click()
    chair.get_by_role("link", name="Record attendance").click()
    expect(chair.get_by_role("heading", name="Who came")).to_be_visible()
    for group in chair.locator("fieldset").all():
        group.get_by_label("Present").check()
    assert_accessible(chair)
    chair.get_by_role("button", name="Save attendance").click()
    expect(chair.get_by_text("Attendance recorded.")).to_be_visible()
    chair.get_by_role("button", name="Issue the minutes").click()
    expect(chair.get_by_text("Minutes issued.")).to_be_visible()
    assert_accessible(chair)
    minutes = chair.get_by_role("link", name="Download your minutes (PDF)")
    response = chair.request.get(f"{hub_server.url}{minutes.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    # The social worker leaves with the action on her home page.
    worker = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(worker, hub_server, "practitioner")
    expect(worker.get_by_role("link", name="Joint visit with the youth worker")).to_be_visible()
    assert_accessible(worker)
    worker.get_by_role("link", name="Joint visit with the youth worker").click()
    expect(worker.get_by_test_id("action")).to_contain_text(re.compile(r"MEP \d+ \w+ \d{4}, item"))
    assert_accessible(worker)
