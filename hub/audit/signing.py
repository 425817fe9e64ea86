"""The key that signs the access log's checkpoints: Ed25519, in a PEM file outside the database.

Someone who can rewrite the database cannot forge a checkpoint without this file, so it lives where the
database's owners do not reach (docs/deployment.md). Only the public half is needed to check a
checkpoint: ``HUB_AUDIT_VERIFY_KEY_FILE`` lets an auditor's machine hold that alone. Outside production
the private key is created on first use, so development and tests need no set-up.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


class AnchorError(Exception):
    """Something stops a checkpoint being written or checked; the message says what and what to do."""


def signing_key_path() -> Path:
    return Path(settings.HUB_AUDIT_SIGNING_KEY_FILE)


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        # O_EXCL: two processes starting together must not each write a key and sign with different ones.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as file:
        file.write(pem)


def signing_key() -> Ed25519PrivateKey:
    path = signing_key_path()
    if not path.exists():
        if settings.PRODUCTION:
            raise AnchorError(
                f"The access log's signing key is missing: create it at {path} "
                "(openssl genpkey -algorithm ed25519, see docs/deployment.md)."
            )
        _create(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise AnchorError(
            f"The access log's signing key at {path} cannot be read: it must be an unencrypted "
            f"Ed25519 private key in PEM form ({exc})."
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AnchorError(f"The access log's signing key at {path} must be an Ed25519 key.")
    return key


def verify_key() -> Ed25519PublicKey:
    """The public key checkpoints are checked with: its own file if set, else the signing key's half."""
    if not settings.HUB_AUDIT_VERIFY_KEY_FILE:
        return signing_key().public_key()
    path = Path(settings.HUB_AUDIT_VERIFY_KEY_FILE)
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise AnchorError(
            f"The access log's public key at {path} cannot be read: it must be an Ed25519 public key "
            f"in PEM form ({exc})."
        ) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise AnchorError(f"The access log's public key at {path} must be an Ed25519 key.")
    return key


def key_id(public: Ed25519PublicKey) -> str:
    """A short name for a public key, written in each checkpoint so a key change is plain to see."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
