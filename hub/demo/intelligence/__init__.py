"""The demo area's intelligence (issue 12, "Pursue"): the people, groups, phones and places behind the
year the earlier loaders recorded, and the links between them and the demo's children.

- Places the records already name (``figures.PLACES``): the Ringway Lodge Hotel ("a hotel on the ring
  road"), the Golden Grill takeaway on Station Road, Holloway Green recreation ground, Wenmoor bus station
  and a cuckooed flat at Kestrel House, each with a synthetic postcode and coordinates near the invented
  town's centre.
- Persons of concern with other names, dates of birth and descriptions; an organised crime group and its
  two county lines (Blaze and Dex) with their deal phones; the police's links among them, some graded
  with handling conditions (``figures.NETWORK``).
- Links from children to places and persons, each from the child's own record (``planning``): where a
  missing episode says they were last seen or found, whom a return interview says they were with, where
  a screening says they go; dated inside the record, recorded by the hub's analyst a day after it was
  complete. Every such episode of the last 30 days is linked, so Wenmoor bus station shows the
  emerging-context pattern (three or more children from two or more schools in 30 days) on the reference
  day; the last few days' returns, whose interviews wait, are left for the analyst as suggestions.
- A peer group (``figures.PEER_GROUP_NAME``) of the children most often at the bus station on the same
  day as another, each a member from that episode.
- Disruption activity against persons, a group and places (``disruption``).

Everything goes through the intelligence services, each as of its own moment (``writing``), driven by
``random.Random(ctx.seed + 12)`` (a stream of its own, so the other loaders' draws are unchanged), so the
same reference day gives the same intelligence.

Already loaded? The marker is an entity recorded by this loader's own intelligence officer
(``figures.PEOPLE``: created only here, with no password, in the same transaction)."""

from __future__ import annotations

import random

from django.db.models import QuerySet

from hub.accounts.models import Authority, User
from hub.accounts.services import user_create_for_demo_and_tests
from hub.core import clock
from hub.demo.area import DemoContext, known
from hub.demo.intelligence import disruption, figures
from hub.demo.intelligence.planning import Planner
from hub.demo.intelligence.writing import Writer
from hub.demo.screening import demo_year
from hub.intelligence.models import Disruption, Entity, Link

__all__ = ["load_intelligence", "loaded_marker"]


def loaded_marker(authority: Authority) -> QuerySet[Entity]:
    return Entity.objects.filter(authority=authority, created_by__username__in=figures.PEOPLE)


def load_intelligence(ctx: DemoContext) -> None:
    authority = ctx.authority
    if loaded_marker(authority).exists():
        ctx.out(
            f"Demo intelligence: already loaded ({Entity.objects.filter(authority=authority).count()} "
            f"entities, {Link.objects.filter(authority=authority).count()} links)."
        )
        return
    agencies = known(ctx.agencies, "agencies")
    users = demo_users(ctx)
    now = clock.now()
    today = clock.today()
    first_day, _ = demo_year(today)
    rng = random.Random(ctx.seed + 12)
    planner = Planner(
        rng, authority=authority, police_id=agencies["police"].pk, hub_id=agencies["hub"].pk, now=now
    )
    episodes = planner.episodes()
    from_records = planner.episode_links(episodes) + planner.interview_links(episodes)
    from_records += planner.screening_links()
    members = planner.peer_group(episodes)

    writer = Writer(authority=authority, users=users, rng=rng, today=today)
    writer.places(first_day)
    writer.persons_groups_phones()
    writer.peer_group(members)
    writer.write_links(planner.network() + from_records + members)
    orders = disruption.write(writer.entities, users[figures.RECORDER], agencies["police"], today)
    children = len(writer.children)
    ctx.out(
        f"Demo intelligence: {len(writer.entities)} entities (persons, groups, phones, places), "
        f"{children} children in the network, {writer.links} links ({len(from_records)} from their "
        f"records, {len(members)} in the {figures.PEER_GROUP_NAME}), {orders} disruption orders "
        f"({Disruption.objects.filter(authority=authority).count()} in the area)."
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
