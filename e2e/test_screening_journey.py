"""A school safeguarding lead refers a concern; the hub coordinator finds it at the top of the queue,
reviews it, sets the level and route; the child's chronology and level history show both; the school
lead sees the outcome but not the child's record."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

YES = {
    "Has the child gone missing or been absent from home, care or school?",
    "Is there an older 'boyfriend' or 'girlfriend', or a controlling adult?",
    "Does the child have money, clothes, phones or other goods they cannot account for?",
    "Has the child been seen getting into cars with unknown adults?",
    "Is there a sexually transmitted infection, pregnancy or termination?",
}


def test_school_lead_refers_and_hub_reviews(browser, hub_server):
    started = time.monotonic()
    school = browser.new_context(viewport={"width": 1280, "height": 900})
    page = school.new_page()
    sign_in(page, hub_server, "schoollead")
    expect(page.get_by_role("heading", name="Your referrals")).to_be_visible()
    page.get_by_role("link", name="Refer a concern", exact=True).first.click()
    expect(page.get_by_role("heading", name="Refer a concern about a child")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    assert_accessible(page)

    page.get_by_role("link", name="About the child").click()
    page.get_by_label("First name").fill("Tyrese")
    page.get_by_label("Last name").fill("Okoro-Blake")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2012")
    page.get_by_label("Male", exact=True).check()
    disability = page.get_by_role("group", name="Does the child have a learning disability?")
    disability.get_by_label("No", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Your concern").click()
    # Leave the concern out first: the error says what to do.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("link", name="Describe what worries you about the child")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What worries you about the child?").fill(
        "Tyrese has been collected from school by different adults in cars and has new trainers and a phone."
    )
    risk = page.get_by_role("group", name="Is the child at immediate risk of significant harm?")
    risk.get_by_label("No", exact=True).check()
    page.get_by_label("Child sexual exploitation (CSE)").check()
    page.get_by_label("Child criminal exploitation (CCE)").check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Signs of exploitation").click()
    expect(page.locator("fieldset").first).to_be_visible()  # .all() does not wait for the page
    for group in page.locator("fieldset").all():
        question = group.locator("legend").inner_text().strip()
        group.get_by_label("Yes" if question in YES else "No", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Sharing this information").click()
    page.get_by_label("DPA 2018 Sch.1 para 18", exact=False).check()
    page.get_by_label("If you did not seek consent, why not?").fill(
        "Asking the family could alert the adults involved."
    )
    page.get_by_role("button", name="Save and continue").click()

    expect(
        page.get_by_role("heading", name="Check your answers before sending your screening")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send to the hub").click()
    expect(page.get_by_role("heading", name="Screening sent to the hub")).to_be_visible()
    assert_accessible(page)
    minutes = (time.monotonic() - started) / 60
    assert minutes < 5, f"the referral took {minutes:.1f} minutes"
    school_page = page

    hub = browser.new_context(viewport={"width": 1280, "height": 900})
    page = hub.new_page()
    sign_in(page, hub_server, "coordinator")
    page.get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", name="Screenings to review")).to_be_visible()
    assert_accessible(page)
    # Suggested "Exploited" and not overdue: it sits above every lower suggestion that is not overdue.
    page.get_by_role("link", name="Tyrese Okoro-Blake").click()
    expect(page.get_by_test_id("suggestion")).to_contain_text("Exploited")
    assert_accessible(page)
    page.get_by_label("None of these: create a new record from the referral").check()
    page.get_by_label("Children's social care record").check()
    page.get_by_label("Police records").check()
    page.get_by_label("What do the records show?").fill(
        "Police hold intelligence about a car seen near the school."
    )
    page.get_by_role("group", name="Level of concern").get_by_label("Groomed / targeted").check()
    page.get_by_label("Why this level?").fill("Grooming indicators, no evidence yet of exploitation.")
    page.get_by_role("button", name="Save the review").click()
    # Differs from the suggestion without a reason: told what to do, nothing lost.
    differs = page.get_by_role("link", name="Say why you decided a different level from the suggestion")
    expect(differs).to_be_visible()
    assert_accessible(page)
    page.get_by_label("If you decided a different level from the tool's suggestion, why?").fill(
        "The STI answer is unconfirmed; health have no record."
    )
    page.get_by_label("Discuss at MARMM").check()
    page.get_by_label("Feedback for the referrer").fill(
        "Thank you. Tyrese will be discussed at MARMM this week."
    )
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_text("Review saved: Groomed / targeted")).to_be_visible()
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_text("Screening submitted by Martin Feeney")).to_be_visible()
    expect(page.get_by_text("Hub review: Groomed / targeted, Discuss at MARMM")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Levels of concern").click()
    rationale = page.get_by_role("cell", name="Grooming indicators, no evidence yet of exploitation.")
    expect(rationale).to_be_visible()
    child_url = page.url

    school_page.goto(f"{hub_server.url}/")
    school_page.get_by_role("link", name="Tyrese Okoro-Blake").click()
    expect(school_page.get_by_role("heading", name="Discuss at MARMM")).to_be_visible()
    expect(school_page.get_by_text("Grooming indicators")).to_have_count(0)
    assert_accessible(school_page)
    response = school_page.goto(child_url)
    assert response.status == 404
    school.close()
    hub.close()
