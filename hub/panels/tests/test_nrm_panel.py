"""The devolved NRM child decision panel: its agenda proposes the children whose decision it may make,
and a decision at its meeting is the referral's decision, dated the meeting's day, naming its chair and
the agencies present; the NRM's own rules hold; nowhere else makes NRM decisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import make_user
from hub.accounts.models import Agency, Authority
from hub.children.models import Allocation
from hub.children.services import child_create
from hub.core.errors import RuleRefused
from hub.core.roles import Role
from hub.nrm.models import NrmReferral
from hub.nrm.tests.conftest import refer
from hub.panels import agenda
from hub.panels import services as panel_services
from hub.panels.models import Attendance, Panel
from hub.reference.models import ExploitationType, MeetingType

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def area(agencies, wenmoor, people):
    """Wenmoor decides by a local panel; its police and health; Mia, 16, allocated to Bob, referred on
    2 November; an NRM panel chaired by Helen met on 17 November with social care, police and health."""
    Authority.objects.filter(pk=wenmoor.pk).update(nrm_decisions="panel")
    wenmoor.refresh_from_db()
    police = Agency.objects.create(name="Wenmoor Police", kind=Agency.Kind.POLICE)
    health = Agency.objects.create(name="Wenmoor Community Health", kind=Agency.Kind.HEALTH)
    for agency in (police, health):
        agency.authorities.set([wenmoor])
    chair = make_user("helen", agencies["csc"], Role.PANEL_CHAIR)
    olive = make_user("olive", police, Role.POLICE_OFFICER)
    nurse = make_user("nia", health, Role.PRACTITIONER)
    mia = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Mia",
        last_name="Farrant",
        date_of_birth=date(2010, 6, 2),
    )
    Allocation.objects.create(
        child=mia, worker=people["bob"], recorded_by=people["alice"], start=date(2025, 1, 6)
    )
    types = list(ExploitationType.objects.filter(code__in=["cce"]))
    referral = refer(mia, people["alice"], police, on=date(2026, 11, 2), types=types)
    panel = Panel.objects.create(
        authority=wenmoor,
        meeting_type=MeetingType.objects.get(code="nrm-panel"),
        name="NRM panel",
        chair=chair,
    )
    panel.members.set([people["bob"], olive, nurse])
    meeting = panel_services.meeting_schedule(
        panel=panel,
        by=people["alice"],
        held_at=datetime(2026, 11, 17, 14, 0, tzinfo=LONDON),
        chair=chair,
        late_entry_reason="Entered from the panel's notes.",
    )
    return {
        "mia": mia,
        "referral": referral,
        "meeting": meeting,
        "chair": chair,
        "olive": olive,
        "nurse": nurse,
    }


def _present(meeting, *users):
    statuses = {a.pk: Attendance.Status.PRESENT for a in meeting.attendances.filter(user__in=users)}
    absent = {a.pk: Attendance.Status.APOLOGIES for a in meeting.attendances.exclude(user__in=users)}
    panel_services.attendance_set(meeting=meeting, by=meeting.chair, statuses={**statuses, **absent})


def test_the_panel_is_proposed_the_children_whose_decision_it_may_make(area, people):
    proposals = [p for p in agenda.propose(area["meeting"]) if p.rule == "nrm-rg-due"]
    assert [p.child for p in proposals] == [area["mia"]]
    # Where the Single Competent Authority decides, the panel is proposed no one.
    Authority.objects.filter(pk=area["mia"].authority_id).update(nrm_decisions="sca")
    area["meeting"].panel.authority.refresh_from_db()
    assert not [p for p in agenda.propose(area["meeting"]) if p.rule.startswith("nrm-")]


def test_a_decision_at_the_panel_is_the_referrals_decision(area, people):
    meeting, mia = area["meeting"], area["mia"]
    item = panel_services.item_add(
        meeting=meeting, by=people["alice"], kind="child", child=mia, rule="nrm-rg-due"
    )
    _present(meeting, area["chair"], people["bob"], area["olive"], area["nurse"])
    panel_services.decision_record(
        item=item, by=people["alice"], kind="nrm_rg_yes", detail="Indicators of criminal exploitation met."
    )
    referral = NrmReferral.objects.get(pk=area["referral"].pk)
    assert referral.rg_grounds == "positive" and referral.rg_decided_on == date(2026, 11, 17)
    assert referral.rg_decision_maker == "panel" and referral.rg_panel_chair == area["chair"]
    assert {agency.kind for agency in referral.rg_panel_agencies.all()} == {"csc", "police", "health"}


def test_the_nrm_rules_hold_at_the_panel(area, people):
    meeting, mia = area["meeting"], area["mia"]
    item = panel_services.item_add(
        meeting=meeting, by=people["alice"], kind="child", child=mia, rule="nrm-rg-due"
    )
    # Health sent apologies: the decision cannot be the panel's.
    _present(meeting, area["chair"], people["bob"], area["olive"])
    with pytest.raises(RuleRefused, match="health"):
        panel_services.decision_record(item=item, by=people["alice"], kind="nrm_rg_yes", detail="Met.")
    assert not NrmReferral.objects.get(pk=area["referral"].pk).rg_grounds
    assert not item.decisions.exists()  # the decision and its effect are one transaction
    # The chair runs the meeting, but the hub enters NRM decisions.
    _present(meeting, area["chair"], people["bob"], area["olive"], area["nurse"])
    with pytest.raises(RuleRefused, match="hub coordinator"):
        panel_services.decision_record(item=item, by=area["chair"], kind="nrm_rg_yes", detail="Met.")


def test_no_other_meeting_makes_nrm_decisions(area, people, wenmoor):
    mep = Panel.objects.create(
        authority=wenmoor, meeting_type=MeetingType.objects.get(code="mep"), name="MEP"
    )
    meeting = panel_services.meeting_schedule(
        panel=mep,
        by=people["alice"],
        held_at=datetime(2026, 11, 17, 10, 0, tzinfo=LONDON),
        late_entry_reason="Entered from the notes.",
    )
    item = panel_services.item_add(
        meeting=meeting, by=people["alice"], kind="child", child=area["mia"], reason="r"
    )
    with pytest.raises(RuleRefused, match="devolved NRM child decision panel"):
        panel_services.decision_record(item=item, by=people["alice"], kind="nrm_rg_yes", detail="Met.")
    assert meeting.held_at < datetime.now(LONDON) + timedelta(days=1)
