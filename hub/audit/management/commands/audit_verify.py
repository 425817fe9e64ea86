from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hub.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Check the access log's hash chain. "
        "Exits non-zero, naming the first bad entry, if it was tampered with."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, bad, problem = verify_chain()
        if problem:
            where = (
                f"entry {bad.pk} ({bad.at:%Y-%m-%d %H:%M:%S} UTC)"
                if bad is not None
                else "the end of the log"
            )
            raise CommandError(
                f"Access log tampered with at {where}: {problem}. {checked} entries before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {checked} entries checked."))
