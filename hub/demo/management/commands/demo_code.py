from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.demo.people import PEOPLE, current_code


class Command(BaseCommand):
    help = "Print a demo user's current authentication code (demo accounts only; refused in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if not settings.HUB_ALLOW_DEMO:
            raise CommandError("Demo codes are not available in production.")
        if username not in PEOPLE:
            raise CommandError(f"{username} is not a demo account. Demo accounts: {', '.join(PEOPLE)}.")
        code = current_code(username)
        if code is None:
            raise CommandError(f"{username} has no authenticator yet: run `python manage.py load_demo`.")
        self.stdout.write(code)
