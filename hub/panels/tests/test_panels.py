"""Panels: the Hub's agenda proposals, decisions that change levels and SEP periods, who may see
briefings and minutes, and the PDFs each made for one reader."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import make_user
from hub.actions.selectors import my_actions
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.chronology import events_for
from hub.children.models import Child
from hub.children.services import child_create
from hub.core.errors import RuleRefused
from hub.core.navigation import home_panels
from hub.core.roles import Role
from hub.missing import services as missing_services
from hub.panels import agenda, briefing, selectors, services
from hub.panels.models import AgendaItem, Attendance, Meeting, SepPeriod
from hub.panels.tests.conftest import make_panel
from hub.reference.models import LevelOfConcern
from hub.screening import services as screening_services
from hub.screening.models import Route
from hub.tests.matrix_records import build_screening


def meet(panel, by, *, days=2):
    return services.meeting_schedule(panel=panel, by=by, held_at=timezone.now() + timedelta(days=days))


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_mep_proposes_children_at_groomed_or_exploited_and_repeat_missing(people, mep, exploited, wenmoor):
    # Another child with a repeat-missing alert.
    kai = child_create(
        authority=wenmoor, by=people["alice"], first_name="Kai", last_name="Oduya", date_of_birth=None
    )
    for days_ago in (20, 10, 1):
        episode = missing_services.episode_report(
            child=kai,
            by=people["alice"],
            reported_at=timezone.now() - timedelta(days=days_ago),
            reported_by_kind="parent",
            last_seen_at=timezone.now() - timedelta(days=days_ago, hours=2),
            risk_grade="medium",
        )
        missing_services.episode_record_return(
            episode=episode,
            by=people["alice"],
            version=episode.version,
            returned_at=episode.reported_at,
            hub_notified_at=episode.reported_at,
        )
    meeting = meet(mep, people["alice"])
    proposals = {p.label: p for p in agenda.propose(meeting)}
    assert proposals["Ruby Quarrie"].rule == "mep-level"
    assert proposals["Kai Oduya"].rule == "repeat-missing"
    assert "3 episodes in 30 days" in proposals["Kai Oduya"].reason
    # Once on the agenda, a child is not proposed again; a child at vulnerable is not proposed.
    services.item_add(meeting=meeting, by=people["alice"], kind="child", child=exploited)
    assert "Ruby Quarrie" not in {p.label for p in agenda.propose(meeting)}
    with pytest.raises(RuleRefused, match="already on this agenda"):
        services.item_add(meeting=meeting, by=people["alice"], kind="child", child=exploited)


def test_marmm_proposes_children_the_hub_routed_to_it(people, wenmoor, chair):
    marmm = make_panel(wenmoor, "marmm", chair)
    screening = build_screening(wenmoor)
    screening_services.screening_review(
        screening=screening,
        by=people["alice"],
        decided_level=LevelOfConcern.objects.get(code="vulnerable"),
        rationale="Cars after school",
        route=Route.MARMM,
        systems_consulted=["csc"],
        feedback_to_referrer="Thank you",
        difference_reason="More known",
    )
    meeting = meet(marmm, people["alice"])
    [proposal] = agenda.propose(meeting)
    assert proposal.child == screening.child and proposal.rule == "marmm-screening"


def test_decisions_change_the_level_and_sep_periods_and_sep_counts_returns(
    people, mep, sep_panel, exploited, reference_clock
):
    today = timezone.localdate()
    meeting = meet(mep, people["alice"], days=-1)
    item = services.item_add(meeting=meeting, by=people["alice"], kind="child", child=exploited)
    services.decision_record(
        item=item,
        by=people["alice"],
        kind="level",
        detail="Exploitation has stopped since the move",
        level=LevelOfConcern.objects.get(code="groomed-targeted"),
    )
    exploited.refresh_from_db()
    assert exploited.level.code == "groomed-targeted"
    assert exploited.level_changes.latest("decided_at").source == meeting.label
    services.decision_record(item=item, by=people["alice"], kind="escalate_sep", detail="Plan is not holding")
    period = SepPeriod.objects.get(child=exploited)
    assert period.end is None and period.start == timezone.localtime(meeting.held_at).date()
    # SEP proposes the child, saying they came from MEP.
    sep_meeting = meet(sep_panel, people["alice"])
    [proposal] = agenda.propose(sep_meeting)
    assert proposal.rule == "sep-escalated" and "Escalated from MEP" in proposal.reason
    sep_item = services.item_add(meeting=sep_meeting, by=people["alice"], kind="child", child=exploited)
    with pytest.raises(RuleRefused, match="cannot end before it started"):
        services.sep_end(
            child=exploited, by=people["alice"], end=period.start - timedelta(days=1), reason="x"
        )
    Meeting.objects.filter(pk=sep_meeting.pk).update(held_at=timezone.now() + timedelta(days=40))
    sep_item.refresh_from_db()
    reference_clock.move_to(timezone.now() + timedelta(days=40, hours=2))  # decisions once it is held
    services.decision_record(item=sep_item, by=people["alice"], kind="remove_sep", detail="Safe for 2 months")
    services.sep_start(child=exploited, by=people["alice"], start=today + timedelta(days=60), reason="Back")
    [row] = selectors.sep_monitoring(people["alice"], today=today + timedelta(days=70))
    assert row.returned and row.periods == 2 and row.current is not None
    assert row.days_monitored == 41 + 10
    titles = [event.title for event in events_for(exploited, people["alice"], only_kinds=["panel"])]
    assert "SEP monitoring started" in titles and "SEP monitoring ended" in titles
    assert any(title.startswith("MEP: change the level of concern") for title in titles)
    with pytest.raises(RuleRefused, match="about a child"):
        theme = services.item_add(meeting=meeting, by=people["alice"], kind="theme", theme="Knife crime")
        services.decision_record(item=theme, by=people["alice"], kind="escalate_sep", detail="x")


def test_an_attendee_sees_the_childs_briefing_a_school_lead_sees_it_restricted(
    people, agencies, mep, exploited
):
    meeting = meet(mep, people["alice"])
    services.item_add(meeting=meeting, by=people["alice"], kind="child", child=exploited)
    services.item_add(meeting=meeting, by=people["alice"], kind="theme", theme="Knife crime near the college")
    bob, sam = people["bob"], people["sam"]
    # Bob is not allocated to Ruby, but attends the MEP that discusses her.
    [child_brief, _theme] = briefing.brief_meeting(meeting, bob, purpose="briefing")
    assert not child_brief.restricted and child_brief.basis == "panel_member"
    assert {section.title for section in child_brief.sections} >= {
        "Level of concern",
        "Missing",
        "SEP monitoring",
    }
    [restricted, theme_for_sam] = briefing.brief_meeting(meeting, sam, purpose="briefing")
    assert restricted.restricted and restricted.label == "Restricted item" and not theme_for_sam.restricted
    # A practitioner not invited sees nothing of the child.
    other = make_user("olu", agencies["csc"], Role.PRACTITIONER)
    assert briefing.brief(meeting.items.first(), other).restricted
    # Sight ends a while after the meeting.
    Meeting.objects.filter(pk=meeting.pk).update(held_at=timezone.now() - timedelta(days=45))
    assert briefing.brief(meeting.items.first(), bob).restricted


def test_building_running_and_issuing_through_the_pages(client_for, people, agencies, mep, chair, exploited):
    helen = client_for(chair)
    page = helen.get(reverse("panels:panel", args=[mep.pk])).content.decode()
    assert "Plan a meeting" in page
    held = timezone.localdate() - timedelta(days=1)
    response = helen.post(
        reverse("panels:panel", args=[mep.pk]),
        {
            "held_on_day": held.day,
            "held_on_month": held.month,
            "held_on_year": held.year,
            "held_time": "10:00",
        },
    )
    meeting = Meeting.objects.get(panel=mep)
    assert response["Location"] == reverse("panels:agenda", args=[meeting.pk])
    assert set(meeting.attendances.values_list("user__username", flat=True)) == {"helen", "bob", "sam"}

    page = helen.get(reverse("panels:agenda", args=[meeting.pk])).content.decode()
    assert "Ruby Quarrie" in page and "not discussed at this panel" in page
    ruby = Child.objects.get(first_name="Ruby")
    helen.post(
        reverse("panels:agenda", args=[meeting.pk]), {"do": "propose", "proposal": [f"child:{ruby.pk}"]}
    )
    response = helen.post(
        reverse("panels:agenda", args=[meeting.pk]), {"do": "add", "kind": "theme", "theme": ""}
    )
    assert "Name the theme" in response.content.decode()
    helen.post(
        reverse("panels:agenda", args=[meeting.pk]), {"do": "add", "kind": "theme", "theme": "Knife crime"}
    )
    _first, second = meeting.items.order_by("order")
    for named in ("abc", "", "1e3"):  # an item named by anything but its number is a message, not an error
        response = helen.post(
            reverse("panels:agenda", args=[meeting.pk]), {"do": "remove", "item": named}, follow=True
        )
        assert response.status_code == 200 and "no longer on the agenda" in response.content.decode()
    assert meeting.items.count() == 2
    helen.post(reverse("panels:agenda", args=[meeting.pk]), {"do": "up", "item": second.pk})
    assert [item.subject_label for item in meeting.items.order_by("order")] == ["Knife crime", "Ruby Quarrie"]
    helen.post(reverse("panels:agenda", args=[meeting.pk]), {"do": "issue"})

    item = meeting.items.get(child=exploited)
    item_url = reverse("panels:item", args=[item.pk])
    helen.post(
        item_url, {"form": "shared", "version": item.version, "information_shared": "School: attendance 40%"}
    )
    response = helen.post(
        item_url, {"form": "decision", "decision-kind": "level", "decision-detail": "Still exploited"}
    )
    assert "Choose the new level of concern" in response.content.decode()
    helen.post(
        item_url,
        {
            "form": "decision",
            "decision-kind": "escalate_sep",
            "decision-detail": "Needs strategic disruption",
        },
    )
    due = timezone.localdate() + timedelta(days=14)
    helen.post(
        item_url,
        {
            "form": "action",
            "action-title": "Visit Ruby with the youth worker",
            "action-owner_user": people["bob"].pk,
            "action-due_day": due.day,
            "action-due_month": due.month,
            "action-due_year": due.year,
        },
    )
    # Bob leaves with his action: on his home page and his list.
    [action] = my_actions(people["bob"])
    assert action.source_label == f"{meeting.label}, item 2"
    assert any(p.title == "Your actions" and p.count == 1 for p in home_panels(people["bob"]))

    # Minutes need attendance first.
    issue = helen.post(
        reverse("panels:issue_minutes", args=[meeting.pk]), {"version": meeting.version}, follow=True
    )
    assert "Record whether each person invited came" in issue.content.decode()
    attendances = {a.user.username: a.pk for a in meeting.attendances.select_related("user")}
    helen.post(
        reverse("panels:attendance", args=[meeting.pk]),
        {
            f"a{attendances['helen']}": "present",
            f"a{attendances['bob']}": "present",
            f"a{attendances['sam']}": "apologies",
        },
    )
    meeting.refresh_from_db()
    helen.post(reverse("panels:issue_minutes", args=[meeting.pk]), {"version": meeting.version})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_ISSUED

    # Each copy of the minutes is made for its reader and holds only their items.
    bob_minutes = pdf_text(client_for(people["bob"]).get(reverse("panels:minutes_pdf", args=[meeting.pk])))
    assert "Made for Bob Tester" in bob_minutes and "Ruby Quarrie" in bob_minutes
    assert "Escalate to SEP monitoring" in bob_minutes and "Visit Ruby with the youth worker" in bob_minutes
    sam_minutes = pdf_text(client_for(people["sam"]).get(reverse("panels:minutes_pdf", args=[meeting.pk])))
    assert "Ruby Quarrie" not in sam_minutes and "Knife crime" in sam_minutes
    assert "1 item about children you are not entitled to see" in sam_minutes
    disclosures = AccessLogEntry.objects.filter(action=LogAction.DISCLOSE, record_type="children.child")
    assert disclosures.filter(recipient__startswith="Bob Tester", record_ids=str(exploited.pk)).exists()
    assert not disclosures.filter(recipient__startswith="Sam").exists()
    pack = pdf_text(client_for(people["bob"]).get(reverse("panels:agenda_pdf", args=[meeting.pk])))
    assert "Agenda pack" in pack and "Level of concern" in pack and "Made for Bob Tester" in pack

    # The record is final: the chair who runs it is told why, on the page as in the API (a rule of the
    # meeting's state, not of who she is), and nothing changes.
    response = helen.post(
        item_url, {"form": "shared", "version": item.version + 1, "information_shared": "x"}
    )
    assert response.status_code == 200
    assert (
        "The minutes of this meeting have been issued: it can no longer be changed."
        in response.content.decode()
    )
    assert AgendaItem.objects.get(pk=item.pk).information_shared != "x"
    api = helen.post(
        reverse("api:items-decisions", kwargs={"pk": item.pk}),
        {"kind": "disruption", "detail": "x"},
        content_type="application/json",
    )
    assert api.status_code == 400


def test_someone_outside_is_refused(client_for, people, mep, exploited):
    meeting = meet(mep, people["alice"])
    item = services.item_add(meeting=meeting, by=people["alice"], kind="child", child=exploited)
    charlie = client_for(people["charlie"])
    for url in (
        reverse("panels:meeting", args=[meeting.pk]),
        reverse("panels:briefing", args=[meeting.pk]),
        reverse("panels:item", args=[item.pk]),
        reverse("panels:agenda_pdf", args=[meeting.pk]),
    ):
        assert charlie.get(url).status_code == 404, url
    # An attendee who does not chair cannot build the agenda or record decisions.
    bob = client_for(people["bob"])
    assert bob.get(reverse("panels:agenda", args=[meeting.pk])).status_code == 403
    assert bob.post(reverse("panels:item", args=[item.pk]), {"form": "decision"}).status_code == 403
    # A school lead attending sees the meeting but not the child's item.
    sam = client_for(people["sam"])
    assert "Restricted item" in sam.get(reverse("panels:meeting", args=[meeting.pk])).content.decode()
    assert sam.get(reverse("panels:item", args=[item.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).exists()
    # The auditor and the partnership lead see no meetings at all.
    assert client_for(people["dana"]).get(reverse("panels:list")).status_code == 403
    assert Attendance.objects.filter(meeting=meeting, user=people["bob"]).exists()
    # The refused decision left nothing behind: no decision on the item, the child's level as it was.
    assert not item.decisions.exists()
    level = Child.objects.get(pk=exploited.pk).level
    assert level is not None and level.code == "exploited"


def test_the_meeting_page_takes_a_fixed_number_of_queries(client_for, people, wenmoor, mep):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = meet(mep, people["alice"])
    client = client_for(people["bob"])  # an attendee: sight of each child through the meeting

    def add(n):
        kid = child_create(
            authority=wenmoor, by=people["alice"], first_name=f"Kid{n}", last_name="Panel", date_of_birth=None
        )
        services.item_add(
            meeting=meeting, by=people["alice"], kind="child", child=kid, reason="Named by police."
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("panels:meeting", args=[meeting.pk])).status_code == 200
        return len(captured)

    add(0)
    add(1)
    queries()  # the first request of a session writes its sign-in bookkeeping
    few = queries()
    for n in range(2, 10):
        add(n)
    assert queries() == few
