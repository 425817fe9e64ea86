"""The demo year of screening: the strategy's local profile (324 screenings reviewed, 131 children at
MARMM) over the 12 full months before the load, every level of concern, children under 18, the queue."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from hub.accounts.models import Authority, User
from hub.audit.services import verify_chain
from hub.children.codes import Ethnicity
from hub.children.models import Allocation, Child, LegalStatus, LevelOfConcernChange
from hub.core.calendar import LONDON
from hub.demo.screening import demo_year
from hub.reference.models import LevelOfConcern, School
from hub.screening.models import Route, Screening, ScreeningReview


@dataclass
class LoadedDemo:
    authority: Authority
    loaded_on: date
    start: datetime  # the demo's year as London times: the midnight it starts
    end: datetime  # and the midnight after it ends

    def submitted_in_year(self):
        return Screening.objects.filter(
            authority=self.authority, submitted_at__gte=self.start, submitted_at__lt=self.end
        )

    def year(self):
        """The year's screenings as the profile counts them: submitted and reviewed."""
        return self.submitted_in_year().filter(status=Screening.Status.REVIEWED)


@pytest.fixture(scope="module")
def demo(reference_demo):
    """The reference day's demo, loaded once for the package (see ``conftest.py``). The year is computed
    from the reference day as the loader computes it."""
    load = reference_demo
    loaded_on = load.day
    first_day, last_day = demo_year(loaded_on)
    return LoadedDemo(
        authority=Authority.objects.get(ons_code="E06999001"),
        loaded_on=loaded_on,
        start=datetime.combine(first_day, time(), tzinfo=LONDON),
        end=datetime.combine(last_day + timedelta(days=1), time(), tzinfo=LONDON),
    )


@pytest.fixture
def loaded(demo, db):
    return demo


@pytest.fixture
def authority(loaded):
    return loaded.authority


@pytest.mark.parametrize(
    ("today", "first_day", "last_day"),
    [
        (date(2026, 11, 28), date(2025, 11, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2025, 11, 1), date(2026, 10, 31)),
        (date(2026, 11, 30), date(2025, 11, 1), date(2026, 10, 31)),
        (date(2027, 1, 1), date(2026, 1, 1), date(2026, 12, 31)),
        (date(2028, 3, 15), date(2027, 3, 1), date(2028, 2, 29)),
    ],
)
def test_the_demo_year_is_the_twelve_full_months_before_the_load(today, first_day, last_day):
    assert demo_year(today) == (first_day, last_day)


def test_the_year_has_the_local_profile_figures(loaded):
    authority, start, end = loaded.authority, loaded.start, loaded.end
    submitted = loaded.submitted_in_year()
    year = loaded.year()
    assert year.count() == 324
    assert year.filter(review__reviewed_at__gte=start, review__reviewed_at__lt=end).count() == 324
    # Anything else submitted in the year is in today's queue (a load early in a month reaches back).
    waiting = submitted.exclude(status=Screening.Status.REVIEWED)
    assert set(waiting.values_list("status", flat=True)) <= {Screening.Status.SUBMITTED}
    assert all(s.submitted_at > timezone.now() - timedelta(days=10) for s in waiting)
    marmm = ScreeningReview.objects.filter(
        screening__in=year, route=Route.MARMM, reviewed_at__gte=start, reviewed_at__lt=end
    )
    assert marmm.values("screening__child").distinct().count() == 131
    assert not Screening.objects.filter(authority=authority, submitted_at__lt=start).exists()


def test_children_at_every_level_some_screened_more_than_once(loaded):
    year = loaded.year()
    children = Child.objects.filter(pk__in=year.values("child"))
    assert 250 <= children.count() <= 290
    per_child = Counter(year.values_list("child", flat=True))
    assert max(per_child.values()) >= 2
    levels = Counter(children.values_list("level__code", flat=True))
    assert set(levels) == set(LevelOfConcern.objects.values_list("code", flat=True))
    total = sum(levels.values())
    assert 0.05 < levels["no-current-concern"] / total < 0.3
    assert levels["vulnerable"] > levels["exploited"]
    assert 0.08 < levels["exploited"] / total < 0.3
    decided = Counter(ScreeningReview.objects.filter(screening__in=year).values_list("route", flat=True))
    assert set(decided) == set(Route.values)


def test_level_history_follows_each_review(authority):
    # the screened children (the missing demo adds children who were never screened)
    for child in Child.objects.filter(authority=authority, screenings__isnull=False).distinct():
        reviews = list(ScreeningReview.objects.filter(screening__child=child).order_by("reviewed_at"))
        changes = list(LevelOfConcernChange.objects.filter(child=child).order_by("decided_at", "id"))
        assert [c.decided_at for c in changes] == [r.reviewed_at for r in reviews]
        assert [c.level_id for c in changes] == [r.decided_level_id for r in reviews]
        assert [c.previous_level_id for c in changes] == [None] + [c.level_id for c in changes[:-1]]
        assert child.level_id == changes[-1].level_id
        assert child.created_at <= reviews[0].reviewed_at


def _at(moment: datetime | None) -> datetime:
    """A moment the demo always sets (submitted, due for review)."""
    assert moment is not None
    return moment


def _age(child: Child, day: date) -> int:
    """The demo's children all have a date of birth."""
    age = child.age_on(day)
    assert age is not None
    return age


def test_every_reviewed_screening_has_a_reasoned_review_about_a_child(authority):
    reviewed = Screening.objects.filter(authority=authority, status=Screening.Status.REVIEWED)
    assert reviewed.count() == 324
    for screening in reviewed.select_related("review", "child", "suggested_level", "review__decided_level"):
        review = screening.review
        assert screening.child_id is not None
        assert review.rationale.strip() and review.feedback_to_referrer.strip()
        assert screening.answers.count() == 15
        if review.differs_from_suggestion:
            assert review.difference_reason.strip()
        else:
            # the answers the referrer gave make the tool suggest what the hub decided
            assert screening.suggested_level_id == review.decided_level_id
        assert screening.created_at <= _at(screening.submitted_at) < review.reviewed_at
        assert _at(screening.review_due_at) > _at(screening.submitted_at)


def test_answers_match_the_level(authority):
    for review in ScreeningReview.objects.filter(screening__authority=authority).select_related(
        "screening", "decided_level"
    ):
        yes = review.screening.answers.filter(answer="yes").count()
        if review.decided_level.code == "no-current-concern" and not review.differs_from_suggestion:
            assert yes == 0
        if review.decided_level.code == "exploited" and not review.differs_from_suggestion:
            assert yes >= 5


def test_reviews_are_mostly_on_time_and_some_late(loaded):
    reviews = ScreeningReview.objects.filter(screening__in=loaded.year()).select_related("screening")
    late = [r for r in reviews if r.reviewed_at > _at(r.screening.review_due_at)]
    assert 0 < len(late) < 0.12 * reviews.count()
    months = Counter(timezone.localtime(r.screening.submitted_at).month for r in reviews)
    assert set(months) == set(range(1, 13))


def test_children_are_plausible_and_synthetic(loaded):
    authority = loaded.authority
    children = list(Child.objects.filter(authority=authority).prefetch_related("addresses", "schools"))
    ages: Counter[int] = Counter()
    for screening in loaded.year().select_related("child"):
        ages[_age(screening.child, timezone.localtime(_at(screening.submitted_at)).date())] += 1
    assert min(ages) >= 10 and max(ages) <= 17
    assert sum(n for age, n in ages.items() if 11 <= age <= 17) >= 0.95 * sum(ages.values())
    # Still children when the demo is loaded: the year is recent, not the profile's 2019.
    assert all(_age(child, loaded.loaded_on) <= 17 for child in children)
    assert sum(_age(child, loaded.loaded_on) <= 16 for child in children) > 0.6 * len(children)
    assert {child.sex for child in children} == {"1", "2"}
    assert {child.ethnicity for child in children} <= set(Ethnicity.values)
    assert len({child.ethnicity for child in children}) >= 8
    assert len({(child.first_name, child.last_name) for child in children}) == len(children)
    schools = set(School.objects.filter(authority=authority).values_list("pk", flat=True))
    for child in children:
        assert all(address.postcode.startswith("QW") for address in child.addresses.all())
        assert child.addresses.all()
        assert all(period.school_id in schools for period in child.schools.all())
    assert any(child.learning_disability for child in children)
    looked_after = Child.objects.filter(authority=authority, legal_statuses__status=LegalStatus.LOOKED_AFTER)
    assert looked_after.exists()
    assert looked_after.exclude(legal_statuses__placing_authority=authority).exists()  # placed here


def test_referrers_come_from_several_agencies(loaded):
    year = loaded.year()
    assert len(set(year.values_list("referrer_agency__kind", flat=True))) >= 7
    referrers = User.objects.filter(screenings__in=year).distinct()
    assert referrers.count() >= 12
    assert all(user.role_codes for user in referrers)
    assert not any(user.has_usable_password() for user in referrers.exclude(username__in=_demo_usernames()))


def _demo_usernames():
    from hub.demo.people import PEOPLE

    return list(PEOPLE)


def test_the_practitioner_holds_a_dozen_children_at_significant_concern(loaded):
    allocations = Allocation.objects.filter(worker__username="practitioner", end__isnull=True)
    assert allocations.count() == 12
    assert set(allocations.values_list("child__level__code", flat=True)) <= {"groomed-targeted", "exploited"}
    assert all(10 <= _age(allocation.child, loaded.loaded_on) <= 17 for allocation in allocations)


def test_the_review_queue_has_recent_screenings_one_overdue_one_at_immediate_risk(authority):
    waiting = Screening.objects.filter(authority=authority, status=Screening.Status.SUBMITTED)
    assert waiting.count() == 6
    now = timezone.now()
    assert all(now - timedelta(days=10) < _at(s.submitted_at) < now for s in waiting)
    assert sum(_at(s.review_due_at) < now for s in waiting) == 1
    assert waiting.filter(immediate_risk=True).count() == 1
    assert not waiting.filter(immediate_risk=True, review_due_at__lt=now).exists()
    assert all(s.suggested_level_id and s.first_name and s.last_name for s in waiting)


def test_the_access_log_is_intact(authority):
    checked, bad, problem = verify_chain()
    assert checked > 324 and bad is None, problem


def test_loading_again_changes_nothing(authority):
    def counts():
        return (
            Screening.objects.count(),
            ScreeningReview.objects.count(),
            Child.objects.count(),
            LevelOfConcernChange.objects.count(),
            Allocation.objects.count(),
            User.objects.count(),
        )

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "already loaded (324 reviewed" in out.getvalue()
    # Next year the demo's year has moved on, but the marker (reviewed screenings by the loader's own
    # referrers) has not: still already loaded.
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        later = io.StringIO()
        call_command("load_demo", stdout=later)
    assert counts() == before
    assert "already loaded (324 reviewed" in later.getvalue()
