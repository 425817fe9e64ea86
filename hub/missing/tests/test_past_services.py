"""The bulk forms of the missing services (``past_services``) leave what the single-row services leave
when the same episodes are entered one by one on their own days, and refuse a bad row with the same
words, writing nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hub.children.models import AgencyInvolvement, Child
from hub.children.services import child_create, involvement_add
from hub.core.errors import RuleRefused
from hub.missing import services
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReportedBy, ReturnInterview
from hub.missing.past_interview_services import PastInterview, interviews_record_past
from hub.missing.past_services import (
    Grading,
    PastDecision,
    PastEpisode,
    alerts_decide_past,
    episodes_record_past,
)

UK = ZoneInfo("Europe/London")
REASON = "The year before the Hub, entered as it happened."
# Four episodes in five weeks (enough for the 30-day rules), then one in the autumn.
STARTS = [
    datetime(2026, 6, 1, 20, tzinfo=UK),
    datetime(2026, 6, 9, 21, tzinfo=UK),
    datetime(2026, 6, 18, 19, tzinfo=UK),
    datetime(2026, 6, 29, 22, tzinfo=UK),
    datetime(2026, 10, 2, 18, tzinfo=UK),
]


def a_child(wenmoor, by, first_name: str) -> Child:
    return child_create(
        authority=wenmoor, by=by, first_name=first_name, last_name="Brennan", date_of_birth=date(2011, 3, 1)
    )


def records_for(child: Child, pc, alice) -> list[PastEpisode]:
    records = []
    for start in STARTS:
        reported = start + timedelta(hours=2)
        records.append(
            PastEpisode(
                child=child,
                recorded_by=pc,
                reported_at=reported,
                reported_by_kind=ReportedBy.CARER,
                last_seen_at=start,
                gradings=[
                    Grading(grade="medium", at=reported, by=pc, reason="initial grading"),
                    Grading(grade="high", at=reported + timedelta(hours=5), by=pc, reason="seen with adults"),
                ],
                entered_at=reported,
                returned_at=start + timedelta(hours=30),
                hub_notified_at=start + timedelta(hours=32),
            )
        )
    return records


def one_by_one(records: list[PastEpisode], traveller) -> None:
    """The same episodes through the single-row services, each entered on its own days (the clock moved
    there, as a person entering them at the time)."""
    for record in records:
        traveller.move_to(record.reported_at, tick=False)
        episode = services.episode_report(
            child=record.child,
            by=record.recorded_by,
            reported_at=record.reported_at,
            reported_by_kind=record.reported_by_kind,
            last_seen_at=record.last_seen_at,
            risk_grade=record.gradings[0].grade,
        )
        for grading in record.gradings[1:]:
            traveller.move_to(grading.at, tick=False)
            services.risk_grade_set(
                episode=episode, grade=grading.grade, by=grading.by, reason=grading.reason
            )
        assert record.returned_at is not None and record.hub_notified_at is not None
        traveller.move_to(record.hub_notified_at, tick=False)
        services.episode_record_return(
            episode=episode,
            by=record.recorded_by,
            version=episode.version,
            returned_at=record.returned_at,
            hub_notified_at=record.hub_notified_at,
        )


def left(child: Child) -> dict:
    episodes = MissingEpisode.objects.filter(child=child).order_by("last_seen_at")
    return {
        "episodes": [
            (e.last_seen_at, e.reported_at, e.risk_grade, e.returned_at, e.hub_notified_at, e.version)
            for e in episodes
        ],
        "grades": [
            [(c.grade, c.previous_grade, c.changed_at) for c in e.risk_changes.order_by("changed_at")]
            for e in episodes
        ],
        "clocks": [
            (i.notified_at, i.response_due_at, i.interview_due_at, i.status)
            for i in ReturnInterview.objects.filter(episode__child=child).order_by("notified_at")
        ],
        "alerts": [
            (
                a.episode.last_seen_at,
                a.episodes_in_window,
                a.window_start,
                a.raised_at,
                a.historic,
                sorted(a.rules.values_list("episodes", "days")),
            )
            for a in RepeatMissingAlert.objects.filter(child=child).order_by("raised_at")
        ],
        "police": list(
            AgencyInvolvement.objects.filter(child=child, agency__kind="police").values_list(
                "start", "reason"
            )
        ),
        "previously_missing": Child.objects.get(pk=child.pk).previously_missing,
    }


def test_the_bulk_form_leaves_what_the_services_leave_one_by_one(wenmoor, people, pc, time_machine):
    alone = a_child(wenmoor, people["alice"], "Kai")
    batched = a_child(wenmoor, people["alice"], "Kit")
    for child in (alone, batched):  # the police knew both children before June, so may report them
        involvement_add(child=child, by=people["alice"], agency=pc.agency, start=date(2026, 5, 1))
    one_by_one(records_for(alone, pc, people["alice"]), time_machine)
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK))
    written = episodes_record_past(
        by=people["alice"], records=records_for(batched, pc, people["alice"]), reason=REASON
    )
    assert left(batched) == left(alone)
    assert left(batched)["alerts"], "the June episodes meet a repeat-missing rule"
    assert len(written.interviews) == len(STARTS)
    assert [alert.pk for alert in written.alerts] == list(
        RepeatMissingAlert.objects.filter(child=batched).order_by("raised_at").values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    "spoil, words",
    [
        (lambda r: setattr(r.gradings[0], "grade", "dire"), "Choose the police risk grade."),
        (
            lambda r: setattr(r, "returned_at", r.last_seen_at - timedelta(hours=1)),
            "after the child was last seen",
        ),
        (
            lambda r: setattr(r, "reported_at", r.last_seen_at - timedelta(hours=1)),
            "after the child was last seen",
        ),
        (lambda r: setattr(r, "dfe_code", "X"), "The DfE code must be M"),
    ],
)
def test_a_bad_row_is_refused_with_the_services_words_and_nothing_is_written(
    wenmoor, people, pc, spoil, words
):
    child = a_child(wenmoor, people["alice"], "Kai")
    records = records_for(child, pc, people["alice"])
    spoil(records[2])
    with pytest.raises(RuleRefused, match=words):
        episodes_record_past(by=people["alice"], records=records, reason=REASON)
    assert not MissingEpisode.objects.filter(child=child).exists()


def test_one_open_episode_at_a_time(wenmoor, people, pc):
    child = a_child(wenmoor, people["alice"], "Kai")
    records = records_for(child, pc, people["alice"])
    records[1].returned_at = records[1].hub_notified_at = None
    with pytest.raises(RuleRefused, match="already recorded as missing"):
        episodes_record_past(by=people["alice"], records=records, reason=REASON)
    with pytest.raises(RuleRefused, match="Say why"):
        episodes_record_past(by=people["alice"], records=records_for(child, pc, people["alice"]), reason=" ")


def test_interviews_and_decisions_meet_the_single_row_rules(wenmoor, people, pc, rita):
    child = a_child(wenmoor, people["alice"], "Kai")
    written = episodes_record_past(
        by=people["alice"], records=records_for(child, pc, people["alice"]), reason=REASON
    )
    interview = written.interviews[written.episodes[0].pk]
    late = interview.interview_due_at + timedelta(days=2)
    past = PastInterview(
        interview=interview,
        allocated_to=rita,
        allocated_at=interview.notified_at + timedelta(hours=1),
        recorded_by=rita,
        values={"interview_at": late, "face_to_face": True},
    )
    with pytest.raises(RuleRefused, match="later than 72 hours"):
        interviews_record_past(by=people["alice"], records=[past], reason=REASON)
    past.values["interview_at"] = interview.notified_at + timedelta(hours=20)
    interviews_record_past(by=people["alice"], records=[past], reason=REASON)
    interview.refresh_from_db()
    assert (interview.status, interview.recorded_by, interview.version) == (
        ReturnInterview.Status.COMPLETED,
        rita,
        3,
    )
    alert = written.alerts[0]
    with pytest.raises(RuleRefused, match="Say why"):
        alerts_decide_past(
            by=people["alice"],
            decisions=[
                PastDecision(
                    alert=alert,
                    by=people["alice"],
                    at=alert.raised_at + timedelta(hours=3),
                    strategy_discussion=False,
                    note="  ",
                )
            ],
            reason=REASON,
        )
    alerts_decide_past(
        by=people["alice"],
        decisions=[
            PastDecision(
                alert=alert,
                by=people["alice"],
                at=alert.raised_at + timedelta(hours=3),
                strategy_discussion=False,
                note="Covered by the plan.",
            )
        ],
        reason=REASON,
    )
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.decision_note, alert.version) == (
        people["alice"],
        "Covered by the plan.",
        2,
    )
