"""Contexts as cases: a place or group assessed, a person's risk with the meeting that manages it, a case
raised for a panel's agenda and planned for; who sees the case (and never the intelligence behind it),
within the meeting's window; bad input refused with a message."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.accounts import access
from hub.audit.models import AccessLogEntry
from hub.core.dates import DateRefused
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused, StaleVersion
from hub.core.roles import Role
from hub.intelligence import context_services
from hub.intelligence.models import ContextAssessment, ContextCase, Entity
from hub.panels import cases as panel_cases
from hub.panels import services as panel_services
from hub.panels.models import Attendance, Panel
from hub.plans import services as plan_services
from hub.plans.models import Plan
from hub.reference.models import MeetingType

pytestmark = pytest.mark.django_db

TEXTS: dict[str, Any] = {
    "what_happens": "Older boys bring younger children to the rear car park after school.",
    "who": "Four Year 9 pupils from two schools; two adults in a grey car.",
    "when": "Weekdays 15:30 to 18:00.",
    "risks": "Drugs passed to children; no staff see the car park.",
    "protective": "The hotel's night manager is willing to help.",
    "recommendation": "SEP to consider a closure notice and a guardianship plan.",
}


@pytest.fixture
def chair(agencies):
    return make_user("helen", agencies["csc"], Role.PANEL_CHAIR)


@pytest.fixture
def sep_meeting(wenmoor, chair, people):
    panel = Panel.objects.create(
        authority=wenmoor, meeting_type=MeetingType.objects.get(code="sep"), name="SEP", chair=chair
    )
    panel.members.set([people["bob"]])
    return panel_services.meeting_schedule(
        panel=panel, by=people["alice"], held_at=timezone.now() + timedelta(days=6), chair=chair
    )


def test_an_analyst_assesses_a_place_and_corrects_the_assessment_with_a_reason(ana, network):
    hotel = network["hotel"]
    assessment = context_services.assessment_record(
        by=ana, entity=hotel, assessed_on=date(2026, 11, 16), **TEXTS
    )
    assert assessment.agency == ana.agency and assessment.authority_id == hotel.authority_id
    fixed = context_services.assessment_correct(
        by=ana,
        assessment=assessment,
        version=1,
        reason="The times were the school's, not the car park's.",
        when="Weekdays 16:00 to 19:00.",
    )
    assert fixed.when == "Weekdays 16:00 to 19:00." and fixed.version == 2
    history = fixed.history.first()
    assert history is not None and history.correction is not None
    assert history.history_change_reason == "The times were the school's, not the car park's."
    with pytest.raises(StaleVersion):
        context_services.assessment_correct(by=ana, assessment=fixed, version=1, reason="x", when="y")
    with pytest.raises(FieldRefused, match="Say why"):
        context_services.assessment_correct(by=ana, assessment=fixed, version=2, reason=" ", when="y")


def test_an_assessment_needs_what_happens_the_risks_and_a_true_date(ana, network):
    hotel = network["hotel"]
    with pytest.raises(FieldRefused, match="Say what happens there"):
        context_services.assessment_record(
            by=ana, entity=hotel, assessed_on=date(2026, 11, 16), **{**TEXTS, "what_happens": "  "}
        )
    with pytest.raises(DateRefused, match="today or in the past"):
        context_services.assessment_record(by=ana, entity=hotel, assessed_on=date(2026, 12, 25), **TEXTS)
    with pytest.raises(RuleRefused, match="Only a place or a group"):
        context_services.assessment_record(
            by=ana, entity=network["jay"], assessed_on=date(2026, 11, 16), **TEXTS
        )
    assert not ContextAssessment.objects.exists()


def test_a_persons_risk_is_recorded_with_the_meeting_that_manages_it(pc, network):
    risk = context_services.person_risk_record(
        by=pc,
        person=network["jay"],
        level="high",
        managed_by="mappa",
        assessed_on=date(2026, 11, 10),
        summary="To girls aged 13 to 16: sexual exploitation.",
    )
    assert risk.get_managed_by_display().startswith("MAPPA")
    with pytest.raises(FieldRefused, match="meeting that manages"):
        context_services.person_risk_record(
            by=pc,
            person=network["jay"],
            level="high",
            managed_by="x",
            assessed_on=date(2026, 11, 10),
            summary="s",
        )
    with pytest.raises(RuleRefused, match="person of concern"):
        context_services.person_risk_record(
            by=pc,
            person=network["hotel"],
            level="low",
            managed_by="none",
            assessed_on=date(2026, 11, 10),
            summary="s",
        )


def test_only_hub_staff_and_the_police_change_a_case(people, harrowfield, agencies, network):
    hotel = network["hotel"]
    with pytest.raises(Forbidden):
        context_services.assessment_record(
            by=people["bob"], entity=hotel, assessed_on=date(2026, 11, 16), **TEXTS
        )
    # Police of another area may not even see it.
    with pytest.raises(NotVisible):
        context_services.assessment_record(
            by=people["charlie"], entity=hotel, assessed_on=date(2026, 11, 16), **TEXTS
        )
    # The hub's coordinator assesses (an assessment is not graded intelligence).
    context_services.assessment_record(
        by=people["alice"], entity=hotel, assessed_on=date(2026, 11, 16), **TEXTS
    )


def test_a_raised_case_is_seen_by_the_meetings_attendees_until_the_window_closes(
    ana, people, chair, network, sep_meeting, time_machine
):
    hotel, bob, sam = network["hotel"], people["bob"], people["sam"]
    case = ContextCase.objects.get(pk=hotel.pk)
    context_services.assessment_record(by=ana, entity=hotel, assessed_on=date(2026, 11, 16), **TEXTS)
    assert not access.decide(bob, case).allowed
    item = panel_cases.case_raise(
        by=ana, entity=hotel, meeting=sep_meeting, reason="Three children in a month."
    )
    Attendance.objects.get_or_create(meeting=sep_meeting, user=sam, defaults={"agency": sam.agency})
    # Bob (invited as a member) and the chair see the case and its assessment; the school lead does not.
    assert access.decide(bob, case).allowed and access.decide(chair, case).allowed
    assert access.visible(bob, ContextAssessment.objects.all()).count() == 1
    assert not access.decide(sam, case).allowed
    # Never the intelligence behind it.
    assert not access.decide(bob, Entity.objects.get(pk=hotel.pk)).allowed
    assert not access.visible(bob, type(network["found"]).objects.all()).exists()
    # At the meeting, the chair records a decision and a disruption action, as for any item.
    time_machine.move_to(sep_meeting.held_at + timedelta(hours=1))
    panel_services.decision_record(
        item=item, by=chair, kind="disruption", detail="Closure notice to be sought."
    )
    action = panel_services.item_action_add(
        item=item,
        by=chair,
        title="Apply for a closure notice on the Station Hotel",
        due=timezone.localdate() + timedelta(days=14),
        owner_user=bob,
    )
    assert action.subject_label == "Station Hotel"
    # A month after the meeting the window has closed.
    time_machine.move_to(sep_meeting.held_at + timedelta(days=31))
    assert not access.decide(bob, case).allowed and not access.decide(chair, case).allowed


def test_a_case_goes_only_on_an_mep_sep_or_youth_risk_agenda_of_its_area_once(
    ana, people, chair, network, sep_meeting, wenmoor
):
    hotel = network["hotel"]
    marmm = panel_services.meeting_schedule(
        panel=Panel.objects.create(
            authority=wenmoor, meeting_type=MeetingType.objects.get(code="marmm"), name="MARMM", chair=chair
        ),
        by=people["alice"],
        held_at=timezone.now() + timedelta(days=3),
    )
    with pytest.raises(RuleRefused, match="MEP, SEP or Youth Risk"):
        panel_cases.case_raise(by=ana, entity=hotel, meeting=marmm, reason="r")
    with pytest.raises(FieldRefused, match="Say why"):
        panel_cases.case_raise(by=ana, entity=hotel, meeting=sep_meeting, reason=" ")
    panel_cases.case_raise(by=ana, entity=hotel, meeting=sep_meeting, reason="r")
    with pytest.raises(RuleRefused, match="already on this agenda"):
        panel_cases.case_raise(by=ana, entity=hotel, meeting=sep_meeting, reason="again")
    # A practitioner cannot raise what they cannot see.
    with pytest.raises((NotVisible, Forbidden)):
        panel_cases.case_raise(by=people["bob"], entity=hotel, meeting=sep_meeting, reason="r")


def test_a_case_is_planned_for_and_the_plan_is_read_as_the_case_is(ana, people, chair, network, sep_meeting):
    hotel, bob = network["hotel"], people["bob"]
    plan = plan_services.plan_start_for_context(context=hotel, by=people["alice"])
    assert plan.context_label == "Place: Station Hotel"
    assert plan.context_type == ContentType.objects.get_for_model(Entity)
    assert not access.decide(bob, plan).allowed
    panel_cases.case_raise(by=ana, entity=hotel, meeting=sep_meeting, reason="r")
    assert access.decide(bob, plan).allowed
    # A chair plans only for a case they may see: not for a place that is on none of their agendas.
    other = context_services.ContextCase.objects.get(pk=network["jay"].pk)
    with pytest.raises(NotVisible):
        plan_services.plan_start_for_context(context=other, by=chair)
    assert Plan.objects.filter(context_id=other.pk).count() == 0


def test_the_case_page_shows_the_case_and_not_the_intelligence_to_an_attendee(
    client_for, ana, people, network, sep_meeting
):
    hotel = network["hotel"]
    context_services.assessment_record(by=ana, entity=hotel, assessed_on=date(2026, 11, 16), **TEXTS)
    url = reverse("intelligence:case", args=[hotel.pk])
    assert client_for(people["bob"]).get(url).status_code == 404
    panel_cases.case_raise(by=ana, entity=hotel, meeting=sep_meeting, reason="Three children in a month.")
    page = client_for(people["bob"]).get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "Older boys bring younger children" in body
    assert "Back to the intelligence record" not in body and "found at" not in body.lower()
    assert "Record a new assessment" not in body and "Raise Station Hotel" not in body
    logged = AccessLogEntry.objects.filter(user_id=people["bob"].pk, record_type="intelligence.contextcase")
    assert logged.exists()
    analyst_page = client_for(ana).get(url).content.decode()
    assert "Raise Station Hotel for a panel" in analyst_page and "Start a plan" not in analyst_page


def test_an_assessment_posted_with_an_impossible_date_keeps_what_was_typed(client_for, ana, network):
    url = reverse("intelligence:case", args=[network["hotel"].pk])
    response = client_for(ana).post(
        url,
        {
            "form": "assessment",
            "assessment-assessed_on_day": "1",
            "assessment-assessed_on_month": "1",
            "assessment-assessed_on_year": "2027",
            **{f"assessment-{name}": value for name, value in TEXTS.items()},
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Older boys bring younger children" in body
    assert "today or in the past" in body and not ContextAssessment.objects.exists()


def test_the_cases_api_reads_and_writes_as_the_page_does(client_for, ana, people, network, sep_meeting):
    hotel = network["hotel"]
    case_url = reverse("api:intelligence-cases-detail", args=[hotel.pk])
    assessments = reverse("api:intelligence-case-assessments", args=[hotel.pk])
    analyst = client_for(ana)
    bad = analyst.post(assessments, {**TEXTS, "assessed_on": "2027-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and "today or in the past" in bad.json()["assessed_on"][0]
    made = analyst.post(assessments, {**TEXTS, "assessed_on": "2026-11-16"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["agency"] == ana.agency.name
    # A practitioner sees the case once it is on a meeting he attends, and may not assess it.
    bob = client_for(people["bob"])
    assert bob.get(case_url).status_code == 404
    panel_cases.case_raise(by=ana, entity=hotel, meeting=sep_meeting, reason="Three children in a month.")
    read = bob.get(case_url).json()
    assert read["name"] == "Station Hotel" and read["assessments"][0]["what_happens"] == TEXTS["what_happens"]
    assert "links" not in read
    refused = bob.post(assessments, {**TEXTS, "assessed_on": "2026-11-16"}, content_type="application/json")
    assert refused.status_code == 403
    # A correction with a stale version is a conflict; with the right one it is made, with its reason.
    correct = reverse("api:intelligence-assessments-correct", args=[made.json()["id"]])
    stale = analyst.post(
        correct, {"version": 7, "reason": "Wrong times", "when": "Evenings"}, "application/json"
    )
    assert stale.status_code == 409
    done = analyst.post(
        correct, {"version": 1, "reason": "Wrong times", "when": "Evenings"}, "application/json"
    )
    assert done.status_code == 200 and done.json()["when"] == "Evenings"


def test_a_case_is_raised_through_the_api_as_through_the_page(client_for, ana, people, network, sep_meeting):
    url = reverse("api:intelligence-case-raise", args=[network["hotel"].pk])
    analyst = client_for(ana)
    empty = analyst.post(url, {"meeting": sep_meeting.pk, "reason": " "}, content_type="application/json")
    assert empty.status_code == 400 and "Say why" in str(empty.json())
    done = analyst.post(url, {"meeting": sep_meeting.pk, "reason": "Three children."}, "application/json")
    assert done.status_code == 201 and done.json()["meeting"] == sep_meeting.pk
    again = analyst.post(url, {"meeting": sep_meeting.pk, "reason": "Again."}, "application/json")
    assert again.status_code == 400 and "already on this agenda" in str(again.json())
    assert client_for(people["bob"]).post(url, {}, "application/json").status_code == 403
