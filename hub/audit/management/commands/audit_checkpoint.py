from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub.audit.checkpoints import checkpoint_path, checkpoint_write
from hub.audit.signing import AnchorError, public_key_pem, verify_key


class Command(BaseCommand):
    help = (
        "Check the access log, then append a signed checkpoint of it (entry count, newest entry's id and "
        "hash, UTC time) to the checkpoint file, and send it to the witness if one is set."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--public-key",
            action="store_true",
            help="Print the public key that checks the checkpoints (for a witness or an auditor), and stop.",
        )

    def handle(self, *args: Any, public_key: bool = False, **options: Any) -> None:
        try:
            if public_key:
                self.stdout.write(public_key_pem(verify_key()), ending="")
                return
            written = checkpoint_write()
        except AnchorError as exc:
            raise CommandError(str(exc)) from exc
        checkpoint = written.checkpoint
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint written to {checkpoint_path()}: {checkpoint.count} entries, "
                f"newest entry {checkpoint.head_id}."
            )
        )
        if written.witness:
            self.stdout.write(f"It was {written.witness}.")
