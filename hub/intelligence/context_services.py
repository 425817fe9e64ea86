"""Writes about contexts as cases: a place's or a group's assessment, its correction, and a person of
concern's risk with the meeting that manages it. Each checks the actor, writes in one transaction and
leaves the change history and the access log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import Agency, User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.core import dates
from hub.core.corrections import correct, reason_given
from hub.core.errors import FieldRefused, Forbidden, RuleRefused, StaleVersion
from hub.intelligence.access import CASE_WRITERS
from hub.intelligence.models import (
    ASSESSABLE_KINDS,
    ContextAssessment,
    ContextCase,
    Entity,
    EntityKind,
    ManagingMeeting,
    PersonRisk,
    RiskLevel,
)

CASE_REFUSAL = "Only hub staff and the police assess places and groups, and record a person's risk."
ASSESSMENT_TEXT = ("what_happens", "who", "when", "risks", "protective", "recommendation")
REQUIRED_TEXT = {
    "what_happens": "Say what happens there",
    "risks": "Say what makes it unsafe",
    "recommendation": "Say what you recommend",
}


def _as_case(entity: Entity) -> ContextCase:
    return entity if isinstance(entity, ContextCase) else ContextCase.objects.get(pk=entity.pk)


def case_change_check(*, by: User, entity: Entity) -> access.Decision:
    """Who assesses a place or group or records a person's risk: ``CASE_WRITERS`` who may see it as a
    case. ``NotVisible`` (404) for a case they may not see, ``Forbidden`` (403) otherwise."""
    case = _as_case(entity)
    access.require_role(by, CASE_WRITERS, refusal=CASE_REFUSAL, verb="change case")
    return access.require(by, case, refusal=CASE_REFUSAL, verb="change case")


def case_change_allowed(*, by: User, entity: Entity) -> bool:
    return by.has_role(*CASE_WRITERS) and access.decide(by, _as_case(entity), Action.WRITE).allowed


def _texts_checked(values: dict[str, Any]) -> dict[str, str]:
    texts = {name: str(values.get(name) or "").strip() for name in ASSESSMENT_TEXT}
    for name, message in REQUIRED_TEXT.items():
        if not texts[name]:
            raise FieldRefused(message, field=name)
    return texts


def _assessed_on_checked(assessed_on: date) -> None:
    dates.happened(assessed_on, field="assessed_on", what="the date of the assessment")


def assessment_record(
    *,
    by: User,
    entity: Entity,
    assessed_on: date,
    what_happens: str,
    risks: str,
    recommendation: str,
    who: str = "",
    when: str = "",
    protective: str = "",
    agency: Agency | None = None,
) -> ContextAssessment:
    """Record a location or peer-group assessment: what happens, who, when, the risks, what makes it
    safer and the recommendation. Only a place or a group is assessed (a person's risk is
    ``person_risk_record``)."""
    case_change_check(by=by, entity=entity)
    if entity.kind not in ASSESSABLE_KINDS:
        raise RuleRefused("Only a place or a group is assessed: record a person's risk instead.")
    values = _texts_checked(
        {
            "what_happens": what_happens,
            "who": who,
            "when": when,
            "risks": risks,
            "protective": protective,
            "recommendation": recommendation,
        }
    )
    _assessed_on_checked(assessed_on)
    agency = agency or by.agency
    if agency is None:
        raise Forbidden("Your account has no agency: ask an administrator to set it.")
    with transaction.atomic():
        assessment = ContextAssessment.objects.create(
            authority_id=entity.authority_id,
            entity_id=entity.pk,
            assessed_on=assessed_on,
            agency=agency,
            assessed_by=by,
            **values,
        )
        log_change(record=assessment, action=LogAction.COLLECT, detail="context assessed", actor=by)
    return assessment


def assessment_correct(
    *, by: User, assessment: ContextAssessment, version: int, reason: str, **changes: Any
) -> ContextAssessment:
    """Put right what an assessment says, with the reason; its history keeps what it said before."""
    access.require(by, assessment, refusal=CASE_REFUSAL, verb="correct assessment")
    case_change_check(by=by, entity=assessment.entity)
    reason = reason_given(reason)
    unknown = set(changes) - {*ASSESSMENT_TEXT, "assessed_on"}
    if unknown:
        raise RuleRefused(f"These cannot be corrected here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        record = ContextAssessment.objects.select_for_update().get(pk=assessment.pk)
        if record.version != version:
            raise StaleVersion("this assessment")
        merged = {name: changes.get(name, getattr(record, name)) for name in ASSESSMENT_TEXT}
        values: dict[str, Any] = {
            name: text for name, text in _texts_checked(merged).items() if name in changes
        }
        if "assessed_on" in changes:
            _assessed_on_checked(changes["assessed_on"])
            values["assessed_on"] = changes["assessed_on"]
        record.version += 1
        correct(record, by=by, reason=reason, values=values, narrative=ASSESSMENT_TEXT)
        log_change(record=record, detail="assessment corrected", actor=by)
    return record


def person_risk_record(
    *, by: User, person: Entity, level: str, managed_by: str, assessed_on: date, summary: str
) -> PersonRisk:
    """Record the risk a person of concern poses and the meeting that manages it (MAPPA, SEP, Youth
    Risk); the newest record is their risk now."""
    case_change_check(by=by, entity=person)
    if person.kind != EntityKind.PERSON:
        raise RuleRefused("A risk is recorded for a person of concern.")
    if level not in RiskLevel.values:
        raise FieldRefused("Choose the level of risk", field="level")
    if managed_by not in ManagingMeeting.values:
        raise FieldRefused("Choose the meeting that manages the risk", field="managed_by")
    summary = (summary or "").strip()
    if not summary:
        raise FieldRefused("Say whom they are a risk to, and of what", field="summary")
    dates.happened(assessed_on, field="assessed_on", what="the date the risk was assessed")
    with transaction.atomic():
        risk = PersonRisk.objects.create(
            authority_id=person.authority_id,
            person_id=person.pk,
            level=level,
            managed_by=managed_by,
            assessed_on=assessed_on,
            summary=summary,
            recorded_by=by,
        )
        log_change(record=risk, action=LogAction.COLLECT, detail="risk recorded", actor=by)
    return risk
