"""Putting mistakes right. The hub coordinator reports a child missing and records the return with the
wrong time the hub was told, then corrects it (the return interview's clock moves, the episode shows the
correction: before, after, who, when and why) and corrects a wrong risk grade (the wrong entry stays,
marked). The MEP chair cancels a meeting planned for next week, and a member finds the cancellation on
her home page. Every page is checked with axe-core."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")


def fill_date(page, group_name: str, at: datetime) -> None:
    group = page.get_by_role("group", name=group_name)
    group.get_by_label("Day").fill(str(at.day))
    group.get_by_label("Month").fill(str(at.month))
    group.get_by_label("Year").fill(str(at.year))


def fill_when(page, date_label: str, time_label: str, at: datetime) -> None:
    fill_date(page, date_label, at)
    page.get_by_label(time_label).fill(f"{at:%H:%M}")


def test_a_wrong_notification_time_and_risk_grade_are_corrected(browser, hub_server):
    now = datetime.now(LONDON).replace(second=0, microsecond=0)
    hub = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(hub, hub_server, "coordinator")
    hub.goto(f"{hub_server.url}/children/new")
    hub.get_by_label("First name").fill("Tamsin")
    hub.get_by_label("Last name").fill("Carrow-Vale")
    hub.get_by_label("Day").fill("14")
    hub.get_by_label("Month").fill("2")
    hub.get_by_label("Year").fill("2011")
    hub.get_by_label("Female", exact=True).check()
    hub.get_by_role("button", name="Add the child").click()
    expect(hub.get_by_text("Record created for Tamsin Carrow-Vale")).to_be_visible()

    # Reported missing at low risk, then found; the hub's notification is typed a day late.
    hub.get_by_role("link", name="Report Tamsin missing").click()
    hub.get_by_label("Parent or family").check()
    fill_when(hub, "Date reported", "Time reported", now - timedelta(hours=30))
    fill_when(hub, "Date last seen", "Time last seen", now - timedelta(hours=31))
    hub.get_by_label("Low", exact=True).check()
    hub.get_by_role("button", name="Record the missing report").click()
    expect(hub.get_by_text("Tamsin Carrow-Vale is recorded as missing.")).to_be_visible()
    returned = now - timedelta(hours=26)
    wrong_told = now - timedelta(hours=1)
    fill_when(hub, "Date found or returned", "Time found or returned", returned)
    fill_when(hub, "Date the hub was told", "Time the hub was told", wrong_told)
    hub.get_by_role("button", name="Record the return").click()
    expect(hub.get_by_text("Return recorded.")).to_be_visible()
    episode_url = hub.url
    expect(hub.get_by_text("Nothing has been corrected.").first).to_be_visible()

    # The time the hub was told was wrong: it was told the evening the child came home.
    hub.get_by_role("link", name="Correct the dates and times").click()
    expect(hub.get_by_role("heading", name="Correct the episode's dates and times")).to_be_visible()
    assert_accessible(hub)
    told = returned + timedelta(minutes=45)
    fill_when(hub, "Date the hub was told", "Time the hub was told", told)
    hub.get_by_role("button", name="Save the correction").click()
    # No reason: the error summary says what to do, and the corrected time is kept.
    expect(hub.get_by_role("alert").get_by_role("link", name="Say why you are correcting it")).to_be_visible()
    assert_accessible(hub)
    expect(hub.get_by_label("Time the hub was told")).to_have_value(f"{told:%H:%M}")
    hub.get_by_label("Why are you correcting it?").fill(
        "The duty log shows the police rang the hub at 20:15 that evening; I typed today's time."
    )
    hub.get_by_role("button", name="Save the correction").click()
    expect(hub.get_by_text("Episode corrected.")).to_be_visible()
    corrections = hub.get_by_test_id("corrections").first
    expect(corrections).to_contain_text(
        f"Hub notified of the return: was {wrong_told:%-d %B %Y %H:%M}; now {told:%-d %B %Y %H:%M}"
    )
    expect(corrections).to_contain_text("The duty log shows the police rang the hub")
    due = told + timedelta(hours=72)
    expect(hub.get_by_test_id("interview")).to_contain_text(f"{due:%A %-d %B %Y %H:%M}")
    assert_accessible(hub)

    # The risk grade was high from the start, not low: the wrong entry stays, marked.
    hub.get_by_role("link", name=re.compile("^Correct the grade from")).first.click()
    expect(hub.get_by_role("heading", name="Correct a risk grade")).to_be_visible()
    assert_accessible(hub)
    hub.get_by_label("High", exact=True).check()
    hub.get_by_label("Why are you correcting it?").fill("The police graded her high at the report.")
    hub.get_by_role("button", name="Save the correction").click()
    expect(hub.get_by_text("Risk grade corrected.")).to_be_visible()
    history = hub.get_by_test_id("risk-history")
    expect(history.locator("tr").first).to_contain_text("Corrected")
    expect(history).to_contain_text("Corrects the entry of")
    expect(hub.get_by_role("heading", name=re.compile("Missing episode"))).to_contain_text("High")
    assert hub.url == episode_url
    assert_accessible(hub)


def test_a_cancelled_meeting_is_kept_and_its_members_are_told(browser, hub_server):
    next_week = datetime.now(LONDON) + timedelta(days=8)
    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(chair, hub_server, "chair")
    chair.get_by_role("link", name="Meetings", exact=True).first.click()
    chair.get_by_role("link", name="MEP", exact=True).click()
    fill_date(chair, "Date of the meeting", next_week)
    chair.get_by_label("Start time").fill("14:00")
    chair.get_by_role("button", name="Plan the meeting").click()
    expect(chair.get_by_role("heading", name="Build the agenda")).to_be_visible()
    proposals = chair.get_by_test_id("proposals")
    proposals.locator(".govuk-checkboxes__input").nth(0).check()
    chair.get_by_role("button", name="Add the chosen items").click()
    expect(chair.get_by_text("1 item added to the agenda.")).to_be_visible()
    chair.goto(chair.url.removesuffix("/agenda"))

    chair.get_by_role("link", name="Cancel the meeting").click()
    expect(chair.get_by_role("heading", name=re.compile("^Cancel the meeting"))).to_be_visible()
    assert_accessible(chair)
    chair.get_by_role("button", name="Cancel the meeting").click()
    expect(
        chair.get_by_role("alert").get_by_role("link", name="Say why the meeting is cancelled")
    ).to_be_visible()
    assert_accessible(chair)
    chair.get_by_label("Why is the meeting cancelled?").fill("The civic offices are closed for a power cut.")
    chair.get_by_role("button", name="Cancel the meeting").click()
    expect(chair.get_by_text("Meeting cancelled.")).to_be_visible()
    expect(chair.get_by_test_id("meeting-status")).to_have_text("Cancelled")
    expect(chair.get_by_test_id("agenda").locator("li")).to_have_count(1)  # kept, with its agenda
    expect(chair.get_by_test_id("corrections")).to_contain_text("Status: was Planned; now Cancelled")
    assert_accessible(chair)

    # A member of the panel learns of it on her home page.
    worker = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(worker, hub_server, "practitioner")
    changes = worker.get_by_role("region", name=re.compile("Meetings cancelled or moved"))
    expect(changes).to_contain_text("Meeting cancelled")
    expect(changes).to_contain_text("The civic offices are closed for a power cut.")
    assert_accessible(worker)
