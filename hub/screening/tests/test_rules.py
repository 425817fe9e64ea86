from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from hub.screening.rules import (
    AnsweredIndicator,
    LevelBand,
    age_on,
    queue_sort_key,
    review_due,
    suggest_level,
)

LEVELS = [
    LevelBand("none", "No current concern", 0, 0),
    LevelBand("vulnerable", "Vulnerable", 1, 1),
    LevelBand("groomed", "Groomed / targeted", 2, 8),
    LevelBand("exploited", "Exploited", 3, 15),
]


def answered(*weights_and_answers):
    return [
        AnsweredIndicator(f"question {i}", weight, answer)
        for i, (weight, answer) in enumerate(weights_and_answers)
    ]


def test_score_is_the_sum_of_yes_weights_and_picks_the_highest_band_reached():
    result = suggest_level(
        answers=answered((3, "yes"), (3, "yes"), (2, "yes"), (3, "no")),
        levels=LEVELS,
        age=15,
        learning_disability=False,
    )
    assert (result.level_code, result.score) == ("groomed", 8)
    assert result.reasons[0] == "Score 8 from 3 indicators answered yes."


def test_no_yes_answers_suggest_no_concern_and_say_what_is_not_known():
    result = suggest_level(
        answers=answered((3, "no"), (2, "not_known")), levels=LEVELS, age=10, learning_disability=True
    )
    assert result.level_code == "none"
    assert "1 indicator is not known" in result.reasons[-1]


def test_a_child_under_13_with_any_indicator_is_never_no_concern():
    levels = [LevelBand("none", "No current concern", 0, 0), LevelBand("vulnerable", "Vulnerable", 1, 5)]
    result = suggest_level(answers=answered((1, "yes")), levels=levels, age=12, learning_disability=False)
    assert result.level_code == "vulnerable"
    assert any("under 13" in reason for reason in result.reasons)
    at_13 = suggest_level(answers=answered((1, "yes")), levels=levels, age=13, learning_disability=False)
    assert at_13.level_code == "none"


def test_a_child_with_a_learning_disability_and_any_indicator_is_never_no_concern():
    levels = [LevelBand("none", "No current concern", 0, 0), LevelBand("vulnerable", "Vulnerable", 1, 5)]
    result = suggest_level(answers=answered((1, "yes")), levels=levels, age=16, learning_disability=True)
    assert result.level_code == "vulnerable"
    assert any("learning disability" in reason for reason in result.reasons)


answers_strategy = st.lists(
    st.tuples(st.integers(min_value=0, max_value=5), st.sampled_from(["yes", "no", "not_known"])), max_size=20
)


@given(
    answers=answers_strategy,
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=18)),
    disability=st.booleans(),
)
def test_the_suggestion_never_ignores_the_safeguard(answers, age, disability):
    levels = [LevelBand("none", "No", 0, 0), LevelBand("v", "V", 1, 100)]
    result = suggest_level(answers=answered(*answers), levels=levels, age=age, learning_disability=disability)
    protected = disability or (age is not None and age < 13)
    if protected and any(answer == "yes" for _, answer in answers):
        assert result.level_code != "none"


@given(answers=answers_strategy, extra=st.integers(min_value=1, max_value=5))
def test_another_yes_never_lowers_the_suggestion(answers, extra):
    rank = {level.code: level.rank for level in LEVELS}
    before = suggest_level(answers=answered(*answers), levels=LEVELS, age=15, learning_disability=False)
    after = suggest_level(
        answers=answered(*answers, (extra, "yes")), levels=LEVELS, age=15, learning_disability=False
    )
    assert rank[after.level_code] >= rank[before.level_code]
    assert after.score == before.score + extra


@given(answers=answers_strategy)
def test_the_order_of_answers_does_not_matter(answers):
    forward = suggest_level(answers=answered(*answers), levels=LEVELS, age=14, learning_disability=False)
    backward = suggest_level(
        answers=answered(*reversed(answers)), levels=LEVELS, age=14, learning_disability=False
    )
    assert (forward.level_code, forward.score) == (backward.level_code, backward.score)


def test_review_is_due_by_the_end_of_the_next_working_day():
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    due = review_due(friday_evening, 1, set())
    assert due.date() == date(2026, 11, 30)
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
    assert review_due(christmas_eve, 1, {date(2026, 12, 25), date(2026, 12, 28)}).date() == date(2026, 12, 29)


def test_the_queue_puts_immediate_risk_then_overdue_then_severity_then_age_first():
    now = datetime(2026, 11, 28, tzinfo=UTC)
    older = datetime(2026, 11, 1, tzinfo=UTC)
    keys = {
        "old-low": queue_sort_key(immediate_risk=False, overdue=False, suggested_rank=0, submitted_at=older),
        "new-high": queue_sort_key(immediate_risk=False, overdue=False, suggested_rank=3, submitted_at=now),
        "overdue": queue_sort_key(immediate_risk=False, overdue=True, suggested_rank=0, submitted_at=now),
        "risk": queue_sort_key(immediate_risk=True, overdue=False, suggested_rank=0, submitted_at=now),
    }
    assert sorted(keys, key=keys.__getitem__) == ["risk", "overdue", "new-high", "old-low"]


def test_age_on_a_birthday():
    assert age_on(date(2013, 11, 28), date(2026, 11, 28)) == 13
    assert age_on(date(2013, 11, 29), date(2026, 11, 28)) == 12
    assert age_on(None, date(2026, 11, 28)) is None
