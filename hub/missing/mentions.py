"""What missing episodes and return interviews say about places and people, for the intelligence app's
suggested links (``hub/intelligence/mentions.py``): where the child was last seen, where they were found,
and who they were found with, each on its own day; where the interview says they went and who with.
Registered from ``MissingConfig.ready()``. Nothing becomes intelligence until an analyst confirms it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

from django.utils import timezone

from hub.intelligence.mentions import Mention
from hub.missing.models import MissingEpisode, ReturnInterview


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


def interview_mentions(areas: list[int], since: date) -> Iterator[Mention]:
    """What return interviews say: where the child went and who they were with, each on the day they
    were found (the end of the episode the interview is about)."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    interviews = (
        ReturnInterview.objects.filter(
            episode__child__authority__in=areas,
            episode__last_seen_at__gte=start,
            interview_at__isnull=False,
        )
        .exclude(where_went="", who_with="")
        .select_related("episode")
        .only(
            "pk",
            "where_went",
            "who_with",
            "interview_at",
            "episode__child_id",
            "episode__last_seen_at",
            "episode__returned_at",
        )
    )
    for interview in interviews.iterator():
        episode = interview.episode
        on = timezone.localdate(episode.returned_at or episode.last_seen_at)
        label = f"Return interview, {timezone.localdate(interview.interview_at):%-d %B %Y}"
        if interview.where_went.strip():
            yield Mention(episode.child_id, interview.where_went, "seen_at", on, interview, label)
        if interview.who_with.strip():
            yield Mention(episode.child_id, interview.who_with, "associates_with", on, interview, label)
