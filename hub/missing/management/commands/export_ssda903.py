from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hub.missing.management.commands.import_ssda903 import resolve_actor_and_authority
from hub.missing.ssda903 import exporting, reading


class Command(BaseCommand):
    help = (
        "Write the DfE SSDA903 header.csv, episodes.csv and missing.csv for the looked-after children and "
        "missing episodes the Hub holds for the collection year ending 31 March YYYY; the disclosure is "
        "logged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, metavar="YYYY")
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument("--authority", metavar="ONS_CODE")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(
                "--year is the collection year, for example 2025 for April 2024 to March 2025."
            )
        user, authority = resolve_actor_and_authority(options["as_user"], options["authority"])
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is not a directory.")
        result = exporting.export_directory(out=out, year=year, authority=authority, by=user)
        for note in result.skipped:
            self.stdout.write(self.style.WARNING(f"  {note}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out}: {len(result.header)} children, {len(result.episodes)} episodes, "
                f"{len(result.missing)} missing rows (disclosure to {reading.RECIPIENT} logged)."
            )
        )
