"""The briefing and the agenda pack at scale: each section is read for every child of the agenda at
once, so the number of queries does not grow with the agenda; each reader still sees only the
children they may see, the reads are logged child by child, and each copy of the pack is a disclosure
with the reader's real basis for each child."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hub.audit.models import AccessLogEntry, LogAction
from hub.children import services as child_services
from hub.children.services import allocation_set, child_create, level_set
from hub.missing import interview_services
from hub.missing import services as missing_services
from hub.panels import briefing, services
from hub.panels.models import Meeting
from hub.panels.tests.test_panels import pdf_text
from hub.plans import services as plan_services
from hub.plans.services import FactorInput
from hub.reference.models import LevelOfConcern, MissingFactor, School, ScreeningIndicator


@pytest.fixture(autouse=True)
def school(wenmoor):
    return School.objects.create(
        authority=wenmoor, urn="999001", name="Wenmoor Academy", phase="secondary", locality="north", roll=900
    )


@pytest.fixture
def meeting(mep, people):
    """Held this morning: its decisions are recorded once it has been held."""
    return services.meeting_schedule(
        panel=mep, by=people["alice"], held_at=timezone.now() - timedelta(hours=2)
    )


def _rich_child(n: int, *, meeting: Meeting, people, wenmoor) -> None:
    """A child with something in every section of the briefing, put on the agenda."""
    alice, now = people["alice"], timezone.now()
    child = child_create(
        authority=wenmoor, by=alice, first_name=f"Kid{n}", last_name="Briefed", date_of_birth=None
    )
    child_services.school_add(
        child=child, by=alice, school=School.objects.get(urn="999001"), start=date(2025, 9, 1)
    )
    level_set(
        child=child,
        level=LevelOfConcern.objects.get(code="exploited"),
        by=alice,
        rationale="Seen with older men at the station",
        at=now - timedelta(days=6),
    )
    episode = missing_services.episode_report(
        child=child,
        by=alice,
        reported_at=now - timedelta(days=5),
        reported_by_kind="parent",
        last_seen_at=now - timedelta(days=5, hours=2),
        risk_grade="medium",
    )
    interview = missing_services.episode_record_return(
        episode=episode,
        by=alice,
        version=episode.version,
        returned_at=now - timedelta(days=4),
        hub_notified_at=now - timedelta(days=4),
    )
    interview_services.interview_record(
        interview=interview,
        by=alice,
        version=interview.version,
        interview_at=now - timedelta(days=3),
        face_to_face=True,
        child_words="I was with friends",
        factors=list(MissingFactor.objects.all()[:2]),
        indicators_observed=list(ScreeningIndicator.objects.all()[:2]),
    )
    item = services.item_add(meeting=meeting, by=alice, kind="child", child=child, reason="Exploited")
    services.decision_record(item=item, by=alice, kind="escalate_sep", detail="Needs monitoring")
    services.item_action_add(
        item=item,
        by=alice,
        title=f"Visit Kid{n}",
        due=timezone.localdate() + timedelta(days=7),
        owner_user=people["bob"],
    )
    plan = plan_services.plan_start(child=child, by=alice, lead=people["bob"])
    plan_services.plan_agree(
        plan=plan,
        by=alice,
        version=plan.version,
        agreed_on=timezone.localdate(),
        agreed_by="MEP",
        review_date=timezone.localdate() + timedelta(days=28),
        factors=[
            FactorInput("individual", "Goes missing at weekends", "high"),
            FactorInput("contextual", "Older boys at the flats", "high", "peers"),
            FactorInput("protective", "Close to his grandmother"),
        ],
        summary="Safe at weekends.",
    )


def _grow(meeting: Meeting, people, wenmoor, start: int, stop: int) -> None:
    for n in range(start, stop):
        _rich_child(n, meeting=meeting, people=people, wenmoor=wenmoor)


def _last_entry() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(captured)


@pytest.mark.parametrize("who", ["alice", "bob", "sam"])
def test_the_briefing_takes_a_fixed_number_of_queries_whatever_the_agenda(
    client_for, people, wenmoor, meeting, who
):
    school = School.objects.get(urn="999001")
    services.item_add(meeting=meeting, by=people["alice"], kind="school", school=school)
    services.item_add(meeting=meeting, by=people["alice"], kind="theme", theme="Knife crime")
    _grow(meeting, people, wenmoor, 0, 2)
    client = client_for(people[who])
    url = reverse("panels:briefing", args=[meeting.pk])
    _queries(client, url)  # the first request of a session writes its sign-in bookkeeping
    few = _queries(client, url)
    _grow(meeting, people, wenmoor, 2, 12)
    page = client.get(url).content.decode()
    assert _queries(client, url) == few
    if who == "sam":  # a school lead: every child's item restricted, and no child named
        assert page.count("Restricted item") == 12 and "Kid" not in page
    else:
        assert page.count("Briefed") >= 12 and "Goes missing at weekends" in page
        assert "Visit Kid11" in page and "Escalate to SEP monitoring" in page
        # The school's item counts its pupils (each child is at it, exploited, missing once lately).
        for key in ("Pupils at exploited", "Missing episodes in the last 3 months"):
            assert f'{key}</dt><dd class="govuk-summary-list__value">12</dd>' in page
        factor = MissingFactor.objects.all()[0].name
        assert f"face to face; factors: {factor}" in page and "I was with friends" in page


def test_the_agenda_pack_takes_a_fixed_number_of_queries_whatever_the_agenda(
    client_for, people, wenmoor, meeting
):
    _grow(meeting, people, wenmoor, 0, 2)
    services.agenda_issue(meeting=meeting, by=people["alice"])
    client = client_for(people["bob"])
    url = reverse("panels:agenda_pdf", args=[meeting.pk])
    _queries(client, url)
    few = _queries(client, url)
    _grow(meeting, people, wenmoor, 2, 12)
    assert _queries(client, url) == few


def test_the_briefing_logs_each_childs_consultation_with_the_readers_basis(people, wenmoor, meeting):
    _grow(meeting, people, wenmoor, 0, 3)
    allocated = meeting.items.order_by("order").first().child
    allocation_set(child=allocated, worker=people["bob"], by=people["alice"], start=timezone.localdate())
    before = _last_entry()
    briefings = briefing.brief_meeting(meeting, people["bob"], purpose="briefing")
    assert [b.basis for b in briefings] == ["allocated", "panel_member", "panel_member"]
    consulted = AccessLogEntry.objects.filter(
        pk__gt=before, action=LogAction.CONSULT, record_type="children.child"
    ).values_list("record_ids", "justification")
    assert sorted(consulted) == sorted((str(b.item.child_id), b.basis) for b in briefings)
    # The plans read for the briefing are logged too, one entry each, in the same write.
    plans = AccessLogEntry.objects.filter(pk__gt=before, action=LogAction.CONSULT, record_type="plans.plan")
    assert plans.count() == 3 and {entry.detail for entry in plans} == {f"briefing: {meeting.label}"}
    # A school lead attending reads no child: nothing consulted, every child's item restricted.
    before = _last_entry()
    assert all(b.restricted for b in briefing.brief_meeting(meeting, people["sam"], purpose="briefing"))
    assert not AccessLogEntry.objects.filter(pk__gt=before, record_type="children.child").exists()


def test_the_agenda_pack_records_the_readers_real_basis_for_each_child(client_for, people, wenmoor, meeting):
    _grow(meeting, people, wenmoor, 0, 2)
    first, second = (item.child for item in meeting.items.order_by("order"))
    allocation_set(child=first, worker=people["bob"], by=people["alice"], start=timezone.localdate())
    services.agenda_issue(meeting=meeting, by=people["alice"])
    pack = pdf_text(client_for(people["bob"]).get(reverse("panels:agenda_pdf", args=[meeting.pk])))
    assert "Made for Bob Tester" in pack and first.full_name in pack
    disclosed = dict(
        AccessLogEntry.objects.filter(
            action=LogAction.DISCLOSE, record_type="children.child", recipient__startswith="Bob Tester"
        ).values_list("record_ids", "justification")
    )
    assert disclosed == {str(first.pk): "allocated", str(second.pk): "panel_member"}
    # The hub coordinator's copy: hub staff of the area, not a panel member.
    client_for(people["alice"]).get(reverse("panels:agenda_pdf", args=[meeting.pk]))
    assert set(
        AccessLogEntry.objects.filter(
            action=LogAction.DISCLOSE, username="alice", record_type="children.child"
        ).values_list("justification", flat=True)
    ) == {"hub_staff"}
    meeting_basis = AccessLogEntry.objects.get(
        action=LogAction.DISCLOSE, username="alice", record_type="panels.meeting"
    ).justification
    assert meeting_basis == "hub_staff"
    # Someone outside gets no copy, and nothing is disclosed to them.
    assert (
        client_for(people["charlie"]).get(reverse("panels:agenda_pdf", args=[meeting.pk])).status_code == 404
    )
    assert not AccessLogEntry.objects.filter(action=LogAction.DISCLOSE, username="charlie").exists()


def test_every_page_of_the_pack_names_its_reader_and_any_name_prints_as_written(
    client_for, people, wenmoor, meeting
):
    _grow(meeting, people, wenmoor, 0, 3)
    odd = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Zoë <b>Łucja",
        last_name="O'Brien & Søn",
        date_of_birth=None,
    )
    services.item_add(
        meeting=meeting, by=people["alice"], kind="child", child=odd, reason="Seen at <the> station"
    )
    services.agenda_issue(meeting=meeting, by=people["alice"])
    response = client_for(people["bob"]).get(reverse("panels:agenda_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) > 1
    for page in pages:
        assert "Made for Bob Tester (Wenmoor CSC)" in page and "OFFICIAL-SENSITIVE" in page
    everything = "\n".join(pages)
    assert "Zoë <b>Łucja O'Brien & Søn" in everything and "Seen at <the> station" in everything
