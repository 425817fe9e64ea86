"""Repeat-missing alerts, raised as ``services.repeat_missing_check`` raises them: for each episode in the
order reported, each active rule the child then meets (``rules.repeat_missing``), the high-risk rule only
while the child's level of concern is groomed/targeted or exploited, and not when an earlier alert of the
same rule already covers an episode in the window; one alert for an episode names every rule it met.
The hub has decided on all but the last few days' alerts, in working hours."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import cast

from django.utils import timezone

from hub.demo.missing.figures import ACKNOWLEDGERS, UNACKNOWLEDGED_DAYS
from hub.demo.missing.plan import Alert, DemoChild
from hub.demo.missing.wording import fill
from hub.missing import rules
from hub.reference.models import RepeatMissingRule

HIGH_RISK_RANK = 2  # groomed/targeted and above, as the service counts it
STRATEGY_SHARE = 0.08  # of decided alerts with four or more episodes
STRATEGY_DECISIONS = [
    "{Name} is going missing more often and for longer, to the same address out of the area. A strategy "
    "discussion with police and health to agree a safety plan and disruption.",
    "New pattern: {Name} returns with money and a second phone. Strategy discussion to consider a referral "
    "to the NRM and a child abduction warning notice.",
]
DECISIONS = [
    "No further action: {Name}'s multi-agency plan already covers the missing pattern; reviewed at MEP.",
    "Discussed with the allocated worker; the episodes will be reviewed at the next MEP.",
    "Return interviews held after each episode found no new risk. No further action.",
    "The episodes follow contact with family; the placement and contact plan are under review.",
    "Police and children's social care already meeting weekly about {Name}; alert noted on the plan.",
]


def repeat_alerts(children: list[DemoChild], active_rules: list[RepeatMissingRule]) -> list[Alert]:
    alerts = []
    for child in children:
        starts: list[datetime] = []
        # The last alert's episode for each rule: a later episode inside its window joins that alert.
        last_alerted: dict[int, datetime] = {}
        # Every episode of the plan is reported (``episodes`` sets ``reported_at``) before alerts are drawn.
        for episode in sorted(child.episodes, key=lambda e: cast(datetime, e.reported_at)):
            assert episode.reported_at is not None
            starts.append(episode.last_seen_at)
            _, rank = child.level_on(episode.reported_at)
            raised: Alert | None = None  # one alert for the episode, naming every rule it met
            for rule in active_rules:
                if rule.high_exploitation_risk_only and rank < HIGH_RISK_RANK:
                    continue
                trigger = rules.repeat_missing(
                    starts, latest=episode.last_seen_at, episodes=rule.episodes, days=rule.days
                )
                if trigger is None:
                    continue
                previous = last_alerted.get(rule.pk)
                if previous is not None and previous >= trigger.window_start:
                    continue
                last_alerted[rule.pk] = episode.last_seen_at
                if raised is not None:
                    raised.rules.append(rule)
                    continue
                raised = Alert(
                    child, rule, episode, trigger.episodes, trigger.window_start, episode.reported_at
                )
                raised.rules.append(rule)
                alerts.append(raised)
    return alerts


def acknowledge(alerts: list[Alert], rng: random.Random, now: datetime) -> None:
    """The hub decides on each alert within a day or two; the last ``UNACKNOWLEDGED_DAYS`` days' wait."""
    for alert in alerts:
        if alert.raised_at > now - timedelta(days=UNACKNOWLEDGED_DAYS):
            continue
        alert.acknowledged_by = rng.choice(ACKNOWLEDGERS)
        alert.acknowledged_at = _working_hours(alert.raised_at + timedelta(hours=rng.uniform(2, 40)), rng)
        # Now and then the pattern is new or worsening and the hub asks for a strategy discussion.
        if alert.episodes_in_window >= 4 and rng.random() < STRATEGY_SHARE:
            alert.decision_note = fill(rng.choice(STRATEGY_DECISIONS), alert.child.words(), rng)
            alert.strategy_by = (timezone.localtime(alert.acknowledged_at) + timedelta(days=5)).date()
        else:
            alert.decision_note = fill(rng.choice(DECISIONS), alert.child.words(), rng)


def _working_hours(at: datetime, rng: random.Random) -> datetime:
    """The next weekday time between 09:00 and 17:00 (local time) from ``at``."""
    from django.utils import timezone

    local = timezone.localtime(at)
    if local.hour >= 17:
        local = local + timedelta(days=1)
    while local.weekday() >= 5:
        local = local + timedelta(days=1)
    if not 9 <= local.hour < 17:
        local = local.replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59))
    return timezone.make_aware(local.replace(tzinfo=None))
