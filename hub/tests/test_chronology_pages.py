"""A busy child's chronology: events from every capability, shown 50 to a page with the GOV.UK
pagination component, in the same number of queries whether the child has a dozen events or hundreds."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.actions import services as action_services
from hub.children import services as child_services
from hub.children.models import Child
from hub.children.views import CHRONOLOGY_PAGE_SIZE
from hub.core import clock
from hub.core.roles import Role
from hub.missing import corrections as missing_corrections
from hub.missing import services as missing_services
from hub.panels import services as panel_services
from hub.panels.models import Panel
from hub.reference.models import LevelOfConcern, MeetingType


@pytest.fixture
def busy(people, wenmoor, agencies) -> Child:
    child = child_services.child_create(
        authority=wenmoor, by=people["alice"], first_name="Leah", last_name="Busy", date_of_birth=None
    )
    child_services.allocation_set(
        child=child, worker=people["bob"], by=people["alice"], start=date(2026, 1, 5)
    )
    return child


def _round(n: int, child: Child, people, wenmoor, agencies) -> None:
    """About six events from four capabilities, recorded by people of different agencies."""
    alice, bob = people["alice"], people["bob"]
    at = timezone.now() - timedelta(days=200 - n * 7)
    level = LevelOfConcern.objects.get(code="exploited" if n % 2 else "vulnerable")
    child_services.level_set(child=child, level=level, by=alice, rationale=f"Review {n}", at=at)
    with clock.history(at + timedelta(hours=21)):  # entered on the day, as it happened
        episode = missing_services.episode_report(
            child=child,
            by=alice,
            reported_at=at + timedelta(hours=1),
            reported_by_kind="parent",
            last_seen_at=at,
            risk_grade="medium",
        )
        missing_services.episode_record_return(
            episode=episode,
            by=alice,
            version=episode.version,
            returned_at=at + timedelta(hours=20),
            hub_notified_at=at + timedelta(hours=21),
        )
    # Each round corrects the episode, its first risk grade and a meeting ahead about the child: the
    # corrections are events too, read in the same number of queries however many there are.
    episode.refresh_from_db()
    missing_corrections.episode_correct(
        episode=episode,
        by=alice,
        version=episode.version,
        reason=f"Reported later than typed ({n})",
        reported_at=episode.reported_at + timedelta(minutes=30),
    )
    episode.refresh_from_db()
    missing_corrections.risk_grade_correct(
        change=episode.risk_changes.get(),
        by=alice,
        version=episode.version,
        grade="high",
        changed_at=episode.last_seen_at,
        reason=f"Graded high at the time ({n})",
    )
    # Actions agreed by people of two agencies (the chronology names each one's agency).
    maker = make_user(f"maker{n}", agencies["hub" if n % 2 else "csc"], Role.PRACTITIONER)
    action_services.action_create(
        by=maker,
        authority=wenmoor,
        child=child,
        title=f"Action {n}",
        due=timezone.localdate() + timedelta(days=10),
        owner_user=bob,
    )
    panel = Panel.objects.create(
        authority=wenmoor, meeting_type=MeetingType.objects.get(code="mep"), name=f"MEP {n}"
    )
    meeting = panel_services.meeting_schedule(
        panel=panel, by=alice, held_at=at, chair=alice, late_entry_reason="Typed up from the paper minutes"
    )
    item = panel_services.item_add(meeting=meeting, by=alice, kind="child", child=child, reason="Busy child")
    panel_services.decision_record(item=item, by=alice, kind="disruption", detail=f"Disrupt {n}")
    ahead = panel_services.meeting_schedule(
        panel=panel, by=alice, held_at=timezone.now() + timedelta(days=30), chair=alice
    )
    panel_services.item_add(meeting=ahead, by=alice, kind="child", child=child, reason="Busy child")
    ahead.refresh_from_db()
    panel_services.meeting_move(
        meeting=ahead,
        by=alice,
        version=ahead.version,
        held_at=ahead.held_at + timedelta(days=1),
        reason=f"The room is taken ({n})",
    )


def _queries(client, url: str, params: dict[str, str] | None = None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        assert response.status_code == 200
    return len(captured), response.content.decode()


def _shown(page: str) -> int:
    return page.count('class="moj-timeline__item"')


def test_a_busy_chronology_comes_a_page_at_a_time_in_a_fixed_number_of_queries(
    client_for, people, wenmoor, agencies, busy
):
    url = reverse("children:chronology", args=[busy.pk])
    _round(0, busy, people, wenmoor, agencies)
    client = client_for(people["alice"])
    client.get(url)  # the first request of a session writes its sign-in bookkeeping
    few, page = _queries(client, url)
    assert 'class="govuk-pagination"' not in page
    for n in range(1, 25):
        _round(n, busy, people, wenmoor, agencies)
    many, first = _queries(client, url)
    assert many == few
    counted = re.search(r"(\d+) events, newest first", first)
    assert counted is not None
    total = int(counted.group(1))
    assert total > 2 * CHRONOLOGY_PAGE_SIZE
    assert _shown(first) == CHRONOLOGY_PAGE_SIZE and "Showing 1 to 50." in first
    assert 'class="govuk-pagination"' in first and 'aria-label="Page 2"' in first and 'rel="next"' in first
    last_number = -(-total // CHRONOLOGY_PAGE_SIZE)
    last_queries, last = _queries(client, url, {"page": str(last_number)})
    assert last_queries == few and _shown(last) == total - (last_number - 1) * CHRONOLOGY_PAGE_SIZE
    assert "Allocated to Bob Tester" in last and "Allocated to Bob Tester" not in first  # oldest last
    for correction in ("Missing episode corrected", "Risk grade corrected", "MEP 24 meeting moved"):
        assert correction in first
    # A page past the end is the last page; a bad page number the first. Neither is an error.
    assert _shown(client.get(url, {"page": "999"}).content.decode()) == _shown(last)
    assert "Showing 1 to 50." in client.get(url, {"page": "two"}).content.decode()


def test_the_filters_hold_across_pages_and_someone_outside_is_refused(
    client_for, people, wenmoor, agencies, busy
):
    for n in range(0, 18):
        _round(n, busy, people, wenmoor, agencies)
    url = reverse("children:chronology", args=[busy.pk])
    page = client_for(people["alice"]).get(url, {"kind": ["missing", "level"]}).content.decode()
    assert "Showing 1 to 50." in page and "kind=missing&amp;kind=level&amp;page=2" in page
    second = (
        client_for(people["alice"]).get(url, {"kind": ["missing", "level"], "page": "2"}).content.decode()
    )
    timeline = second.split('data-testid="chronology"')[1]
    assert "Reported missing" in timeline and "Action agreed" not in timeline
    # Bob, allocated, reads it; Charlie (police in another area) and Sam (a school lead) get nothing.
    assert client_for(people["bob"]).get(url).status_code == 200
    assert client_for(people["charlie"]).get(url).status_code == 404
    assert client_for(people["sam"]).get(url).status_code == 404
