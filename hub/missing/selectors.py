"""Reads about missing episodes and return interviews, always through the reader's scope. Reads of
one record write the access log before the caller renders anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, QuerySet

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import User
from hub.core import clock
from hub.core.measures import Figure, Period
from hub.core.roles import Role
from hub.missing.models import RISK_ORDER, MissingEpisode, RepeatMissingAlert, ReturnInterview

WAITING = [ReturnInterview.Status.AWAITING_ALLOCATION, ReturnInterview.Status.ALLOCATED]


def _hours(delta: timedelta) -> str:
    """'3 days 4 hours', '5 hours', 'under an hour'."""
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts) or "under an hour"


def duration_text(delta: timedelta) -> str:
    return _hours(delta)


@dataclass(frozen=True)
class OpenItem:
    episode: MissingEpisode
    missing_for: str
    hours: float


@dataclass(frozen=True)
class InterviewItem:
    interview: ReturnInterview
    overdue: bool
    due_in: str


def episode_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = ""
) -> tuple[MissingEpisode, Decision]:
    return access.get_logged(
        user,
        MissingEpisode,
        pk,
        action=action,
        queryset=MissingEpisode.objects.select_related("child", "child__authority", "recorded_by"),
        purpose=purpose,
    )


def interview_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = ""
) -> tuple[ReturnInterview, Decision]:
    return access.get_logged(
        user,
        ReturnInterview,
        pk,
        action=action,
        queryset=ReturnInterview.objects.select_related(
            "episode", "episode__child", "episode__child__authority", "allocated_to", "late_reason"
        ),
        purpose=purpose,
    )


def _interview_items(interviews: QuerySet[ReturnInterview], now: datetime) -> list[InterviewItem]:
    items = []
    for interview in interviews:
        late = interview.is_overdue(now)
        gap = interview.interview_due_at - now if not late else now - interview.interview_due_at
        items.append(
            InterviewItem(interview, late, f"{_hours(gap)} {'overdue' if late else 'left'}"),
        )
    return items


def open_episodes(user: User, now: datetime | None = None) -> list[OpenItem]:
    """Children missing now: highest risk first, then longest missing."""
    now = now or clock.now()
    episodes = access.visible(user, MissingEpisode.objects.filter(returned_at__isnull=True)).select_related(
        "child", "child__level"
    )
    items = [
        OpenItem(episode, _hours(now - episode.last_seen_at), (now - episode.last_seen_at).total_seconds())
        for episode in episodes
    ]
    items.sort(key=lambda item: (-RISK_ORDER.get(item.episode.risk_grade, 0), item.episode.last_seen_at))
    return items


def interviews_waiting(
    user: User, now: datetime | None = None, *, unallocated_only: bool = False
) -> list[Any]:
    """Recent returns whose interviews are not yet held, soonest due first."""
    now = now or clock.now()
    statuses = [ReturnInterview.Status.AWAITING_ALLOCATION] if unallocated_only else WAITING
    interviews = (
        access.visible(user, ReturnInterview.objects.filter(status__in=statuses))
        .select_related("episode", "episode__child", "allocated_to")
        .order_by("interview_due_at", "pk")
    )
    return _interview_items(interviews, now)


def my_interviews(user: User, now: datetime | None = None) -> list[InterviewItem]:
    """The return interviewer's own interviews still to hold, soonest due first."""
    now = now or clock.now()
    interviews = (
        access.visible(
            user, ReturnInterview.objects.filter(allocated_to=user, status=ReturnInterview.Status.ALLOCATED)
        )
        .select_related("episode", "episode__child")
        .order_by("interview_due_at", "pk")
    )
    return _interview_items(interviews, now)


def interviewers_for(interview: ReturnInterview) -> QuerySet[User]:
    """Return interviewers of agencies serving the child's authority."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.RETURN_INTERVIEWER,
            agency__authorities=interview.episode.child.authority_id,
        )
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name")
    )


def may_write(user: User, record: Any) -> bool:
    return access.decide(user, record, Action.WRITE).allowed


def alert_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = ""
) -> tuple[RepeatMissingAlert, Decision]:
    return access.get_logged(
        user,
        RepeatMissingAlert,
        pk,
        action=action,
        queryset=RepeatMissingAlert.objects.select_related(
            "child", "child__authority", "rule", "episode", "acknowledged_by"
        ),
        purpose=purpose,
    )


def _waiting() -> QuerySet[RepeatMissingAlert]:
    """Alerts waiting for the hub's decision: not decided, and not historic (raised from past records
    after their window closed: those are in the chronology only)."""
    return RepeatMissingAlert.objects.filter(acknowledged_at__isnull=True, historic=False)


def alerts_open(user: User) -> list[RepeatMissingAlert]:
    """Repeat-missing alerts the hub has not yet decided on, oldest first: each waits for a decision."""
    return list(
        access.visible(user, _waiting())
        .select_related("child", "rule", "episode")
        .prefetch_related("rules")
        .order_by("raised_at", "pk")
    )


def alerts_open_count(user: User) -> int:
    return access.visible(user, _waiting()).count()


def alerts_decided(user: User, since: datetime) -> list[RepeatMissingAlert]:
    return list(
        access.visible(user, RepeatMissingAlert.objects.filter(acknowledged_at__gte=since))
        .select_related("child", "rule", "acknowledged_by")
        .prefetch_related("rules")
        .order_by("-acknowledged_at", "-pk")
    )


def episodes_in_window(alert: RepeatMissingAlert) -> list[MissingEpisode]:
    """The episodes that brought the child to the rule's threshold, and any since."""
    return list(
        alert.child.missing_episodes.filter(last_seen_at__gte=alert.window_start).order_by("last_seen_at")
    )


def missing_figures(period: Period) -> list[Figure]:
    """The profile's children reported missing and their episodes, and the strategy's measure of return
    interviews held within 72 hours of the return notification (of those due in the period, by now)."""
    episodes = MissingEpisode.objects.filter(
        child__authority_id__in=period.authority_ids,
        reported_at__gte=period.start,
        reported_at__lt=period.end,
    )
    due = ReturnInterview.objects.filter(
        episode__child__authority_id__in=period.authority_ids,
        interview_due_at__gte=period.start,
        interview_due_at__lt=min(period.end, clock.now()),
    )
    in_time = due.filter(interview_at__isnull=False, interview_at__lte=F("interview_due_at"))
    return [
        Figure("Children reported missing", episodes.values("child_id").distinct().count()),
        Figure("Missing episodes", episodes.count()),
        Figure("Return interviews held within 72 hours", in_time.count(), of=due.count()),
    ]
