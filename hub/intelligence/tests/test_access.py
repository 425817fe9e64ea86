"""Who sees intelligence: the intelligence roles of the area; a link only as its handling allows; nobody
once it is disposed of; and, for a case holder who works no intelligence, only that a concern exists."""

from __future__ import annotations

from datetime import date

import pytest

from hub.audit.models import AccessLogEntry
from hub.core.errors import NotVisible
from hub.intelligence import selectors, services


def test_the_intelligence_roles_of_the_area_see_it_and_nobody_else(ana, pc, people, network):
    jay = network["jay"]
    for reader in (ana, pc, people["alice"]):
        assert jay in selectors.entities_visible(reader)
        entity, decision = selectors.entity_get_for_user(reader, jay.pk)
        assert entity == jay and decision.justification == "intelligence"
    for name in ("bob", "charlie", "sam", "dana", "erin", "pat"):
        assert not selectors.entities_visible(people[name]).exists()
        assert not selectors.links_visible(people[name]).exists()
        with pytest.raises(NotVisible):
            selectors.entity_get_for_user(people[name], jay.pk)
    refused = AccessLogEntry.objects.filter(action="refused", record_type="intelligence.entity")
    assert set(refused.values_list("username", flat=True)) == {"bob", "charlie", "sam", "dana", "erin", "pat"}


def test_every_look_is_in_the_access_log(ana, network):
    before = AccessLogEntry.objects.filter(action="consult").count()
    assert [entity.name for entity in selectors.entity_search(ana, "jc")] == ["Jay Corran"]  # by the alias
    links = selectors.links_of(ana, network["hotel"])
    assert {link.kind for link in links} == {"controls", "found_at"}
    consulted = AccessLogEntry.objects.filter(action="consult").order_by("id")[before:]
    assert [entry.record_type for entry in consulted] == ["intelligence.entity", "intelligence.link"]
    assert consulted[1].record_ids == ",".join(str(link.pk) for link in links)


def test_a_link_kept_within_its_agency_is_seen_only_there(ana, pc, people, network):
    older = services.link_record(
        by=pc,
        start=network["jay"],
        end=network["hotel"],
        kind="seen_at",
        seen_from=date(2019, 6, 1),
        grading="5x5x5",
        source_grade="B",
        intelligence_grade="2",
        handling_code="4",
    )
    assert older in selectors.links_of(pc, network["hotel"])
    assert older not in selectors.links_of(ana, network["hotel"])
    assert older not in selectors.links_visible(people["alice"])


def test_what_is_disposed_of_is_seen_by_nobody(ana, pc, network):
    services.entity_review(
        by=ana, entity=network["jay"], decision="dispose", reason="Review: no longer of concern"
    )
    for reader in (ana, pc):
        assert network["jay"] not in selectors.entities_visible(reader)
        assert not selectors.links_visible(reader).filter(source=network["jay"]).exists()
        with pytest.raises(NotVisible):
            selectors.entity_get_for_user(reader, network["jay"].pk)
    assert network["found"] in selectors.links_visible(ana)  # Kai's link to the hotel stays


def test_a_case_holder_is_told_only_that_a_concern_exists(people, child, ana, network):
    summary = selectors.concern_summary(people["bob"], child)
    assert summary is not None and summary.exists and "analyst" in summary.advice
    assert selectors.concern_summary(ana, child) is None  # the analyst sees the links themselves
    services.link_review(by=ana, link=network["found"], decision="dispose", reason="Wrong child")
    after = selectors.concern_summary(people["bob"], child)
    assert after is not None and not after.exists


def test_the_review_queue_shows_what_is_due_overdue_first(ana, people, network, time_machine):
    # Recorded on 18 November 2026: a person of concern and each link are reviewed a year later.
    due = {network["jay"], network["phone_link"], network["controls"], network["found"]}
    time_machine.move_to("2027-11-01 09:00 +00:00", tick=False)
    assert selectors.review_queue(ana) == []
    time_machine.move_to("2027-11-10 09:00 +00:00", tick=False)  # due within a fortnight
    queue = selectors.review_queue(ana)
    assert {row.record for row in queue} == due and not any(row.overdue for row in queue)
    time_machine.move_to("2027-11-20 09:00 +00:00", tick=False)
    assert all(row.overdue for row in selectors.review_queue(ana))
    assert selectors.review_queue(people["alice"]) == []  # a coordinator changes nothing graded
