"""Writes of operations (``operations.py``): start one, move it on (suspend, close with its outcome, reopen)
or correct it, and add to or take out of it its members, the entities it concerns and the disruption used
in it. Each checks the actor first (``operation_create_check``, ``operation_change_check``: the same checks
the pages and the API make before they read a form or a body), runs in one transaction, keeps the history
and writes the access log.

Decisions:

- An operation is started by an intelligence writer (a hub analyst or a police officer) in an area their
  agency serves; its lead is an intelligence writer whose agency serves the area, its lead agency one
  that serves it. Its name is unique in the area ("Operation Kestrel" means one thing there).
- Its dates are true: it started today or before; it closed today or before and not before it started.
  Closing needs the outcome, and every change of where it stands needs the reason (kept in its history).
- A closed operation holds what it held: nothing is added to it until it is reopened.
- Members are people in the case roles (``access.OPERATION_MEMBER_ROLES``) whose agency serves the area.
- What is added is what the actor may see (an entity of the area, not disposed of; disruption activity
  against one) and was not already in it; taking anything out needs the reason, and the row stays."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import Agency, Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_change, log_refusal
from hub.core import clock, dates
from hub.core.corrections import correct, reason_given
from hub.core.errors import FieldRefused, Forbidden, RuleRefused, StaleVersion
from hub.intelligence.access import INTELLIGENCE_WRITERS, OPERATION_MEMBER_ROLES
from hub.intelligence.models import (
    Disruption,
    Entity,
    Operation,
    OperationDisruption,
    OperationEntity,
    OperationKind,
    OperationMember,
    OperationStatus,
)

CREATE_REFUSAL = "Only hub analysts and police officers start operations."
CHANGE_REFUSAL = (
    "Only the operation's lead, its members who are analysts or police officers, and hub analysts change it."
)
AREA_REFUSAL = "Your agency does not serve that area: choose one it serves."
TEXT_LIMIT = 5000
STARTED_WHAT = "the date the operation started"


def operation_create_check(*, by: User, authority: Authority | None = None) -> None:
    """Who starts an operation: an intelligence writer, in an area their agency serves."""
    access.require_role(by, INTELLIGENCE_WRITERS, refusal=CREATE_REFUSAL, verb="start operation")
    if authority is not None and authority.pk not in access.authority_ids(by):
        log_refusal(actor=by, action="start operation", detail="agency does not serve the area")
        raise Forbidden(AREA_REFUSAL)


def operation_create_allowed(*, by: User) -> bool:
    return by.is_authenticated and by.has_role(*INTELLIGENCE_WRITERS) and bool(access.authority_ids(by))


def operation_change_check(*, by: User, operation: Operation) -> access.Decision:
    """Who moves an operation on, corrects it or adds to it and takes out of it: an intelligence writer
    who leads it, is a member, or is a hub analyst of its area. ``NotVisible`` (404) for an operation
    they may not see, ``Forbidden`` (403) for one they see but may not change."""
    access.require(by, operation, refusal=CHANGE_REFUSAL, action=Action.READ, verb="change operation")
    access.require_role(by, INTELLIGENCE_WRITERS, refusal=CHANGE_REFUSAL, verb="change operation")
    return access.require(by, operation, refusal=CHANGE_REFUSAL, verb="change operation")


def operation_change_allowed(*, by: User, operation: Operation) -> bool:
    return by.has_role(*INTELLIGENCE_WRITERS) and access.decide(by, operation, Action.WRITE).allowed


def _text(value: str | None, field: str, what: str, *, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise FieldRefused(required, field=field)
    if len(value) > TEXT_LIMIT:
        raise FieldRefused(f"{what.capitalize()} must be {TEXT_LIMIT} characters or fewer", field=field)
    return value


def _name_checked(authority: Authority, name: str, exclude: int | None = None) -> str:
    name = _text(name, "name", "the name", required="Enter the operation's name, like Operation Kestrel.")
    if len(name) > 200:
        raise FieldRefused("The name must be 200 characters or fewer", field="name")
    same = Operation.objects.filter(authority=authority, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise FieldRefused(f"{name} is already an operation in this area: choose another name.", field="name")
    return name


def _lead_checked(authority: Authority, lead: User, lead_agency: Agency | None) -> Agency:
    if not (
        lead.is_active and lead.has_role(*INTELLIGENCE_WRITERS)
    ) or authority.pk not in access.authority_ids(lead):
        raise FieldRefused(
            "The lead is a hub analyst or a police officer whose agency serves the area: choose one.",
            field="lead",
        )
    agency = lead_agency or lead.agency
    if agency is None or not agency.authorities.filter(pk=authority.pk).exists():
        raise FieldRefused("Choose a lead agency that serves the area.", field="lead_agency")
    return agency


def operation_create(
    *,
    by: User,
    authority: Authority,
    name: str,
    kind: str,
    started_on: date,
    summary: str = "",
    lead: User | None = None,
    lead_agency: Agency | None = None,
) -> Operation:
    """Start an operation: its name, kind, the day it started, what it is about and who leads it (the
    actor, unless another is named)."""
    operation_create_check(by=by, authority=authority)
    if kind not in OperationKind.values:
        raise FieldRefused(
            "Choose whether it is a police operation or a multi-agency investigation.", field="kind"
        )
    dates.happened(started_on, field="started_on", what=STARTED_WHAT)
    lead = lead or by
    agency = _lead_checked(authority, lead, lead_agency)
    summary = _text(summary, "summary", "what it is about")
    with transaction.atomic():
        operation = Operation.objects.create(
            authority=authority,
            name=_name_checked(authority, name),
            kind=kind,
            lead=lead,
            lead_agency=agency,
            started_on=started_on,
            summary=summary,
            created_by=by,
        )
        log_change(record=operation, action=LogAction.COLLECT, detail="operation started", actor=by)
    return operation


CORRECTABLE = frozenset({"name", "kind", "summary", "started_on", "lead", "lead_agency"})


def _locked(operation: Operation, version: int) -> Operation:
    record = Operation.objects.select_for_update().get(pk=operation.pk)
    if record.version != version:
        raise StaleVersion("this operation")
    return record


def _status_values(
    record: Operation, status: str, closed_on: date | None, outcome: str | None, started_on: date
) -> dict[str, Any]:
    if status not in OperationStatus.values:
        raise FieldRefused("Choose where the operation stands: open, suspended or closed.", field="status")
    if status != OperationStatus.CLOSED:
        return {
            "status": status,
            "closed_on": None,
            "outcome": record.outcome if outcome is None else outcome,
        }
    outcome = _text(
        record.outcome if outcome is None else outcome,
        "outcome",
        "the outcome",
        required="Say what the operation achieved (its outcome) before closing it.",
    )
    closed_on = closed_on or record.closed_on or clock.today()
    dates.happened(
        closed_on,
        field="closed_on",
        what="the date it closed",
        after=(started_on, "the operation started"),
    )
    return {"status": status, "closed_on": closed_on, "outcome": outcome}


def operation_update(
    *,
    by: User,
    operation: Operation,
    version: int,
    reason: str,
    status: str | None = None,
    closed_on: date | None = None,
    outcome: str | None = None,
    **changes: Any,
) -> Operation:
    """Say where the operation stands now (open, suspended, closed: closing needs its outcome and the
    date, today unless given), or correct its name, kind, summary, start or lead; always with the reason,
    which its history keeps with what changed."""
    operation_change_check(by=by, operation=operation)
    reason = reason_given(reason, what="the operation is changed")
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise RuleRefused(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        record = _locked(operation, version)
        values: dict[str, Any] = {}
        if "name" in changes:
            values["name"] = _name_checked(record.authority, changes["name"], exclude=record.pk)
        if "kind" in changes:
            if changes["kind"] not in OperationKind.values:
                raise FieldRefused("Choose a police operation or a multi-agency investigation.", field="kind")
            values["kind"] = changes["kind"]
        if "summary" in changes:
            values["summary"] = _text(changes["summary"], "summary", "what it is about")
        started_on = changes.get("started_on", record.started_on)
        if "started_on" in changes:
            dates.happened(
                started_on, field="started_on", what=STARTED_WHAT, before=(record.closed_on, "it closed")
            )
            values["started_on"] = started_on
        if "lead" in changes or "lead_agency" in changes:
            lead = changes.get("lead") or record.lead
            values["lead"] = lead
            values["lead_agency"] = _lead_checked(record.authority, lead, changes.get("lead_agency"))
        new_status = status or record.status
        if status is not None or closed_on is not None or outcome is not None:
            values.update(_status_values(record, new_status, closed_on, outcome, started_on))
        record.version += 1
        changed = correct(record, by=by, reason=reason, values=values, narrative=("summary", "outcome"))
        log_change(
            record=record, detail=f"operation changed: {', '.join(c.field for c in changed)}", actor=by
        )
    return record


def _open_checked(operation: Operation) -> None:
    if operation.status == OperationStatus.CLOSED:
        raise RuleRefused(f"{operation.name} is closed: reopen it before adding to it.")


def _added(model: type[models.Model], what: str, **values: Any) -> Any:
    """A new row of what an operation holds; refused by name when it is already held."""
    try:
        with transaction.atomic():
            return model._default_manager.create(added_at=clock.now(), **values)
    except IntegrityError:
        raise RuleRefused(f"{what} is already in the operation.") from None


def operation_member_add(*, by: User, operation: Operation, user: User) -> OperationMember:
    """Make someone a member: they see the operation and what it holds (each record as its own rules
    allow) until they are taken out, or 90 days after it closes."""
    operation_change_check(by=by, operation=operation)
    _open_checked(operation)
    serves = operation.authority_id in access.authority_ids(user)
    if not (user.is_active and user.has_role(*OPERATION_MEMBER_ROLES) and serves):
        raise FieldRefused(
            "Members are hub staff, practitioners, police officers, return interviewers or panel chairs "
            "whose agency serves the operation's area: choose one of them.",
            field="user",
        )
    name = user.get_full_name() or user.username
    with transaction.atomic():
        member = _added(OperationMember, name, operation=operation, user=user, added_by=by)
        log_change(record=operation, detail=f"member added: user {user.pk}", actor=by)
    return member


def operation_entity_add(*, by: User, operation: Operation, entity: Entity) -> OperationEntity:
    """Add a child, person, group, place, vehicle, phone or organisation the actor may see."""
    operation_change_check(by=by, operation=operation)
    _open_checked(operation)
    access.require(by, entity, refusal=CHANGE_REFUSAL, action=Action.READ, verb="add to operation")
    if entity.authority_id != operation.authority_id or entity.disposed_at is not None:
        raise FieldRefused("Choose a record of the operation's area.", field="entity")
    with transaction.atomic():
        item = _added(OperationEntity, entity.name, operation=operation, entity=entity, added_by=by)
        log_change(record=operation, detail=f"entity added: {entity.pk}", actor=by)
    return item


def operation_disruption_add(
    *, by: User, operation: Operation, disruption: Disruption
) -> OperationDisruption:
    """Add disruption activity (an order, a notice) the actor may see, against a record of the area."""
    operation_change_check(by=by, operation=operation)
    _open_checked(operation)
    access.require(by, disruption, refusal=CHANGE_REFUSAL, action=Action.READ, verb="add to operation")
    if disruption.authority_id != operation.authority_id:
        raise FieldRefused("Choose disruption activity of the operation's area.", field="disruption")
    with transaction.atomic():
        item = _added(
            OperationDisruption, str(disruption), operation=operation, disruption=disruption, added_by=by
        )
        log_change(record=operation, detail=f"disruption added: {disruption.pk}", actor=by)
    return item


def _remove(by: User, item: Any, reason: str, what: str) -> Any:
    operation_change_check(by=by, operation=item.operation)
    reason = reason_given(reason, what=f"{what} is taken out of the operation")
    with transaction.atomic():
        row = type(item)._default_manager.select_for_update().get(pk=item.pk)
        if row.removed_at is not None:
            raise RuleRefused(f"{what.capitalize()} was already taken out of the operation.")
        row.removed_at, row.removed_by, row.removal_reason = clock.now(), by, reason
        row.save(update_fields=["removed_at", "removed_by", "removal_reason"])
        log_change(record=item.operation, detail=f"{type(item).__name__} {item.pk} taken out", actor=by)
    return row


def operation_member_remove(*, by: User, membership: OperationMember, reason: str) -> OperationMember:
    """Take a member out, with the reason: they no longer see the operation through it."""
    return _remove(by, membership, reason, "the member")


def operation_entity_remove(*, by: User, item: OperationEntity, reason: str) -> OperationEntity:
    """Take a record out of the operation, with the reason; the row stays, saying who, when and why."""
    return _remove(by, item, reason, "the record")


def operation_disruption_remove(*, by: User, item: OperationDisruption, reason: str) -> OperationDisruption:
    """Take disruption activity out of the operation, with the reason."""
    return _remove(by, item, reason, "the disruption activity")
