from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub.accounts.models import Authority
from hub.core import clock
from hub.demo import area as demo
from hub.demo.people import DEMO_AUTHORITY


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--as-of must be a day written YYYY-MM-DD, for example 2026-06-17 (not {value!r})."
        ) from None


class Command(BaseCommand):
    help = (
        "Load the demo area (a fictional authority, its agencies, people and a year of activity) as it "
        "stood at the start of a reference day. The same day always gives the same area. Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the demo area is already loaded."
        )
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The reference day (today by default): every date in the demo is derived from it.",
        )

    def handle(self, *args: Any, if_empty: bool = False, as_of: str | None = None, **options: Any) -> None:
        if not settings.HUB_ALLOW_DEMO:
            raise CommandError("The demo area cannot be loaded in production (HUB_ENV=production).")
        day = _day(as_of) if as_of else clock.today()
        if day > clock.today():
            raise CommandError(
                f"--as-of {day:%Y-%m-%d} is in the future: build the demo as of today or a past day."
            )
        if if_empty and Authority.objects.filter(ons_code=DEMO_AUTHORITY["ons_code"]).exists():
            self.stdout.write("The demo area is already loaded.")
            return
        ctx = demo.DemoContext(out=self.stdout.write, as_of=day)
        with clock.history(demo.reference_moment(day)):
            for _name, loader in demo.loaders():
                with transaction.atomic():
                    loader(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo area loaded as of the start of {day:%-d %B %Y}."))
