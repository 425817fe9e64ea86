"""Putting right what was recorded wrongly about a missing episode: its dates and times, an entry of
its risk-grade history, its return interview, and the hub's decision on a repeat-missing alert.

Each correction is made by the people who could record the original, gives its reason, passes the
same date rules as the original (``hub.core.dates``), checks the version the person saw, recomputes
what depends on it (the return interview clocks, the repeat-missing counts; durations are derived)
and is kept in the record's history with the reason (``hub.core.corrections``) and in the access
log. Nothing recorded is removed: a wrong risk-grade entry stays, marked as corrected.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import models, transaction

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import User
from hub.audit.services import log_change
from hub.core import clock, dates
from hub.core.corrections import changed_names, correct, reason_given
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion
from hub.missing import interview_services, rules, services
from hub.missing.access import ALERT_DECIDE_ROLES, INTERVIEW_ROLES, REPORT_ROLES
from hub.missing.models import (
    MissingEpisode,
    RepeatMissingAlert,
    ReturnInterview,
    RiskGrade,
    RiskGradeChange,
)

FINISHED = (ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED)
# Free text about the child that only some roles read (``access.FIELD_GROUPS["narrative"]``).
INTERVIEW_NARRATIVE = (
    "not_face_to_face_reason",
    "late_detail",
    "declined_reason",
    "carer_information",
    "where_went",
    "who_with",
    "travel_there",
    "travel_back",
    "harm",
    "child_words",
    "actions_agreed",
)


def may_correct(user: User, record: models.Model, roles: frozenset[str]) -> bool:
    """Whoever could record the original: one of ``roles``, with a relationship that may change it."""
    return user.has_role(*roles) and access.decide(user, record, Action.WRITE).allowed


def correction_check(*, by: User, record: models.Model, roles: frozenset[str]) -> access.Decision:
    """Who may correct a record: whoever could record the original (one of ``roles``, through a
    relationship that may change it). Not visible: ``NotVisible`` (404); visible but not theirs to
    correct: ``Forbidden`` (403). The correction pages and API ask it before they show the form or
    read the body; each correction asks it again before it writes."""
    access.require_role(by, roles, refusal="Your role cannot correct this record.", verb="correct")
    return access.require(
        by, record, refusal="You can see this record but cannot correct it.", verb="correct"
    )


# The records corrected here, each with the version a stale form is refused by.
Versioned = TypeVar("Versioned", MissingEpisode, ReturnInterview, RepeatMissingAlert)


def _locked(model: type[Versioned], record: Versioned, version: int, what: str) -> Versioned:
    locked = model._default_manager.select_for_update().get(pk=record.pk)
    if locked.version != version:
        raise StaleVersion(what)
    locked.version = version + 1
    return locked


# --- the episode's dates and times ----------------------------------------------------------------


def episode_correct(
    *,
    episode: MissingEpisode,
    by: User,
    version: int,
    reason: str,
    last_seen_at: datetime | None = None,
    reported_at: datetime | None = None,
    returned_at: datetime | None = None,
    hub_notified_at: datetime | None = None,
    late_entry_reason: str | None = None,
) -> MissingEpisode:
    """Correct when the child was last seen, reported, found and when the hub was told (a value not
    given is kept). The return interview's clocks follow the hub's notification; repeat-missing alerts
    are counted again from the corrected dates, and a new one is raised if they now meet a rule."""
    correction_check(by=by, record=episode, roles=REPORT_ROLES)
    reason = reason_given(reason, what="you are correcting the episode")
    if episode.is_open and (returned_at is not None or hub_notified_at is not None):
        raise FieldRefused(
            "The child's return has not been recorded: record it on the episode's page", field="returned_at"
        )
    values: dict[str, Any] = {
        "last_seen_at": last_seen_at or episode.last_seen_at,
        "reported_at": reported_at or episode.reported_at,
        "returned_at": returned_at or episode.returned_at,
        "hub_notified_at": hub_notified_at or episode.hub_notified_at,
        "late_entry_reason": episode.late_entry_reason if late_entry_reason is None else late_entry_reason,
    }
    interview = ReturnInterview.objects.filter(episode=episode).first()
    _check_episode_dates(episode, values, interview)
    with transaction.atomic():
        locked = _locked(MissingEpisode, episode, version, "this missing episode")
        changes = correct(locked, by=by, reason=reason, values=values, narrative=("late_entry_reason",))
        if interview is not None and values["hub_notified_at"] != interview.notified_at:
            _interview_clocks_follow(interview, values["hub_notified_at"], by=by, reason=reason)
        if values["last_seen_at"] != episode.last_seen_at:
            _recount_alerts(locked, by=by, reason=reason)
            services.repeat_missing_check(episode=locked)
        log_change(record=locked, actor=by, detail=f"corrected: {changed_names(changes)}")
    return locked


def _check_episode_dates(
    episode: MissingEpisode, values: dict[str, Any], interview: ReturnInterview | None
) -> None:
    """The rules the report and the return met when first entered, on the corrected dates."""
    born = episode.child.date_of_birth
    dates.happened(
        values["last_seen_at"], field="last_seen_at", what="the date the child was last seen", born=born
    )
    dates.happened(
        values["reported_at"],
        field="reported_at",
        what="the date the child was reported missing",
        born=born,
        after=(values["last_seen_at"], "the child was last seen"),
    )
    if values["last_seen_at"] != episode.last_seen_at:
        # Late is judged as of when the episode was first recorded, not as of the correction.
        values["late_entry_reason"] = dates.late_reason_needed(
            values["last_seen_at"],
            values["late_entry_reason"],
            field="late_entry_reason",
            what="the date the child was last seen",
            entered_at=min(episode.created_at, clock.now()),
        )
    if episode.is_open:
        return
    first_contact = None
    if interview is not None:
        held = [at for at in (interview.first_response_at, interview.interview_at) if at is not None]
        first_contact = min(held) if held else None
    dates.happened(
        values["returned_at"],
        field="returned_at",
        what="the date the child returned",
        born=born,
        after=(values["last_seen_at"], "the child was last seen"),
        before=(first_contact, "the return interview's first contact"),
    )
    dates.happened(
        values["hub_notified_at"],
        field="hub_notified_at",
        what="the date the hub was told of the return",
        born=born,
        after=(values["returned_at"], "the child returned"),
    )


def _interview_clocks_follow(
    interview: ReturnInterview, notified_at: datetime, *, by: User, reason: str
) -> None:
    """The two 72-hour clocks run from the hub's notification: a corrected notification moves them."""
    locked = ReturnInterview.objects.select_for_update().get(pk=interview.pk)
    response_due_at, interview_due_at = services.interview_clocks(notified_at)
    locked.version += 1
    correct(
        locked,
        by=by,
        reason=f"The hub's notification of the return was corrected: {reason}",
        values={
            "notified_at": notified_at,
            "response_due_at": response_due_at,
            "interview_due_at": interview_due_at,
        },
    )
    log_change(record=locked, actor=by, detail="clocks moved with the corrected notification")


def _recount_alerts(episode: MissingEpisode, *, by: User, reason: str) -> None:
    """Each of the child's alerts counts the episodes in its rule's window again. An alert whose count
    falls below its rule stays (with its decision): it was raised on what was recorded then."""
    child = episode.child
    starts = list(child.missing_episodes.values_list("last_seen_at", flat=True))
    alerts = (
        RepeatMissingAlert.objects.select_for_update().filter(child=child).select_related("rule", "episode")
    )
    for alert in alerts:
        counted = rules.in_window(starts, latest=alert.episode.last_seen_at, days=alert.rule.days)
        if (counted.episodes, counted.window_start) == (alert.episodes_in_window, alert.window_start):
            continue
        alert.version += 1
        correct(
            alert,
            by=by,
            reason=f"An episode's dates were corrected: {reason}",
            values={"episodes_in_window": counted.episodes, "window_start": counted.window_start},
        )
        log_change(record=alert, actor=by, detail="recounted after an episode's dates were corrected")


# --- an entry of the risk-grade history -----------------------------------------------------------


def risk_grade_correct(
    *, change: RiskGradeChange, by: User, version: int, grade: str, changed_at: datetime, reason: str
) -> RiskGradeChange:
    """Correct an entry of the episode's risk-grade history (its grade, or when it applied from). The
    wrong entry stays, marked as corrected by the new one; the episode's grade is the latest entry
    that is not corrected. ``version`` is the episode's."""
    episode = change.episode
    correction_check(by=by, record=episode, roles=REPORT_ROLES)
    if grade not in RiskGrade.values:
        raise FieldRefused("Choose the police risk grade", field="grade")
    reason = reason_given(reason, what="you are correcting the risk grade")
    dates.happened(
        changed_at,
        field="changed_at",
        what="the time of the grading",
        born=episode.child.date_of_birth,
        after=(episode.last_seen_at, "the child was last seen"),
    )
    if (grade, changed_at) == (change.grade, change.changed_at):
        raise RuleRefused("Nothing has changed: change what was wrong, then save the correction.")
    with transaction.atomic():
        locked = _locked(MissingEpisode, episode, version, "this missing episode")
        wrong = RiskGradeChange.objects.select_for_update().get(pk=change.pk)
        if wrong.is_corrected:
            raise StaleVersion("this risk grade")
        correction = RiskGradeChange.objects.create(
            episode=locked,
            grade=grade,
            previous_grade=wrong.previous_grade,
            changed_at=changed_at,
            changed_by=by,
            reason=reason,
            corrects=wrong,
            recorded_at=clock.now(),
        )
        # Never empty: the correcting grade just recorded is one of them.
        current = locked.risk_changes.filter(corrected_by__isnull=True).order_by("-changed_at", "-id")[0]
        if current.grade != locked.risk_grade:
            correct(locked, by=by, reason=reason, values={"risk_grade": current.grade})
        else:
            MissingEpisode.objects.filter(pk=locked.pk).update(version=locked.version)
        log_change(
            record=locked, actor=by, detail=f"risk grade entry {wrong.pk} corrected by entry {correction.pk}"
        )
    return correction


# --- the return interview -------------------------------------------------------------------------


def interview_correct(
    *, interview: ReturnInterview, by: User, version: int, reason: str, **values: Any
) -> ReturnInterview:
    """Correct a recorded interview: the same answers ``interview_services.interview_record`` takes, under the
    same rules. Held or declined follows the answers; a screening started from it stays linked."""
    correction_check(by=by, record=interview, roles=INTERVIEW_ROLES)
    if interview.status not in FINISHED:
        raise RuleRefused("This interview has not been recorded yet: record it rather than correct it.")
    reason = reason_given(reason, what="you are correcting the interview")
    many: dict[str, Iterable[models.Model]] = {
        name: values.pop(name) for name in ("factors", "indicators_observed") if name in values
    }
    declined = bool(values.get("declined_reason", "").strip())
    if declined:
        values.update(interview_at=None, face_to_face=None, not_face_to_face_reason="")
        if interview.screening_id is not None:
            raise RuleRefused(
                "A screening was started from this interview, so it was held: correct what was said "
                "at it instead."
            )
    else:
        values["declined_reason"] = ""
    first = interview.first_response_at
    held_at = values.get("interview_at")
    # The first response cannot come after the interview itself.
    values["first_response_at"] = min(first, held_at) if first and held_at else first or held_at
    interview_services.interview_checks(interview=interview, values=values)
    values["status"] = ReturnInterview.Status.DECLINED if declined else ReturnInterview.Status.COMPLETED
    with transaction.atomic():
        locked = _locked(ReturnInterview, interview, version, "this return interview")
        changes = correct(
            locked, by=by, reason=reason, values=values, many=many, narrative=INTERVIEW_NARRATIVE
        )
        log_change(record=locked, actor=by, detail=f"corrected: {changed_names(changes)}")
    return locked


# --- the hub's decision on a repeat-missing alert -------------------------------------------------


def alert_decision_correct(
    *,
    alert: RepeatMissingAlert,
    by: User,
    version: int,
    reason: str,
    strategy_discussion: bool,
    note: str,
    hold_by: date | None = None,
) -> RepeatMissingAlert:
    """Correct the hub's decision on an alert: what was decided, the date to hold a strategy discussion
    by, and the reason for the decision. Who decided and when stay as they were."""
    correction_check(by=by, record=alert, roles=ALERT_DECIDE_ROLES)
    if alert.acknowledged_at is None:
        raise RuleRefused(
            "No decision has been recorded on this alert yet: record it rather than correct it."
        )
    reason = reason_given(reason, what="you are correcting the decision")
    note = note.strip()
    if not note:
        raise FieldRefused("Give the reason for the decision", field="note")
    if not strategy_discussion:
        hold_by = None
    elif hold_by is None:
        raise FieldRefused("Enter the date the strategy discussion is to be held by", field="hold_by")
    elif hold_by != alert.strategy_discussion_by:
        dates.planned(hold_by, field="hold_by", what="the date to hold the strategy discussion by")
    with transaction.atomic():
        locked = _locked(RepeatMissingAlert, alert, version, "this repeat missing alert")
        changes = correct(
            locked,
            by=by,
            reason=reason,
            values={
                "strategy_discussion_requested": strategy_discussion,
                "strategy_discussion_by": hold_by,
                "decision_note": note,
            },
            narrative=("decision_note",),
        )
        log_change(record=locked, actor=by, detail=f"decision corrected: {changed_names(changes)}")
    return locked
