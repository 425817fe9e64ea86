"""The hub coordinator allocates a new child to the practitioner; she starts his plan, agrees it with
individual and contextual risks and a protective factor, gives the police an action, reviews it
(changing, removing and adding factors) and sees what changed; the panel chair audits the plan and
adds an action arising. Every page is checked with axe-core."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")


def fill_date(page, group_name: str, day: date) -> None:
    group = page.get_by_role("group", name=group_name)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def rate(page, factor: str, rating: str) -> None:
    page.get_by_role("group", name=f"How serious is {factor}?").get_by_label(rating, exact=True).check()


def test_a_practitioner_plans_reviews_and_compares_and_the_chair_audits(browser, hub_server):
    today = datetime.now(LONDON).date()

    # The hub coordinator adds Tyler and allocates him to Grace.
    hub = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(hub, hub_server, "coordinator")
    hub.goto(f"{hub_server.url}/children/new")
    hub.get_by_label("First name").fill("Tyler")
    hub.get_by_label("Last name").fill("Okafor-Brandt")
    hub.get_by_label("Day").fill("14")
    hub.get_by_label("Month").fill("2")
    hub.get_by_label("Year").fill("2011")
    hub.get_by_label("Male", exact=True).check()
    hub.get_by_role("button", name="Add the child").click()
    expect(hub.get_by_text("Record created for Tyler Okafor-Brandt")).to_be_visible()
    record_url = hub.url
    hub.get_by_role("link", name="Allocate a worker").click()
    hub.get_by_label("Allocated worker").select_option(
        label="Grace Adeyemi-Holt, Social worker, Wenmoor Children's Social Care"
    )
    fill_date(hub, "Date of allocation", today)
    hub.get_by_role("button", name="Save").click()
    expect(hub.get_by_text("Worker allocated")).to_be_visible()

    # Grace starts his plan from his record; she leads it, as his allocated worker.
    grace = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(grace, hub_server, "practitioner")
    grace.goto(record_url)
    grace.get_by_role("link", name="Start a plan for Tyler").click()
    expect(grace.get_by_role("heading", name="Start a plan")).to_be_visible()
    expect(grace.get_by_label("Who will lead the plan?")).to_have_value(re.compile(r"\d+"))
    assert_accessible(grace)
    grace.get_by_label("Where was the plan decided? (optional)").fill("MEP, 4 December")
    grace.get_by_role("button", name="Start the plan").click()
    expect(grace.get_by_text("Plan started. Fill it in, then agree it.")).to_be_visible()
    expect(grace.get_by_role("heading", name="Agree the plan")).to_be_visible()
    assert_accessible(grace)

    # Saved with nothing said about who agreed it: the error summary says so.
    grace.get_by_label("Individual risk factor 1", exact=True).fill("Goes missing overnight, most weekends")
    grace.get_by_role("button", name="Agree the plan").click()
    summary = grace.get_by_role("alert")
    expect(summary.get_by_role("link", name="Say who agreed the plan")).to_be_visible()
    expect(summary.get_by_role("link", name="Choose how serious individual risk factor 1 is")).to_be_visible()
    expect(grace.get_by_label("Individual risk factor 1", exact=True)).to_have_value(
        "Goes missing overnight, most weekends"
    )
    assert_accessible(grace)

    grace.get_by_label("Who agreed it?").fill("MEP with Tyler, his mother, school and police")
    rate(grace, "individual risk factor 1", "High")
    grace.get_by_label("Individual risk factor 2", exact=True).fill("Owes money for a phone he was given")
    rate(grace, "individual risk factor 2", "Medium")
    grace.get_by_label("Contextual risk factor 1", exact=True).fill("Older boys at the Canal Street flats")
    grace.get_by_label("Where is contextual risk factor 1?").select_option(label="Peers")
    rate(grace, "contextual risk factor 1", "High")
    grace.get_by_label("Contextual risk factor 2", exact=True).fill("Approached through a gaming chat")
    grace.get_by_label("Where is contextual risk factor 2?").select_option(label="Online")
    rate(grace, "contextual risk factor 2", "Medium")
    # One more contextual row: nothing is saved and nothing typed is lost.
    grace.get_by_role("button", name="Add another contextual risk factor").click()
    expect(grace.get_by_label("Contextual risk factor 3", exact=True)).to_be_visible()
    expect(grace.get_by_label("Contextual risk factor 2", exact=True)).to_have_value(
        "Approached through a gaming chat"
    )
    grace.get_by_label("Contextual risk factor 3", exact=True).fill(
        "Dealing seen at the skate park after dark"
    )
    grace.get_by_label("Where is contextual risk factor 3?").select_option(label="Places")
    rate(grace, "contextual risk factor 3", "Medium")
    grace.get_by_label("Protective factor 1", exact=True).fill("Close to his grandmother, who he calls daily")
    grace.get_by_label("The child's views").fill("I just want them to leave me alone.")
    grace.get_by_role("button", name="Agree the plan").click()
    expect(grace.get_by_text("Plan agreed. It is due for review by")).to_be_visible()
    expect(grace.get_by_role("heading", name=re.compile("Plan for Tyler Okafor-Brandt"))).to_be_visible()
    expect(grace.get_by_test_id("contextual-risks")).to_contain_text("Older boys at the Canal Street flats")
    expect(grace.get_by_test_id("review-clock")).to_contain_text("Due in 84 days")
    assert_accessible(grace)
    plan_url = grace.url

    # An action for another agency.
    grace.get_by_role("link", name="Add an action").click()
    assert_accessible(grace)
    grace.get_by_label("What is to be done?").fill("Disruption visit to the Canal Street flats")
    grace.get_by_label("Which agency will do it?").select_option(label="Vale Valley Police")
    fill_date(grace, "Due date", today + timedelta(days=14))
    grace.get_by_role("button", name="Add the action").click()
    expect(grace.get_by_text("Action added for Vale Valley Police")).to_be_visible()
    expect(grace.get_by_test_id("actions")).to_contain_text("Disruption visit to the Canal Street flats")
    assert_accessible(grace)

    # The review starts from version 1: one risk eases, one goes, a protective factor is added.
    grace.get_by_role("link", name="Review the plan").click()
    expect(grace.get_by_role("heading", name="Review the plan")).to_be_visible()
    expect(grace.get_by_label("Individual risk factor 2", exact=True)).to_have_value(
        "Owes money for a phone he was given"
    )
    assert_accessible(grace)
    grace.get_by_label("Who agreed it?").fill("MEP review")
    rate(grace, "individual risk factor 1", "Low")
    grace.get_by_label("Remove individual risk factor 2 from the plan").check()
    grace.get_by_label("Protective factor 2", exact=True).fill("Started at the boxing club on Tuesdays")
    grace.get_by_role("button", name="Save the review").click()
    expect(
        grace.get_by_role("alert").get_by_role(
            "link", name="Say what progress has been made since the last version"
        )
    ).to_be_visible()
    expect(grace.get_by_label("Protective factor 2", exact=True)).to_have_value(
        "Started at the boxing club on Tuesdays"
    )
    assert_accessible(grace)
    grace.get_by_label("Progress since the last version").fill("No missing episodes for three weeks.")
    grace.get_by_role("button", name="Save the review").click()
    expect(grace.get_by_text("Plan reviewed: version 2 is agreed.")).to_be_visible()
    expect(grace.get_by_test_id("comparison-summary")).to_contain_text("1 factor added, 1 removed, 1 changed")
    expect(grace.locator("main")).to_contain_text("Owes money for a phone he was given")
    expect(grace.locator("main")).to_contain_text("Started at the boxing club on Tuesdays")
    assert_accessible(grace)

    # The child's Plans tab shows the current plan and its versions.
    grace.goto(record_url)
    grace.get_by_role("link", name="Plans", exact=True).last.click()
    expect(grace.get_by_test_id("plan-versions")).to_contain_text("Version 2")
    assert_accessible(grace)

    # The panel chair audits the plan and adds an action arising.
    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(chair, hub_server, "chair")
    chair.goto(plan_url)
    chair.get_by_role("link", name="Audit the plan").click()
    expect(chair.get_by_role("heading", name="Audit the plan")).to_be_visible()
    assert_accessible(chair)
    for group in chair.get_by_role("group", name=re.compile(r"^\d+\. ")).all():
        group.get_by_label("Met", exact=True).check()
    chair.get_by_role("group", name=re.compile("Is multi-agency involvement evident")).get_by_label(
        "Partly met", exact=True
    ).check()
    chair.get_by_label("Comment on question 8 (optional)").fill("School and health have no actions.")
    chair.get_by_role("group", name="Overall grade").get_by_label("Good", exact=True).check()
    chair.get_by_label("Findings", exact=True).fill("Clear risks and views; give school and health actions.")
    chair.get_by_role("button", name="Save the audit").click()
    expect(chair.get_by_text("Audit recorded.")).to_be_visible()
    expect(chair.get_by_test_id("audit-answers")).to_contain_text("School and health have no actions.")
    assert_accessible(chair)
    chair.get_by_role("link", name="Add an action arising").click()
    chair.get_by_label("What is to be done?").fill("Agree actions with school and health")
    chair.get_by_label("Which agency will do it?").select_option(label="Wenmoor Children's Social Care")
    chair.get_by_label("Who will do it? (optional)").select_option(
        label="Grace Adeyemi-Holt, Social worker, Wenmoor Children's Social Care"
    )
    fill_date(chair, "Due date", today + timedelta(days=7))
    chair.get_by_role("button", name="Add the action").click()
    expect(chair.get_by_test_id("audit-actions")).to_contain_text("Agree actions with school and health")
    assert_accessible(chair)
