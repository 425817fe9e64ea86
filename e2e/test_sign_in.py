"""A person signs in with password and authentication code, sees their home page, and signs out."""

from __future__ import annotations

import pytest

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_with_mfa_see_home_and_sign_out(page, hub_server):
    page.goto(hub_server.url)
    assert page.url.startswith(f"{hub_server.url}/account/sign-in")
    assert_accessible(page)

    # A wrong password gets the same message whether or not the account exists.
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("alert").get_by_text("Enter a correct username and password").is_visible()
    assert_accessible(page)

    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(hub_server.credentials("coordinator")["password"])
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Enter your authentication code").is_visible()
    assert_accessible(page)

    # The password alone reaches nothing else.
    page.goto(f"{hub_server.url}/reference/")
    assert page.get_by_role("heading", name="Enter your authentication code").is_visible()

    page.get_by_label("Authentication code").fill("000000" if hub_server.code("coordinator") != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("That code is not right").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Authentication code").fill(hub_server.code("coordinator"))
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Your work").is_visible()
    assert "Priya Lindqvist" in page.get_by_test_id("user-summary").inner_text()
    assert "Hub coordinator" in page.get_by_test_id("user-summary").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Reference data").click()
    assert page.get_by_role("heading", name="Levels of concern").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert page.get_by_text("You have signed out.").is_visible()
    page.goto(hub_server.url)
    assert page.url.startswith(f"{hub_server.url}/account/sign-in")


def test_auditor_searches_the_access_log(page, hub_server):
    sign_in(page, hub_server, "auditor")
    assert page.get_by_role("heading", name="Break-glass access in the last 30 days").is_visible()
    page.get_by_role("link", name="Access log").first.click()
    assert page.get_by_role("heading", name="Access log").is_visible()
    page.get_by_label("Username").fill("auditor")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_role("cell", name="auditor").first.is_visible()
    assert_accessible(page)
    page.get_by_label("From").fill("31/02/2026")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_role("link", name="Enter the start date like 27/11/2026").is_visible()
    assert_accessible(page)
