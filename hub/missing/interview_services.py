"""Writes about return interviews: allocating one, recording it (checked against the version the
person saw, with a late entry's reason), and starting a screening from one that saw signs of
exploitation. Each is atomic and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import User
from hub.audit.services import log_change, log_refusal
from hub.core import bulk, clock, dates, late
from hub.core.errors import Forbidden, RuleRefused, StaleVersion
from hub.core.roles import REFERRER_ROLES, Role
from hub.intelligence.origin_services import record_links_at
from hub.missing.access import INTERVIEW_ROLES
from hub.missing.models import (
    ReturnInterview,
)
from hub.screening import services as screening_services
from hub.screening.models import Answer, Screening

# The event a person enters by hand after it happened, as the record of a late entry names it.
INTERVIEWED = "the date of the return interview"


ALLOCATE_ROLES = frozenset({Role.HUB_COORDINATOR})


def interview_allocate_allowed(*, by: User, interview: ReturnInterview) -> bool:
    """``interview_allocate_check``'s answer without refusing, for a page deciding what to show."""
    return by.has_role(*ALLOCATE_ROLES) and access.decide(by, interview, Action.WRITE).allowed


def interview_allocate_check(*, by: User, interview: ReturnInterview) -> Decision:
    """Who allocates a return interview: a hub coordinator who may change it. ``NotVisible`` (404) for
    an interview they may not see, ``Forbidden`` (403) otherwise."""
    access.require_role(
        by, ALLOCATE_ROLES, refusal="Only a hub coordinator allocates return interviews.", verb="allocate"
    )
    return access.require(
        by, interview, refusal="You can see this interview but cannot allocate it.", verb="allocate"
    )


def interview_allocate(*, interview: ReturnInterview, worker: User, by: User) -> ReturnInterview:
    interview_allocate_check(by=by, interview=interview)
    if interview.status in {ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED}:
        raise RuleRefused("This interview is finished and cannot be reallocated.")
    with transaction.atomic():
        interview.allocated_to = worker
        interview.allocated_at = clock.now()
        interview.status = ReturnInterview.Status.ALLOCATED
        interview.version += 1
        interview.save(update_fields=["allocated_to", "allocated_at", "status", "version"])
        log_change(record=interview, detail=f"allocated to {worker.get_username()}")
    return interview


def interview_checks(*, interview: ReturnInterview, values: dict[str, Any]) -> bool:
    """The rules an interview's record meets, when it is recorded and when it is corrected: held at a
    possible time after the return (or declined), face to face or the reason why not, and a reason from
    the reference list if it was late. Returns whether the child declined."""
    declined = bool(values.get("declined_reason", "").strip())
    held_at = values.get("interview_at")
    if not declined and held_at is None:
        raise RuleRefused("Enter when the interview was held, or record that the child declined.")
    episode = interview.episode
    for name, what in (
        ("interview_at", "the date of the interview"),
        ("first_response_at", "the first response"),
    ):
        if values.get(name) is not None:
            dates.happened(
                values[name],
                field=name,
                what=what,
                born=episode.child.date_of_birth,
                after=(episode.returned_at, "the child returned"),
            )
    if values.get("face_to_face") is False and not values.get("not_face_to_face_reason", "").strip():
        raise RuleRefused("Say why the interview was not face to face.")
    finished = held_at or values.get("first_response_at") or clock.now()
    if finished > interview.interview_due_at and values.get("late_reason") is None:
        raise RuleRefused(
            "The interview was later than 72 hours after the return notification: choose the reason."
        )
    return declined


def interview_record_check(*, by: User, interview: ReturnInterview) -> Decision:
    """Who may record a return interview: a return interviewer, hub coordinator or practitioner
    (``INTERVIEW_ROLES``) through a relationship that may change it (allocated to it, hub staff, the
    child's allocated worker). Otherwise ``Forbidden`` (403), or ``NotVisible`` (404) for an interview
    they may not see."""
    access.require_role(
        by, INTERVIEW_ROLES, refusal="Your role does not hold return interviews.", verb="record interview"
    )
    return access.require(
        by, interview, refusal="You can see this interview but not record it.", verb="record interview"
    )


def interview_record(*, interview: ReturnInterview, by: User, version: int, **values: Any) -> ReturnInterview:
    """Record the interview (or that the child declined). Late interviews need a reason from the
    reference list; an interview that was not face to face needs the reason why. ``picks``: places and
    people of the network it mentions, linked from the interview over the episode's dates."""
    interview_record_check(by=by, interview=interview)
    picks = values.pop("picks", ())
    factors = values.pop("factors", None)
    indicators = values.pop("indicators_observed", None)
    late_entry_reason = values.pop("late_entry_reason", "")
    declined = interview_checks(interview=interview, values=values)
    held_at = values.get("interview_at")
    # The first contact with the child is the event entered: the interview, or the refusal to have one.
    contact = held_at or values.get("first_response_at")
    late_entry_reason = late.asked(contact, late_entry_reason, what=INTERVIEWED)
    with transaction.atomic():
        if not ReturnInterview.objects.filter(pk=interview.pk, version=version).update(version=version + 1):
            raise StaleVersion("this return interview")
        for name, value in values.items():
            setattr(interview, name, value)
        interview.status = ReturnInterview.Status.DECLINED if declined else ReturnInterview.Status.COMPLETED
        interview.recorded_by = by
        interview.version = version + 1
        if interview.first_response_at is None:
            interview.first_response_at = held_at or clock.now()
        interview.save()
        if factors is not None:
            interview.factors.set(factors)
        if indicators is not None:
            interview.indicators_observed.set(indicators)
        late.keep(interview, value=contact, reason=late_entry_reason, by=by, what=INTERVIEWED)
        log_change(record=interview, detail="declined" if declined else "interview recorded")
        episode = interview.episode
        record_links_at(
            by=by,
            child=episode.child,
            origin=interview,
            what="Return interview: missing from",
            at=episode.last_seen_at,
            until=episode.returned_at,
            picks=picks,
        )
    return interview


SCREENING_REFUSAL = "You can see this interview but cannot start a screening from it."


def interview_screening_allowed(*, by: User, interview: ReturnInterview) -> bool:
    """Whoever may record the interview and may refer a concern (a referrer role, in an agency) can
    start a screening from it."""
    return (
        by.has_role(*REFERRER_ROLES)
        and by.agency_id is not None
        and access.decide(by, interview, Action.WRITE).allowed
    )


def interview_screening_check(*, by: User, interview: ReturnInterview) -> Decision:
    """``interview_screening_allowed``, refusing: ``NotVisible`` (404) for an interview the person may
    not see, ``Forbidden`` (403) for one they may see but not start a screening from."""
    verb = "start screening from interview"
    access.require_role(by, REFERRER_ROLES, refusal="Your role does not refer concerns.", verb=verb)
    decision = access.require(by, interview, refusal=SCREENING_REFUSAL, verb=verb)
    if by.agency_id is None:
        log_refusal(record=interview, action=verb, actor=by, detail="no agency")
        raise Forbidden("You have no agency: ask your administrator to add it before you refer a concern.")
    return decision


def interview_start_screening(*, interview: ReturnInterview, by: User) -> Screening:
    """Start a screening for the child from what the return interview found: the signs of exploitation
    seen are answered yes, the concern and what has been done are written from the interview. The
    referrer checks it, adds what they know and submits it as any other screening. One interview
    starts one screening; asking again returns the one already started."""
    interview_screening_check(by=by, interview=interview)
    if interview.screening is not None:
        return interview.screening
    if interview.status != ReturnInterview.Status.COMPLETED:
        raise RuleRefused("Record the interview before starting a screening from it.")
    indicators = list(interview.indicators_observed.all())
    if not indicators:
        raise RuleRefused("No signs of exploitation were recorded at this interview.")
    episode = interview.episode
    with transaction.atomic():
        locked = ReturnInterview.objects.select_for_update().get(pk=interview.pk)
        if locked.screening is not None:
            return locked.screening
        screening = screening_services.screening_start(by=by, child=episode.child)
        screening_services.screening_save_section(
            screening=screening,
            by=by,
            version=screening.version,
            concern=_concern_from(interview),
            actions_taken=interview.actions_agreed,
        )
        seen = f"Seen at the return interview on {timezone.localtime(interview.interview_at):%d %B %Y}."
        screening_services.screening_save_answers(
            screening=screening,
            by=by,
            answers={indicator.pk: (Answer.YES, seen) for indicator in indicators},
        )
        ReturnInterview.objects.filter(pk=interview.pk).update(screening=screening)
        interview.screening = screening
        bulk.changed(ReturnInterview, [ReturnInterview.objects.get(pk=interview.pk)], by=by)
        log_change(record=interview, detail=f"screening {screening.pk} started from the interview")
    return screening


def _concern_from(interview: ReturnInterview) -> str:
    episode = interview.episode
    went = f"missing from {timezone.localtime(episode.last_seen_at):%d %B %Y %H:%M}"
    if episode.returned_at:
        went += f" to {timezone.localtime(episode.returned_at):%d %B %Y %H:%M}"
    parts = [f"At the return interview after {episode.child.first_name} was {went}:"]
    for label, value in (
        ("Where they went", interview.where_went),
        ("Who they were with", interview.who_with),
        ("Harm", interview.harm),
        ("In their own words", interview.child_words),
    ):
        if value.strip():
            parts.append(f"{label}: {value.strip()}")
    return "\n".join(parts)
