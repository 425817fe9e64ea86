"""How the year's actions turn out by the load date: those already due mostly done on time, some done
late, some still open and overdue, a few no longer needed with the reason; those not yet due open, in
progress, or done early. The demo practitioner keeps only a few urgent ones, so her home page still shows
an action agreed for her today."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.utils import timezone

from hub.demo.panels import action_wording
from hub.demo.panels.figures import NOT_YET_DUE, PAST_DUE, PRACTITIONER_SOON
from hub.demo.panels.planned import PlannedAction
from hub.demo.panels.schedule import at

PRACTITIONER = "practitioner"
STALE_DAYS = 90
COLLEAGUES = ["adroy", "bharcourt"]


def settle(
    actions: list[PlannedAction], rng: random.Random, *, now: datetime, doers: dict[str, list[str]]
) -> None:
    """Give each action its status, and when finished, when, by whom and what was done. ``doers`` lists
    the usernames of each agency, for actions left with an agency."""
    today = timezone.localdate(now)
    latest = now - timedelta(minutes=10)
    for action in actions:
        fates = PAST_DUE if action.due < today else NOT_YET_DUE
        fate = rng.choices(list(fates), weights=list(fates.values()))[0]
        if fate == "open" and action.due < today - timedelta(days=STALE_DAYS):
            fate = "late"  # long-overdue actions were done in the end
        earliest = action.created_at + timedelta(hours=1)
        if earliest >= latest:
            fate = "open"
        due_end = at(action.due, 17, 30)
        if fate in ("on_time", "cancelled", "done"):
            until = min(due_end, latest)
            if until <= earliest:
                until = latest
            action.completed_at = _between(rng, earliest, until)
        elif fate == "late":
            late = at(action.due + timedelta(days=rng.randint(1, 30)), rng.randint(9, 16), rng.randint(0, 59))
            action.completed_at = max(min(late, latest), earliest)
        if action.completed_at is None:
            action.status = "in_progress" if fate == "in_progress" or rng.random() < 0.3 else "open"
            if action.status == "in_progress" and earliest < latest:
                action.started_at = _between(rng, earliest, min(latest, max(earliest, due_end)))
            continue
        action.status = "cancelled" if fate == "cancelled" else "done"
        action.completed_by = action.owner_user or rng.choice(
            doers.get(action.owner_agency) or ["coordinator"]
        )
        action.outcome = rng.choice(action_wording.CANCELLED) if action.status == "cancelled" else action.done


def spare_the_practitioner(actions: list[PlannedAction], today: date) -> None:
    """At most ``PRACTITIONER_SOON`` of the demo practitioner's unfinished actions are overdue or due
    within a fortnight; her colleagues take the others."""
    soon = today + timedelta(days=14)
    urgent = sorted(
        (
            a
            for a in actions
            if a.owner_user == PRACTITIONER and a.status in ("open", "in_progress") and a.due <= soon
        ),
        key=lambda a: (a.due, a.created_at),
    )
    overdue = [a for a in urgent if a.due < today]
    keep = overdue[: PRACTITIONER_SOON - 1] + [a for a in urgent if a.due >= today][:1]
    taken: dict[str, int] = defaultdict(int)
    for action in urgent:
        if action in keep:
            continue
        colleague = min(COLLEAGUES, key=lambda name: (taken[name], name))
        taken[colleague] += 1
        action.owner_user = colleague


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    seconds = max(0, int((end - start).total_seconds()))
    return start + timedelta(seconds=rng.randint(0, seconds))
