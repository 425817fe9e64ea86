"""The bulk forms of the children services, for past records written in batches (the demo's year): each
row is checked with the same rules as the single-row services (``services.child_create``,
``legal_status_add``, ``address_add``, ``care_codes_set``; their rules in ``rules``), then the rows are
inserted in batches with their change history (dated when each change happened, carrying who entered
them and why) and the access-log entries the single-row services write. What those services do besides
their row is done here too: the recorder's agency involved with the child they record, the duplicate
search (each child compared with the records there before it), the current period closed when the next
one starts, and the reason a legal status that started long before it was recorded is late (the past
records' ``reason``) kept beside it.

Only the person entering the records (``by``) decides that they come in: a hub coordinator or a
practitioner (``child_create_check``) whose agency serves every authority the records are kept in; each
record's recorder is someone whose agency serves the child's authority. No page or API reaches these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.accounts import access
from hub.accounts.models import Authority, User
from hub.audit.models import LogAction
from hub.audit.services import Timed, log_in_order, timed_entry
from hub.children import names, rules, services
from hub.children.models import (
    AddressPeriod,
    AgencyInvolvement,
    CareEpisode,
    Child,
    LegalStatus,
    LegalStatusPeriod,
)
from hub.core import bulk, clock, dates, late
from hub.core.errors import Forbidden, RuleRefused
from hub.core.models import LateEntry
from hub.core.roles import HUB_STAFF_ROLES

PAST_REFUSAL = "Past records are kept only in an area your agency serves."
FUTURE_REFUSAL = "Past records are entered as of moments that have passed."


@dataclass
class PastLegalStatus:
    """A legal status as ``legal_status_add`` recorded it at ``entered_at``: the child's current one
    ends when the next starts."""

    status: str
    start: date
    entered_at: datetime
    placing_authority: Authority | None = None
    host_authority: Authority | None = None


@dataclass
class PastAddress:
    """An address as ``address_add`` recorded it at ``entered_at``: the child's current one of the same
    kind ends when the next starts."""

    start: date
    entered_at: datetime
    line1: str
    postcode: str = ""
    line2: str = ""
    town: str = ""
    kind: str = AddressPeriod.Kind.HOME


@dataclass
class PastChild:
    """A child as ``child_create`` recorded them at ``entered_at`` (``created_by`` recording them), with
    the legal statuses and addresses recorded then or later, by the same person."""

    authority: Authority
    created_by: User
    entered_at: datetime
    identity: dict[str, Any]
    legal_statuses: list[PastLegalStatus] = field(default_factory=list)
    addresses: list[PastAddress] = field(default_factory=list)


@dataclass
class PastChildren:
    children: list[Child]  # in the order of the records
    legal_statuses: list[list[LegalStatusPeriod]]  # per record, in the order given
    addresses: list[list[AddressPeriod]]  # per record, in the order given


@dataclass
class PastCareCodes:
    """The SSDA903 codes of a looked-after period, as ``care_codes_set`` set them at ``entered_at``."""

    period: LegalStatusPeriod
    codes: dict[str, str]
    entered_at: datetime


def children_record_past_check(*, by: User, authorities: set[int]) -> None:
    """Who enters a child's past records: whoever may record a child (``child_create_check``), into
    the areas their agency serves."""
    services.child_create_check(by=by)
    if not authorities <= set(access.authority_ids(by)):
        raise Forbidden(PAST_REFUSAL)


def _check(record: PastChild, reason: str) -> None:
    """``child_create``'s and ``legal_status_add``'s rules for one record, as of when each part was
    entered; ``reason``, why the past records come in now, is why a legal status is entered late."""
    unknown = set(record.identity) - set(services.IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"child_create does not take {', '.join(sorted(unknown))}")
    entered = [record.entered_at]
    entered += [status.entered_at for status in record.legal_statuses]
    entered += [address.entered_at for address in record.addresses]
    if max(entered) > clock.now():
        raise RuleRefused(FUTURE_REFUSAL)
    if record.authority.pk not in access.authority_ids(record.created_by):
        raise Forbidden(f"{record.created_by.get_username()}'s agency does not serve {record.authority}.")
    born = record.identity.get("date_of_birth")
    with clock.history(record.entered_at):
        if born is not None:
            dates.birth(born)
    for status in record.legal_statuses:
        if status.entered_at < record.entered_at:
            raise RuleRefused("A child's legal status is recorded after the child's record.")
        with clock.history(status.entered_at):
            rules.legal_status_add_check(
                status=status.status,
                start=status.start,
                born=born,
                placing=status.placing_authority,
                host=status.host_authority,
                late_entry_reason=reason,
            )
    for address in record.addresses:
        if address.entered_at < record.entered_at:
            raise RuleRefused("A child's address is recorded after the child's record.")
        if address.kind not in AddressPeriod.Kind.values:
            raise RuleRefused("Choose what kind of address it is.")


def _closing(periods: list[Any], entered: list[datetime]) -> list[tuple[Any, datetime]]:
    """As ``_close_open``: each period of a run, entered in order, ends when the next starts; returns the
    periods closed, with when."""
    closed = []
    order = sorted(range(len(periods)), key=lambda index: (entered[index], index))
    for before, after in pairwise(order):
        periods[before].end = max(periods[before].start, periods[after].start)
        closed.append((periods[before], entered[after]))
    return closed


def children_record_past(*, by: User, records: list[PastChild], reason: str) -> PastChildren:
    """Children from past records, each as ``child_create``, ``legal_status_add`` and ``address_add``
    would have left them on their own days, written in batches."""
    reason = bulk.past_reason_check(reason)
    children_record_past_check(by=by, authorities={record.authority.pk for record in records})
    for record in records:
        _check(record, reason)
    entries: list[Timed] = []
    with transaction.atomic():
        rows = []
        for record in records:
            child = Child(authority=record.authority, created_by=record.created_by, **record.identity)
            child.first_name_key = names.first_name_key(child.first_name)
            child.last_name_key = names.sound_key(child.last_name)
            child.created_at = record.entered_at
            child._history_date = record.entered_at  # type: ignore[attr-defined]
            rows.append(child)
        rows = bulk.insert(Child, rows, by=by, reason=reason)
        for record, child in zip(records, rows, strict=True):
            entries.append(timed_entry(record.entered_at, LogAction.COLLECT, child, "child record created"))
        _involvement(records, rows, entries, by=by, reason=reason)
        _duplicates(records, rows)
        statuses = _legal_statuses(records, rows, entries, by=by, reason=reason)
        addresses = _addresses(records, rows, entries, by=by, reason=reason)
        log_in_order(entries)
    return PastChildren(children=rows, legal_statuses=statuses, addresses=addresses)


def _involvement(
    records: list[PastChild], rows: list[Child], entries: list[Timed], *, by: User, reason: str
) -> None:
    """Someone outside the hub who records a child: their agency is involved from that day."""
    involvements = []
    for record, child in zip(records, rows, strict=True):
        recorder = record.created_by
        if recorder.agency is None or recorder.has_role(*HUB_STAFF_ROLES):
            continue
        involvement = AgencyInvolvement(
            child=child,
            agency=recorder.agency,
            recorded_by=recorder,
            start=timezone.localdate(record.entered_at),
            reason="recorded the child",
            recorded_at=record.entered_at,
        )
        involvement._history_date = record.entered_at  # type: ignore[attr-defined]
        involvements.append(involvement)
        detail = f"agency involved: {recorder.agency.name}"
        entries.append(timed_entry(record.entered_at, LogAction.CHANGE, child, detail))
    bulk.insert(AgencyInvolvement, involvements, by=by, reason=reason)


def _duplicates(records: list[PastChild], rows: list[Child]) -> None:
    """``duplicates_find`` for each child, in the order entered, against the records there before it."""
    order = sorted(range(len(rows)), key=lambda index: (records[index].entered_at, index))
    later = {child.pk for child in rows}
    for index in order:
        later.discard(rows[index].pk)
        services.duplicates_find(child=rows[index], exclude=later)


def _legal_statuses(
    records: list[PastChild],
    rows: list[Child],
    entries: list[Timed],
    *,
    by: User,
    reason: str,
) -> list[list[LegalStatusPeriod]]:
    periods: list[list[LegalStatusPeriod]] = []
    closed: list[tuple[Any, datetime]] = []
    late_entries: list[LateEntry] = []
    for record, child in zip(records, rows, strict=True):
        mine = []
        for status in record.legal_statuses:
            period = LegalStatusPeriod(
                child=child,
                recorded_by=record.created_by,
                status=status.status,
                start=status.start,
                placing_authority=status.placing_authority,
                host_authority=status.host_authority,
                recorded_at=status.entered_at,
            )
            period._history_date = status.entered_at  # type: ignore[attr-defined]
            mine.append(period)
            detail = f"legal status: {LegalStatus(status.status).label}"
            entries.append(timed_entry(status.entered_at, LogAction.CHANGE, child, detail))
        closed += _closing(mine, [status.entered_at for status in record.legal_statuses])
        periods.append(mine)
    ends = {id(period): period.end for period, _ in closed}
    for period, _ in closed:
        period.end = None  # written open, then closed when the next one starts
    bulk.insert(LegalStatusPeriod, [p for mine in periods for p in mine], by=by, reason=reason)
    for record, mine in zip(records, periods, strict=True):
        for status, period in zip(record.legal_statuses, mine, strict=True):
            # A status that started long before it was recorded: why it is late, as ``late.keep``.
            with clock.history(status.entered_at):
                kept = late.entry_for(
                    period, value=status.start, reason=reason, by=record.created_by, what=rules.STATUS_STARTED
                )
            if kept is not None:
                late_entries.append(kept)
    LateEntry.objects.bulk_create(late_entries, batch_size=bulk.BATCH)
    _close(LegalStatusPeriod, closed, ends, by=by, reason=reason)
    return periods


def _close(
    model: Any, closed: list[tuple[Any, datetime]], ends: dict[int, date | None], *, by: User, reason: str
) -> None:
    for period, at in closed:
        period.end = ends[id(period)]
        period._history_date = at
    bulk.update(model, [period for period, _ in closed], ["end"], by=by, reason=reason)


def _addresses(
    records: list[PastChild], rows: list[Child], entries: list[Timed], *, by: User, reason: str
) -> list[list[AddressPeriod]]:
    addresses: list[list[AddressPeriod]] = []
    closed: list[tuple[Any, datetime]] = []
    for record, child in zip(records, rows, strict=True):
        mine = []
        for past in record.addresses:
            address = AddressPeriod(
                child=child,
                recorded_by=record.created_by,
                start=past.start,
                line1=past.line1,
                line2=past.line2,
                town=past.town,
                postcode=past.postcode.upper().strip(),
                kind=past.kind,
                recorded_at=past.entered_at,
            )
            address._history_date = past.entered_at  # type: ignore[attr-defined]
            mine.append(address)
            entries.append(timed_entry(past.entered_at, LogAction.CHANGE, child, "address added"))
        for kind in AddressPeriod.Kind.values:
            run = [(a, p) for a, p in zip(mine, record.addresses, strict=True) if p.kind == kind]
            closed += _closing([a for a, _ in run], [p.entered_at for _, p in run])
        addresses.append(mine)
    ends = {id(address): address.end for address, _ in closed}
    for address, _ in closed:
        address.end = None
    bulk.insert(AddressPeriod, [a for mine in addresses for a in mine], by=by, reason=reason)
    _close(AddressPeriod, closed, ends, by=by, reason=reason)
    return addresses


# -- SSDA903 codes -------------------------------------------------------------------------------------


def care_codes_set_past(*, by: User, records: list[PastCareCodes], reason: str) -> list[CareEpisode]:
    """The SSDA903 codes of looked-after periods that have none yet, each as ``care_codes_set`` would
    have left them at ``entered_at``, written in batches."""
    reason = bulk.past_reason_check(reason)
    periods = [record.period for record in records]
    children_record_past_check(by=by, authorities={period.child.authority_id for period in periods})
    for record in records:
        rules.care_codes_set_check(status=record.period.status, codes=record.codes)
        if record.entered_at > clock.now():
            raise RuleRefused(FUTURE_REFUSAL)
        if record.entered_at < record.period.recorded_at:
            raise RuleRefused("A looked-after episode's codes are set after the episode is recorded.")
    pks = [period.pk for period in periods]
    if len(set(pks)) != len(pks) or CareEpisode.objects.filter(period__in=pks).exists():
        raise RuleRefused("A looked-after episode has its SSDA903 codes already: change them one by one.")
    entries: list[Timed] = []
    rows = []
    for record in records:
        row = CareEpisode(period=record.period, **record.codes)
        row._history_date = record.entered_at  # type: ignore[attr-defined]
        rows.append(row)
        detail = f"looked-after episode codes ({', '.join(sorted(record.codes))})"
        entries.append(timed_entry(record.entered_at, LogAction.CHANGE, record.period.child, detail))
    with transaction.atomic():
        rows = bulk.insert(CareEpisode, rows, by=by, reason=reason)
        log_in_order(entries)
    return rows
