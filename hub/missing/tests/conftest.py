"""Fixtures the missing tests share: a return interviewer and a child the area's police (the root
conftest's ``wenmoor_police``, with its officer ``pc``) are involved with."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from conftest import make_user
from hub.children.models import AgencyInvolvement
from hub.children.services import child_create
from hub.core.roles import Role


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
