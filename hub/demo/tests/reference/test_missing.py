"""The demo year of missing episodes: the local profile's figures (397 children reported missing 1,173 times,
64 of them placed here by other authorities, reported missing 282 times) in the screening demo's year;
children missing now and returns waiting for their interviews; interviews on time for most, late with a
reason, declined or not face to face for some; looked-after children's DfE codes and care episodes;
repeat-missing alerts as the rules raise them; loading twice; and the SSDA903 export of every collection
year the demo covers passing the national validator's missing rules."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from hub.accounts.models import Authority, User
from hub.audit.services import verify_chain
from hub.children.models import AgencyInvolvement, CareEpisode, Child, LegalStatus, LegalStatusPeriod
from hub.core.calendar import LONDON
from hub.demo.missing import figures
from hub.demo.screening import demo_year
from hub.missing import rules
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview, RiskGradeChange
from hub.missing.ssda903 import reading
from hub.missing.tests.national_validator import validate, validator_python
from hub.reference.models import RepeatMissingRule


@dataclass
class LoadedDemo:
    authority: Authority
    first_day: date
    last_day: date
    start: datetime  # the demo's year as London times: the midnight it starts
    end: datetime  # and the midnight after it ends
    now: datetime

    def episodes(self):
        return MissingEpisode.objects.filter(child__authority=self.authority)

    def year(self):
        """The year's episodes, as the profile counts them: by when the child was last seen."""
        return self.episodes().filter(last_seen_at__gte=self.start, last_seen_at__lt=self.end)

    def placed_in(self):
        """Children looked after by another authority and placed here."""
        periods = LegalStatusPeriod.objects.filter(host_authority=self.authority).exclude(
            placing_authority=self.authority
        )
        return Child.objects.filter(pk__in=periods.values("child"))


@pytest.fixture(scope="module")
def demo(reference_demo):
    """The reference day's demo, loaded once for the package (the missing year reuses the screening
    year's children); ``now`` is the moment the demo was built as of."""
    load = reference_demo
    now = load.built_as_of
    first_day, last_day = demo_year(load.day)
    return LoadedDemo(
        authority=Authority.objects.get(ons_code="E06999001"),
        first_day=first_day,
        last_day=last_day,
        start=datetime.combine(first_day, time(), tzinfo=LONDON),
        end=datetime.combine(last_day + timedelta(days=1), time(), tzinfo=LONDON),
        now=now,
    )


@pytest.fixture
def loaded(demo, db):
    return demo


def test_the_year_has_the_local_profile_figures(loaded):
    year = loaded.year()
    assert year.count() == figures.EPISODES_IN_YEAR == 1173
    assert year.values("child").distinct().count() == figures.CHILDREN_IN_YEAR == 397
    placed = year.filter(child__in=loaded.placed_in())
    assert placed.values("child").distinct().count() == figures.PLACED_IN_CHILDREN == 64
    assert placed.count() == figures.PLACED_IN_EPISODES == 282


def test_repeat_missing_is_a_long_tail(loaded):
    per_child = Counter(loaded.year().values_list("child", flat=True))
    counts = sorted(per_child.values(), reverse=True)
    assert sum(1 for n in counts if n == 1) > 0.4 * len(counts)
    assert 2 <= sum(1 for n in counts if n >= 20) <= 8
    months = Counter(
        timezone.localtime(at).month for at in loaded.year().values_list("last_seen_at", flat=True)
    )
    assert len(months) == 12 and max(months.values()) < 2.2 * min(months.values())


def test_screened_children_go_missing_and_new_children_make_up_the_rest(loaded):
    children = Child.objects.filter(pk__in=loaded.year().values("child"))
    screened = children.filter(screenings__isnull=False).distinct()
    assert 120 <= screened.count() <= 200
    worried = screened.filter(level__rank__gte=2).count() / screened.count()
    assert (
        worried > Child.objects.filter(level__rank__gte=2).count() / Child.objects.exclude(level=None).count()
    )
    new = children.filter(screenings__isnull=True)
    assert all(child.first_name_key and child.last_name_key for child in new)
    assert all(address.postcode.startswith("QW") for child in new for address in child.addresses.all())
    # Every demo child has a date of birth.
    assert all(cast(int, child.age_on(timezone.localdate(loaded.now))) <= 17 for child in children)


def test_episodes_are_plausible(loaded):
    episodes = list(loaded.episodes())
    assert all(e.last_seen_at <= e.reported_at <= loaded.now for e in episodes)
    returned = [e for e in episodes if e.returned_at]
    assert all(e.reported_at <= e.returned_at <= e.hub_notified_at <= loaded.now for e in returned)
    hours = sorted((e.returned_at - e.last_seen_at).total_seconds() / 3600 for e in returned)
    assert sum(h < 24 for h in hours) > 0.5 * len(hours) and hours[-1] > 72
    grades = Counter(e.risk_grade for e in episodes)
    assert grades["low"] + grades["medium"] > 0.7 * len(episodes)
    assert grades["high"] > grades["no_apparent_risk"] > 0
    kinds = Counter(e.reported_by_kind for e in episodes)
    assert {"carer", "parent", "school", "police"} <= set(kinds)
    assert len({e.police_reference for e in episodes}) == len(episodes)
    assert all(e.last_seen_where and (e.returned_at is None or e.returned_where) for e in episodes)
    changes = RiskGradeChange.objects.filter(episode__in=loaded.episodes())
    assert changes.filter(reason="initial grading").count() == len(episodes)
    assert changes.exclude(reason="initial grading").count() > 0.05 * len(episodes)


def test_children_are_missing_now_and_returns_wait_for_interviews(loaded):
    missing = loaded.episodes().filter(returned_at__isnull=True)
    assert 5 <= missing.count() <= 8
    assert 1 <= missing.filter(risk_grade="high").count() <= 2
    waiting = ReturnInterview.objects.filter(
        episode__child__authority=loaded.authority,
        status__in=[ReturnInterview.Status.AWAITING_ALLOCATION, ReturnInterview.Status.ALLOCATED],
    )
    assert 8 <= waiting.count() <= 12
    assert all(interview.episode.returned_at >= loaded.now - timedelta(days=3) for interview in waiting)
    assert waiting.filter(status=ReturnInterview.Status.AWAITING_ALLOCATION, allocated_to=None).exists()
    allocated = waiting.filter(status=ReturnInterview.Status.ALLOCATED)
    assert allocated.filter(allocated_to__username="interviewer").exists()
    assert (
        not ReturnInterview.objects.filter(
            episode__child__authority=loaded.authority,
            status__in=[ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED],
        )
        .filter(episode__returned_at__gte=loaded.now - timedelta(days=3))
        .exists()
    )


def test_every_return_has_its_interview_with_the_services_clocks(loaded):
    returned = loaded.episodes().filter(returned_at__isnull=False)
    interviews = ReturnInterview.objects.filter(episode__in=returned).select_related("episode")
    assert interviews.count() == returned.count()
    for interview in interviews:
        assert interview.notified_at == interview.episode.hub_notified_at
        assert interview.interview_due_at == rules.rfmi_due(interview.notified_at, 72)
        assert interview.response_due_at == rules.rfmi_due(interview.notified_at, 72)


def test_interviews_are_on_time_for_most_and_say_why_when_not(loaded):
    done = ReturnInterview.objects.filter(
        episode__child__authority=loaded.authority,
        status__in=[ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED],
    )
    # A completed or declined interview has one of the two.
    late = [i for i in done if cast(datetime, i.interview_at or i.first_response_at) > i.interview_due_at]
    assert 0.55 <= 1 - len(late) / done.count() <= 0.72
    assert all(i.late_reason_id and i.late_detail for i in late)
    assert len({i.late_reason_id for i in late}) >= 5
    declined = done.filter(status=ReturnInterview.Status.DECLINED)
    assert 0.05 * done.count() < declined.count() < 0.2 * done.count()
    assert all(i.declined_reason and i.interview_at is None for i in declined)
    not_in_person = done.filter(face_to_face=False)
    assert not_in_person.exists() and all(i.not_face_to_face_reason for i in not_in_person)
    completed = done.filter(status=ReturnInterview.Status.COMPLETED)
    assert all(i.child_words and i.where_went and i.actions_agreed for i in completed)
    assert completed.filter(factors__kind="push").exists() and completed.filter(factors__kind="pull").exists()
    assert completed.filter(indicators_observed__isnull=False).exists()
    assert completed.exclude(harm="").exists()
    assert set(done.values_list("recorded_by__username", flat=True)) == set(figures.INTERVIEWER_WEIGHTS)


def test_looked_after_children_have_codes_and_placements(loaded):
    looked_after = LegalStatusPeriod.objects.filter(
        child__authority=loaded.authority, status=LegalStatus.LOOKED_AFTER
    )
    assert CareEpisode.objects.filter(period__in=looked_after).count() == looked_after.count()
    coded = loaded.episodes().exclude(dfe_code="")
    codes = Counter(coded.values_list("dfe_code", flat=True))
    assert codes["M"] > 3 * codes["A"] > 0
    assert all(episode.placement for episode in coded)
    for episode in loaded.episodes().select_related("child"):
        day = timezone.localtime(episode.last_seen_at).date()
        in_care = looked_after.filter(child=episode.child, start__lte=day).filter(
            Q(end__isnull=True) | Q(end__gt=day)
        )
        assert in_care.exists() == bool(episode.dfe_code), episode
    placing = set(
        looked_after.exclude(placing_authority=loaded.authority).values_list(
            "placing_authority__ons_code", flat=True
        )
    )
    assert {"E10999002"} < placing and all("999" in code for code in placing)


def test_repeat_missing_alerts_are_raised_as_the_rules_raise_them(loaded):
    active = list(RepeatMissingRule.objects.filter(active=True))
    expected = set()
    for child in Child.objects.filter(pk__in=loaded.episodes().values("child")):
        starts = []
        # A later episode inside an alert's window joins it (one alert per cluster).
        last_alerted: dict[int, datetime] = {}
        for episode in child.missing_episodes.order_by("reported_at"):
            starts.append(episode.last_seen_at)
            level = (
                child.level_changes.filter(decided_at__lte=episode.reported_at)
                .order_by("-decided_at", "-pk")
                .first()
            )
            for rule in active:
                if rule.high_exploitation_risk_only and (level is None or level.level.rank < 2):
                    continue
                trigger = rules.repeat_missing(
                    starts, latest=episode.last_seen_at, episodes=rule.episodes, days=rule.days
                )
                if (
                    trigger
                    and last_alerted.get(rule.pk, trigger.window_start - timedelta(1)) < trigger.window_start
                ):
                    last_alerted[rule.pk] = episode.last_seen_at
                    expected.add((rule.pk, episode.pk))
    alerts = RepeatMissingAlert.objects.filter(child__authority=loaded.authority).select_related("episode")
    # One alert for an episode, naming every rule it met.
    assert alerts.values("episode").distinct().count() == alerts.count()
    assert {
        (rule.pk, a.episode_id) for a in alerts.prefetch_related("rules") for rule in a.rules.all()
    } == expected
    assert all(a.raised_at == a.episode.reported_at for a in alerts)
    waiting = alerts.filter(acknowledged_at__isnull=True)
    assert 0 < waiting.count() <= 12
    recent = loaded.now - timedelta(days=figures.UNACKNOWLEDGED_DAYS)
    assert all(a.raised_at > recent for a in waiting)
    assert all(
        a.acknowledged_by_id and cast(datetime, a.acknowledged_at) > a.raised_at and a.decision_note
        for a in alerts.exclude(acknowledged_at=None)
    )


def test_every_child_who_went_missing_is_flagged_and_known_to_police(loaded):
    children = Child.objects.filter(pk__in=loaded.episodes().values("child"))
    assert not children.filter(previously_missing=False).exists()
    police = AgencyInvolvement.objects.filter(agency__kind="police", end__isnull=True)
    reported_by_police = loaded.episodes().filter(recorded_by__agency__kind="police").values("child")
    assert not Child.objects.filter(pk__in=reported_by_police).exclude(pk__in=police.values("child")).exists()


def test_the_access_log_is_intact(loaded):
    checked, bad, problem = verify_chain()
    assert checked > 5000 and bad is None, problem


def test_loading_again_changes_nothing(loaded):
    def counts():
        return (
            Child.objects.count(),
            MissingEpisode.objects.count(),
            RiskGradeChange.objects.count(),
            ReturnInterview.objects.count(),
            RepeatMissingAlert.objects.count(),
            CareEpisode.objects.count(),
            AgencyInvolvement.objects.count(),
            User.objects.count(),
            Authority.objects.count(),
        )

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "Demo missing episodes: already loaded" in out.getvalue()


def collection_years(first_day: date, last_day: date) -> list[int]:
    """The SSDA903 collection years (ending 31 March YYYY) that the days from ``first_day`` to
    ``last_day`` fall in."""
    return sorted({day.year + (day.month >= 4) for day in (first_day, last_day)})


def test_collection_years_of_a_window():
    assert collection_years(date(2025, 11, 1), date(2026, 10, 31)) == [2026, 2027]
    assert collection_years(date(2025, 4, 1), date(2026, 3, 31)) == [2026]


def test_the_export_of_each_year_passes_the_national_validator(loaded, tmp_path):
    python = validator_python()
    in_year = collection_years(loaded.first_day, loaded.last_day)
    # today's episodes may fall in a later collection year than the demo's year
    for year in collection_years(loaded.first_day, timezone.localdate(loaded.now)):
        out = tmp_path / str(year)
        call_command("export_ssda903", year=year, out=str(out), as_user="coordinator", stdout=io.StringIO())
        rows = (out / reading.MISSING).read_text().splitlines()[1:]
        assert rows or year not in in_year, year
        report = validate(out, year, python)
        assert report["failed"] == {}, (year, report)
        assert report["done"] and not report["crashed"], (year, report)
