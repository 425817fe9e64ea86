"""Writes of disruption activity: a tactic or order of the disruption toolkit recorded against a person, a
group or a place (``disruption_record``), moved on as it is granted, breached or ends
(``disruption_update``), and put right with a reason (``disruption_correct``). Each checks the actor
first (``checks.py``: an intelligence writer who may change the target), applies the dates' rules
(``hub.core.dates``), runs in one transaction, keeps the history and writes the access log.

Decisions:

- The date is when it was issued, started or applied for (an application has no issue date yet): it has
  happened, so never in the future, and one entered more than the late-entry clock after it happened
  asks why (``hub.core.late``).
- The expiry is optional (a notice given once, a closure notice with its own 48 hours, a request): when
  given it is after the start and within ten years of it (a year typed wrong, not a real order); it is
  not held to the planning horizon, since orders run for years.
- Where it stands: "expired" only once the expiry day has come; nothing is recorded as still applied
  for, granted or in force after its expiry (that is what the home page's reminder asks to be put
  right); once refused, expired or discharged it ends, and only a correction changes it.
- The acting agency is one that serves the target's area (police, housing, the council's services),
  the recorder's own by default."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from hub.accounts.models import Agency, User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.core import clock, dates, late
from hub.core.corrections import correct, reason_given
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion
from hub.intelligence import checks
from hub.intelligence.models import (
    DISRUPTION_OPEN,
    DISRUPTION_TARGET_KINDS,
    Disruption,
    DisruptionStatus,
    Entity,
    EntityKind,
)
from hub.reference.models import DisruptionTactic

TEXT_LIMIT = 5000
LONGEST_ORDER = timedelta(days=3653)  # ten years
ENDED = frozenset({DisruptionStatus.REFUSED, DisruptionStatus.EXPIRED, DisruptionStatus.DISCHARGED})
STARTED_WHAT = "the date it was issued, started or applied for"

_TARGET_FLAG: dict[str, str] = {
    EntityKind.PERSON: "for_persons",
    EntityKind.GROUP: "for_groups",
    EntityKind.LOCATION: "for_locations",
}


@dataclass(frozen=True)
class Facts:
    """What is recorded about one disruption, before the rules are applied."""

    tactic: DisruptionTactic
    agency: Agency
    started_on: date
    expires_on: date | None
    status: str
    conditions: str
    notes: str


def tactics_for(kind: str) -> list[DisruptionTactic]:
    """The active tactics used against an entity of ``kind`` (none for a phone, a vehicle, a child)."""
    flag = _TARGET_FLAG.get(kind)
    if flag is None:
        return []
    return list(DisruptionTactic.objects.filter(active=True, **{flag: True}))


def agencies_for(target: Entity) -> list[Agency]:
    """The agencies that may be named as acting against ``target``: those serving its area."""
    return list(Agency.objects.filter(authorities=target.authority_id).order_by("name"))


def _text(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_LIMIT:
        raise FieldRefused(f"{what.capitalize()} must be {TEXT_LIMIT} characters or fewer", field=field)
    return value


ALL_FACTS = frozenset(field.name for field in fields(Facts))


def facts_checked(
    target: Entity, facts: Facts, *, changed: frozenset[str] = ALL_FACTS, today: date | None = None
) -> None:
    """The rules every disruption keeps, on recording (every fact is new), moving on and correcting
    (``changed``: the facts being set). A tactic retired, or an agency no longer serving the area, since it
    was recorded does not stop it being moved on; whether where it stands fits today is asked only when
    that or the expiry changes (a correction of its notes leaves an order past its expiry to the
    reminder). The dates are always in order."""
    today = today or clock.today()
    if target.kind not in DISRUPTION_TARGET_KINDS:
        raise RuleRefused("Disruption is recorded against a person, a group or a place.")
    flag = _TARGET_FLAG[EntityKind(target.kind)]
    if "tactic" in changed and (not facts.tactic.active or not getattr(facts.tactic, flag)):
        raise FieldRefused(
            f"A {facts.tactic.name.lower()} is not used against a {EntityKind(target.kind).label.lower()}: "
            "choose one from the list.",
            field="tactic",
        )
    if "agency" in changed and not facts.agency.authorities.filter(pk=target.authority_id).exists():
        raise FieldRefused("Choose an agency that serves the area of the record.", field="agency")
    if facts.status not in DisruptionStatus.values:
        raise FieldRefused("Choose where it stands.", field="status")
    if "started_on" in changed:
        dates.happened(facts.started_on, field="started_on", what=STARTED_WHAT)
    expires = facts.expires_on
    if expires is not None:
        if expires <= facts.started_on:
            raise FieldRefused(
                f"The expiry date must be after {STARTED_WHAT} ({facts.started_on:%-d %B %Y})",
                field="expires_on",
            )
        dates.within(
            expires,
            field="expires_on",
            what="the expiry date",
            earliest=facts.started_on,
            latest=facts.started_on + LONGEST_ORDER,
        )
    if facts.status == DisruptionStatus.EXPIRED and {"status", "expires_on"} & changed:
        if expires is None:
            raise FieldRefused("Give the date it expired.", field="expires_on")
        if expires > today:
            raise FieldRefused(
                f"It has not expired: it expires on {expires:%-d %B %Y}. If it ended early, it was "
                "discharged.",
                field="status",
            )
    elif (
        {"status", "expires_on"} & changed
        and facts.status in DISRUPTION_OPEN
        and expires is not None
        and expires < today
    ):
        raise FieldRefused(
            f"It expired on {expires:%-d %B %Y}: say how it ended (expired, breached, discharged, refused).",
            field="status",
        )


def disruption_record(
    *,
    by: User,
    target: Entity,
    tactic: DisruptionTactic,
    started_on: date,
    status: str,
    agency: Agency | None = None,
    expires_on: date | None = None,
    conditions: str = "",
    notes: str = "",
    late_entry_reason: str = "",
) -> Disruption:
    """Record a tactic or order used against a person, a group or a place."""
    checks.disruption_record_check(by=by, target=target)
    agency = agency or by.agency
    if agency is None:
        raise FieldRefused("Say which agency acted.", field="agency")
    facts = Facts(
        tactic=tactic,
        agency=agency,
        started_on=started_on,
        expires_on=expires_on,
        status=status,
        conditions=_text(conditions, "conditions", "the conditions"),
        notes=_text(notes, "notes", "the notes"),
    )
    facts_checked(target, facts)
    reason = late.asked(started_on, late_entry_reason, what=STARTED_WHAT)
    with transaction.atomic():
        disruption = Disruption.objects.create(
            authority_id=target.authority_id,
            target=target,
            created_by=by,
            **vars(facts),
        )
        late.keep(disruption, value=started_on, reason=reason, by=by, what=STARTED_WHAT)
        log_change(
            record=disruption, action=LogAction.COLLECT, detail=f"disruption {tactic.code} recorded", actor=by
        )
    return disruption


def _locked(disruption: Disruption, version: int) -> Disruption:
    record = (
        Disruption.objects.select_for_update()
        .select_related("target", "tactic", "agency")
        .get(pk=disruption.pk)
    )
    if record.version != version:
        raise StaleVersion("this disruption activity")
    return record


def _facts(record: Disruption, changes: dict[str, Any]) -> Facts:
    values = {
        name: changes.get(name, getattr(record, name)) for name in (field.name for field in fields(Facts))
    }
    values["conditions"] = _text(values["conditions"], "conditions", "the conditions")
    values["notes"] = _text(values["notes"], "notes", "the notes")
    return Facts(**values)


class Keep:
    """A field ``disruption_update`` leaves as it is (``None`` is a value: no expiry)."""


KEEP = Keep()


def disruption_update(
    *,
    by: User,
    disruption: Disruption,
    version: int,
    status: str,
    expires_on: date | Keep | None = KEEP,
    conditions: str | Keep = KEEP,
    note: str = "",
) -> Disruption:
    """Say where it stands now (granted, in force, breached, expired, discharged, refused), and what a
    variation changed (its expiry, its conditions); a note is added to its notes, dated and signed. An
    order that has ended is not moved on: a mistake in it is corrected, with a reason."""
    checks.disruption_change_check(by=by, disruption=disruption)
    note = _text(note, "note", "the note")
    with transaction.atomic():
        record = _locked(disruption, version)
        if record.status in ENDED:
            raise RuleRefused(
                f"It is recorded as {record.get_status_display().lower()}: if that is wrong, correct it and "
                "say why."
            )
        changes: dict[str, Any] = {"status": status}
        if not isinstance(expires_on, Keep):
            changes["expires_on"] = expires_on
        if not isinstance(conditions, Keep):
            changes["conditions"] = conditions
        if note:
            signed = f"{clock.today():%-d %B %Y}, {by.get_full_name() or by.username}: {note}"
            changes["notes"] = f"{record.notes}\n\n{signed}".strip()
        facts = _facts(record, changes)
        facts_checked(record.target, facts, changed=frozenset(changes))
        changed = [name for name, value in vars(facts).items() if getattr(record, name) != value]
        if not changed:
            raise RuleRefused("Nothing has changed: say where it stands now, or add a note.")
        for name, value in vars(facts).items():
            setattr(record, name, value)
        record.version += 1
        record.save()
        log_change(record=record, detail=f"disruption moved on: {', '.join(changed)}", actor=by)
    return record


CORRECTABLE = ALL_FACTS


def disruption_correct(
    *, by: User, disruption: Disruption, version: int, reason: str, **changes: Any
) -> Disruption:
    """Put right what was recorded (the tactic, the agency, its dates, where it stands, its conditions or
    notes), with the reason; the history keeps what it said."""
    checks.disruption_change_check(by=by, disruption=disruption)
    reason = reason_given(reason)
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise RuleRefused(f"These cannot be corrected here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        record = _locked(disruption, version)
        facts = _facts(record, changes)
        facts_checked(record.target, facts, changed=frozenset(changes))
        record.version += 1
        correct(record, by=by, reason=reason, values=vars(facts), narrative=("conditions", "notes"))
        log_change(record=record, detail="disruption corrected", actor=by)
    return record
