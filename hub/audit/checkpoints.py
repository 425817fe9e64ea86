"""Signed checkpoints: the access log anchored outside the database.

The hash chain shows a change made to some entries, but not one made to all of them: someone with the
database owner's rights can recompute every hash from an entry on, cut the newest entries and move the
head back, or empty the table, and the chain still checks. So the worker (and ``manage.py
audit_checkpoint``) appends a checkpoint to a file outside the database: how many entries the log had,
the id and hash of the newest, the UTC time, signed with a key the database does not hold
(hub/audit/signing.py), and optionally POSTs it to a witness. ``audit_verify`` compares the log with the
latest checkpoint whose signature verifies. Entries written since that checkpoint have the chain alone.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from hub.audit.models import GENESIS_HASH, AccessLogEntry
from hub.audit.services import ChainReport, walk_chain
from hub.audit.signing import AnchorError, key_id, signing_key, verify_key

logger = logging.getLogger("hub.audit")

# Signed with the payload so a signature made for anything else can never pass as a checkpoint.
_DOMAIN = b"hub-access-log-checkpoint\n"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Checkpoint:
    count: int
    head_id: int | None
    head_hash: str
    at: datetime
    line: int = 0
    """Its line in the checkpoint file, once read back."""

    @property
    def when(self) -> str:
        return f"the checkpoint of {self.at:%Y-%m-%d %H:%M:%S} UTC"


@dataclass
class LogCheck:
    """What ``audit_verify`` reports: the chain walked, and the log against the latest checkpoint."""

    chain: ChainReport
    checkpoint: Checkpoint | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.chain.problem and not self.problems


def checkpoint_path() -> Path:
    return Path(settings.HUB_AUDIT_CHECKPOINT_FILE)


def _payload(checkpoint: Checkpoint, *, key: str) -> bytes:
    body = {
        "v": FORMAT_VERSION,
        "count": checkpoint.count,
        "head_id": checkpoint.head_id,
        "head_hash": checkpoint.head_hash,
        "at": checkpoint.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "key_id": key,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _parse(text: str, number: int, public: Ed25519PublicKey, hubs_key: str) -> Checkpoint:
    """One line of the file, or AnchorError saying plainly why it is not a checkpoint the Hub signed."""
    try:
        data = json.loads(text)
        checkpoint = Checkpoint(
            count=int(data["count"]),
            head_id=None if data["head_id"] is None else int(data["head_id"]),
            head_hash=str(data["head_hash"]),
            at=datetime.fromisoformat(data["at"]),
            line=number,
        )
        signature = base64.b64decode(data["signature"], validate=True)
        signed_with = str(data["key_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorError(f"line {number} is not a checkpoint ({exc})") from exc
    if signed_with != hubs_key:
        raise AnchorError(
            f"line {number} was signed with another key ({signed_with}, "
            f"the Hub's is {hubs_key}): its signature does not verify"
        )
    try:
        public.verify(signature, _DOMAIN + _payload(checkpoint, key=signed_with))
    except InvalidSignature as exc:
        raise AnchorError(
            f"line {number} does not match its signature (it was changed, or not written by the Hub)"
        ) from exc
    return checkpoint


def read_checkpoints() -> tuple[list[Checkpoint], list[str]]:
    """Every checkpoint whose signature verifies, oldest first, and a sentence for each line that does not."""
    path = checkpoint_path()
    if not path.exists():
        return [], []
    public = verify_key()
    hubs_key = key_id(public)
    valid: list[Checkpoint] = []
    problems: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            try:
                checkpoint = _parse(text, number, public, hubs_key)
            except AnchorError as exc:
                problems.append(f"Checkpoint file {path} is not as the Hub wrote it: {exc}.")
                continue
            if valid and checkpoint.count < valid[-1].count:
                problems.append(
                    f"Checkpoint file {path}: line {number} counts {checkpoint.count} entries, fewer than "
                    f"the {valid[-1].count} of line {valid[-1].line} before it (the log shrank between them)."
                )
            valid.append(checkpoint)
    return valid, problems


def compare_with_log(checkpoint: Checkpoint) -> str:
    """What is wrong with the log as ``checkpoint`` saw it, in a sentence; empty if nothing."""
    if checkpoint.count == 0:
        return ""
    total = AccessLogEntry.objects.count()
    if total == 0:
        return (
            f"the whole log was deleted: {checkpoint.when} counted {checkpoint.count} entries, "
            "and there are none"
        )
    if total < checkpoint.count:
        return (
            f"entries were cut from the end: {checkpoint.when} counted {checkpoint.count} entries, "
            f"and there are {total} ({checkpoint.count - total} missing)"
        )
    # The hash of entry number N covers every entry before it, so one row proves the first N unchanged.
    entry_id, entry_hash = AccessLogEntry.objects.order_by("id").values_list("id", "entry_hash")[
        checkpoint.count - 1
    ]
    if (entry_id, entry_hash) != (checkpoint.head_id, checkpoint.head_hash):
        return (
            f"the log was rewritten: {checkpoint.when} signed entry {checkpoint.head_id} "
            f"(hash {checkpoint.head_hash[:12]}…) as entry number {checkpoint.count}, and entry number "
            f"{checkpoint.count} is now entry {entry_id} (hash {entry_hash[:12]}…): the hashes were "
            "recomputed from some entry on"
        )
    return ""


def check_log() -> LogCheck:
    """Walk the chain, then hold the log up against the latest checkpoint that verifies."""
    result = LogCheck(chain=walk_chain())
    checkpoints, result.problems = read_checkpoints()
    if checkpoints:
        result.checkpoint = checkpoints[-1]
        problem = compare_with_log(result.checkpoint)
        if problem:
            result.problems.append(f"Access log tampered with: {problem}.")
    return result


def _append(line: str) -> None:
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write() of one line with O_APPEND: two writers at once never interleave within a line.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _send_to_witness(line: str) -> str:
    url = settings.HUB_AUDIT_WITNESS_URL
    if not url:
        return ""
    if not url.startswith(("https://", "http://")):
        return "not sent to the witness: HUB_AUDIT_WITNESS_URL must start with https://"
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=line.encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status = response.status
    except (OSError, ValueError) as exc:
        # The file holds it whatever happens; the witness gets the next one.
        logger.error("The access-log checkpoint was not sent to the witness: %s", exc)
        return f"not sent to the witness ({exc})"
    return f"sent to the witness (HTTP {status})"


@dataclass(frozen=True)
class Written:
    checkpoint: Checkpoint
    witness: str


def checkpoint_write() -> Written:
    """Check the log, then sign and append a checkpoint of it. A log that fails its check gets none:
    signing a tampered log would bless it."""
    check = check_log()
    if not check.intact:
        raise AnchorError("No checkpoint written: the access log fails its check: " + describe(check))
    key = signing_key()
    head = check.chain.head
    checkpoint = Checkpoint(
        count=check.chain.checked,
        head_id=head.id if head else None,
        head_hash=head.entry_hash if head else GENESIS_HASH,
        at=timezone.now(),
    )
    payload = _payload(checkpoint, key=key_id(key.public_key()))
    signature = base64.b64encode(key.sign(_DOMAIN + payload)).decode()
    line = json.dumps({**json.loads(payload), "signature": signature}, sort_keys=True, separators=(",", ":"))
    _append(line)
    return Written(checkpoint, _send_to_witness(line))


def checkpoint_job() -> str:
    """The worker's periodic job (registered in AuditConfig.ready)."""
    written = checkpoint_write()
    summary = f"checkpoint of {written.checkpoint.count} entries written to {checkpoint_path()}"
    return f"{summary}; {written.witness}" if written.witness else summary


def describe(check: LogCheck) -> str:
    """Every problem found, as plain sentences."""
    sentences: list[str] = []
    if check.chain.problem:
        bad = check.chain.bad
        where = (
            f"entry {bad.pk} ({bad.at:%Y-%m-%d %H:%M:%S} UTC)" if bad is not None else "the end of the log"
        )
        sentences.append(
            f"Access log tampered with at {where}: {check.chain.problem}. "
            f"{check.chain.checked} entries before it are intact."
        )
    return " ".join([*sentences, *check.problems])
