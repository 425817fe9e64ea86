from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.accounts import access
from hub.children.services import allocation_set, child_create, level_set
from hub.core import clock
from hub.core.errors import RuleRefused, StaleVersion
from hub.missing import interview_services, services
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview
from hub.reference.models import LateInterviewReason, LevelOfConcern


@pytest.fixture
def child(people, wenmoor):
    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )


def report(child, by, *, hours_ago=10, grade="medium"):
    now = timezone.now()
    return services.episode_report(
        child=child,
        by=by,
        reported_at=now - timedelta(hours=hours_ago - 1),
        reported_by_kind="carer",
        last_seen_at=now - timedelta(hours=hours_ago),
        risk_grade=grade,
        last_seen_where="Placement, Elm Road",
    )


def test_report_and_return_start_the_two_72_hour_clocks(people, child):
    episode = report(child, people["alice"])
    assert episode.is_open and episode.risk_changes.count() == 1
    child.refresh_from_db()
    assert child.previously_missing
    now = timezone.now()
    interview = services.episode_record_return(
        episode=episode,
        by=people["alice"],
        version=episode.version,
        returned_at=now - timedelta(hours=1),
        hub_notified_at=now,
    )
    assert interview.response_due_at == interview.interview_due_at == now + timedelta(hours=72)
    episode.refresh_from_db()
    assert abs(episode.duration() - timedelta(hours=9)) < timedelta(seconds=5)


def test_a_second_open_episode_is_refused(people, child):
    report(child, people["alice"])
    with pytest.raises(RuleRefused, match="already recorded as missing"):
        report(child, people["alice"], hours_ago=2)
    assert MissingEpisode.objects.filter(child=child).count() == 1


def test_a_return_before_last_seen_is_refused_and_a_stale_return_too(people, child):
    episode = report(child, people["alice"])
    with pytest.raises(RuleRefused):
        services.episode_record_return(
            episode=episode,
            by=people["alice"],
            version=episode.version,
            returned_at=episode.last_seen_at - timedelta(hours=1),
            hub_notified_at=timezone.now(),
        )
    services.episode_record_return(
        episode=episode,
        by=people["alice"],
        version=episode.version,
        returned_at=timezone.now(),
        hub_notified_at=timezone.now(),
    )
    with pytest.raises(StaleVersion):
        services.episode_record_return(
            episode=episode,
            by=people["alice"],
            version=episode.version,
            returned_at=timezone.now(),
            hub_notified_at=timezone.now(),
        )


def _episodes(child, by, count, spacing_days):
    """Past episodes, each entered on its day (a report entered weeks later would need the reason)."""
    for i in range(count):
        hours_ago = 24 * spacing_days * (count - i) + 5
        with clock.history(timezone.now() - timedelta(hours=hours_ago - 4, minutes=-1)):
            episode = report(child, by, hours_ago=hours_ago)
            services.episode_record_return(
                episode=episode,
                by=by,
                version=episode.version,
                returned_at=episode.last_seen_at + timedelta(hours=3),
                hub_notified_at=episode.last_seen_at + timedelta(hours=4),
            )


def test_three_episodes_in_thirty_days_raise_one_alert(people, child):
    _episodes(child, people["alice"], 2, 9)
    assert not RepeatMissingAlert.objects.exists()
    report(child, people["alice"])
    alert = RepeatMissingAlert.objects.get()
    assert (alert.rule.code, alert.episodes_in_window) == ("repeat-missing", 3)


def test_more_episodes_in_the_window_join_the_alert_and_a_later_cluster_raises_another(people, child):
    _episodes(child, people["alice"], 3, 12)  # 36, 24 and 12 days ago: no 3 within 30 days... yet
    report(child, people["alice"])  # now: 24, 12 and 0 days ago are 3 in 30 days
    first = RepeatMissingAlert.objects.get(rule__code="repeat-missing")
    open_episode = MissingEpisode.objects.get(child=child, returned_at__isnull=True)
    services.episode_record_return(
        episode=open_episode,
        by=people["alice"],
        version=open_episode.version,
        returned_at=timezone.now() - timedelta(hours=5),
        hub_notified_at=timezone.now() - timedelta(hours=4),
    )
    report(child, people["alice"], hours_ago=3)  # a fourth in the same window: no second alert
    assert RepeatMissingAlert.objects.filter(rule__code="repeat-missing").get() == first
    # Moved 40 days on, a new cluster is a new alert.
    open_episode = MissingEpisode.objects.get(child=child, returned_at__isnull=True)
    services.episode_record_return(
        episode=open_episode,
        by=people["alice"],
        version=open_episode.version,
        returned_at=timezone.now() - timedelta(hours=1),
        hub_notified_at=timezone.now(),
    )
    MissingEpisode.objects.filter(child=child).update(
        last_seen_at=F("last_seen_at") - timedelta(days=40),
        reported_at=F("reported_at") - timedelta(days=40),
        returned_at=F("returned_at") - timedelta(days=40),
        hub_notified_at=F("hub_notified_at") - timedelta(days=40),
    )
    _episodes(child, people["alice"], 2, 5)
    report(child, people["alice"])
    assert RepeatMissingAlert.objects.filter(rule__code="repeat-missing").count() == 2


def test_the_high_risk_rule_applies_only_at_groomed_or_exploited(people, child):
    _episodes(child, people["alice"], 2, 40)  # 3 in 90 days, never 3 in 30
    report(child, people["alice"])
    assert not RepeatMissingAlert.objects.exists()
    level_set(
        child=child, level=LevelOfConcern.objects.get(code="exploited"), by=people["alice"], rationale="r"
    )
    services.repeat_missing_check(episode=MissingEpisode.objects.filter(child=child).latest("last_seen_at"))
    assert RepeatMissingAlert.objects.get().rule.code == "repeat-missing-high-risk"


def test_interview_rules(people, child, agencies):
    worker = make_user("rhys", agencies["hub"], "return_interviewer")
    episode = report(child, people["alice"], hours_ago=100)
    notified = timezone.now() - timedelta(hours=80)
    interview = services.episode_record_return(
        episode=episode,
        by=people["alice"],
        version=episode.version,
        returned_at=notified - timedelta(hours=1),
        hub_notified_at=notified,
    )
    interview_services.interview_allocate(interview=interview, worker=worker, by=people["alice"])
    assert access.decide(worker, interview).allowed
    assert access.decide(worker, episode).allowed
    assert not access.decide(people["charlie"], interview).allowed
    with pytest.raises(RuleRefused, match="choose the reason"):
        interview_services.interview_record(
            interview=interview,
            by=worker,
            version=interview.version,
            interview_at=timezone.now(),
            face_to_face=True,
        )
    with pytest.raises(RuleRefused, match="not face to face"):
        interview_services.interview_record(
            interview=interview,
            by=worker,
            version=interview.version,
            interview_at=timezone.now(),
            face_to_face=False,
            late_reason=LateInterviewReason.objects.first(),
        )
    done = interview_services.interview_record(
        interview=interview,
        by=worker,
        version=interview.version,
        interview_at=timezone.now(),
        face_to_face=True,
        late_reason=LateInterviewReason.objects.get(code="child-unavailable"),
        late_detail="Not at placement on two visits.",
        where_went="A flat in town",
        who_with="Older boys",
    )
    assert done.status == ReturnInterview.Status.COMPLETED
    # The interview is the first response when none was recorded before it.
    assert done.first_response_at == done.interview_at


def test_a_declined_interview_records_the_reason(people, child):
    episode = report(child, people["alice"])
    interview = services.episode_record_return(
        episode=episode,
        by=people["alice"],
        version=episode.version,
        returned_at=timezone.now(),
        hub_notified_at=timezone.now(),
    )
    done = interview_services.interview_record(
        interview=interview,
        by=people["alice"],
        version=interview.version,
        declined_reason="Said he did not want to talk about it.",
        carer_information="Carer says he came back with new trainers.",
    )
    assert done.status == ReturnInterview.Status.DECLINED


def test_someone_outside_sees_no_episode(people, child):
    episode = report(child, people["alice"])
    assert list(access.visible(people["charlie"], MissingEpisode.objects.all())) == []
    assert list(access.visible(people["alice"], MissingEpisode.objects.all())) == [episode]
    allocation_set(child=child, worker=people["bob"], by=people["alice"], start=timezone.localdate())
    assert access.decide(people["bob"], episode).allowed


def test_one_trigger_raises_one_alert_naming_every_rule_that_fired(people, child, client_for):
    """A child at exploited with three episodes in 30 days meets both the 30-day and the 90-day rule:
    one alert, naming both."""
    level_set(
        child=child, level=LevelOfConcern.objects.get(code="exploited"), by=people["alice"], rationale="r"
    )
    _episodes(child, people["alice"], 2, 9)
    report(child, people["alice"])
    alert = RepeatMissingAlert.objects.get()
    assert set(alert.rules.values_list("code", flat=True)) == {"repeat-missing", "repeat-missing-high-risk"}
    page = client_for(people["alice"]).get(reverse("missing:alert", args=[alert.pk])).content.decode()
    assert '"Repeat missing" (3 in 30 days)' in page and "(3 in 90 days, for children at high risk" in page
