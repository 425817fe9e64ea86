"""The demo area on any reference day: built from a day in June, the nights the clocks change, 29 February,
31 December and 1 January, it holds the strategy's local profile in its year, nothing in it has yet to
happen, the access log is intact, and someone trying the demo can run an MEP. The same reference day gives
the same area, to the row."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db.models import Max

from hub.accounts.models import Authority, User
from hub.actions.selectors import my_actions
from hub.audit.services import verify_chain
from hub.children.models import LegalStatusPeriod
from hub.core import clock
from hub.core.calendar import LONDON
from hub.demo.screening import demo_year
from hub.demo.tests.fingerprints import fingerprint
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.panels import agenda, services
from hub.panels.models import DecisionKind, Meeting, Panel
from hub.screening.models import Route, Screening, ScreeningReview

DAYS = {
    "june": datetime(2027, 6, 16, 9, 0, tzinfo=LONDON),
    "clocks-forward": datetime(2027, 3, 28, 9, 0, tzinfo=LONDON),  # last Sunday of March
    "clocks-back": datetime(2027, 10, 31, 9, 0, tzinfo=LONDON),  # last Sunday of October
    "leap-day": datetime(2028, 2, 29, 9, 0, tzinfo=LONDON),
    "new-years-eve": datetime(2026, 12, 31, 9, 0, tzinfo=LONDON),
    "new-years-day": datetime(2027, 1, 1, 9, 0, tzinfo=LONDON),
}
SAME_DAY_CHECKED = DAYS["june"]


@pytest.fixture(scope="module", params=list(DAYS))
def day_demo(request, demo_area, tmp_path_factory, area_fingerprints):
    on = DAYS[request.param]
    with demo_area(tmp_path_factory.mktemp(request.param), on=on) as load:
        if on == SAME_DAY_CHECKED:
            # test_same_day.py loads this day again and compares, rather than loading it twice
            area_fingerprints[on] = fingerprint()
        yield on, load


@pytest.fixture(autouse=True)
def reference_clock(time_machine, day_demo):
    """These tests run on the demo's reference day, not the suite's usual one."""
    time_machine.move_to(day_demo[0], tick=True)
    return time_machine


@pytest.fixture
def loaded(day_demo, db):
    return day_demo[1]


def year_bounds(load):
    first_day, last_day = demo_year(load.day)
    return (
        datetime.combine(first_day, time(), tzinfo=LONDON),
        datetime.combine(last_day + timedelta(days=1), time(), tzinfo=LONDON),
    )


def test_the_year_holds_the_local_profile(loaded):
    authority = Authority.objects.get(ons_code="E06999001")
    start, end = year_bounds(loaded)
    reviewed = Screening.objects.filter(
        authority=authority, submitted_at__gte=start, submitted_at__lt=end, status=Screening.Status.REVIEWED
    )
    assert reviewed.count() == 324
    marmm = ScreeningReview.objects.filter(screening__in=reviewed, route=Route.MARMM)
    assert marmm.values("screening__child").distinct().count() == 131
    episodes = MissingEpisode.objects.filter(
        child__authority=authority, last_seen_at__gte=start, last_seen_at__lt=end
    )
    assert episodes.count() == 1173
    assert episodes.values("child").distinct().count() == 397
    placed = LegalStatusPeriod.objects.filter(host_authority=authority).exclude(placing_authority=authority)
    placed_episodes = episodes.filter(child__in=placed.values("child"))
    assert placed_episodes.values("child").distinct().count() == 64
    assert placed_episodes.count() == 282


def test_nothing_in_the_area_has_yet_to_happen(loaded):
    """Everything happened before the start of the reference day; only meetings and due dates lie ahead."""
    built = loaded.built_as_of
    latest = [
        Screening.objects.aggregate(at=Max("submitted_at"))["at"],
        ScreeningReview.objects.aggregate(at=Max("reviewed_at"))["at"],
        MissingEpisode.objects.aggregate(at=Max("last_seen_at"))["at"],
        MissingEpisode.objects.aggregate(at=Max("returned_at"))["at"],
        ReturnInterview.objects.aggregate(at=Max("interview_at"))["at"],
        Meeting.objects.filter(status=Meeting.Status.MINUTES_ISSUED).aggregate(at=Max("held_at"))["at"],
    ]
    assert all(at is not None and at <= built for at in latest), (built, latest)


def test_the_access_log_is_intact(loaded):
    checked, bad, problem = verify_chain()
    assert checked > 10_000 and bad is None, problem


def test_someone_trying_the_demo_builds_and_runs_an_mep(loaded):
    """As the browser journey does: the chair plans a meeting, adds a proposal, escalates the child to SEP
    (the first child proposed whom SEP does not already monitor) and agrees an action for the practitioner,
    who then sees it among her first five."""
    chair = User.objects.get(username="chair")
    practitioner = User.objects.get(username="practitioner")
    panel = Panel.objects.get(authority__ons_code="E06999001", meeting_type__code="mep")
    now = clock.now()
    meeting = services.meeting_schedule(panel=panel, by=chair, held_at=now - timedelta(minutes=5))
    proposal = next(
        p
        for p in agenda.propose(meeting)
        if p.child is not None and not p.child.sep_periods.filter(end__isnull=True).exists()
    )
    item = services.item_add(
        meeting=meeting,
        by=chair,
        kind=proposal.kind,
        child=proposal.child,
        reason=proposal.reason,
        rule=proposal.rule,
    )
    services.decision_record(item=item, by=chair, kind=DecisionKind.ESCALATE_SEP, detail="SEP to coordinate.")
    action = services.item_action_add(
        item=item,
        by=chair,
        title="Joint visit with the youth worker",
        due=now.date() + timedelta(days=14),
        owner_user=practitioner,
    )
    assert action in my_actions(practitioner)[:5]
