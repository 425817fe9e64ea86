"""Plans and the panels capability: a meeting's decision starts a plan through ``plan_start``; an
attendee of a meeting that discusses the child reads the plan in the briefing (and the read is
logged)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hub.accounts import access
from hub.audit.models import AccessLogEntry, LogAction
from hub.panels import services as panel_services
from hub.panels.briefing import brief
from hub.panels.models import Panel
from hub.plans import selectors, services
from hub.plans.models import Plan, PlanStatus
from hub.reference.models import MeetingType


def _meeting(wenmoor, chair, child, attendee):
    panel = Panel.objects.create(
        authority=wenmoor, meeting_type=MeetingType.objects.get(code="mep"), name="MEP"
    )
    meeting = panel_services.meeting_schedule(
        panel=panel, by=chair, held_at=timezone.now() + timedelta(days=3), chair=chair
    )
    item = panel_services.item_add(
        meeting=meeting, by=chair, kind="child", child=child, reason="Plan review."
    )
    panel_services.attendee_add(meeting=meeting, by=chair, user=attendee)
    return item


def test_an_attendee_reads_the_plan_in_the_briefing_and_nowhere_else_first(
    people, wenmoor, child, agreed_plan, yusuf
):
    assert not access.decide(yusuf, agreed_plan).allowed
    item = _meeting(wenmoor, people["alice"], child, yusuf)
    decision = access.decide(yusuf, agreed_plan)
    assert decision.allowed and decision.basis == "panel_member"
    section = next(s for s in brief(item, yusuf).sections if s.title == "Plan")
    rows = dict(section.rows)
    assert rows["Status"] == "Active, version 1" and rows["Lead"] == "Bob Tester"
    assert "Peers: Older boys at the Canal Street flats (high)" in rows["Contextual risks"]
    assert AccessLogEntry.objects.filter(
        action=LogAction.CONSULT,
        record_type="plans.plan",
        record_ids=str(agreed_plan.pk),
        detail="panel briefing",
    ).exists()


def test_a_meeting_decision_starts_a_draft_plan_once(people, child):
    plan = services.plan_start(child=child, by=people["alice"], source_label="MEP 3 March 2027")
    assert plan.status == PlanStatus.DRAFT and plan.lead == people["bob"]
    assert services.plan_start(child=child, by=people["alice"], source_label="MEP 1 April 2027") == plan
    assert Plan.objects.filter(child=child).count() == 1
    current = selectors.current_plan(child)
    assert current is not None and current.started_from == "MEP 3 March 2027"
