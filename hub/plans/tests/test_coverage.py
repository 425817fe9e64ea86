"""The outcome measure: every child at vulnerable, groomed/targeted or exploited has a plan that
addresses individual and contextual risks and strengthens protective factors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hub.children.models import AgencyInvolvement
from hub.children.services import child_create, level_set
from hub.plans import selectors, services
from hub.plans.services import FactorInput
from hub.plans.tests.conftest import FACTORS, agree
from hub.reference.models import LevelOfConcern


def _child(authority, by, name, level_code, *, at=None):
    first, last = name.split()
    child = child_create(
        authority=authority, by=by, first_name=first, last_name=last, date_of_birth=date(2010, 1, 1)
    )
    level_set(
        child=child, level=LevelOfConcern.objects.get(code=level_code), by=by, rationale="Hub review", at=at
    )
    return child


@pytest.fixture
def area(people, wenmoor, harrowfield):
    alice = people["alice"]
    ago = timezone.now() - timedelta(days=60)
    children = {
        "complete": _child(wenmoor, alice, "Ava Complete", "exploited", at=ago),
        "no_protective": _child(wenmoor, alice, "Ben Partial", "groomed-targeted", at=ago),
        "no_plan": _child(wenmoor, alice, "Cal Noplan", "vulnerable", at=ago),
        "draft_only": _child(wenmoor, alice, "Dee Draft", "vulnerable", at=ago),
        "no_concern": _child(wenmoor, alice, "Eli Fine", "no-current-concern", at=ago),
        "elsewhere": _child(harrowfield, alice, "Fay Away", "exploited", at=ago),
    }
    # Harrowfield's police are involved with the child there, so they may start her plan.
    AgencyInvolvement.objects.create(
        child=children["elsewhere"], agency=people["charlie"].agency, recorded_by=alice, start=ago.date()
    )
    for key in ("complete", "no_concern", "elsewhere"):
        lead = people["charlie"] if key == "elsewhere" else alice
        plan = services.plan_start(child=children[key], by=lead, lead=lead)
        agree(plan, lead, agreed_on=timezone.localdate() - timedelta(days=10))
    plan = services.plan_start(child=children["no_protective"], by=alice)
    agree(plan, alice, factors=[f for f in FACTORS if f.kind != "protective"])
    services.plan_start(child=children["draft_only"], by=alice)
    return children


def test_coverage_counts_children_at_the_three_levels_and_their_complete_plans(area, wenmoor):
    coverage = selectors.plan_coverage(wenmoor)
    assert (coverage.children, coverage.with_plan, coverage.addressed) == (4, 2, 1)
    assert coverage.percent == 25
    by_level = {row.code: (row.children, row.with_plan, row.addressed) for row in coverage.by_level}
    assert by_level == {"vulnerable": (2, 0, 0), "groomed-targeted": (1, 1, 0), "exploited": (1, 1, 1)}


def test_coverage_on_a_past_date_uses_the_levels_and_versions_of_that_date(area, wenmoor, people):
    last_week = timezone.localdate() - timedelta(days=7)
    # Ben's plan was agreed today: a week ago only Ava's counted.
    assert (selectors.plan_coverage(wenmoor, on=last_week).with_plan) == 1
    # Before anyone's level was decided there is nobody to cover.
    assert selectors.plan_coverage(wenmoor, on=last_week - timedelta(days=90)).children == 0
    assert selectors.plan_coverage(wenmoor, on=last_week - timedelta(days=90)).percent is None
    # A level raised today does not change last week's count.
    level_set(
        child=area["no_concern"],
        level=LevelOfConcern.objects.get(code="exploited"),
        by=people["alice"],
        rationale="x",
    )
    assert selectors.plan_coverage(wenmoor, on=last_week).children == 4
    assert selectors.plan_coverage(wenmoor).children == 5


def test_a_review_that_adds_the_missing_factor_completes_coverage(area, wenmoor, people):
    plan = selectors.current_plan(area["no_protective"])
    assert plan is not None
    carried = services.factor_inputs_from(selectors.latest_version(plan))
    services.plan_review(
        plan=plan,
        by=people["alice"],
        version=plan.version,
        agreed_on=timezone.localdate(),
        agreed_by="MEP",
        review_date=timezone.localdate() + timedelta(days=30),
        factors=[*carried, FactorInput("protective", "Back at school full time")],
        progress="Attending school again.",
    )
    assert selectors.plan_coverage(wenmoor).addressed == 2


def test_a_closed_plan_stops_counting_from_the_day_it_closes(area, wenmoor, people):
    plan = selectors.current_plan(area["complete"])
    assert plan is not None
    services.plan_close(
        plan=plan, by=people["alice"], version=plan.version, reason="moved", note="Moved to another area."
    )
    today = selectors.plan_coverage(wenmoor)
    assert (today.with_plan, today.addressed) == (1, 0)  # only Ben's, which has no protective factor
    yesterday = selectors.plan_coverage(wenmoor, on=timezone.localdate() - timedelta(days=1))
    assert (yesterday.with_plan, yesterday.addressed) == (1, 1)  # Ava's, before it closed


def test_coverage_runs_in_a_fixed_number_of_queries(area, wenmoor, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        selectors.plan_coverage(wenmoor)
