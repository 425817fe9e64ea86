"""Who plans and runs a panel's meetings is decided by the services themselves (issue 11 item 1): each
write refuses, whoever calls it, a person the rule does not allow, and logs the refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.errors import Forbidden, NotVisible
from hub.core.roles import Role
from hub.panels import checks, services
from hub.panels.models import Attendance, SubjectKind


def _refusals(user) -> int:
    return AccessLogEntry.objects.filter(user_id=user.pk, action=LogAction.REFUSED).count()


def _plan(mep, by):
    return services.meeting_schedule(panel=mep, by=by, held_at=timezone.now() + timedelta(days=7))


def test_a_panels_chair_and_its_hub_coordinators_plan_its_meetings(mep, chair, people, agencies):
    other_hub = make_user("hugo", agencies["other_police"], Role.HUB_COORDINATOR)
    assert checks.meeting_schedule_allowed(by=chair, panel=mep)
    assert checks.meeting_schedule_allowed(by=people["alice"], panel=mep)
    assert not checks.meeting_schedule_allowed(by=people["bob"], panel=mep)  # a member
    with pytest.raises(Forbidden, match="Only the panel's chair and hub coordinators"):
        _plan(mep, people["bob"])
    with pytest.raises(NotVisible):
        _plan(mep, other_hub)  # another authority's hub
    assert _refusals(people["bob"]) == 1 and _refusals(other_hub) == 1
    assert not mep.meetings.exists()
    _plan(mep, chair)
    _plan(mep, people["alice"])
    assert mep.meetings.count() == 2


def test_only_whoever_runs_the_meeting_builds_the_agenda_and_records_it(mep, chair, people, exploited):
    meeting = _plan(mep, chair)
    member = people["bob"]  # a practitioner on the panel: sees the meeting, does not run it
    assert checks.meeting_run_allowed(by=chair, meeting=meeting)
    assert not checks.meeting_run_allowed(by=member, meeting=meeting)
    refused = [
        lambda by: services.item_add(meeting=meeting, by=by, kind=SubjectKind.THEME, theme="County lines"),
        lambda by: services.agenda_issue(meeting=meeting, by=by),
        lambda by: services.attendance_set(meeting=meeting, by=by, statuses={}),
        lambda by: services.minutes_issue(meeting=meeting, by=by, version=meeting.version),
    ]
    for write in refused:
        with pytest.raises(Forbidden, match="Only the meeting's chair and hub coordinators"):
            write(member)
        with pytest.raises(NotVisible):
            write(people["charlie"])  # Harrowfield police: not their meeting
    assert _refusals(member) == len(refused)
    item = services.item_add(meeting=meeting, by=chair, kind=SubjectKind.THEME, theme="County lines")
    second = services.item_add(meeting=meeting, by=people["alice"], kind=SubjectKind.CHILD, child=exploited)
    for write in (
        lambda by: services.item_move(item=second, by=by, up=True),
        lambda by: services.item_remove(item=item, by=by),
    ):
        with pytest.raises(Forbidden):
            write(member)
    services.item_move(item=second, by=chair, up=True)
    services.item_remove(item=item, by=people["alice"])
    services.agenda_issue(meeting=meeting, by=chair)
    statuses = {a.pk: Attendance.Status.PRESENT for a in meeting.attendances.all()}
    services.attendance_set(meeting=meeting, by=chair, statuses=statuses)
    assert list(meeting.items.values_list("pk", flat=True)) == [second.pk]
