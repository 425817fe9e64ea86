"""The access log (Data Protection Act 2018 s.62; security.md items 13-16).

Append-only: database triggers (see the migration) refuse UPDATE and DELETE on both SQLite and
PostgreSQL. Each entry carries the hash of the one before, so a change made behind the database's
back is found by ``manage.py audit_verify``. The table deliberately holds no foreign keys: an entry
must outlive anything it mentions, and snapshot fields say who the actor was at the time.
"""

from __future__ import annotations

import hashlib
import json

from django.db import models


class LogAction(models.TextChoices):
    COLLECT = "collect", "Collection"
    CHANGE = "change", "Change"
    CONSULT = "consult", "Consultation"
    DISCLOSE = "disclose", "Disclosure"
    COMBINE = "combine", "Combination"
    ERASE = "erase", "Erasure"
    SIGN_IN = "sign_in", "Sign-in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Sign-out"
    REFUSED = "refused", "Refusal"
    BREAK_GLASS = "break_glass", "Break glass"
    ACCOUNT = "account", "Account change"


class Outcome(models.TextChoices):
    OK = "ok", "Done"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


class AccessLogEntry(models.Model):
    at = models.DateTimeField(db_index=True, help_text="UTC")
    user_id = models.BigIntegerField(null=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    agency = models.CharField(max_length=200, blank=True)
    roles = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    request_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=20, choices=LogAction.choices, db_index=True)
    record_type = models.CharField(max_length=100, blank=True, db_index=True)
    record_ids = models.CharField(max_length=2000, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    justification = models.CharField(max_length=500, blank=True)
    recipient = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=2000, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log entries"
        indexes = [models.Index(fields=["record_type", "record_ids"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or 'system'} {self.action} {self.record_type}"

    @property
    def record_ids_text(self) -> str:
        """The ids with a space after each comma, so a long list wraps on the page."""
        return ", ".join(self.record_ids.split(","))

    HASHED_FIELDS = (
        "at",
        "user_id",
        "username",
        "agency",
        "roles",
        "ip_address",
        "request_id",
        "action",
        "record_type",
        "record_ids",
        "outcome",
        "justification",
        "recipient",
        "detail",
    )

    def compute_hash(self) -> str:
        payload = {name: getattr(self, name) for name in self.HASHED_FIELDS}
        payload["at"] = self.at.isoformat(timespec="microseconds")
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(f"{self.prev_hash}|{canonical}".encode()).hexdigest()


class ChainHead(models.Model):
    """The newest entry's hash, locked while a new entry is written so the chain never forks."""

    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.last_hash


GENESIS_HASH = "0" * 64
