"""Fixtures for the panel tests: the area's MEP, SEP and MARMM, a chair, and children."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from hub.children.services import child_create, level_set
from hub.core.roles import Role
from hub.panels.models import Panel
from hub.reference.models import LevelOfConcern, MeetingType


@pytest.fixture
def chair(agencies):
    return make_user("helen", agencies["csc"], Role.PANEL_CHAIR)


def make_panel(wenmoor, code, chair, *members):
    panel = Panel.objects.create(
        authority=wenmoor, meeting_type=MeetingType.objects.get(code=code), name=code.upper(), chair=chair
    )
    panel.members.set(members)
    return panel


@pytest.fixture
def mep(wenmoor, chair, people):
    return make_panel(wenmoor, "mep", chair, people["bob"], people["sam"])


@pytest.fixture
def sep_panel(wenmoor, chair, people):
    return make_panel(wenmoor, "sep", chair, people["bob"])


@pytest.fixture
def exploited(people, wenmoor):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Ruby",
        last_name="Quarrie",
        date_of_birth=date(2010, 2, 3),
    )
    level_set(
        child=child,
        level=LevelOfConcern.objects.get(code="exploited"),
        by=people["alice"],
        rationale="Found in a trap house",
        at=timezone.now() - timedelta(days=3),
    )
    child.refresh_from_db()
    return child
