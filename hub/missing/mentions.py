"""What missing episodes say about places and people, for the intelligence app's suggested links
(``hub/intelligence/mentions.py``): where the child was last seen, where they were found, and who they
were found with, each on its own day. Registered from ``MissingConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

from django.utils import timezone

from hub.intelligence.mentions import Mention
from hub.missing.models import MissingEpisode


def episode_mentions(areas: list[int], since: date) -> Iterator[Mention]:
    start = timezone.make_aware(datetime.combine(since, time.min))
    episodes = MissingEpisode.objects.filter(child__authority__in=areas, last_seen_at__gte=start).only(
        "pk", "child_id", "last_seen_at", "last_seen_where", "returned_at", "returned_where", "returned_with"
    )
    for episode in episodes.iterator():
        seen = timezone.localdate(episode.last_seen_at)
        label = f"Missing episode, last seen {seen:%-d %B %Y}"
        if episode.last_seen_where.strip():
            yield Mention(episode.child_id, episode.last_seen_where, "seen_at", seen, episode, label)
        if episode.returned_at is None:
            continue
        found = timezone.localdate(episode.returned_at)
        if episode.returned_where.strip():
            yield Mention(episode.child_id, episode.returned_where, "found_at", found, episode, label)
        if episode.returned_with.strip():
            yield Mention(episode.child_id, episode.returned_with, "associates_with", found, episode, label)
