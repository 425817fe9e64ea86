"""Create one of a new Hub's first accounts from the command line.

Hub coordinators, hub analysts, auditors and administrators see across agencies, so once the Hub runs,
one administrator asks for such a role and a second approves it (the Role requests page). Before there
are two administrators nobody can approve anything: this command makes the first two administrators
and the first holder of each other such role, and refuses once they exist.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hub.accounts.models import Agency, User
from hub.accounts.services import AccessChangeRefused, user_bootstrap
from hub.core.roles import Role

PASSWORD_VARIABLE = "HUB_BOOTSTRAP_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create one of a new Hub's first accounts (the first two administrators, the first hub coordinator, "
        "analyst or auditor). Refused once those exist: then administrators use the Role requests page."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--job-title", default="")
        parser.add_argument("--agency", default="", help="The agency's name, exactly as in administration.")
        parser.add_argument(
            "--role", action="append", required=True, choices=Role.values, help="Repeat for several roles."
        )
        parser.add_argument(
            "--no-input",
            action="store_true",
            help=f"Take the password from the environment variable {PASSWORD_VARIABLE} instead of asking.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"There is already an account called {username}.")
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(name=options["agency"]).first()
            if agency is None:
                raise CommandError(
                    f"There is no agency called {options['agency']!r}. Create it in administration."
                )
        candidate = User(username=username, first_name=options["first_name"], last_name=options["last_name"])
        password = self._password(options["no_input"], candidate)
        try:
            user = user_bootstrap(
                username=username,
                first_name=options["first_name"],
                last_name=options["last_name"],
                agency=agency,
                roles=set(options["role"]),
                password=password,
                email=options["email"],
                job_title=options["job_title"],
            )
        except AccessChangeRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            f"Created {user.get_username()} ({', '.join(user.role_labels())}). They set up their "
            "authenticator app the first time they sign in."
        )

    def _password(self, no_input: bool, candidate: User) -> str:
        if no_input:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_VARIABLE} to the account's first password.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The two passwords are not the same. Run the command again.")
        try:
            validate_password(password, candidate)
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from invalid
        return password
