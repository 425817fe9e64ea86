from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.env import env_str
from hub.demo.people import demo_rows, demo_sign_in_on


class Command(BaseCommand):
    help = "Print how to sign in as each demo role (demo only; refused in production)."

    def add_arguments(self, parser: Any) -> None:
        # `make run` passes the address it serves on; run by hand, PORT (as `make run PORT=...` takes it)
        # or the default.
        parser.add_argument(
            "--address",
            default=f"127.0.0.1:{env_str('PORT', '8000')}",
            help="host:port the Hub is served on (default 127.0.0.1:$PORT, or 127.0.0.1:8000)",
        )

    def handle(self, *args: Any, address: str, **options: Any) -> None:
        if not settings.HUB_ALLOW_DEMO:
            raise CommandError("Demo credentials do not exist in production.")
        rows = demo_rows()
        if not rows:
            raise CommandError("No demo accounts yet: run `python manage.py load_demo` first.")
        self.stdout.write(
            "\nDemo accounts (synthetic; passwords and keys are random for this installation):\n"
        )
        self.stdout.write(f"  {'username':<13} {'password':<18} {'role':<27} authenticator key")
        for row in rows:
            self.stdout.write(
                f"  {row['username']:<13} {row['password']:<18} {row['role']:<27} {row['totp_key']}"
            )
        self.stdout.write(f"\nSign in at http://{address}")
        if demo_sign_in_on():
            self.stdout.write(
                '  Choose an account under "Trying the demo" on the sign-in page;'
                " the next page shows its code.\n"
                "  Or enter a username and password, then the 6-digit code:"
            )
        self.stdout.write(
            "  .venv/bin/python manage.py demo_code USERNAME   prints the current code\n"
            "  or add the key (hex) to an authenticator app.\n"
        )
