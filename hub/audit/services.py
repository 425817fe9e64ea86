"""Writing the access log. Every function writes inside the caller's transaction if there is one,
so an entry and the change it records commit or roll back together; a read's entry is written
before the view returns its response.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from hub.audit import context
from hub.audit.models import GENESIS_HASH, AccessLogEntry, ChainHead, LogAction, Outcome


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"user_id": None, "username": "", "agency": "", "roles": ""}
    agency = getattr(actor, "agency", None)
    return {
        "user_id": actor.pk,
        "username": actor.get_username(),
        "agency": str(agency) if agency else "",
        "roles": ",".join(sorted(getattr(actor, "role_codes", ()))),
    }


def record_type_of(record: models.Model | type[models.Model]) -> str:
    return record._meta.label_lower


def log(
    *,
    action: str,
    record_type: str = "",
    record_ids: Iterable[Any] = (),
    outcome: str = Outcome.OK,
    justification: str = "",
    recipient: str = "",
    detail: str = "",
    actor: Any = None,
    username: str = "",
) -> AccessLogEntry:
    """Append one entry. ``actor`` defaults to the request's user; ``username`` names an actor
    who could not be identified (a failed sign-in)."""
    ctx = context.current()
    if actor is None:
        actor = ctx.user
    fields = _actor_fields(actor)
    if username and not fields["username"]:
        fields["username"] = username[:150]
    with transaction.atomic():
        # The head row is created by the migration; get_or_create only guards a database whose
        # tables were emptied by hand (it is never hit twice concurrently in normal running).
        head, _ = ChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        entry = AccessLogEntry(
            at=timezone.now(),
            ip_address=ctx.ip_address,
            request_id=ctx.request_id,
            action=action,
            record_type=record_type,
            record_ids=",".join(str(i) for i in record_ids)[:2000],
            outcome=outcome,
            justification=justification[:500],
            recipient=recipient[:500],
            detail=detail[:2000],
            prev_hash=head.last_hash,
            **fields,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        ChainHead.objects.filter(pk=1).update(last_hash=entry.entry_hash)
    return entry


def log_many(entries: Iterable[dict[str, Any]]) -> int:
    """Append many entries in one insert, in order, each as ``log`` would write it (the request's actor,
    the same chain): for bulk loads such as the demo's, which write hundreds of records at once.
    Each entry is a dict of ``log``'s keyword arguments (action, record_type, record_ids, detail...).
    Returns how many were written."""
    ctx = context.current()
    fields = _actor_fields(ctx.user)
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        previous = head.last_hash
        rows = []
        for item in entries:
            entry = AccessLogEntry(
                at=timezone.now(),
                ip_address=ctx.ip_address,
                request_id=ctx.request_id,
                action=item["action"],
                record_type=item.get("record_type", ""),
                record_ids=",".join(str(i) for i in item.get("record_ids", ()))[:2000],
                outcome=item.get("outcome", Outcome.OK),
                justification=item.get("justification", "")[:500],
                recipient=item.get("recipient", "")[:500],
                detail=item.get("detail", "")[:2000],
                prev_hash=previous,
                **fields,
            )
            entry.entry_hash = entry.compute_hash()
            previous = entry.entry_hash
            rows.append(entry)
        AccessLogEntry.objects.bulk_create(rows, batch_size=500)
        ChainHead.objects.filter(pk=1).update(last_hash=previous)
    return len(rows)


Timed = tuple[datetime, dict[str, Any]]


def timed_entry(at: datetime, action: str, record: Any, detail: str) -> Timed:
    """A ``log_many`` entry about ``record`` with the moment it happened: a bulk form collects them as it
    writes, then appends them in the order the work happened (``log_in_order``)."""
    return at, {
        "action": action,
        "record_type": record._meta.label_lower,
        "record_ids": [record.pk],
        "detail": detail,
    }


def log_in_order(entries: Iterable[Timed]) -> int:
    """``log_many`` of ``entries`` in the order they happened (those of the same moment keep theirs)."""
    return log_many(entry for _, entry in sorted(entries, key=lambda timed: timed[0]))


def log_consultation(
    *, records: Iterable[models.Model] | models.Model, justification: str, detail: str = ""
) -> AccessLogEntry:
    items = [records] if isinstance(records, models.Model) else list(records)
    record_type = record_type_of(items[0]) if items else ""
    return log(
        action=LogAction.CONSULT,
        record_type=record_type,
        record_ids=[item.pk for item in items],
        justification=justification,
        detail=detail,
    )


def log_each(
    *,
    action: str,
    records: Iterable[tuple[models.Model, str]],
    detail: str = "",
    recipient: str = "",
) -> int:
    """One entry per record, each with its own justification (the reader's basis for that record), all
    written in one insert: for pages that read or disclose many records at once, such as a meeting's
    briefing. Writes nothing for no records. Returns how many were written."""
    entries = [
        {
            "action": action,
            "record_type": record_type_of(record),
            "record_ids": [record.pk],
            "justification": justification,
            "recipient": recipient,
            "detail": detail,
        }
        for record, justification in records
    ]
    return log_many(entries) if entries else 0


def log_search(
    *, model: type[models.Model], query: str, result_ids: Iterable[Any], justification: str
) -> None:
    log(
        action=LogAction.CONSULT,
        record_type=record_type_of(model),
        record_ids=result_ids,
        justification=justification,
        detail=f"search: {query}"[:2000],
    )


def log_change(
    *, record: models.Model, action: str = LogAction.CHANGE, detail: str = "", actor: Any = None
) -> AccessLogEntry:
    """``actor`` defaults to the request's user (a service may name who acted, for use outside one)."""
    return log(
        action=action, record_type=record_type_of(record), record_ids=[record.pk], detail=detail, actor=actor
    )


def log_disclosure(
    *, record_type: str, record_ids: Iterable[Any], recipient: str, justification: str, detail: str = ""
) -> AccessLogEntry:
    return log(
        action=LogAction.DISCLOSE,
        record_type=record_type,
        record_ids=record_ids,
        recipient=recipient,
        justification=justification,
        detail=detail,
    )


def log_refusal(
    *, record: models.Model | None = None, action: str = "read", detail: str = "", actor: Any = None
) -> AccessLogEntry:
    return log(
        actor=actor,
        action=LogAction.REFUSED,
        record_type=record_type_of(record) if record is not None else "",
        record_ids=[record.pk] if record is not None else [],
        outcome=Outcome.REFUSED,
        detail=(f"{action} refused. {detail}").strip(),
    )


def log_break_glass(*, record: models.Model, reason: str, actor: Any = None) -> AccessLogEntry:
    return log(
        actor=actor,
        action=LogAction.BREAK_GLASS,
        record_type=record_type_of(record),
        record_ids=[record.pk],
        justification=f"break glass: {reason}",
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    bad: AccessLogEntry | None
    problem: str
    head: AccessLogEntry | None
    """The last entry found intact (the chain's head when there is no problem)."""


def walk_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order, checking each entry's link and hash, and the recorded head."""
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    head = None
    while True:
        batch = list(AccessLogEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != previous:
                return ChainReport(
                    checked,
                    entry,
                    "its link to the entry before it is broken (an entry was removed or added)",
                    head,
                )
            if entry.compute_hash() != entry.entry_hash:
                return ChainReport(
                    checked, entry, "its contents no longer match its hash (it was changed)", head
                )
            previous = entry.entry_hash
            checked += 1
            last_id = entry.id
            head = entry
    recorded = ChainHead.objects.filter(pk=1).first()
    if recorded is not None and checked and recorded.last_hash != previous:
        return ChainReport(
            checked,
            None,
            "the newest entries were removed (the chain head does not match the last entry)",
            head,
        )
    return ChainReport(checked, None, "", head)


def verify_chain(batch_size: int = 5000) -> tuple[int, AccessLogEntry | None, str]:
    """Walk the chain in order. Returns (entries checked, first bad entry or None, what is wrong)."""
    report = walk_chain(batch_size)
    return report.checked, report.bad, report.problem
