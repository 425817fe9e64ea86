"""Deploy checks for the access log's anchor: ``manage.py check --deploy`` fails without a usable key."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from hub.audit.signing import AnchorError, signing_key, signing_key_path


def anchor_deploy_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    path = signing_key_path()
    if not path.exists():
        return [
            Error(
                f"The access log's signing key {path} does not exist.",
                hint="Create it with `openssl genpkey -algorithm ed25519 -out FILE` (docs/deployment.md) "
                "and set HUB_AUDIT_SIGNING_KEY_FILE to it.",
                id="audit.E001",
            )
        ]
    messages: list[CheckMessage] = []
    try:
        signing_key()
    except AnchorError as exc:
        messages.append(Error(str(exc), id="audit.E002"))
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        messages.append(
            Warning(
                f"The access log's signing key {path} can be read by others than its owner.",
                hint=f"chmod 600 {path}",
                id="audit.W003",
            )
        )
    folder = Path(settings.HUB_AUDIT_CHECKPOINT_FILE).parent
    if not os.access(folder, os.W_OK):
        messages.append(
            Error(
                f"The access log's checkpoints cannot be written: {folder} is missing or not writable.",
                hint="Set HUB_AUDIT_CHECKPOINT_FILE to a file in a folder the Hub's worker can write.",
                id="audit.E004",
            )
        )
    witness = settings.HUB_AUDIT_WITNESS_URL
    if witness and not witness.startswith("https://"):
        messages.append(
            Warning(
                "HUB_AUDIT_WITNESS_URL does not start with https://.",
                hint="Send checkpoints to the witness over HTTPS.",
                id="audit.W005",
            )
        )
    return messages
