"""The one small-number suppression helper (HUB_SUPPRESSION_THRESHOLD): roles that work cases see the
number; everyone else sees "fewer than N" for 1 to N-1, and no percentage that would give one away."""

from __future__ import annotations

import pytest
from django.test import override_settings

from hub.core.suppression import count_text, sees_exact_counts, suppressed, suppressed_percent


def test_case_roles_see_the_number_others_see_fewer_than_five(people):
    assert [suppressed(2, user=people[name]) for name in ("alice", "bob", "charlie")] == ["2", "2", "2"]
    assert [suppressed(2, user=people[name]) for name in ("sam", "pat", "dana", "erin")] == [
        "fewer than 5"
    ] * 4
    pat = people["pat"]
    assert [suppressed(n, user=pat) for n in (0, 1, 4, 5, 12)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "12",
    ]
    assert suppressed(3, "screening", user=pat) == "fewer than 5 screenings"
    assert suppressed(1, "screening", user=people["alice"]) == "1 screening"
    assert count_text(1, "child", plural="children", exact=False) == "fewer than 5 children"
    assert not sees_exact_counts(None)


@override_settings(HUB_SUPPRESSION_THRESHOLD=10)
def test_the_threshold_is_read_from_the_setting(people):
    assert suppressed(7, user=people["sam"]) == "fewer than 10"
    assert suppressed(10, user=people["sam"]) == "10"


@pytest.mark.parametrize(
    ("part", "whole", "seen"),
    [
        (0, 0, "none to count"),
        (6, 12, "50%"),
        (0, 12, "0%"),
        (12, 12, "100%"),
        (1, 3, "not shown (fewer than 5)"),  # the whole is small
        (3, 12, "not shown (fewer than 5)"),  # the part is small
        (9, 12, "not shown (fewer than 5)"),  # the rest (3) is small
    ],
)
def test_a_percentage_gives_nothing_small_away(people, part, whole, seen):
    assert suppressed_percent(part, whole, user=people["pat"]) == seen
    if whole:
        assert suppressed_percent(part, whole, user=people["alice"]) == f"{round(100 * part / whole)}%"
