"""The demo area's panels and their year of meetings.

The panels are the strategy's meetings (MARMM, MEP, SEP, Youth Risk, Cross Border, Locality north and
south, DCI Risk, complex strategy), each with its chair, members and agencies; they are found by name in
the demo authority and created only when absent, and their members are added, never removed, so what
someone trying the demo changes is kept.

The year (``load_year``) is the screening demo's (``hub.demo.screening.demo_year``: the 12 full months
before the month of the load) and the weeks since, consistent with what the screening and missing demos
recorded (``records``): MARMM meets on Thursdays and discusses each child the hub routed to it (the local
profile's 131 children) at the first MARMM after the review; MEP meets fortnightly and discusses the
children at groomed/targeted or exploited from the first MEP after they reached that level, then every 6
to 12 weeks while they stay there, with a plan for each (``plans``, when the plans capability is
installed), and the children whose repeat-missing alerts were raised since the last MEP; MEP escalates
some exploited children to SEP, which meets monthly and removes some of them later, three of whom MEP
escalates again; Youth Risk and DCI Risk meet monthly, Cross Border and the two Locality meetings
quarterly, and a complex strategy meeting is held for each alert on which the hub asked for a strategy
discussion. Every meeting held has its attendance, what was shared, decided and agreed, and its minutes
issued; the actions are done on time, late, still open or no longer needed by the load date. The next
MEP, in the coming week, is planned with its members invited and no agenda, for whoever tries the demo
to build.

The work is split as the screening demo's is: planning in memory (``planning``, ``plans``, ``outcomes``),
writing through the services' bulk forms (``writing``, ``action_writing``); one
``random.Random(ctx.seed)`` drives it all, so the same load date gives the same year.

Already loaded? The marker is a meeting planned by this loader's own panel coordinator
(``figures.PEOPLE``: created only here, with no password, in the same transaction as the meetings). It
does not move with the date and survives what a person trying the demo does; a load that failed part-way
has rolled back and left no marker.

Every person here is one of the demo's invented staff; every sentence is a template about an invented
child, school or place (``wording``)."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hub.accounts.models import Authority, User
from hub.accounts.services import user_create_for_demo_and_tests
from hub.core import clock
from hub.demo.area import DemoContext
from hub.demo.panels.figures import PEOPLE
from hub.demo.panels.outcomes import settle, spare_the_practitioner
from hub.demo.panels.planning import Planner
from hub.demo.panels.records import read_children
from hub.demo.panels.writing import Writer
from hub.demo.people import demo_agencies, lead_schools
from hub.demo.screening import demo_year
from hub.panels.models import AgendaItem, Meeting, Panel
from hub.panels.services import panel_create_for_demo_and_tests
from hub.reference.models import MeetingType, School

__all__ = ["PANELS", "load_panels", "load_year", "loaded_marker"]

# meeting type code: (name, chair's username, member usernames, agency keys, usual days between meetings)
PANELS = {
    "marmm": (
        "MARMM",
        "coordinator",
        ["analyst", "practitioner", "officer", "interviewer"],
        ["hub", "csc", "police", "yot", "health"],
        7,
    ),
    "mep": (
        "MEP",
        "chair",
        ["coordinator", "practitioner", "officer", "interviewer"],
        ["hub", "csc", "police", "yot", "youth", "health", "camhs"],
        14,
    ),
    "sep": (
        "SEP",
        "chair",
        ["coordinator", "officer"],
        ["hub", "csc", "police", "yot", "health", "partnership"],
        28,
    ),
    "youth-risk": (
        "Youth Risk Meeting",
        "officer",
        ["coordinator", "practitioner"],
        ["police", "yot", "youth", "csc"],
        28,
    ),
    "cross-border": (
        "Cross Border Group",
        "coordinator",
        ["officer", "chair"],
        ["hub", "police", "neighbour"],
        91,
    ),
    "locality-north": (
        "Locality meeting (north)",
        "coordinator",
        ["officer"],  # and the safeguarding leads of the locality's schools (``locality_leads``)
        ["hub", "police"],  # and those schools' own organisations
        91,
    ),
    "locality-south": (
        "Locality meeting (south)",
        "coordinator",
        ["officer"],  # and the safeguarding leads of the locality's schools (``locality_leads``)
        ["hub", "police"],  # and those schools' own organisations
        91,
    ),
    "dci-risk": (
        "DCI Risk Meeting",
        "officer",
        ["coordinator", "practitioner"],
        ["police", "csc", "yot"],
        28,
    ),
    "complex-strategy": (
        "Complex strategy meeting",
        "chair",
        ["coordinator", "officer", "practitioner"],
        ["csc", "police", "health", "hub", "hospital"],
        0,
    ),
}
# Everyone the year involves besides the demo people: the screening and missing demos' staff.
OTHER_STAFF = [
    "jpellow",
    "dramsaran",
    "chutchens",
    "adroy",
    "bharcourt",
    "nfarouk",
    "cbrierley",
    "sgorecki",
    "rcalloway",
    "kashdown",
    "fquennell",
    "gmountjoy",
    "bcorrie",
    "jwhitlock",
]


def load_panels(ctx: DemoContext) -> None:
    users, agencies = demo_users(ctx), ctx.agencies or {}
    created = 0
    panels: dict[str, Panel] = {}
    with transaction.atomic():
        for code, (name, chair, members, agency_keys, days) in PANELS.items():
            leads = locality_leads(ctx.authority, code)
            panel, made = panel_create_for_demo_and_tests(
                authority=ctx.authority,
                name=name,
                meeting_type=MeetingType.objects.get(code=code),
                chair=users.get(chair),
                frequency_days=days or 28,
                members=[users[key] for key in [*members, *leads] if key in users],
                agencies=[agencies[key] for key in agency_keys if key in agencies],
            )
            created += made
            # Each school is its own organisation: a locality panel has each of its leads' schools'.
            school_agencies = [users[key].agency for key in leads if key in users]
            if school_agencies:
                panel_create_for_demo_and_tests(
                    authority=ctx.authority,
                    name=name,
                    meeting_type=panel.meeting_type,
                    chair=panel.chair,
                    frequency_days=panel.frequency_days,
                    agencies=[agency for agency in school_agencies if agency is not None],
                )
            panels[code] = panel
        ctx.out(f"Demo panels: {created} created, {len(PANELS) - created} already there.")
        load_year(ctx, panels)


def loaded_marker(authority: Authority) -> QuerySet[Meeting]:
    """Meetings that show the year has already been loaded for the authority (see above)."""
    return Meeting.objects.filter(panel__authority=authority, created_by__username__in=PEOPLE)


def load_year(ctx: DemoContext, panels: dict[str, Panel]) -> None:
    authority = ctx.authority
    if loaded_marker(authority).exists():
        held = Meeting.objects.filter(panel__authority=authority)
        ctx.out(
            f"Demo meetings: already loaded ({held.count()} meetings, "
            f"{AgendaItem.objects.filter(meeting__in=held).count()} agenda items)."
        )
        return
    now = clock.now()
    today = timezone.localdate(now)
    first_day, _ = demo_year(today)
    rng = random.Random(ctx.seed)
    users = demo_users(ctx)
    schools = list(School.objects.filter(authority=authority, active=True).order_by("urn"))
    planner = Planner(
        rng,
        children=read_children(authority),
        users=users,
        panels={
            code: (
                panel.chair.username if panel.chair is not None else PANELS[code][1],
                sorted(panel.members.values_list("username", flat=True)),
            )
            for code, panel in panels.items()
        },
        schools=schools,
        school_leads=school_leads(authority),
        now=now,
        first_day=first_day,
    )
    meetings = planner.plan()
    plans = []
    if plans_installed():
        from hub.demo.panels.plans import PlanPlanner

        plans = PlanPlanner(planner, rng).plan()
    actions = [a for ms in meetings.values() for m in ms for item in m.items for a in item.actions]
    actions += [a for plan in plans for version in plan.versions for a in version.actions]
    settle(actions, rng, now=now, doers=doers(users, ctx))
    spare_the_practitioner(actions, today)

    writer = Writer(authority=authority, users=users, agencies=demo_agencies(ctx), panels=panels)
    every = sorted((m for ms in meetings.values() for m in ms), key=lambda m: (m.held_at, m.code))
    writer.meetings(every)
    writer.sep_periods(planner.stints)
    if plans:
        from hub.demo.panels.plans import write_plans

        write_plans(plans, writer, users)
    writer.actions(actions)
    writer.log()
    report(ctx, every, planner, plans, actions)


def plans_installed() -> bool:
    """Whether the plans capability is there to hold the children's plans."""
    if not apps.is_installed("hub.plans"):
        return False
    from hub.plans import services

    return all(
        hasattr(services, name) for name in ("plan_start", "plan_agree", "plan_review", "review_clock")
    )


def demo_users(ctx: DemoContext) -> dict[str, User]:
    """The demo people, the other loaders' staff, and this loader's panel coordinator (created here)."""
    users = dict(ctx.users or {})
    for user in User.objects.filter(username__in=OTHER_STAFF).select_related("agency"):
        users[user.username] = user
    for username, (first, last, agency_key, role, title) in PEOPLE.items():
        found = User.objects.filter(username=username).first()
        users[username] = found or user_create_for_demo_and_tests(
            username=username,
            first_name=first,
            last_name=last,
            agency=(ctx.agencies or {})[agency_key],
            roles={role},
            password=None,
            job_title=title,
            email=f"{username}@example.org",
        )
    return users


def school_leads(authority: Authority) -> dict[int, str]:
    """Each secondary school's safeguarding lead, by school id, as the people loader placed them."""
    return {school.pk: lead for lead, school in lead_schools(authority).items()}


def locality_leads(authority: Authority, code: str) -> list[str]:
    """The school leads a locality panel has as members: those whose school is in its locality."""
    if not code.startswith("locality-"):
        return []
    locality = code.removeprefix("locality-")
    return [lead for lead, school in lead_schools(authority).items() if school.locality == locality]


def doers(users: dict[str, User], ctx: DemoContext) -> dict[str, list[str]]:
    """The usernames of each agency, by agency key (for actions finished by someone of the agency)."""
    keys = {agency.pk: key for key, agency in demo_agencies(ctx).items()}
    found: dict[str, list[str]] = {}
    for username in sorted(users):
        agency_id = users[username].agency_id
        key = keys.get(agency_id) if agency_id is not None else None
        if key is not None:
            found.setdefault(key, []).append(username)
    return found


def report(
    ctx: DemoContext, meetings: list[Any], planner: Planner, plans: list[Any], actions: list[Any]
) -> None:
    by_type = Counter(m.code for m in meetings if m.past)
    items = sum(len(m.items) for m in meetings)
    decisions = sum(len(i.decisions) for m in meetings for i in m.items)
    marmm = len({i.child.pk for m in meetings if m.code == "marmm" for i in m.items})
    statuses = Counter(a.status for a in actions)
    ended = sum(1 for s in planner.stints if s.end_item is not None)
    ctx.out(
        f"Demo meetings: {sum(by_type.values())} held ("
        + ", ".join(f"{n} {code}" for code, n in sorted(by_type.items()))
        + f"), {items} agenda items ({marmm} children at MARMM), {decisions} decisions, "
        f"{len(planner.stints)} SEP periods ({ended} ended), {len(plans)} plans, {len(actions)} actions ("
        + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
        + "); the next MEP is planned."
    )
