from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.accounts.demo import demo_rows


class Command(BaseCommand):
    help = "Print how to sign in as each demo role (demo only; refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
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
        self.stdout.write(
            "\nSign in at http://127.0.0.1:8000 with a username and password, then enter the 6-digit code:\n"
            "  .venv/bin/python manage.py demo_code USERNAME   prints the current code\n"
            "  or add the key (hex) to an authenticator app.\n"
        )
