"""The pure rules of intelligence: the grading scales, what handling allows, what a link may join, and
the key that finds a phone or a vehicle already held."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.intelligence import rules
from hub.intelligence.models import EntityKind, LinkKind

SYSTEMS = sorted(rules.SCALES)


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_grade_on_its_scale_is_accepted_and_described(system):
    scale = rules.SCALES[system]
    for source, intelligence, handling in itertools.product(scale.source, scale.intelligence, scale.handling):
        rules.check_grading(system, source, intelligence, handling, "only to the SEP")
        words = rules.described(system, source, intelligence, handling)
        assert scale.source[source] in words and scale.handling[handling] in words


@given(st.sampled_from(SYSTEMS), st.text(max_size=2))
def test_a_grade_off_its_scale_is_refused_naming_the_part(system, value):
    scale = rules.SCALES[system]
    good = (sorted(scale.source)[0], sorted(scale.intelligence)[0], sorted(scale.handling)[0])
    for index, (part, options) in enumerate(
        (
            ("source_grade", scale.source),
            ("intelligence_grade", scale.intelligence),
            ("handling_code", scale.handling),
        )
    ):
        if value in options:
            continue
        grades = list(good)
        grades[index] = value
        with pytest.raises(rules.GradingError) as refused:
            rules.check_grading(system, grades[0], grades[1], grades[2], "conditions")
        assert refused.value.field == part
        assert system in str(refused.value)


def test_the_scales_are_those_of_the_college_of_policing():
    three = rules.SCALES["3x5x2"]
    assert (sorted(three.source), sorted(three.intelligence), sorted(three.handling)) == (
        ["1", "2", "3"],
        ["A", "B", "C", "D", "E"],
        ["C", "P"],
    )
    five = rules.SCALES["5x5x5"]
    assert (sorted(five.source), sorted(five.intelligence), sorted(five.handling)) == (
        ["A", "B", "C", "D", "E"],
        ["1", "2", "3", "4", "5"],
        ["1", "2", "3", "4", "5"],
    )


@given(st.text(max_size=20).filter(lambda text: not text.strip()))
def test_handling_with_conditions_needs_the_conditions(blank):
    with pytest.raises(rules.GradingError) as refused:
        rules.check_grading("3x5x2", "1", "A", "C", blank)
    assert refused.value.field == "handling_conditions"
    rules.check_grading("3x5x2", "1", "A", "P", blank)


def test_an_unknown_system_is_refused():
    with pytest.raises(rules.GradingError) as refused:
        rules.check_grading("4x4", "1", "A", "P", "")
    assert refused.value.field == "grading"


def test_what_each_handling_code_allows():
    assert rules.sharing("3x5x2", "P") is rules.Sharing.PERMITTED
    assert rules.sharing("3x5x2", "C") is rules.Sharing.WITH_CONDITIONS
    assert [rules.sharing("5x5x5", code) for code in "12345"] == [
        rules.Sharing.PERMITTED,
        rules.Sharing.PERMITTED,
        rules.Sharing.ORIGINATOR_ONLY,
        rules.Sharing.ORIGINATOR_ONLY,
        rules.Sharing.ORIGINATOR_ONLY,
    ]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("07700 900123", "07700900123"),
        ("+44 7700 900123", "07700900123"),
        ("0044 7700-900-123", "07700900123"),
        ("(01908) 123 456", "01908123456"),
    ],
)
def test_one_phone_number_however_it_is_typed(typed, key):
    assert rules.identifier_key("phone", typed) == key


@given(st.from_regex(r"[A-Za-z]{2}[0-9]{2} ?[A-Za-z]{3}", fullmatch=True))
def test_a_registration_is_one_key_whatever_the_spacing_and_case(registration):
    key = rules.identifier_key("vehicle", registration)
    assert key == rules.identifier_key("vehicle", registration.lower().replace(" ", "  "))
    assert key == key.upper() and " " not in key


def test_other_kinds_have_no_identifier_key():
    assert rules.identifier_key("person", "Jay Corran") == ""


@given(
    st.sampled_from(LinkKind.values), st.sampled_from(EntityKind.values), st.sampled_from(EntityKind.values)
)
def test_a_link_joins_only_what_its_kind_may_join_and_says_why_not(kind, start, end):
    starts, ends = rules.LINK_ENDS[kind]
    refusal = rules.link_ends_refusal(kind, start, end)
    assert (refusal is None) == (start in starts and end in ends)
    if refusal:
        assert "choose another kind of link" in refusal


def test_every_link_kind_has_its_ends():
    assert set(rules.LINK_ENDS) == set(LinkKind.values)


@given(st.sampled_from(LinkKind.values), st.sampled_from(EntityKind.values))
def test_only_a_child_who_controls_others_is_cast_as_exploiting_them(kind, start):
    assert rules.casts_child_as_exploiter(kind, start) == (start == "child" and kind == "controls")
