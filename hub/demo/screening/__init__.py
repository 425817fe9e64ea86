"""A year of screening for the demo authority, at the scale of the strategy's local profile.

The profile ("Local profile Jan-Dec 2019") counts 324 screening tools submitted and reviewed in a year and
131 children discussed at MARMM. The demo keeps those figures for the 12 full months before the month it
is loaded in (``demo_year``): loaded on 28 November 2026, the year is 1 November 2025 to 31 October 2026,
and every child is 10 to 17 when screened and still under 18 on the load date, so whoever tries the Hub
meets children, not the adults a fixed 2019 would have made of them. Children are at every level of
concern, some screened more than once. Six more screenings wait in the hub's review queue, submitted in
the last few working days (one overdue, one at immediate risk); on a load early in a month some of those
fall inside the year, as submitted but not yet reviewed, so the year's figure is of reviewed screenings.

Everything goes through the screening and children services (so the rules, the access log and the change
history are the same as for real work); only the timestamps those services stamp "now" are moved back
afterwards with queryset updates. The work is split into planning (``planning``: who, when, what the hub
decides, in memory), writing through the services in date order (``writing``) and back-dating
(``backdating``). The same load date gives the same year: one ``random.Random(ctx.seed)`` drives it all.

Already loaded? The marker is that the demo authority holds reviewed screenings referred by one of this
loader's own staff accounts (``figures.PEOPLE``: created only here, in the same transaction as the
screenings, and never given a password, so nobody else can have referred as them). Unlike a count of
screenings in the year, it does not move with the date: a second ``load_demo`` next month or next year
finds it and changes nothing. It also survives what a person trying the demo does (reviewing the queue,
making new referrals), and a load that failed part-way has rolled back and left no marker.

Every person, street and school here is invented (``hub/demo/names.py``).
"""

from __future__ import annotations

import random

from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from hub.accounts.models import Authority
from hub.core import clock
from hub.demo.area import DemoContext
from hub.demo.screening.backdating import backdate
from hub.demo.screening.figures import PEOPLE, demo_year
from hub.demo.screening.planning import Planner
from hub.demo.screening.writing import Writer, ensure_people
from hub.screening.models import Screening

__all__ = ["demo_year", "load_screenings", "loaded_marker"]


def loaded_marker(authority: Authority) -> QuerySet[Screening]:
    """The reviewed screenings that show this loader has already run for the authority (see above)."""
    return Screening.objects.filter(
        authority=authority, status=Screening.Status.REVIEWED, referrer__username__in=PEOPLE
    )


def load_screenings(ctx: DemoContext) -> None:
    marker = loaded_marker(ctx.authority)
    if marker.exists():
        reviewed = Screening.objects.filter(authority=ctx.authority, status=Screening.Status.REVIEWED)
        span = reviewed.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
        ctx.out(
            f"Demo screenings: already loaded ({reviewed.count()} reviewed, submitted "
            f"{timezone.localtime(span['first']):%d %B %Y} to {timezone.localtime(span['last']):%d %B %Y})."
        )
        return
    today = clock.today()
    first_day, last_day = demo_year(today)
    rng = random.Random(ctx.seed)
    assert ctx.users is not None  # load_people fills it; this loader runs after it
    users = dict(ctx.users)
    planner = Planner(rng, ctx, users, today=today)
    added = ensure_people(ctx, users, planner.lead_school)  # the planner sees them through ``users``
    children = planner.plan_year()

    writer = Writer(ctx, planner, users, rng)
    everything = sorted((s for child in children for s in child.screenings), key=lambda s: s.submitted_at)
    for planned in everything:
        screening = writer.refer(planned)
        writer.review(planned, screening)
        planned.child.reviewed.append(planned)
    writer.allocate(children)
    queue = writer.queue()
    backdate(children, queue, involvement_start=writer.involvement_start, allocated=writer.allocated, rng=rng)

    discussed = sum(child.marmm for child in children)
    ctx.out(
        f"Demo screenings: {len(everything)} reviewed from {first_day:%d %B %Y} to {last_day:%d %B %Y} "
        f"about {len(children)} children ({discussed} discussed at MARMM), {len(queue)} waiting for review, "
        f"{added} more staff accounts."
    )
