"""A person signs in with password and authentication code, sees their home page, and signs out."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_with_mfa_see_home_and_sign_out(page, hub_server):
    # The analyst signs in nowhere else in the journeys, so no code of theirs has been used yet.
    page.goto(hub_server.url)
    assert page.url.startswith(f"{hub_server.url}/account/sign-in")
    assert_accessible(page)

    # A wrong password gets the same message whether or not the account exists.
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert").get_by_text("Enter a correct username and password")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill(hub_server.credentials("analyst")["password"])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your authentication code")).to_be_visible()
    assert_accessible(page)

    # The password alone reaches nothing else.
    page.goto(f"{hub_server.url}/reference/")
    expect(page.get_by_role("heading", name="Enter your authentication code")).to_be_visible()

    page.get_by_label("Authentication code").fill(
        "000000" if hub_server.code("analyst") != "000000" else "111111"
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is not right").first).to_be_visible()
    assert_accessible(page)

    time.sleep(1.1)  # django-otp throttles: one second after a wrong code
    page.get_by_label("Authentication code").fill(hub_server.code("analyst"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    assert "Tomasz Ellery" in page.get_by_test_id("user-summary").inner_text()
    assert "Hub analyst" in page.get_by_test_id("user-summary").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Reference data").click()
    expect(page.get_by_role("heading", name="Levels of concern")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(hub_server.url)
    assert page.url.startswith(f"{hub_server.url}/account/sign-in")


def test_auditor_searches_the_access_log(page, hub_server):
    sign_in(page, hub_server, "auditor")
    expect(page.get_by_role("heading", name="Break-glass access in the last 30 days")).to_be_visible()
    page.get_by_role("link", name="Access log").first.click()
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    page.get_by_label("Username").fill("auditor")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("cell", name="auditor").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("From").fill("31/02/2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Enter the start date like 27/11/2026")).to_be_visible()
    assert_accessible(page)


def test_trying_the_demo_needs_no_second_terminal(page, hub_server):
    page.goto(f"{hub_server.url}/account/sign-in")
    demo = page.get_by_test_id("demo-accounts")
    expect(demo.get_by_role("cell", name="Partnership lead", exact=True)).to_be_visible()
    assert_accessible(page)
    demo.get_by_role("button", name="Sign in as Ruth Banerjee, Partnership lead").click()
    expect(page.get_by_role("heading", name="Enter your authentication code")).to_be_visible()
    assert_accessible(page)
    # The code shown is this demo account's current code; a code is accepted once, so if this account
    # signed in moments ago (another test), wait for the next one as a person would.
    page.get_by_label("Authentication code").fill(
        page.get_by_test_id("demo-code").locator("strong").inner_text()
    )
    page.get_by_role("button", name="Sign in").click()
    if page.get_by_text("That code is not right").count():
        time.sleep(30 - time.time() % 30 + 1)
        page.goto(f"{hub_server.url}/account/sign-in/code")
        page.get_by_label("Authentication code").fill(
            page.get_by_test_id("demo-code").locator("strong").inner_text()
        )
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    assert "Ruth Banerjee" in page.get_by_test_id("user-summary").inner_text()
