from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hub.accounts.models import Authority, User
from hub.missing.ssda903 import importing


def resolve_actor_and_authority(username: str | None, ons_code: str | None) -> tuple[User, Authority]:
    if not username:
        raise CommandError("Say who the Hub should record as doing this: --as USERNAME (an active account).")
    user = User.objects.filter(username=username, is_active=True).select_related("agency").first()
    if user is None:
        raise CommandError(f"No active account is called {username!r}.")
    if ons_code:
        authority = Authority.objects.filter(ons_code=ons_code).first()
        if authority is None:
            raise CommandError(f"No authority has the ONS code {ons_code!r}.")
        return user, authority
    served = list(user.agency.authorities.all()) if user.agency else []
    candidates = served or list(Authority.objects.all()[:2])
    if len(candidates) != 1:
        raise CommandError("Say which authority the return is for: --authority ONS_CODE.")
    return user, candidates[0]


class Command(BaseCommand):
    help = (
        "Import the DfE SSDA903 header.csv, episodes.csv and missing.csv in DIR for the collection year "
        "ending 31 March YYYY. Bad rows are reported (on screen and in DIR/import_errors.csv); good rows "
        "land; importing the same files again changes nothing. Exits 1 when a file was refused or a row "
        "rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument("--year", type=int, required=True, metavar="YYYY")
        parser.add_argument("--authority", metavar="ONS_CODE")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME")
        parser.add_argument(
            "--reason",
            help="Why these past records are entered now, for the whole file (kept on each episode).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(
                "--year is the collection year, for example 2025 for April 2024 to March 2025."
            )
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        user, authority = resolve_actor_and_authority(options["as_user"], options["authority"])
        if not (options.get("reason") or "").strip():
            raise CommandError(
                'Say why these past records are being imported now, for the whole file: --reason "...".'
            )
        result = importing.import_directory(
            directory=directory, year=year, authority=authority, by=user, reason=options["reason"]
        )
        for error in result.errors:
            where = f"{error.file} row {error.row}" + (f", {error.column}" if error.column else "")
            self.stdout.write(f"  {where}: {error.reason}")
        for file in result.files:
            if file.refused and not file.rows_in:
                self.stdout.write(self.style.ERROR(f"{file.file}: {file.refused}"))
            line = (
                f"{file.file}: {file.rows_in} rows in, {file.imported} imported "
                f"({file.created} new or changed), {file.rejected} rejected"
            )
            self.stdout.write(self.style.WARNING(line) if file.rejected else self.style.SUCCESS(line))
        self.stdout.write(f"Errors written to {result.errors_path} ({len(result.errors)} rows).")
        refused = [file.file for file in result.files if file.refused]
        rejected = sum(file.rejected for file in result.files if not file.refused)
        if refused or rejected:
            # Non-zero, so a scheduled import that left anything out is noticed.
            problems = ([f"refused {', '.join(refused)}"] if refused else []) + (
                [f"rejected {rejected} row{'s' if rejected != 1 else ''}"] if rejected else []
            )
            raise CommandError(
                f"The import {' and '.join(problems)}: correct them using {result.errors_path} and import "
                "again. The good rows were imported; importing them again changes nothing."
            )
