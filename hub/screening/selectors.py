"""Reads for screening: the hub's review queue, the referrer's own referrals, one screening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from hub.accounts import access
from hub.accounts.access import Action, Decision, Relationship
from hub.accounts.models import User
from hub.audit.services import log_consultation
from hub.core import clock
from hub.core.measures import Figure, Period
from hub.screening import rules
from hub.screening.models import Screening, ScreeningReview


def screening_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, log: bool = True
) -> tuple[Screening, Decision]:
    screening, decision = access.get_for_user(
        user,
        Screening,
        pk,
        action=action,
        queryset=Screening.objects.select_related(
            "child", "child__level", "suggested_level", "referrer", "referrer_agency", "school", "authority"
        ),
    )
    if log and action == Action.READ:
        log_consultation(records=screening, justification=decision.justification)
    return screening, decision


def sees_only_the_outcome(decision: Decision) -> bool:
    """A referrer who holds no other relationship sees what happened to the referral, not the
    hub's findings or the child's wider record."""
    return decision.basis == Relationship.REFERRER


@dataclass(frozen=True)
class QueueItem:
    screening: Screening
    overdue: bool
    # Whether the reader may review it (a hub coordinator); a hub analyst reads the screening instead.
    may_review: bool = False

    @property
    def url(self) -> str:
        name = "screening:review" if self.may_review else "screening:detail"
        return reverse(name, args=[self.screening.pk])


def _overdue(screening: Screening, now: datetime) -> bool:
    return screening.review_overdue(now)


def review_queue(user: User) -> list[QueueItem]:
    """Screenings waiting for the hub's review: immediate risk first, then overdue, then the most
    serious suggestion, then the oldest."""
    now = clock.now()
    waiting = access.visible(
        user, Screening.objects.filter(status=Screening.Status.SUBMITTED)
    ).select_related("child", "suggested_level", "referrer_agency")
    reviewable = set(access.visible(user, waiting, Action.WRITE).values_list("pk", flat=True))
    items = [
        QueueItem(screening, _overdue(screening, now), may_review=screening.pk in reviewable)
        for screening in waiting
    ]
    items.sort(
        key=lambda item: rules.queue_sort_key(
            immediate_risk=item.screening.immediate_risk,
            overdue=item.overdue,
            suggested_rank=item.screening.suggested_level.rank if item.screening.suggested_level else 0,
            submitted_at=item.screening.submitted_at or now,  # always set once submitted (a constraint)
        )
    )
    return items


def my_referrals(user: User) -> QuerySet[Screening]:
    return (
        Screening.objects.filter(referrer=user)
        .select_related("review", "review__decided_level", "child")
        .order_by("-created_at")
    )


def screening_figures(period: Period) -> list[Figure]:
    """The profile's "screening tools submitted and reviewed" for the period."""
    submitted = Screening.objects.filter(
        authority_id__in=period.authority_ids, submitted_at__gte=period.start, submitted_at__lt=period.end
    ).count()
    reviewed = ScreeningReview.objects.filter(
        screening__authority_id__in=period.authority_ids,
        reviewed_at__gte=period.start,
        reviewed_at__lt=period.end,
    ).count()
    return [
        Figure("Screening tools submitted", submitted),
        Figure("Screening tools reviewed by the hub", reviewed),
    ]
