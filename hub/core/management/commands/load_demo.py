from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub.accounts.demo import DEMO_AUTHORITY
from hub.accounts.models import Authority
from hub.core import demo


class Command(BaseCommand):
    help = (
        "Load the demo area (a fictional authority, its agencies, people and a year of activity). Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the demo area is already loaded."
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        if not settings.HUB_ALLOW_DEMO:
            raise CommandError("The demo area cannot be loaded in production (HUB_ENV=production).")
        if if_empty and Authority.objects.filter(ons_code=DEMO_AUTHORITY["ons_code"]).exists():
            self.stdout.write("The demo area is already loaded.")
            return
        ctx = demo.DemoContext(out=self.stdout.write)
        for _name, loader in demo.loaders():
            with transaction.atomic():
                loader(ctx)
        self.stdout.write(self.style.SUCCESS("Demo area loaded."))
