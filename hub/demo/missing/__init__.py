"""A year of missing episodes and return interviews for the demo authority, at the scale of the strategy's
local profile.

The profile counts 397 children reported missing 1,173 times in a year, 64 of them placed in the area by
other authorities and reported missing 282 times (``figures``). The demo keeps those figures for the
screening demo's year (``hub.demo.screening.demo_year``: the 12 full months before the month of the load),
counting an episode in the year by when the child was last seen. Many of the screened children go
missing, the more so the more the hub worries about them (their episodes come after their screening,
unless the screening said they went missing: then the record dates from their first report); invented
children make up the rest, among them children in care, the authority's own and other authorities'
(``cast``). Repeat missing is a long tail: most children once, a few twenty times or more, in bad patches
of a few weeks (``timing``). On the load date a handful of children are missing, two at high risk, and
the last three days' returns wait for their return interviews; every earlier return has its interview,
held within 72 hours of the hub's notification for about two in three, late with a reason for the rest,
declined by some children (``episodes``, ``interviews``). Each episode follows a story told the same way
from the police report to the child's own words (``stories``, ``wording``). Looked-after children's
episodes carry the DfE code and placement, and their care episodes the SSDA903 codes, so the SSDA903
export of each collection year the demo covers passes the national validator's missing rules. Repeat-
missing alerts are raised wherever the active rules are met; the hub has decided on all but the last few
days' (``alerts``).

Everything is planned in memory (``plan``) from one ``random.Random(ctx.seed)``, so the same load date
gives the same year, then written in batches (``writing``): the episodes, interviews and alerts through
the missing services' bulk forms (``hub.missing.past_services``, which check every row with the single-row
services' rules), the children's side still as the children services would have left it.

Already loaded? The marker is a return interview recorded by one of this loader's own return
interviewers (``figures.PEOPLE``: created only here, with no password, in the same transaction as the
interviews). It does not move with the date and survives what a person trying the demo does.

Every person, place and reference here is invented (``hub/demo/names.py``, ``stories``).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import QuerySet

from hub.accounts.models import Authority, User
from hub.accounts.services import user_create_for_demo_and_tests
from hub.core import clock
from hub.core.calendar import holidays
from hub.demo.area import DemoContext
from hub.demo.missing.alerts import acknowledge, repeat_alerts
from hub.demo.missing.cast import Cast
from hub.demo.missing.episodes import EpisodePlanner
from hub.demo.missing.figures import OTHER_AUTHORITIES, PEOPLE
from hub.demo.missing.interviews import InterviewPlanner
from hub.demo.missing.plan import Alert, DemoChild, Episode, known
from hub.demo.missing.timing import Spread, local_date, london
from hub.demo.missing.writing import Writer, other_authorities
from hub.demo.people import NEIGHBOUR_AUTHORITY
from hub.demo.screening import demo_year
from hub.missing import services
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.reference.models import RepeatMissingRule

__all__ = ["load_missing", "loaded_marker"]


def loaded_marker(authority: Authority) -> QuerySet[ReturnInterview]:
    """Return interviews that show this loader has already run for the authority (see above)."""
    return ReturnInterview.objects.filter(
        episode__child__authority=authority, recorded_by__username__in=PEOPLE
    )


def load_missing(ctx: DemoContext) -> None:
    authority = ctx.authority
    if loaded_marker(authority).exists():
        episodes = MissingEpisode.objects.filter(child__authority=authority)
        ctx.out(
            f"Demo missing episodes: already loaded ({episodes.count()} episodes, "
            f"{episodes.filter(returned_at__isnull=True).count()} open)."
        )
        return
    now = clock.now()
    agencies = known(ctx.agencies, "agencies")
    first_day, last_day = demo_year(clock.today())
    rng = random.Random(ctx.seed)
    users = demo_users(ctx)
    others = other_authorities(OTHER_AUTHORITIES.items())
    neighbour = NEIGHBOUR_AUTHORITY["ons_code"]  # Harrowfield, created by the people loader
    others[neighbour] = Authority.objects.get(ons_code=neighbour)
    window = (london(first_day), london(last_day + timedelta(days=1)))
    cast = Cast(
        rng,
        authority=authority,
        police=agencies["police"],
        others=others,
        first_day=first_day,
        today=clock.today(),
        span_end=min(window[1], now - timedelta(days=4, hours=12)),
    )
    home, placed = cast.year()
    children = home + placed
    planner = EpisodePlanner(
        rng,
        now=now,
        window=window,
        returns_by=now - timedelta(days=3, hours=12),
        spread=Spread(first_day, last_day),
        placement_move=cast.placement,
    )
    missing_now, back = planner.choose_current(children)
    plan_episodes(planner, children)
    police_references([e for child in children for e in child.episodes], rng)
    plan_interviews(rng, now, children, back)
    created_earlier = records_from_first_reports(children, rng)
    alerts = repeat_alerts(children, list(RepeatMissingRule.objects.filter(active=True).order_by("pk")))
    acknowledge(alerts, rng, now)
    writer = Writer(authority=authority, police=agencies["police"], users=users, now=now)
    writer.write(children, alerts, cast.uncoded_elsewhere(children), created_earlier)
    report(ctx, children, placed, missing_now, back, alerts, window)


def demo_users(ctx: DemoContext) -> dict[str, User]:
    """Everyone who takes part: the demo people, the screening demo's extra staff, and this loader's two
    return interviewers (created here)."""
    users = dict(known(ctx.users, "people"))
    for user in User.objects.filter(username__in=["rcalloway", "kashdown", "gmountjoy", *PEOPLE]):
        users[user.username] = user
    for username, (first, last, agency_key, role, title) in PEOPLE.items():
        if username not in users:
            users[username] = user_create_for_demo_and_tests(
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


def plan_episodes(planner: EpisodePlanner, children: list[DemoChild]) -> None:
    """Each child's year, the most crowded spans first (so they find room), then placement moves and the
    details of every episode."""

    def crowding(child: DemoChild) -> float:
        span = known(child.span_end, "end of the year") - known(child.span_start, "start of the year")
        return -child.count / max(1.0, span.total_seconds())

    for child in sorted(children, key=crowding):
        planner.year(child)
    for child in children:
        if child.is_new and child.looked_after:
            planner.moves(child)
        for episode in child.episodes:
            planner.details(child, episode)


def plan_interviews(
    rng: random.Random, now: datetime, children: list[DemoChild], back: list[Episode]
) -> None:
    """An interview for every returned episode: held for the past ones, waiting for today's returns."""
    interviews = InterviewPlanner(
        rng,
        now=now,
        response_hours=services._clock_hours("rfmi-response"),
        interview_hours=services._clock_hours("rfmi-interview"),
        holidays=holidays(),
    )
    waiting = set(back)
    for child in children:
        for index, episode in enumerate(child.episodes):
            if episode.returned_at is not None and episode not in waiting:
                interviews.held(child, episode, child.episodes[index + 1 :])
    interviews.waiting(back)


def records_from_first_reports(children: list[DemoChild], rng: random.Random) -> list[DemoChild]:
    """A child's record is created when they are first reported missing, unless the hub already had one:
    invented children's records, and screened children's whose first episode came before their screening
    (whose records this moves back). Returns the latter."""
    moved = []
    for child in children:
        first = child.episodes[0]
        created = known(first.reported_at, "report") - timedelta(minutes=rng.randint(2, 9))
        if child.is_new:
            child.created_at, child.created_by = created, first.recorded_by
        elif created < known(child.created_at, "record"):
            child.created_at = created
            moved.append(child)
    return moved


def police_references(episodes: list[Episode], rng: random.Random) -> None:
    """Invented police references in report order: force, year, a running number with the force's other
    reports in between."""
    serial, year = 0, None
    for episode in sorted(episodes, key=lambda e: known(e.reported_at, "report")):
        reported_year = local_date(known(episode.reported_at, "report")).year
        if reported_year != year:
            year, serial = reported_year, rng.randint(40, 400)
        serial += rng.randint(3, 12)
        episode.police_reference = f"VVP/MP/{year % 100:02d}/{serial:05d}"


def report(
    ctx: DemoContext,
    children: list[DemoChild],
    placed: list[DemoChild],
    missing_now: list[Episode],
    back: list[Episode],
    alerts: list[Alert],
    window: tuple[datetime, datetime],
) -> None:
    start, end = window
    in_year = [e for child in children for e in child.episodes if start <= e.last_seen_at < end]
    placed_episodes = sum(1 for e in in_year if e.child.placed_in)
    held = sum(1 for child in children for e in child.episodes if e.interview and e.interview.recorded_by)
    new = sum(1 for child in children if child.is_new)
    ctx.out(
        f"Demo missing episodes: {len(in_year)} from {start:%d %B %Y} to {end - timedelta(days=1):%d %B %Y} "
        f"about {len({e.child for e in in_year})} children ({len(placed)} placed here by other authorities, "
        f"{placed_episodes} episodes; {new} new children), {len(missing_now)} missing now, {len(back)} "
        f"returns waiting for interviews, {held} interviews held or declined, {len(alerts)} repeat-missing "
        "alerts."
    )
