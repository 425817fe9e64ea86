"""Fixtures the missing tests share: the area's police, a police officer, a return interviewer and a
child the police are involved with."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from conftest import make_user
from hub.accounts.models import Agency
from hub.children.models import AgencyInvolvement
from hub.children.services import child_create
from hub.core.roles import Role


@pytest.fixture
def wenmoor_police(wenmoor):
    agency = Agency.objects.create(name="Wenmoor Police", kind=Agency.Kind.POLICE)
    agency.authorities.set([wenmoor])
    return agency


@pytest.fixture
def pc(wenmoor_police):
    return make_user("pc", wenmoor_police, Role.POLICE_OFFICER)


@pytest.fixture
def rita(agencies):
    return make_user("rita", agencies["hub"], Role.RETURN_INTERVIEWER)


@pytest.fixture
def child(people, wenmoor, wenmoor_police):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )
    AgencyInvolvement.objects.create(
        child=child, agency=wenmoor_police, recorded_by=people["alice"], start=timezone.localdate()
    )
    return child
