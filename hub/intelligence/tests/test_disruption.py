"""Disruption activity through its services: the toolkit's tactics as reference data, an order recorded
against a person, a group or a place by the police or housing, its dates' rules, moving it on and
correcting it with a reason, all in the history and the access log; who is refused, and that the refusal
is logged; what each reader sees."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hub.accounts.models import Agency
from hub.audit.models import AccessLogEntry
from hub.core.corrections import corrections_of
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused, StaleVersion
from hub.core.models import LateEntry
from hub.intelligence import disruption_services as ds
from hub.intelligence import selectors, services
from hub.intelligence.models import Disruption
from hub.reference.models import DisruptionTactic


def tactic(code: str) -> DisruptionTactic:
    return DisruptionTactic.objects.get(code=code)


@pytest.fixture
def housing(wenmoor):
    agency = Agency.objects.create(name="Wenmoor Homes", kind=Agency.Kind.HOUSING)
    agency.authorities.set([wenmoor])
    return agency


@pytest.fixture
def cawn(pc, network):
    """PC's Child Abduction Warning Notice on Jay, in force until May."""
    return ds.disruption_record(
        by=pc,
        target=network["jay"],
        tactic=tactic("cawn"),
        started_on=date(2026, 11, 10),
        expires_on=date(2027, 5, 10),
        status="in_force",
        conditions="Not to associate with Kai Brennan.",
    )


def test_the_toolkit_is_reference_data_with_its_legal_basis_and_targets(db):
    assert DisruptionTactic.objects.count() == 14
    assert tactic("cawn").legal_basis == "s.2 Child Abduction Act 1984; s.49 Children Act 1989"
    assert tactic("stpo").legal_basis == "ss.14-15 Modern Slavery Act 2015"
    assert tactic("stro").legal_basis == "s.23 Modern Slavery Act 2015"
    assert "Part 4 Policing and Crime Act 2009" in tactic("gang-injunction").legal_basis
    places = {row.code for row in ds.tactics_for("location")}
    assert {"closure-notice", "closure-order", "pspo", "hotel-information-request", "dispersal"} <= places
    assert "cawn" not in places
    assert {row.code for row in ds.tactics_for("group")} == {"gang-injunction", "dispersal"}
    assert ds.tactics_for("phone") == [] and ds.tactics_for("child") == []


def test_an_officer_records_a_warning_notice_against_a_person(pc, network, cawn, wenmoor_police):
    assert cawn.agency == wenmoor_police  # the recorder's own agency by default
    assert cawn.authority == network["jay"].authority and cawn.version == 1
    assert cawn.history.count() == 1
    logged = AccessLogEntry.objects.get(
        username="pc", action="collect", record_type="intelligence.disruption"
    )
    assert logged.record_ids == str(cawn.pk) and "cawn" in logged.detail


def test_an_analyst_records_housing_closing_a_place(ana, network, housing):
    closure = ds.disruption_record(
        by=ana,
        target=network["hotel"],
        tactic=tactic("closure-order"),
        agency=housing,
        started_on=date(2026, 11, 16),
        expires_on=date(2027, 2, 16),
        status="granted",
        notes="Granted at Wenmoor Magistrates.",
    )
    assert closure.agency.kind == Agency.Kind.HOUSING
    assert [row.pk for row in selectors.disruptions_of(ana, network["hotel"])] == [closure.pk]


@pytest.mark.parametrize("name", ["bob", "alice", "sam", "dana", "pat"])
def test_who_works_no_intelligence_or_only_reads_it_is_refused(people, network, name):
    with pytest.raises(Forbidden):
        ds.disruption_record(
            by=people[name],
            target=network["jay"],
            tactic=tactic("cawn"),
            started_on=date(2026, 11, 10),
            status="in_force",
        )
    assert not Disruption.objects.exists()
    assert AccessLogEntry.objects.filter(
        username=name, action="refused", detail__contains="disruption"
    ).exists()


def test_an_officer_of_a_force_outside_the_area_is_told_nothing(people, network, cawn):
    charlie = people["charlie"]
    with pytest.raises(NotVisible):
        ds.disruption_record(
            by=charlie,
            target=network["jay"],
            tactic=tactic("cawn"),
            started_on=date(2026, 11, 1),
            status="granted",
        )
    with pytest.raises(NotVisible):
        ds.disruption_update(by=charlie, disruption=cawn, version=1, status="breached")
    refused = AccessLogEntry.objects.filter(username="charlie", action="refused")
    assert set(refused.values_list("record_type", flat=True)) == {
        "intelligence.entity",
        "intelligence.disruption",
    }
    assert list(selectors.disruptions_visible(charlie)) == []


def test_a_coordinator_reads_but_does_not_move_it_on(people, cawn):
    alice = people["alice"]
    assert list(selectors.disruptions_visible(alice)) == [cawn]
    with pytest.raises(Forbidden):
        ds.disruption_update(by=alice, disruption=cawn, version=1, status="breached")
    with pytest.raises(Forbidden):
        ds.disruption_correct(by=alice, disruption=cawn, version=1, reason="typo", notes="x")
    refused = AccessLogEntry.objects.filter(username="alice", action="refused")
    assert refused.filter(detail__startswith="change disruption refused").count() == 2


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("jay", {"tactic": "closure-order"}, "tactic"),
    ("hotel", {"tactic": "cawn"}, "tactic"),
    ("jay", {"started_on": date(2026, 11, 19)}, "started_on"),
    ("jay", {"expires_on": date(2026, 11, 10)}, "expires_on"),
    ("jay", {"expires_on": date(2046, 11, 10)}, "expires_on"),
    ("jay", {"status": "expired", "expires_on": date(2027, 1, 1)}, "status"),
    ("jay", {"status": "expired"}, "expires_on"),
    ("jay", {"status": "in_force", "expires_on": date(2026, 11, 17)}, "status"),
    ("jay", {"status": "won"}, "status"),
    ("jay", {"agency": "other_police"}, "agency"),
    ("jay", {"conditions": "x" * 5001}, "conditions"),
]


@pytest.mark.parametrize(("target", "change", "field"), BAD)
def test_what_cannot_be_true_is_refused_by_field(pc, agencies, network, target, change, field):
    values: dict[str, Any] = {
        "tactic": tactic("cawn"),
        "started_on": date(2026, 11, 10),
        "status": "in_force",
        **change,
    }
    if isinstance(values["tactic"], str):
        values["tactic"] = tactic(values["tactic"])
    if "agency" in values:
        values["agency"] = agencies[values["agency"]]
    with pytest.raises(FieldRefused) as refused:
        ds.disruption_record(by=pc, target=network[target], **values)
    assert refused.value.field == field
    assert not Disruption.objects.exists()


def test_only_a_person_group_or_place_is_disrupted(pc, network):
    with pytest.raises(RuleRefused, match="person, a group or a place"):
        ds.disruption_record(
            by=pc,
            target=network["phone"],
            tactic=tactic("cawn"),
            started_on=date(2026, 11, 1),
            status="granted",
        )


def test_an_order_recorded_long_after_it_started_asks_why(pc, network):
    values: dict[str, Any] = {
        "by": pc,
        "target": network["jay"],
        "tactic": tactic("stro"),
        "started_on": date(2026, 6, 1),
        "expires_on": date(2028, 6, 1),
        "status": "in_force",
    }
    with pytest.raises(FieldRefused) as refused:
        ds.disruption_record(**values)
    assert refused.value.field == "late_entry_reason"
    order = ds.disruption_record(**values, late_entry_reason="Found in the force's old order register.")
    assert LateEntry.objects.get(object_id=order.pk).reason == "Found in the force's old order register."


def test_it_is_moved_on_with_a_signed_note_and_then_ends(pc, ana, cawn):
    breached = ds.disruption_update(
        by=ana, disruption=cawn, version=1, status="breached", note="Seen with Kai at the station."
    )
    assert breached.status == "breached" and breached.version == 2
    assert "18 November 2026, Ana Tester: Seen with Kai at the station." in breached.notes
    assert breached.history.count() == 2
    with pytest.raises(StaleVersion):
        ds.disruption_update(by=pc, disruption=cawn, version=1, status="discharged")
    ended = ds.disruption_update(by=pc, disruption=cawn, version=2, status="discharged")
    with pytest.raises(RuleRefused, match="correct it"):
        ds.disruption_update(by=pc, disruption=ended, version=3, status="in_force")
    reopened = ds.disruption_correct(
        by=pc, disruption=ended, version=3, reason="It was never discharged.", status="in_force"
    )
    assert reopened.status == "in_force" and reopened.version == 4
    with pytest.raises(RuleRefused, match="Nothing has changed"):
        ds.disruption_update(by=pc, disruption=reopened, version=4, status="in_force")
    assert AccessLogEntry.objects.filter(record_type="intelligence.disruption", action="change").count() >= 3


def test_a_variation_extends_it_and_changes_its_conditions(pc, cawn):
    varied = ds.disruption_update(
        by=pc,
        disruption=cawn,
        version=1,
        status="in_force",
        expires_on=date(2027, 11, 10),
        conditions="Wider.",
    )
    assert varied.expires_on == date(2027, 11, 10) and varied.conditions == "Wider."


def test_a_correction_needs_a_reason_and_is_kept(pc, cawn):
    with pytest.raises(FieldRefused) as refused:
        ds.disruption_correct(by=pc, disruption=cawn, version=1, reason=" ", tactic=tactic("stro"))
    assert refused.value.field == "reason"
    with pytest.raises(RuleRefused, match="cannot be corrected"):
        ds.disruption_correct(by=pc, disruption=cawn, version=1, reason="wrong target", target=None)
    fixed = ds.disruption_correct(
        by=pc, disruption=cawn, version=1, reason="It was a risk order, not a notice.", tactic=tactic("stro")
    )
    assert fixed.tactic.code == "stro" and fixed.version == 2
    shown = corrections_of(fixed, show_narrative=True)
    assert shown and shown[0].reason == "It was a risk order, not a notice."


def test_disposing_of_the_target_hides_what_was_done_to_it(ana, people, network, cawn):
    services.entity_review(by=ana, entity=network["jay"], decision="dispose", reason="No longer of concern.")
    for reader in (ana, people["alice"]):
        assert list(selectors.disruptions_visible(reader)) == []


def test_a_retired_tactic_or_an_order_past_expiry_is_still_put_right(pc, cawn, reference_clock):
    DisruptionTactic.objects.filter(code="cawn").update(active=False)
    moved = ds.disruption_update(by=pc, disruption=cawn, version=1, status="in_force", note="Served again.")
    assert moved.version == 2
    reference_clock.move_to("2027-05-20 10:00", tick=True)
    noted = ds.disruption_correct(by=pc, disruption=cawn, version=2, reason="Spelling.", notes="Served.")
    assert noted.awaiting_outcome() and noted.version == 3
    with pytest.raises(FieldRefused) as refused:
        ds.disruption_update(by=pc, disruption=cawn, version=3, status="in_force", note="Still running?")
    assert refused.value.field == "status"
    ended = ds.disruption_update(by=pc, disruption=cawn, version=3, status="expired")
    assert not ended.awaiting_outcome()
