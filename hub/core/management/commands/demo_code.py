from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.demo import PEOPLE


class Command(BaseCommand):
    help = "Print a demo user's current authentication code (demo accounts only; refused in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if not settings.HUB_ALLOW_DEMO:
            raise CommandError("Demo codes are not available in production.")
        if username not in PEOPLE:
            raise CommandError(f"{username} is not a demo account. Demo accounts: {', '.join(PEOPLE)}.")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no authenticator yet: run `python manage.py load_demo`.")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
