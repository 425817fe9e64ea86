"""The bulk form of the return interview services, for past records written in batches (the demo's
year): each interview allocated and recorded as ``interview_allocate`` and ``interview_record`` would
have left it on its days, checked with their rules (``interview_checks``) before any is changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from hub.accounts.models import User
from hub.audit.models import LogAction
from hub.audit.services import Timed, log_in_order, timed_entry
from hub.core import bulk, clock, dates
from hub.core.errors import RuleRefused
from hub.missing.interview_services import interview_checks
from hub.missing.models import ReturnInterview


@dataclass
class PastInterview:
    """What happened to one return interview: allocated (to whom, when), maybe a first contact, and
    recorded (by whom, with ``values`` as ``interview_record`` takes them, factors and indicators as ids)."""

    interview: ReturnInterview
    allocated_to: User | None = None
    allocated_at: datetime | None = None
    first_response_at: datetime | None = None
    recorded_by: User | None = None
    values: dict[str, Any] = field(default_factory=dict)


INTERVIEW_FIELDS = [
    "status",
    "allocated_to",
    "allocated_at",
    "first_response_at",
    "interview_at",
    "face_to_face",
    "not_face_to_face_reason",
    "late_reason",
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
    "recorded_by",
    "version",
]


def _finished(past: PastInterview) -> datetime | None:
    return past.values.get("interview_at") or past.values.get("first_response_at")


def _interview_check(past: PastInterview) -> bool:
    """The checks of ``interview_allocate`` and ``interview_record`` as of the interview's days; returns
    whether the child declined."""
    interview = past.interview
    if interview.status != ReturnInterview.Status.AWAITING_ALLOCATION:
        raise RuleRefused("This interview has already been allocated or recorded.")
    if past.allocated_to is not None and (
        past.allocated_at is None or past.allocated_at < interview.notified_at
    ):
        raise RuleRefused("An interview is allocated after the hub was told of the return.")
    if past.first_response_at is not None:
        interview_checks_dates(interview, past.first_response_at)
    if past.recorded_by is None:
        return False
    finished = _finished(past)
    if finished is None:
        raise RuleRefused("Enter when the interview was held, or record that the child declined.")
    with clock.history(finished):
        return interview_checks(interview=interview, values=past.values)


def interviews_record_past(*, by: User, records: list[PastInterview], reason: str) -> None:
    """Interviews allocated and recorded, each as ``interview_allocate`` and ``interview_record`` would
    have left it on its days, with the same checks (``interview_checks``). Every row is checked before
    any is changed."""
    reason = bulk.past_reason_check(reason)
    declined = [_interview_check(past) for past in records]
    entries: list[Timed] = []
    factors: list[tuple[ReturnInterview, int]] = []
    indicators: list[tuple[ReturnInterview, int]] = []
    for past, child_declined in zip(records, declined, strict=True):
        interview = past.interview
        if past.allocated_to is not None and past.allocated_at is not None:
            interview.allocated_to = past.allocated_to
            interview.allocated_at = past.allocated_at
            interview.status = ReturnInterview.Status.ALLOCATED
            interview.version += 1
            detail = f"allocated to {past.allocated_to.get_username()}"
            entries.append(timed_entry(past.allocated_at, LogAction.CHANGE, interview, detail))
        if past.first_response_at is not None:
            interview.first_response_at = past.first_response_at
        finished = _finished(past)
        if past.recorded_by is not None and finished is not None:
            values = dict(past.values)
            factors += [(interview, pk) for pk in values.pop("factors", [])]
            indicators += [(interview, pk) for pk in values.pop("indicators_observed", [])]
            for name, value in values.items():
                setattr(interview, name, value)
            interview.status = (
                ReturnInterview.Status.DECLINED if child_declined else ReturnInterview.Status.COMPLETED
            )
            interview.recorded_by = past.recorded_by
            interview.version += 1
            if interview.first_response_at is None:
                interview.first_response_at = finished
            detail = "declined" if child_declined else "interview recorded"
            entries.append(timed_entry(finished, LogAction.CHANGE, interview, detail))
        interview._history_date = (  # type: ignore[attr-defined]
            finished if past.recorded_by else past.allocated_at or interview.notified_at
        )
    with transaction.atomic():
        changed = [past.interview for past in records if past.allocated_to or past.recorded_by]
        bulk.update(ReturnInterview, changed, INTERVIEW_FIELDS, by=by, reason=reason)
        bulk.insert_m2m(ReturnInterview, "factors", factors)
        bulk.insert_m2m(ReturnInterview, "indicators_observed", indicators)
        log_in_order(entries)


def interview_checks_dates(interview: ReturnInterview, first_response_at: datetime) -> None:
    """A first contact before the interview is recorded: after the return, as ``interview_checks``."""
    episode = interview.episode
    dates.happened(
        first_response_at,
        field="first_response_at",
        what="the first response",
        born=episode.child.date_of_birth,
        after=(episode.returned_at, "the child returned"),
    )
