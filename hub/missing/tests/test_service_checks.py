"""Who may write about missing episodes is decided by the services themselves (issue 11 item 1): each
write refuses, whoever calls it, a person the rule does not allow, and logs the refusal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from hub.accounts.models import Agency
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.errors import Forbidden, NotVisible
from hub.core.roles import Role
from hub.missing import checks, interview_services, services
from hub.missing.models import RiskGrade
from hub.missing.tests.test_alerts_and_screening import _three_episodes
from hub.missing.tests.test_services import report


def _refusals(user) -> int:
    return AccessLogEntry.objects.filter(user_id=user.pk, action=LogAction.REFUSED).count()


def _returned(episode, by):
    at = timezone.now() - timedelta(hours=1)
    return services.episode_record_return(
        episode=episode, by=by, version=episode.version, returned_at=at, hub_notified_at=at
    )


def test_reporting_missing_is_for_police_and_hub_coordinators_who_see_the_child(people, pc, child):
    checks.episode_report_check(by=pc, child=child)  # Wenmoor police, involved with the child
    checks.episode_report_check(by=people["alice"], child=child)  # Wenmoor hub coordinator
    with pytest.raises(Forbidden, match="Only police officers and hub coordinators"):
        report(child, people["bob"])  # a Wenmoor practitioner
    with pytest.raises(NotVisible):
        report(child, people["charlie"])  # Harrowfield police: not their child
    assert _refusals(people["bob"]) == 1 and _refusals(people["charlie"]) == 1
    assert not child.missing_episodes.exists()


def test_reporting_a_new_child_needs_an_agency_that_serves_an_area(wenmoor, harrowfield, pc):
    nowhere = Agency.objects.create(name="Unplaced Police", kind=Agency.Kind.POLICE)
    constable = make_user("constable", nowhere, Role.POLICE_OFFICER)
    with pytest.raises(Forbidden, match="does not serve any area"):
        checks.episode_report_new_child_check(by=constable)
    assert _refusals(constable) == 1
    assert checks.episode_report_new_child_check(by=pc) == [wenmoor.pk]
    now = timezone.now()
    report_values = {
        "reported_at": now - timedelta(hours=1),
        "reported_by_kind": "carer",
        "last_seen_at": now - timedelta(hours=2),
        "risk_grade": RiskGrade.MEDIUM,
    }
    identity = {"first_name": "Nia", "last_name": "Okafor", "date_of_birth": date(2010, 5, 1)}
    with pytest.raises(Exception, match="Choose an area your agency serves"):
        services.episode_report_new_child(
            by=pc, authority=harrowfield, identity=identity, report=report_values
        )
    episode = services.episode_report_new_child(
        by=pc, authority=wenmoor, identity=identity, report=report_values
    )
    assert episode.child.full_name == "Nia Okafor" and episode.child.authority == wenmoor


def test_return_and_risk_grade_are_for_whoever_may_change_the_episode(people, agencies, pc, child):
    episode = report(child, pc)
    with pytest.raises(Forbidden):
        services.risk_grade_set(episode=episode, grade=RiskGrade.HIGH, by=people["bob"], reason="x")
    with pytest.raises(NotVisible):
        services.risk_grade_set(episode=episode, grade=RiskGrade.HIGH, by=people["charlie"], reason="x")
    other_hub = make_user("hugo", agencies["other_police"], Role.HUB_COORDINATOR)
    with pytest.raises(NotVisible):
        _returned(episode, other_hub)
    services.risk_grade_set(episode=episode, grade=RiskGrade.HIGH, by=pc, reason="new intelligence")
    assert checks.episode_change_allowed(by=pc, episode=episode)
    assert not checks.episode_change_allowed(by=people["bob"], episode=episode)
    _returned(episode, people["alice"])
    episode.refresh_from_db()
    assert episode.risk_grade == RiskGrade.HIGH and episode.returned_at is not None


def test_only_a_hub_coordinator_allocates_a_return_interview(people, pc, rita, child):
    interview = _returned(report(child, pc), pc)
    with pytest.raises(Forbidden, match="Only a hub coordinator allocates"):
        interview_services.interview_allocate(interview=interview, worker=rita, by=pc)
    assert _refusals(pc) == 1
    assert not interview_services.interview_allocate_allowed(by=pc, interview=interview)
    interview_services.interview_allocate(interview=interview, worker=rita, by=people["alice"])
    interview.refresh_from_db()
    assert interview.allocated_to == rita


def test_starting_a_screening_from_an_interview_needs_a_referrer_who_may_change_it(
    people, agencies, pc, child
):
    interview = _returned(report(child, pc), pc)
    analyst = make_user("ana", agencies["hub"], Role.HUB_ANALYST)
    assert not interview_services.interview_screening_allowed(by=analyst, interview=interview)
    with pytest.raises(Forbidden):
        interview_services.interview_start_screening(interview=interview, by=analyst)
    with pytest.raises(NotVisible):
        interview_services.interview_start_screening(interview=interview, by=people["charlie"])
    # Allowed through: the rule of the interview's own state speaks next.
    assert interview_services.interview_screening_allowed(by=people["alice"], interview=interview)
    with pytest.raises(Exception, match="Record the interview"):
        interview_services.interview_start_screening(interview=interview, by=people["alice"])


def test_only_a_hub_coordinator_decides_a_repeat_missing_alert(people, agencies, pc, child):
    alert = _three_episodes(child, pc)
    analyst = make_user("ana", agencies["hub"], Role.HUB_ANALYST)
    other_hub = make_user("hugo", agencies["other_police"], Role.HUB_COORDINATOR)
    for refused, error in ((analyst, Forbidden), (pc, Forbidden), (other_hub, NotVisible)):
        with pytest.raises(error):
            services.alert_decide(
                alert=alert, by=refused, version=alert.version, strategy_discussion=False, note="covered"
            )
        assert _refusals(refused) >= 1
    assert not checks.alert_decide_allowed(by=analyst, alert=alert)
    services.alert_decide(
        alert=alert, by=people["alice"], version=alert.version, strategy_discussion=False, note="covered"
    )
    alert.refresh_from_db()
    assert not alert.is_open
