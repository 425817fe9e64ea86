"""The demo's namesakes: a few children whose names differ only in spelling and short forms, recorded
by the demo practitioner's agency, so that searching "Jon Smyth" finds several of them."""

from __future__ import annotations

import random
from datetime import timedelta

from hub.children import services
from hub.children.models import Child
from hub.core import clock
from hub.demo import names as demo_names
from hub.demo.area import DemoContext
from hub.reference.models import School


def load_namesakes(ctx: DemoContext) -> None:
    authority = ctx.authority
    assert ctx.users is not None  # load_people fills it; this loader runs after it
    practitioner = ctx.users["practitioner"]
    # A stream of its own, so adding these leaves every other loader's draws as they were.
    rng = random.Random(ctx.seed + 101)
    today = clock.today()
    schools = list(School.objects.filter(authority=authority, phase=School.Phase.SECONDARY).order_by("name"))
    made = 0
    for index, (first, last, sex, years, days) in enumerate(demo_names.NAMESAKES):
        if Child.objects.filter(authority=authority, first_name=first, last_name=last).exists():
            continue
        recorded = today - timedelta(days=20 + 9 * index)
        with clock.history(clock.now() - timedelta(days=20 + 9 * index)):
            # The practitioner's agency records the child, and so is involved from that day.
            child = services.child_create(
                authority=authority,
                by=practitioner,
                first_name=first,
                last_name=last,
                sex=sex,
                ethnicity="WBRI",
                date_of_birth=today - timedelta(days=round(years * 365.25) + days),
            )
            services.address_add(
                child=child,
                by=practitioner,
                start=recorded,
                line1=demo_names.street_address(rng),
                postcode=demo_names.postcode(rng),
            )
            if schools:
                services.school_add(child=child, by=practitioner, school=rng.choice(schools), start=recorded)
        made += 1
    ctx.out(f"Demo namesakes: {made} children whose names are spelled alike (search for Jon Smyth).")
