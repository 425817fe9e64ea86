from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub.audit.checkpoints import check_log, checkpoint_path, describe
from hub.audit.signing import AnchorError


class Command(BaseCommand):
    help = (
        "Check the access log's hash chain, and the log against the latest signed checkpoint. "
        "Exits non-zero, saying what is wrong, if it was tampered with."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            check = check_log()
        except AnchorError as exc:
            raise CommandError(str(exc)) from exc
        if not check.intact:
            raise CommandError(describe(check))
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {check.chain.checked} entries checked."))
        if check.checkpoint is None:
            self.stdout.write(
                self.style.WARNING(
                    f"No signed checkpoint in {checkpoint_path()} to compare with yet, so a log rewritten "
                    "or cut as a whole would pass: run manage.py audit_checkpoint (the worker writes one "
                    "on a schedule)."
                )
            )
        else:
            self.stdout.write(
                f"It matches {check.checkpoint.when} ({check.checkpoint.count} entries), "
                f"signed in {checkpoint_path()}."
            )
