"""People and records for the NRM's tests, beside the root fixtures (``people``, ``agencies``,
``wenmoor``): Wenmoor's police and health, an officer involved with the child, a child well short of
18 and one nearly 18, and a referral made on the Thursday before Easter 2026."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_user
from hub.accounts.models import Agency
from hub.children.models import AgencyInvolvement, Allocation
from hub.children.services import child_create
from hub.core.roles import Role
from hub.nrm import services
from hub.reference.models import ExploitationType


@pytest.fixture
def wenmoor_agencies(agencies, wenmoor):
    made = {}
    for key, name, kind in (
        ("police", "Wenmoor Police", Agency.Kind.POLICE),
        ("health", "Wenmoor Community Health", Agency.Kind.HEALTH),
    ):
        made[key] = Agency.objects.create(name=name, kind=kind)
        made[key].authorities.set([wenmoor])
    return {**agencies, **made}


@pytest.fixture
def officer(wenmoor_agencies):
    return make_user("olive", wenmoor_agencies["police"], Role.POLICE_OFFICER)


@pytest.fixture
def child(people, wenmoor, officer, wenmoor_agencies):
    """Mia, 16, allocated to Bob (Wenmoor CSC); Wenmoor Police involved."""
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
    AgencyInvolvement.objects.create(
        child=mia, agency=wenmoor_agencies["police"], recorded_by=people["alice"], start=date(2025, 1, 6)
    )
    return mia


@pytest.fixture
def nearly_adult(people, wenmoor):
    """Kai, 18 on 20 December 2026: within 100 days of it in November 2026."""
    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2008, 12, 20),
    )


@pytest.fixture
def cce():
    return list(ExploitationType.objects.filter(code__in=["cce", "county-lines"]))


def refer(child, by, responder, *, on=date(2026, 11, 16), types=(), **extra):
    return services.nrm_refer(
        by=by,
        child=child,
        first_responder=responder,
        referrer_name="PC Olive Tester",
        referred_on=on,
        exploitation_types=types,
        summary="Found in a trap house in another county with cash and drugs.",
        **extra,
    )
