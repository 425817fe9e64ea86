"""The hub coordinator decides on a repeat-missing alert from the queue (a strategy discussion, with
its date and reason) and sees it in the child's chronology; the panel chair reads SEP monitoring.
Every page is checked with axe-core."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_coordinator_decides_a_repeat_missing_alert_and_chair_reads_sep(browser, hub_server):
    hub = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(hub, hub_server, "coordinator")
    hub.get_by_role("link", name="See all repeat missing alerts").click()
    expect(hub.get_by_role("heading", name="Repeat missing alerts", exact=True)).to_be_visible()
    assert_accessible(hub)
    waiting = hub.get_by_test_id("alerts-waiting")
    first = waiting.locator("tbody tr").first.get_by_role("link")
    child = first.inner_text().split(":")[0].strip()
    first.click()
    expect(hub.get_by_test_id("alert-summary")).to_contain_text("missing")
    assert_accessible(hub)
    # Without a date or a reason the hub is told what to give.
    hub.get_by_label("Hold a strategy discussion").check()
    hub.get_by_role("button", name="Record the decision").click()
    summary = hub.get_by_role("alert")
    expect(summary.get_by_role("link", name="Give the reason for the decision")).to_be_visible()
    assert_accessible(hub)
    by = datetime.now(ZoneInfo("Europe/London")) + timedelta(days=3)
    group = hub.get_by_role("group", name="Hold the strategy discussion by")
    group.get_by_label("Day").fill(str(by.day))
    group.get_by_label("Month").fill(str(by.month))
    group.get_by_label("Year").fill(str(by.year))
    hub.get_by_label("The reason for the decision").fill("Episodes are longer and to the same city address.")
    hub.get_by_role("button", name="Record the decision").click()
    expect(hub.get_by_text("Strategy discussion requested.")).to_be_visible()
    expect(hub.get_by_test_id("alerts-decided")).to_contain_text(child)
    assert_accessible(hub)
    hub.get_by_test_id("alerts-decided").get_by_role("link", name=child).first.click()
    expect(hub.get_by_test_id("alert-decision")).to_contain_text("Episodes are longer")
    hub.get_by_role("link", name=child).first.click()
    hub.get_by_role("link", name="Chronology").click()
    expect(hub.locator("main")).to_contain_text("Strategy discussion requested, to be held by")

    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(chair, hub_server, "chair")
    chair.get_by_role("link", name="Meetings", exact=True).first.click()
    chair.get_by_role("link", name="SEP monitoring: how long each child has been monitored").click()
    expect(chair.get_by_test_id("sep-now").locator("tbody tr").first).to_be_visible()
    assert_accessible(chair)
