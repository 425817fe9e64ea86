"""Recording intelligence through its services: entities of each kind with their own facts, a phone or a
vehicle held once, links with their dates and grading, corrections with a reason, reviews and disposal,
all in the access log; and who is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hub.audit.models import AccessLogEntry
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused, StaleVersion
from hub.intelligence import selectors, services
from hub.intelligence.models import Entity, Link


def test_an_analyst_records_a_person_a_group_and_a_place(ana, wenmoor, network):
    jay = network["jay"]
    assert jay.review_due == date(2027, 11, 18)  # a year from the day it was recorded
    assert [alias.name for alias in jay.aliases.all()] == ["JC"]
    line = services.entity_create(
        by=ana,
        authority=wenmoor,
        kind="group",
        name="The Wenmoor line",
        group_type="county_line",
        line_name="KAY",
    )
    assert line.line_name == "KAY" and line.review_due is None
    assert network["hotel"].postcode == "MK9 3EJ"
    logged = AccessLogEntry.objects.filter(
        username=ana.username, action="collect", record_type="intelligence.entity"
    )
    assert logged.count() == 5  # Jay, the phone, the hotel, Kai's entity and the line


@pytest.mark.parametrize(
    ("kind", "facts", "field"),
    [
        ("phone", {"postcode": "MK9 3EJ"}, "postcode"),
        ("person", {"group_type": "gang"}, "group_type"),
        ("group", {}, "group_type"),
        ("group", {"group_type": "gang", "line_name": "KAY"}, "line_name"),
        ("location", {}, "location_type"),
        ("location", {"location_type": "park", "postcode": "not a postcode"}, "postcode"),
        ("location", {"location_type": "park", "latitude": Decimal("52.04")}, "longitude"),
        (
            "location",
            {"location_type": "park", "latitude": Decimal("95"), "longitude": Decimal("0")},
            "latitude",
        ),
        ("person", {"date_of_birth": date(2027, 1, 1)}, "date_of_birth"),
        ("child", {}, "kind"),
        ("spaceship", {}, "kind"),
    ],
)
def test_facts_that_do_not_fit_the_kind_are_refused_by_name(ana, wenmoor, kind, facts, field):
    with pytest.raises(FieldRefused) as refused:
        services.entity_create(by=ana, authority=wenmoor, kind=kind, name="Something", **facts)
    assert refused.value.field == field
    assert not Entity.objects.exists()


def test_a_phone_or_vehicle_already_held_is_refused_naming_the_record(ana, pc, wenmoor, network):
    with pytest.raises(FieldRefused) as refused:
        services.entity_create(by=pc, authority=wenmoor, kind="phone", name="+44 7700 900 123")
    assert f"record {network['phone'].pk}" in str(refused.value)
    car = services.entity_create(by=pc, authority=wenmoor, kind="vehicle", name="ab12 cde")
    with pytest.raises(FieldRefused):
        services.entity_create(by=ana, authority=wenmoor, kind="vehicle", name="AB12CDE")
    assert car.identifier_key == "AB12CDE"


def test_who_may_record_intelligence(people, pc, wenmoor, harrowfield):
    for name in ("bob", "sam", "dana", "erin", "pat", "alice"):
        with pytest.raises(Forbidden):
            services.entity_create(by=people[name], authority=wenmoor, kind="person", name="Jay")
    # Charlie is a police officer, in a force that does not serve Wenmoor.
    with pytest.raises(Forbidden):
        services.entity_create(by=people["charlie"], authority=wenmoor, kind="person", name="Jay")
    assert services.entity_create(by=pc, authority=wenmoor, kind="person", name="Jay")
    refusals = AccessLogEntry.objects.filter(action="refused", detail__startswith="record intelligence")
    assert set(refusals.values_list("username", flat=True)) == {
        "bob",
        "sam",
        "dana",
        "erin",
        "pat",
        "alice",
        "charlie",
    }


def test_a_link_joins_only_what_its_kind_may_join(ana, network):
    with pytest.raises(FieldRefused) as refused:
        services.link_record(
            by=ana,
            start=network["phone"],
            end=network["jay"],
            kind="uses_phone",
            seen_from=date(2026, 10, 1),
            source_grade="1",
            intelligence_grade="A",
            handling_code="P",
        )
    assert refused.value.field == "kind" and "swap the two" in str(refused.value)


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"seen_from": date(2026, 11, 30)}, "seen_from"),  # after the suite's today (18 November 2026)
        ({"seen_from": date(2010, 1, 1)}, "seen_from"),  # before Kai was born (1 March 2011)
        ({"seen_from": date(2026, 10, 5), "seen_to": date(2026, 10, 1)}, "seen_to"),
    ],
)
def test_a_link_date_that_cannot_be_true_is_refused(ana, network, dates, field):
    with pytest.raises(FieldRefused) as refused:
        services.link_record(
            by=ana,
            start=network["kai"],
            end=network["jay"],
            kind="associates_with",
            source_grade="2",
            intelligence_grade="C",
            handling_code="P",
            **dates,
        )
    assert refused.value.field == field


def test_handling_with_conditions_keeps_its_conditions(ana, network):
    link_args = {
        "by": ana,
        "start": network["kai"],
        "end": network["jay"],
        "kind": "associates_with",
        "seen_from": date(2026, 11, 1),
        "source_grade": "1",
        "intelligence_grade": "B",
        "handling_code": "C",
    }
    with pytest.raises(FieldRefused) as refused:
        services.link_record(**link_args)
    assert refused.value.field == "handling_conditions"
    link = services.link_record(**link_args, handling_conditions="Not to be shared with the family.")
    assert link.grade == "1/B/C"


def test_a_child_cast_as_exploiting_others_is_marked_and_seen_only_by_analysts_and_police(
    ana, pc, people, network
):
    link = services.link_record(
        by=pc,
        start=network["kai"],
        end=network["phone"],
        kind="controls",
        seen_from=date(2026, 11, 10),
        source_grade="2",
        intelligence_grade="C",
        handling_code="P",
    )
    assert link.casts_child_as_exploiter
    assert link in selectors.links_of(ana, network["kai"])
    assert link in selectors.links_of(pc, network["kai"])
    seen_by_coordinator = selectors.links_of(people["alice"], network["kai"])
    assert link not in seen_by_coordinator and network["found"] in seen_by_coordinator


def test_a_correction_keeps_what_was_there_and_why(ana, network):
    link = network["found"]
    corrected = services.link_correct(
        by=ana,
        link=link,
        version=link.version,
        reason="The officer's note gives the 3rd",
        seen_from=date(2026, 11, 3),
    )
    assert corrected.seen_from == date(2026, 11, 3) and corrected.version == link.version + 1
    newest = corrected.history.first()
    assert newest.history_change_reason == "The officer's note gives the 3rd"
    assert newest.correction[0]["before"] == "2 November 2026"
    with pytest.raises(StaleVersion):
        services.link_correct(by=ana, link=link, version=link.version, reason="again", summary="x")
    with pytest.raises(RuleRefused):
        services.link_correct(by=ana, link=corrected, version=corrected.version, reason="r", agency=None)


def test_a_person_corrected_and_reviewed_then_disposed_of_with_their_links(ana, network):
    jay = network["jay"]
    jay = services.entity_correct(
        by=ana, entity=jay, version=jay.version, reason="Spelling", name="Jay Corrin"
    )
    jay = services.entity_review(
        by=ana,
        entity=jay,
        decision="retain",
        reason="Still active on the line",
        next_review=date(2027, 5, 18),
    )
    assert jay.review_due == date(2027, 5, 18)
    services.entity_review(by=ana, entity=jay, decision="dispose", reason="No longer of concern")
    jay.refresh_from_db()
    assert jay.disposed_at is not None
    assert not Link.objects.filter(source=jay, disposed_at__isnull=True).exists()
    assert AccessLogEntry.objects.filter(
        action="erase", record_type="intelligence.entity", username=ana.username
    ).exists()
    # The number it used can be recorded again for someone else.
    assert Entity.objects.get(pk=network["phone"].pk).disposed_at is None


def test_a_childs_entity_needs_sight_of_the_child(pc, people, child, wenmoor, ana):
    kai = services.child_entity(by=ana, child=child)
    assert services.child_entity(by=ana, child=child) == kai
    assert kai.name == "Kai Brennan" and kai.kind == "child"
    with pytest.raises(Forbidden):
        services.child_entity(by=people["bob"], child=child)  # Bob holds the case, but works no intelligence
    with pytest.raises(Forbidden):
        services.child_entity(by=people["charlie"], child=child)
    with pytest.raises(RuleRefused):
        services.entity_review(by=ana, entity=kai, decision="dispose", reason="r")


def test_someone_outside_cannot_change_what_they_cannot_see(people, network):
    with pytest.raises(NotVisible):  # a police officer, of a force that does not serve Wenmoor
        services.alias_add(by=people["charlie"], entity=network["jay"], name="J")
    with pytest.raises(Forbidden):
        services.link_review(by=people["bob"], link=network["found"], decision="dispose", reason="r")
