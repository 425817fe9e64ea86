"""Small-number suppression at a locality meeting: the school safeguarding leads who attend see the
counts about a school's pupils as "fewer than 5", never a count of 2; the chair, who works cases, sees
the number; someone outside sees nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.children.services import child_create, level_set, school_add
from hub.missing import services as missing_services
from hub.panels import agenda, services
from hub.panels.tests.conftest import make_panel
from hub.panels.tests.test_panels import pdf_text
from hub.reference.models import LevelOfConcern, School

COUNT_OF_TWO = '<dd class="govuk-summary-list__value">2</dd>'


@pytest.fixture
def school(wenmoor) -> School:
    return School.objects.create(
        authority=wenmoor, urn="199001", name="Wenmoor Academy", phase="secondary", locality="north", roll=900
    )


@pytest.fixture
def locality_meeting(wenmoor, people, chair, school):
    """Two pupils at "exploited", one of whom went missing a week ago, on the agenda of the north
    locality meeting that Sam, a school safeguarding lead, attends."""
    alice = people["alice"]
    exploited = LevelOfConcern.objects.get(code="exploited")
    for first in ("Ruby", "Kai"):
        pupil = child_create(
            authority=wenmoor, by=alice, first_name=first, last_name="Quarrie", date_of_birth=date(2011, 2, 3)
        )
        school_add(child=pupil, by=alice, school=school, start=date(2024, 9, 4))
        level_set(child=pupil, level=exploited, by=alice, rationale="Found in a trap house")
    missing_services.episode_report(
        child=pupil,
        by=alice,
        reported_at=timezone.now() - timedelta(days=7),
        reported_by_kind="parent",
        last_seen_at=timezone.now() - timedelta(days=7, hours=2),
        risk_grade="medium",
    )
    panel = make_panel(wenmoor, "locality-north", chair, people["sam"])
    panel.schools.set([school])
    meeting = services.meeting_schedule(panel=panel, by=chair, held_at=timezone.now() + timedelta(days=2))
    [proposal] = [p for p in agenda.propose(meeting) if p.school is not None]
    services.item_add(meeting=meeting, by=chair, kind="school", school=school, reason=proposal.reason)
    return meeting


def test_the_school_lead_sees_no_count_of_two_and_the_chair_does(client_for, people, chair, locality_meeting):
    briefing = reverse("panels:briefing", args=[locality_meeting.pk])
    for_sam = client_for(people["sam"]).get(briefing).content.decode()
    assert "Pupils at exploited" in for_sam
    assert COUNT_OF_TWO not in for_sam
    assert '<dd class="govuk-summary-list__value">fewer than 5</dd>' in for_sam
    for_chair = client_for(chair).get(briefing).content.decode()
    assert COUNT_OF_TWO in for_chair
    assert '<dd class="govuk-summary-list__value">1</dd>' in for_chair  # the missing episode


def test_the_agenda_reason_every_member_reads_is_written_suppressed(client_for, people, locality_meeting):
    [item] = locality_meeting.items.all()
    assert item.reason.endswith(": 0 screenings and fewer than 5 missing episodes among its pupils.")
    page = (
        client_for(people["sam"]).get(reverse("panels:meeting", args=[locality_meeting.pk])).content.decode()
    )
    assert "fewer than 5 missing episodes" in page and "1 missing episode" not in page
    api = client_for(people["sam"]).get(reverse("api:meetings-detail", kwargs={"pk": locality_meeting.pk}))
    assert [entry["reason"] for entry in api.json()["items"]] == [item.reason]


def test_the_agenda_pack_for_a_school_lead_is_suppressed_too(client_for, people, chair, locality_meeting):
    services.agenda_issue(meeting=locality_meeting, by=chair)
    counts = "About its pupils (counts only)\n"
    text = pdf_text(client_for(people["sam"]).get(reverse("panels:agenda_pdf", args=[locality_meeting.pk])))
    shown = text.split(counts, 1)[1]
    assert shown.startswith(
        "Pupils at exploited\nfewer than 5\nMissing episodes in the\nlast 3 months\nfewer than 5"
    )
    chairs = pdf_text(client_for(chair).get(reverse("panels:agenda_pdf", args=[locality_meeting.pk])))
    assert chairs.split(counts, 1)[1].startswith(
        "Pupils at exploited\n2\nMissing episodes in the\nlast 3 months\n1"
    )


def test_someone_outside_the_meeting_sees_nothing(client_for, people, locality_meeting):
    assert (
        client_for(people["charlie"]).get(reverse("panels:briefing", args=[locality_meeting.pk])).status_code
        == 404
    )
    assert client_for(people["pat"]).get(
        reverse("panels:briefing", args=[locality_meeting.pk])
    ).status_code in {403, 404}
