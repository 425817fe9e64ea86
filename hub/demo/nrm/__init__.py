"""The demo area's NRM referrals (issue 12): the strategy's 19 Reasonable Grounds and 2 Conclusive Grounds
decisions for children in the demo year, and a few referrals waiting for their RG decision on the
reference day (``figures``, ``planning``).

The demo authority's decisions are the Home Office's (the Single Competent Authority, the Hub's default
setting): the hub's NRM lead enters each referral on the day it was made and each decision on the day it
was made, through the NRM services (``nrm_refer``, ``nrm_record_rg``, ``nrm_record_cg``), each as of that
day (``clock.history``), so their rules (dates in order, the recovery period, one open referral a child)
are the services' own. Driven by ``random.Random(ctx.seed + 13)``, a stream of its own.

Already loaded? The marker is a referral recorded by this loader's own NRM lead (``figures.PEOPLE``:
created only here, with no password, in the same transaction)."""

from __future__ import annotations

import random
from datetime import date, datetime

from django.db.models import QuerySet

from hub.accounts.models import Authority, User
from hub.accounts.services import user_create_for_demo_and_tests
from hub.children.models import Child
from hub.core import calendar, clock
from hub.core.calendar import LONDON
from hub.demo.area import DemoContext, known, pronouns
from hub.demo.nrm import figures
from hub.demo.nrm.planning import PlannedReferral, Planner, candidates
from hub.demo.screening import demo_year
from hub.nrm import services
from hub.nrm.models import DecisionMaker, NrmReferral
from hub.reference.models import ExploitationType

__all__ = ["load_nrm", "loaded_marker"]
REASON = "demo area: the NRM referrals and decisions of the year before the reference day"


def loaded_marker(authority: Authority) -> QuerySet[NrmReferral]:
    return NrmReferral.objects.filter(authority=authority, recorded_by__username__in=figures.PEOPLE)


def load_nrm(ctx: DemoContext) -> None:
    authority = ctx.authority
    if loaded_marker(authority).exists():
        ctx.out(
            f"Demo NRM referrals: already loaded ({NrmReferral.objects.filter(authority=authority).count()})."
        )
        return
    today = clock.today()
    first_day, last_day = demo_year(today)
    rng = random.Random(ctx.seed + 13)
    planner = Planner(rng, first_day=first_day, last_day=last_day, today=today, holidays=calendar.holidays())
    pool = candidates(authority)
    year = planner.year(pool)
    waiting = planner.waiting(pool)
    users = demo_users(ctx)
    types = {t.code: t for t in ExploitationType.objects.all()}
    agencies = known(ctx.agencies, "agencies")
    for planned in year + waiting:
        write(planned, users, agencies, types)
    rg = sum(1 for r in year if r.rg and first_day <= r.rg[1] <= last_day)
    cg = sum(1 for r in year if r.cg and first_day <= r.cg[1] <= last_day)
    ctx.out(
        f"Demo NRM referrals: {len(year) + len(waiting)}, with {rg} reasonable grounds and {cg} conclusive "
        f"grounds decisions from {first_day:%d %B %Y} to {last_day:%d %B %Y}; {len(waiting)} waiting for "
        "the reasonable grounds decision."
    )


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def write(planned: PlannedReferral, users: dict[str, User], agencies: dict, types: dict) -> None:
    by = users[figures.RECORDER]
    child = Child.objects.select_related("authority").get(pk=planned.child_id)
    agency_key, username = planned.responder
    words = pronouns(child.first_name, child.sex)
    with clock.history(_at(planned.referred_on, 15), reason=REASON):
        referral = services.nrm_refer(
            by=by,
            child=child,
            first_responder=agencies[agency_key],
            referrer_name=users[username].get_full_name(),
            referred_on=planned.referred_on,
            exploitation_types=[types[code] for code in planned.types],
            summary=figures.SUMMARIES[planned.types[0]].format(**words),
        )
    for prefix, decision in (("rg", planned.rg), ("cg", planned.cg)):
        if decision is None:
            continue
        grounds, decided_on = decision
        record = services.nrm_record_rg if prefix == "rg" else services.nrm_record_cg
        with clock.history(_at(decided_on, 14), reason=REASON):
            referral = record(
                by=by,
                referral=referral,
                version=referral.version,
                grounds=grounds,
                decided_on=decided_on,
                decision_maker=DecisionMaker.SINGLE_COMPETENT_AUTHORITY,
            )


def demo_users(ctx: DemoContext) -> dict[str, User]:
    users = dict(known(ctx.users, "people"))
    for username, (first, last, agency_key, role, title) in figures.PEOPLE.items():
        users[username] = User.objects.filter(username=username).first() or user_create_for_demo_and_tests(
            username=username,
            first_name=first,
            last_name=last,
            agency=known(ctx.agencies, "agencies")[agency_key],
            roles={role},
            password=None,
            job_title=title,
            email=f"{username}@example.org",
        )
    return users
