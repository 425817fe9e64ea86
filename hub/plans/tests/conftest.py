"""Fixtures the plan tests share. Kai Brennan (Wenmoor) is allocated to Bob, a CSC practitioner;
Wenmoor police are involved with him (Pc Pele reads his plan); Helen chairs Wenmoor's panels from the
partnership's agency, which is not involved with Kai; Yusuf is a youth offending practitioner with
no link to him. Charlie (Harrowfield police) and Sam (a school lead) are outside, from the root
conftest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from hub.accounts.models import Agency
from hub.children.services import allocation_set, child_create, involvement_add
from hub.core.roles import Role
from hub.plans import services
from hub.plans.services import FactorInput


@pytest.fixture
def yot(wenmoor):
    agency = Agency.objects.create(name="Wenmoor Youth Offending Team", kind=Agency.Kind.YOUTH_OFFENDING)
    agency.authorities.set([wenmoor])
    return agency


@pytest.fixture
def pele(wenmoor_police):
    return make_user("pele", wenmoor_police, Role.POLICE_OFFICER)


@pytest.fixture
def helen(agencies):
    # In the partnership's agency, which is not involved with Kai: she sees plans as a panel chair.
    return make_user("helen", agencies["partnership"], Role.PANEL_CHAIR)


@pytest.fixture
def yusuf(yot):
    return make_user("yusuf", yot, Role.PRACTITIONER)


@pytest.fixture
def child(people, wenmoor, wenmoor_police):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )
    today = timezone.localdate()
    allocation_set(child=child, worker=people["bob"], by=people["alice"], start=today - timedelta(days=30))
    involvement_add(child=child, by=people["alice"], agency=wenmoor_police, start=today - timedelta(days=20))
    return child


FACTORS = [
    FactorInput("individual", "Goes missing overnight, most weekends", "high"),
    FactorInput("individual", "Owes money for a phone he was given", "medium"),
    FactorInput("contextual", "Older boys at the Canal Street flats", "high", "peers"),
    FactorInput("contextual", "Approached through a gaming chat", "medium", "online"),
    FactorInput("protective", "Close to his grandmother, who he calls daily"),
]


def agree(plan, by, *, factors=FACTORS, agreed_on=None, review_in=56, **extra):
    agreed_on = agreed_on or timezone.localdate()
    return services.plan_agree(
        plan=plan,
        by=by,
        version=plan.version,
        agreed_on=agreed_on,
        agreed_by="MEP with Kai, his mother, school and police",
        review_date=agreed_on + timedelta(days=review_in),
        factors=factors,
        summary="Kai is safe at home at weekends and free of the debt.",
        child_views="I just want them to leave me alone.",
        family_views="His mother wants him moved away from the estate.",
        **extra,
    )


@pytest.fixture
def agreed_plan(child, people):
    plan = services.plan_start(child=child, by=people["bob"], source_label="MEP 3 March")
    agree(plan, people["bob"])
    plan.refresh_from_db()
    return plan
