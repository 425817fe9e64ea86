"""Emerging contexts: a place children from several schools have started to share, children found
together, a new phone shared by children; worked out over what the reader may see, told to hub staff
only, by the rules an administrator keeps."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from hub.children.services import child_create, school_add
from hub.intelligence import services
from hub.intelligence.emerging import emerging_contexts
from hub.intelligence.models import ContextAlertRule
from hub.reference.models import School

GRADE: Any = {"source_grade": "2", "intelligence_grade": "B", "handling_code": "P"}


def _school(wenmoor, urn: str, name: str) -> School:
    return School.objects.create(
        authority=wenmoor, urn=urn, name=name, phase=School.Phase.SECONDARY, locality="north", roll=900
    )


@pytest.fixture
def pupils(people, ana, wenmoor, child):
    """Kai (already at the Station Hotel on 2 November) and two more children, at two schools."""
    ash, elm = _school(wenmoor, "990201", "Ashbrook Academy"), _school(wenmoor, "990202", "Elmfield Academy")
    alice = people["alice"]
    school_add(child=child, by=alice, school=ash, start=date(2025, 9, 1))
    others = []
    for first, school in (("Mia", ash), ("Leo", elm)):
        other = child_create(
            authority=wenmoor, by=alice, first_name=first, last_name="Ward", date_of_birth=date(2011, 6, 1)
        )
        school_add(child=other, by=alice, school=school, start=date(2025, 9, 1))
        others.append(services.child_entity(by=ana, child=other))
    return others


def _alerts(user, pattern):
    return [alert for alert in emerging_contexts(user) if alert.rule.pattern == pattern]


def test_three_children_from_two_schools_at_one_place_in_30_days(ana, network, pupils):
    mia, leo = pupils
    hotel = network["hotel"]
    services.link_record(by=ana, start=mia, end=hotel, kind="seen_at", seen_from=date(2026, 11, 10), **GRADE)
    assert _alerts(ana, "place") == []  # two children so far
    services.link_record(by=ana, start=leo, end=hotel, kind="found_at", seen_from=date(2026, 11, 12), **GRADE)
    [alert] = _alerts(ana, "place")
    assert alert.entity == hotel and alert.schools == 2
    assert {child.name for child in alert.children} == {"Kai Brennan", "Mia Ward", "Leo Ward"}
    assert alert.summary == "3 children from 2 schools linked to Station Hotel in 30 days"


def test_the_rules_are_the_administrators(ana, network, pupils):
    for child_entity in pupils:
        services.link_record(
            by=ana,
            start=child_entity,
            end=network["hotel"],
            kind="seen_at",
            seen_from=date(2026, 11, 10),
            **GRADE,
        )
    ContextAlertRule.objects.filter(pattern="place").update(schools=3)
    assert _alerts(ana, "place") == []
    ContextAlertRule.objects.filter(pattern="place").update(schools=2, days=10)
    assert _alerts(ana, "place") == []  # Kai's link of 2 November is outside ten days


def test_children_found_together_and_a_shared_phone(ana, network, pupils):
    mia, leo = pupils
    services.link_record(
        by=ana, start=mia, end=network["hotel"], kind="found_at", seen_from=date(2026, 11, 2), **GRADE
    )
    [together] = _alerts(ana, "found_together")
    assert together.on == date(2026, 11, 2) and len(together.children) == 2
    burner = services.entity_create(
        by=ana, authority=network["hotel"].authority, kind="phone", name="07700 900999"
    )
    services.link_record(
        by=ana, start=mia, end=burner, kind="uses_phone", seen_from=date(2026, 11, 15), **GRADE
    )
    assert _alerts(ana, "shared_phone") == []
    services.link_record(
        by=ana, start=leo, end=burner, kind="uses_phone", seen_from=date(2026, 11, 16), **GRADE
    )
    [shared] = _alerts(ana, "shared_phone")
    assert shared.entity == burner and shared.summary == "2 children use 07700 900999"


def test_hub_staff_only_and_only_over_what_they_may_see(client_for, people, pc, ana, network, pupils):
    mia = pupils[0]
    services.link_record(
        by=ana, start=mia, end=network["hotel"], kind="found_at", seen_from=date(2026, 11, 2), **GRADE
    )
    assert _alerts(people["alice"], "found_together")  # a hub coordinator is told
    assert emerging_contexts(pc) == []  # police work the intelligence, the hub is told of patterns
    assert emerging_contexts(people["bob"]) == []
    assert client_for(people["bob"]).get(reverse("intelligence:emerging")).status_code == 403
    page = client_for(people["alice"]).get(reverse("intelligence:emerging"))
    assert (
        page.status_code == 200
        and "2 children found at Station Hotel on 2 November 2026" in page.content.decode()
    )
    # A link kept within the police (5x5x5, handling 4) is not the hub's to see, so it makes no pattern.
    ContextAlertRule.objects.filter(pattern="shared_phone").update(children=2)
    burner = services.entity_create(
        by=pc, authority=network["hotel"].authority, kind="phone", name="07700 900888"
    )
    for child_entity in pupils:
        services.link_record(
            by=pc,
            start=child_entity,
            end=burner,
            kind="uses_phone",
            seen_from=date(2026, 11, 15),
            grading="5x5x5",
            source_grade="B",
            intelligence_grade="2",
            handling_code="4",
        )
    assert _alerts(ana, "shared_phone") == []
    home = client_for(ana).get(reverse("core:home")).content.decode()
    assert "Emerging contexts" in home


def test_an_alert_about_a_place_becomes_an_agenda_item(client_for, ana, people, network, pupils, wenmoor):
    """The alert offers the place as a case and its raising for a panel, the alert's words starting the
    reason; the raise page keeps them."""
    from datetime import timedelta

    from django.utils import timezone

    from hub.panels import services as panel_services
    from hub.panels.models import Panel
    from hub.reference.models import MeetingType

    for child_entity in pupils:
        services.link_record(
            by=ana,
            start=child_entity,
            end=network["hotel"],
            kind="seen_at",
            seen_from=date(2026, 11, 10),
            **GRADE,
        )
    panel = Panel.objects.create(
        authority=wenmoor, meeting_type=MeetingType.objects.get(code="sep"), name="SEP"
    )
    panel_services.meeting_schedule(
        panel=panel, by=people["alice"], held_at=timezone.now() + timedelta(days=5)
    )
    page = client_for(ana).get(reverse("intelligence:emerging")).content.decode()
    assert "Work Station Hotel as a case" in page and "Raise Station Hotel for a panel&#x27;s agenda" in page
    raise_url = reverse("panels:raise_case", args=[network["hotel"].pk])
    form = client_for(ana).get(
        raise_url, {"reason": "3 children from 2 schools linked to Station Hotel in 30 days"}
    )
    assert "3 children from 2 schools linked to Station Hotel" in form.content.decode()
    # The coordinator sees the alert too (hub staff) and may raise it.
    assert (
        "Raise Station Hotel"
        in client_for(people["alice"]).get(reverse("intelligence:emerging")).content.decode()
    )
