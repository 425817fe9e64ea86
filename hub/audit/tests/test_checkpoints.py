"""The access log anchored outside the database: signed checkpoints, and the three attacks the hash chain
alone misses (every hash recomputed from an entry on; the tail cut with the head moved back; the whole
log deleted), each simulated as an attacker with the database owner's rights would do it."""

from __future__ import annotations

import json
import stat
import urllib.error

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from hub.audit.checkpoints import check_log
from hub.audit.checks import anchor_deploy_check
from hub.audit.models import AccessLogEntry, LogAction
from hub.audit.services import log, verify_chain
from hub.audit.signing import AnchorError, signing_key
from hub.audit.tests.tampering import cut_tail, rewrite_from


@pytest.fixture
def checkpointed_log(people, capsys) -> list[AccessLogEntry]:
    """Alice and Bob read some records; then a checkpoint is signed. Returns the entries they made."""
    entries = [
        log(action=LogAction.CONSULT, actor=people[name], record_type="children.child", record_ids=[i])
        for i, name in enumerate(["alice", "bob", "alice", "bob", "alice"])
    ]
    call_command("audit_checkpoint")
    capsys.readouterr()
    return entries


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_checkpoint_signs_the_count_and_the_newest_entry(checkpointed_log, audit_checkpoint_files):
    [line] = _lines(audit_checkpoint_files)
    newest = AccessLogEntry.objects.order_by("id").last()
    assert newest is not None
    assert line["count"] == AccessLogEntry.objects.count()
    assert (line["head_id"], line["head_hash"]) == (newest.pk, newest.entry_hash)
    assert line["at"].endswith("+00:00") and line["signature"]


def test_audit_verify_passes_a_log_that_matches_its_checkpoint(checkpointed_log, people, capsys):
    log(action=LogAction.CONSULT, actor=people["bob"], record_type="children.child", record_ids=[9])
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Access log intact" in out
    assert "It matches the checkpoint of 2026-11-18 10:00" in out


def test_audit_verify_without_a_checkpoint_says_so_and_passes(people, capsys):
    log(action=LogAction.CONSULT, actor=people["alice"])
    call_command("audit_verify")
    assert "No signed checkpoint" in capsys.readouterr().out


def test_audit_verify_finds_every_hash_recomputed_from_an_entry_on(checkpointed_log):
    rewrite_from(checkpointed_log[1].pk, username="mallory")
    assert verify_chain()[2] == "", "the rewritten chain is self-consistent: only the checkpoint can tell"
    with pytest.raises(CommandError, match=r"the log was rewritten: the checkpoint of .* signed entry"):
        call_command("audit_verify")


def test_audit_verify_finds_the_tail_cut_off_with_the_head_moved_back(checkpointed_log):
    total = AccessLogEntry.objects.count()
    cut_tail(keep=total - 2)
    assert verify_chain()[2] == "", "the shortened chain is self-consistent: only the checkpoint can tell"
    with pytest.raises(
        CommandError,
        match=f"entries were cut from the end: .* counted {total} entries, and there are {total - 2}",
    ):
        call_command("audit_verify")


def test_audit_verify_finds_the_whole_log_deleted(checkpointed_log):
    total = AccessLogEntry.objects.count()
    cut_tail(keep=0)
    assert verify_chain() == (0, None, ""), "an empty log checks as intact on its own"
    with pytest.raises(CommandError, match=f"the whole log was deleted: .* counted {total} entries"):
        call_command("audit_verify")


def test_audit_verify_finds_a_checkpoint_whose_signature_does_not_verify(
    checkpointed_log, audit_checkpoint_files
):
    [line] = _lines(audit_checkpoint_files)
    forged = {**line, "count": line["count"] - 2}
    with audit_checkpoint_files.open("a") as file:
        file.write(json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match="line 2 does not match its signature"):
        call_command("audit_verify")


def test_audit_verify_finds_a_checkpoint_signed_with_another_key(
    checkpointed_log, audit_checkpoint_files, settings, tmp_path
):
    hubs_key, hubs_file = settings.HUB_AUDIT_SIGNING_KEY_FILE, audit_checkpoint_files
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "someone-elses-key.pem"
    settings.HUB_AUDIT_CHECKPOINT_FILE = tmp_path / "forged.jsonl"
    call_command("audit_checkpoint")  # a well-formed checkpoint, signed with a key the Hub does not know
    settings.HUB_AUDIT_SIGNING_KEY_FILE, settings.HUB_AUDIT_CHECKPOINT_FILE = hubs_key, hubs_file
    with hubs_file.open("a") as file:
        file.write((tmp_path / "forged.jsonl").read_text())
    with pytest.raises(CommandError, match="line 2 was signed with another key"):
        call_command("audit_verify")


def test_no_checkpoint_is_signed_for_a_log_that_fails_its_check(checkpointed_log, audit_checkpoint_files):
    cut_tail(keep=AccessLogEntry.objects.count() - 1)
    with pytest.raises(CommandError, match="No checkpoint written: the access log fails its check"):
        call_command("audit_checkpoint")
    assert len(_lines(audit_checkpoint_files)) == 1


def test_an_auditor_checks_with_the_public_key_alone(checkpointed_log, settings, tmp_path, capsys):
    call_command("audit_checkpoint", "--public-key")
    public = tmp_path / "audit-public-key.pem"
    public.write_text(capsys.readouterr().out)
    settings.HUB_AUDIT_VERIFY_KEY_FILE = str(public)
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "not-on-this-machine.pem"
    settings.PRODUCTION = True  # so a missing private key is never made, only refused
    call_command("audit_verify")
    assert "It matches the checkpoint" in capsys.readouterr().out
    assert not (tmp_path / "not-on-this-machine.pem").exists()


def test_production_never_makes_a_key_and_says_where_to_put_one(settings, tmp_path):
    settings.PRODUCTION = True
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "missing.pem"
    with pytest.raises(AnchorError, match=r"signing key is missing: create it at .*missing\.pem"):
        signing_key()
    assert not (tmp_path / "missing.pem").exists()


def test_outside_production_the_key_is_made_on_first_use_readable_by_its_owner_only(settings, tmp_path):
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "made.pem"
    key = signing_key()
    assert stat.S_IMODE((tmp_path / "keys" / "made.pem").stat().st_mode) == 0o600
    assert signing_key().public_key() == key.public_key()


def _write_key(path, mode: int) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)
    path.chmod(mode)


def test_check_deploy_fails_without_a_usable_signing_key(settings, tmp_path):
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "absent.pem"
    assert [m.id for m in anchor_deploy_check()] == ["audit.E001"]
    (tmp_path / "garbled.pem").write_text("not a key")
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "garbled.pem"
    (tmp_path / "garbled.pem").chmod(0o600)
    assert [m.id for m in anchor_deploy_check()] == ["audit.E002"]
    _write_key(tmp_path / "open.pem", 0o644)
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "open.pem"
    assert [m.id for m in anchor_deploy_check()] == ["audit.W003"]
    _write_key(tmp_path / "good.pem", 0o600)
    settings.HUB_AUDIT_SIGNING_KEY_FILE = tmp_path / "good.pem"
    assert anchor_deploy_check() == []


class _Witness:
    """Stands in for the network: records what would have been POSTed."""

    def __init__(self, error: Exception | None = None) -> None:
        self.requests: list = []
        self.error = error
        self.status = 201

    def __call__(self, request, timeout):
        self.requests.append(request)
        if self.error:
            raise self.error
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_checkpoint_is_sent_to_the_witness(people, settings, monkeypatch, audit_checkpoint_files, capsys):
    witness = _Witness()
    monkeypatch.setattr("hub.audit.checkpoints.urllib.request.urlopen", witness)
    settings.HUB_AUDIT_WITNESS_URL = "https://witness.example.org/checkpoints"
    log(action=LogAction.CONSULT, actor=people["alice"])
    call_command("audit_checkpoint")
    [request] = witness.requests
    assert request.full_url == "https://witness.example.org/checkpoints" and request.method == "POST"
    assert request.data.decode() == audit_checkpoint_files.read_text().strip()
    assert "It was sent to the witness (HTTP 201)" in capsys.readouterr().out


def test_a_witness_that_cannot_be_reached_does_not_lose_the_checkpoint(
    people, settings, monkeypatch, audit_checkpoint_files, capsys
):
    monkeypatch.setattr(
        "hub.audit.checkpoints.urllib.request.urlopen", _Witness(urllib.error.URLError("connection refused"))
    )
    settings.HUB_AUDIT_WITNESS_URL = "https://witness.example.org/checkpoints"
    log(action=LogAction.CONSULT, actor=people["alice"])
    call_command("audit_checkpoint")
    assert len(_lines(audit_checkpoint_files)) == 1
    assert "not sent to the witness" in capsys.readouterr().out
    assert check_log().intact
