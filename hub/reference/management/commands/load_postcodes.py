from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hub.reference import postcodes

SHOWN = 50


class Command(BaseCommand):
    help = (
        "Load postcodes and their coordinates from CSV, a file in the ONS Postcode Directory's layout "
        "(the columns pcds, lat and long are read; the others are ignored). New postcodes are added, "
        "moved ones updated; loading the same file again changes nothing. Rows that name no place are "
        "skipped and reported with the reason. Nothing is fetched from the network."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", metavar="CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["csv"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file: give the path of the postcode directory's CSV.")
        try:
            with path.open(newline="", encoding="utf-8-sig") as file:
                result = postcodes.load(file)
        except postcodes.PostcodeFileRefused as refused:
            raise CommandError(str(refused)) from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text: give the directory's CSV as published.") from None
        for skipped in result.skipped[:SHOWN]:
            named = f" {skipped.postcode}" if skipped.postcode else ""
            self.stdout.write(f"  line {skipped.line}{named}: {skipped.reason}")
        if len(result.skipped) > SHOWN:
            self.stdout.write(f"  ... and {len(result.skipped) - SHOWN} more skipped")
        line = (
            f"{path.name}: {result.rows} rows read, {result.added} postcodes added, {result.updated} "
            f"updated, {result.unchanged} unchanged, {len(result.skipped)} skipped"
        )
        self.stdout.write(self.style.WARNING(line) if result.skipped else self.style.SUCCESS(line))
