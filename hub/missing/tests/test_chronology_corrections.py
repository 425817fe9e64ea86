"""Corrections of a child's missing records in the child's chronology: at the moment each was made,
what changed (before and after), why, who made it and their agency; seen by exactly those who see the
record corrected."""

from __future__ import annotations

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hub.missing import corrections, services
from hub.missing.tests.test_corrections import _decided, _held

EPISODE_WHY = "The carer rang back: it was reported an hour later than I typed."
GRADE_WHY = "Graded high at the time: the inspector's call was logged wrongly."
INTERVIEW_WHY = "I typed the time I wrote it up, not when we met."
ALERT_WHY = "We agreed a strategy discussion at the hub meeting."


def _timeline(client, child) -> str:
    """The chronology's events as the reader sees them (the page's text, unescaped)."""
    response = client.get(reverse("children:chronology", args=[child.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode().split('data-testid="chronology"')[1])


def _local(at) -> str:
    return f"{timezone.localtime(at):%-d %B %Y %H:%M}"


def test_corrections_of_an_episode_its_grade_and_its_interview_are_in_the_chronology(
    client_for, people, pc, rita, child
):
    alice = people["alice"]
    interview = _held(child, pc, rita, alice)
    episode = interview.episode
    reported_before = episode.reported_at
    corrections.episode_correct(
        episode=episode,
        by=alice,
        version=episode.version,
        reason=EPISODE_WHY,
        reported_at=reported_before + timedelta(hours=1),
    )
    episode.refresh_from_db()
    first_grade = episode.risk_changes.get()
    corrections.risk_grade_correct(
        change=first_grade,
        by=pc,
        version=episode.version,
        grade="high",
        changed_at=first_grade.changed_at,
        reason=GRADE_WHY,
    )
    interview.refresh_from_db()
    corrections.interview_correct(
        interview=interview,
        by=rita,
        version=interview.version,
        reason=INTERVIEW_WHY,
        interview_at=interview.interview_at - timedelta(minutes=20),
        face_to_face=True,
        child_words="I stayed at my cousin's.",
    )

    # The hub (Alice) and the police involved with the child (the police officer) both read them.
    for reader in (alice, pc):
        timeline = _timeline(client_for(reader), child)
        assert "Missing episode corrected" in timeline
        assert (
            f"Reported: {_local(reported_before)} → {_local(reported_before + timedelta(hours=1))}"
            in timeline
        )
        assert f"Why: {EPISODE_WHY}" in timeline
        assert "Risk grade corrected" in timeline and f"Why: {GRADE_WHY}" in timeline
        assert (
            f"Risk grade: Medium from {_local(first_grade.changed_at)} → High from "
            f"{_local(first_grade.changed_at)}" in timeline
        )
        assert "Return interview corrected" in timeline and f"Why: {INTERVIEW_WHY}" in timeline
        assert "I stayed at a friend's. → I stayed at my cousin's." in timeline
        # Who made each one, with their agency.
        assert "by Alice Tester" in timeline and "Agency: Wenmoor Hub" in timeline
        assert "by Pc Tester" in timeline and "Agency: Wenmoor Police" in timeline
        assert "by Rita Tester" in timeline
        # The episode's grade put right by the corrected entry is one event, not two.
        assert timeline.count("Risk grade corrected") == 1
        assert timeline.count("Missing episode corrected") == 1
    # The filter by kind keeps corrections with the records they correct.
    page = client_for(alice).get(reverse("children:chronology", args=[child.pk]), {"kind": "missing"})
    assert "Missing episode corrected" in page.content.decode()
    # Someone outside reads nothing of the child, corrections included.
    outsider = client_for(people["charlie"]).get(reverse("children:chronology", args=[child.pk]))
    assert outsider.status_code == 404


def test_a_corrected_alert_decision_is_in_the_chronology(client_for, people, pc, child):
    alice = people["alice"]
    alert = _decided(child, pc, alice)
    hold_by = timezone.localdate() + timedelta(days=5)
    corrections.alert_decision_correct(
        alert=alert,
        by=alice,
        version=alert.version,
        reason=ALERT_WHY,
        strategy_discussion=True,
        hold_by=hold_by,
        note="Three episodes from the same address.",
    )
    for reader in (alice, pc):
        timeline = _timeline(client_for(reader), child)
        assert "Repeat missing alert corrected" in timeline and f"Why: {ALERT_WHY}" in timeline
        assert "Strategy discussion: No → Yes" in timeline
    outsider = client_for(people["charlie"]).get(reverse("children:chronology", args=[child.pk]))
    assert outsider.status_code == 404


def test_a_reader_who_cannot_see_the_episode_does_not_see_its_correction(client_for, people, pc, child):
    """The record and its corrections go together: an episode out of the reader's sight (here, every
    episode of the child, through a narrower policy) takes its corrections with it."""
    from hub.missing.events import missing_events

    episode = services.episode_report(
        child=child,
        by=pc,
        reported_at=timezone.now() - timedelta(hours=5),
        reported_by_kind="carer",
        last_seen_at=timezone.now() - timedelta(hours=6),
        risk_grade="medium",
    )
    corrections.episode_correct(
        episode=episode,
        by=pc,
        version=episode.version,
        reason=EPISODE_WHY,
        reported_at=episode.reported_at + timedelta(minutes=30),
    )
    titles = [event.title for event in missing_events(child, pc)]
    assert "Missing episode corrected" in titles
    # The school lead reads no missing episode of the child, so no correction either.
    assert [event.title for event in missing_events(child, people["sam"])] == []
