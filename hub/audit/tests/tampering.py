"""Tamper with the access log as someone with the database owner's rights would: drop the guard, then
write what they like. DDL is transactional on both databases, so each test's rollback restores the
triggers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from hub.audit.models import GENESIS_HASH, AccessLogEntry, ChainHead


@contextmanager
def triggers_off() -> Iterator[Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_accesslogentry_no_update")
            cursor.execute("DROP TRIGGER audit_accesslogentry_no_delete")
        else:
            cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER USER")
        yield cursor


def rewrite_from(entry_id: int, *, username: str) -> None:
    """Change one entry, then recompute every hash from it on and move the head, so the chain is
    self-consistent again: the careful attacker the hash chain alone cannot catch."""
    before = AccessLogEntry.objects.filter(id__lt=entry_id).order_by("-id").first()
    previous = before.entry_hash if before else GENESIS_HASH
    with triggers_off() as cursor:
        for entry in AccessLogEntry.objects.filter(id__gte=entry_id).order_by("id"):
            if entry.id == entry_id:
                entry.username = username
            entry.prev_hash = previous
            entry.entry_hash = entry.compute_hash()
            cursor.execute(
                "UPDATE audit_accesslogentry SET username = %s, prev_hash = %s, entry_hash = %s "
                "WHERE id = %s",
                [entry.username, entry.prev_hash, entry.entry_hash, entry.id],
            )
            previous = entry.entry_hash
    ChainHead.objects.filter(pk=1).update(last_hash=previous)


def cut_tail(keep: int) -> None:
    """Delete every entry after the first ``keep`` and move the head back to the last one kept."""
    kept = list(AccessLogEntry.objects.order_by("id").values_list("id", "entry_hash")[:keep])
    last_id, last_hash = kept[-1] if kept else (0, GENESIS_HASH)
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM audit_accesslogentry WHERE id > %s", [last_id])
    ChainHead.objects.filter(pk=1).update(last_hash=last_hash)
