"""Fixtures the intelligence tests share: a hub analyst, a child Bob is allocated to, and a few entities
an analyst has recorded (the area's police officer, ``pc``, is the root conftest's)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import make_user
from hub.children.services import allocation_set, child_create
from hub.core.roles import Role
from hub.intelligence import services


@pytest.fixture
def ana(agencies):
    return make_user("ana", agencies["hub"], Role.HUB_ANALYST)


@pytest.fixture
def child(people, wenmoor):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )
    allocation_set(child=child, worker=people["bob"], by=people["alice"], start=date(2026, 9, 1))
    return child


@pytest.fixture
def network(ana, wenmoor, child):
    """Jay (a person of concern) uses a phone and controls the Station Hotel; Kai was found there."""
    jay = services.entity_create(
        by=ana,
        authority=wenmoor,
        kind="person",
        name="Jay Corran",
        date_of_birth=date(1998, 5, 2),
        aliases=["JC"],
    )
    phone = services.entity_create(by=ana, authority=wenmoor, kind="phone", name="07700 900123")
    hotel = services.entity_create(
        by=ana,
        authority=wenmoor,
        kind="location",
        name="Station Hotel",
        location_type="hotel",
        postcode="mk9 3ej",
    )
    kai = services.child_entity(by=ana, child=child)
    grade: Any = {"source_grade": "2", "intelligence_grade": "B", "handling_code": "P"}
    links = {
        "phone_link": services.link_record(
            by=ana, start=jay, end=phone, kind="uses_phone", seen_from=date(2026, 10, 1), **grade
        ),
        "controls": services.link_record(
            by=ana, start=jay, end=hotel, kind="controls", seen_from=date(2026, 10, 3), **grade
        ),
        "found": services.link_record(
            by=ana, start=kai, end=hotel, kind="found_at", seen_from=date(2026, 11, 2), **grade
        ),
    }
    return {"jay": jay, "phone": phone, "hotel": hotel, "kai": kai, **links}
