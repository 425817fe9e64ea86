"""A police officer records a missing report and the return; the hub coordinator allocates the return
interview; the return interviewer records it, late, with the reason, and starts a screening from the
signs seen; the child's chronology and Missing tab show it all. Every page is checked with axe-core."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")


def fill_when(page, date_label: str, time_label: str, at: datetime) -> None:
    group = page.get_by_role("group", name=date_label)
    group.get_by_label("Day").fill(str(at.day))
    group.get_by_label("Month").fill(str(at.month))
    group.get_by_label("Year").fill(str(at.year))
    page.get_by_label(time_label).fill(f"{at:%H:%M}")


def test_missing_report_return_and_a_late_return_interview(browser, hub_server):
    now = datetime.now(LONDON).replace(second=0, microsecond=0)

    # The hub coordinator adds the child and records that the police are involved.
    hub = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(hub, hub_server, "coordinator")
    hub.goto(f"{hub_server.url}/children/new")
    hub.get_by_label("First name").fill("Jayden")
    hub.get_by_label("Last name").fill("Ashworth-Pike")
    hub.get_by_label("Day").fill("3")
    hub.get_by_label("Month").fill("9")
    hub.get_by_label("Year").fill("2010")
    hub.get_by_label("Male", exact=True).check()
    hub.get_by_role("button", name="Add the child").click()
    expect(hub.get_by_text("Record created for Jayden Ashworth-Pike")).to_be_visible()
    record_url = hub.url
    hub.get_by_role("link", name="Add an agency").click()
    hub.get_by_label("Agency", exact=True).select_option(label="Vale Valley Police")
    start = now - timedelta(days=10)
    group = hub.get_by_role("group", name="Date the agency became involved")
    group.get_by_label("Day").fill(str(start.day))
    group.get_by_label("Month").fill(str(start.month))
    group.get_by_label("Year").fill(str(start.year))
    hub.get_by_role("button", name=re.compile("^(Save|Add)")).click()
    expect(hub.get_by_text("Vale Valley Police").first).to_be_visible()

    # The police officer reports him missing from his record's summary page.
    police = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(police, hub_server, "officer")
    police.goto(record_url)
    police.get_by_role("link", name="Report Jayden missing").click()
    expect(police.get_by_role("heading", name="Report a child missing")).to_be_visible()
    assert_accessible(police)
    # Nothing entered: the error summary says what to do, and nothing is lost.
    police.get_by_role("button", name="Record the missing report").click()
    expect(police.get_by_role("alert")).to_be_visible()
    assert_accessible(police)
    police.get_by_label("Carer or placement").check()
    fill_when(police, "Date reported", "Time reported", now - timedelta(hours=98))
    fill_when(police, "Date last seen", "Time last seen", now - timedelta(hours=100))
    police.get_by_label("Where were they last seen?").fill("Wenmoor bus station")
    police.get_by_label("High", exact=True).check()
    police.get_by_label("Police reference").fill("VV-2611-0412")
    police.get_by_role("button", name="Record the missing report").click()
    expect(police.get_by_text("Jayden Ashworth-Pike is recorded as missing.")).to_be_visible()
    expect(police.get_by_role("heading", name=re.compile("Missing now"))).to_be_visible()
    assert_accessible(police)

    # He is on the missing list, then found; the return starts the 72-hour clocks.
    police.get_by_role("link", name="Back to the missing list").click()
    missing_now = police.get_by_role("region", name="Children missing now")
    expect(missing_now.get_by_role("link", name="Jayden Ashworth-Pike")).to_be_visible()
    assert_accessible(police)
    missing_now.get_by_role("link", name="Jayden Ashworth-Pike").click()
    fill_when(police, "Date found or returned", "Time found or returned", now - timedelta(hours=81))
    fill_when(police, "Date the hub was told", "Time the hub was told", now - timedelta(hours=80))
    police.get_by_label("Where were they found?").fill("A flat on Canal Street, Harrowfield")
    police.get_by_label("Who were they with?").fill("Two older males")
    police.get_by_label("How were they found or returned?").fill("Found by police on a welfare check")
    police.get_by_role("button", name="Record the return").click()
    expect(police.get_by_text("Return recorded.")).to_be_visible()
    assert_accessible(police)

    # The hub coordinator sees the interview waiting and allocates it.
    hub.goto(hub_server.url)
    hub.get_by_role("link", name="Jayden Ashworth-Pike").first.click()
    expect(hub.get_by_role("heading", name="Allocate the return interview")).to_be_visible()
    assert_accessible(hub)
    hub.get_by_label("Return interviewer").select_option(
        label="Leon Marchetti (Wenmoor Missing and Exploitation Hub)"
    )
    hub.get_by_role("button", name="Allocate").click()
    expect(hub.get_by_text("Return interview allocated to Leon Marchetti.")).to_be_visible()

    # The return interviewer knows at once which interview is due first: this one, overdue.
    worker = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(worker, hub_server, "interviewer")
    worker.get_by_role("link", name="Return interviews", exact=True).first.click()
    rows = worker.locator("tbody tr")
    expect(rows.first).to_contain_text("Jayden Ashworth-Pike")
    expect(rows.first).to_contain_text("Overdue")
    assert_accessible(worker)
    rows.first.get_by_role("link", name=re.compile("Jayden Ashworth-Pike")).click()
    assert_accessible(worker)
    worker.get_by_label("Yes, the interview was held").check()
    fill_when(worker, "Date of the interview", "Time of the interview", now - timedelta(hours=1))
    worker.get_by_role("group", name="Was it face to face?").get_by_label("Yes", exact=True).check()
    worker.get_by_label("Where did the child go?").fill("A flat in Harrowfield where older boys stay")
    worker.get_by_label("Is there an older 'boyfriend' or 'girlfriend', or a controlling adult?").check()
    worker.get_by_label("The child's own words").fill("They said I owe them for the phone.")
    # Late, and no reason given: the error says so and keeps what was typed.
    worker.get_by_role("button", name="Save the interview").click()
    summary = worker.get_by_role("alert")
    expect(summary.get_by_role("link", name=re.compile("choose the reason"))).to_be_visible()
    expect(worker.get_by_label("The child's own words")).to_have_value("They said I owe them for the phone.")
    assert_accessible(worker)
    worker.get_by_label("Why was it later than 72 hours?").select_option(
        label="The child was not available (not at home, school or placement)"
    )
    worker.get_by_label("More about the delay").fill("Jayden was staying with his aunt until Tuesday.")
    worker.get_by_label("Start a screening with the signs of exploitation I saw").check()
    worker.get_by_role("button", name="Save the interview").click()
    expect(worker.get_by_text("a screening started from it")).to_be_visible()
    expect(worker.get_by_role("heading", name=re.compile("screening|concern", re.I)).first).to_be_visible()
    assert_accessible(worker)

    # The child's chronology and Missing tab show the report, the return and the late interview.
    hub.goto(f"{record_url}/chronology")
    chronology = hub.locator("main")
    expect(chronology).to_contain_text("Reported missing (high risk)")
    expect(chronology).to_contain_text("Returned from missing after 19 hours")
    expect(chronology).to_contain_text("Return interview held")
    assert_accessible(hub)
    hub.get_by_role("link", name="Missing", exact=True).last.click()
    expect(hub.get_by_role("heading", name="Missing", exact=True)).to_be_visible()
    summary_list = hub.get_by_test_id("missing-summary")
    expect(summary_list).to_contain_text("1")
    expect(summary_list.locator("div").nth(4)).to_contain_text("accepted after the last episode")
    expect(summary_list.locator("div").nth(4)).to_contain_text("Yes")
    expect(hub.get_by_test_id("annex-a")).to_be_visible()
    assert_accessible(hub)
    hub.get_by_role("table").get_by_role("link").first.click()
    interview = hub.get_by_test_id("interview")
    expect(interview).to_contain_text("The child was not available")
    expect(interview).to_contain_text("Jayden was staying with his aunt until Tuesday.")
    expect(hub.get_by_test_id("interview-screening")).to_contain_text("Started from this interview")
    assert_accessible(hub)
    # The whole interview, as recorded.
    hub.get_by_role("link", name="Read the whole return interview").click()
    expect(hub.get_by_role("heading", name="Return interview", exact=True)).to_be_visible()
    expect(hub.get_by_test_id("child-words")).to_contain_text("They said I owe them for the phone.")
    expect(hub.get_by_test_id("interview-record")).to_contain_text("Jayden was staying with his aunt")
    assert_accessible(hub)
