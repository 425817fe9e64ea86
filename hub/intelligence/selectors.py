"""Reads of intelligence, always through the reader's scope (``access.py``), each logged: a consultation of
an entity names the entity and its links shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import User
from hub.audit.services import log_consultation
from hub.children.models import Child
from hub.core import clock, dates
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence.models import DISRUPTION_OPEN, Disruption, Entity, EntityKind, Link

# What falls due for review within this many days is shown on the queue with what is already due.
REVIEW_LOOKAHEAD = timedelta(days=14)


def entities_visible(user: User) -> QuerySet[Entity]:
    return access.visible(user, Entity.objects.all())


def links_visible(user: User) -> QuerySet[Link]:
    return access.visible(user, Link.objects.all())


def entity_search(user: User, text: str, *, kind: str = "", limit: int = 50) -> list[Entity]:
    """Entities the reader may see whose name, or another name, contains ``text``; logged."""
    rows = entities_visible(user)
    if kind:
        rows = rows.filter(kind=kind)
    text = text.strip()
    if text:
        rows = rows.filter(Q(name__icontains=text) | Q(aliases__name__icontains=text)).distinct()
    found = list(rows.order_by("name", "pk")[:limit])
    if found:
        log_consultation(
            records=found, justification="intelligence work in the record's area", detail="search"
        )
    return found


def entity_get_for_user(user: User, pk: Any) -> tuple[Entity, Decision]:
    """One entity the reader may see (404 otherwise), logged."""
    return access.get_logged(user, Entity, pk, queryset=Entity.objects.prefetch_related("aliases"))


def links_of(user: User, entity: Entity) -> list[Link]:
    """The links to and from ``entity`` the reader may see, newest first; logged as consulted."""
    rows = list(
        links_visible(user)
        .filter(Q(source=entity) | Q(target=entity))
        .select_related("source", "target", "agency")
        .order_by("-seen_from", "pk")
    )
    if rows:
        log_consultation(
            records=rows,
            justification="intelligence work in the record's area",
            detail=f"links of entity {entity.pk}",
        )
    return rows


@dataclass(frozen=True)
class Due:
    record: Entity | Link
    due: date
    overdue: bool

    @property
    def is_entity(self) -> bool:
        return isinstance(self.record, Entity)


def review_queue(user: User, *, today: date | None = None) -> list[Due]:
    """The entities and links the reader may change whose review is due, or due within a fortnight:
    overdue first, then by date."""
    today = today or clock.today()
    horizon = today + REVIEW_LOOKAHEAD
    entities = access.visible(user, Entity.objects.filter(review_due__lte=horizon), Action.WRITE)
    links = access.visible(
        user, Link.objects.filter(review_due__lte=horizon).select_related("source", "target"), Action.WRITE
    )
    rows = [
        Due(record=row, due=row.review_due, overdue=row.review_due < today)
        for row in entities
        if row.review_due
    ]
    rows += [
        Due(record=row, due=row.review_due, overdue=row.review_due < today) for row in links if row.review_due
    ]
    return sorted(rows, key=lambda row: (row.due, row.record._meta.model_name, row.record.pk))


@dataclass(frozen=True)
class ConcernSummary:
    """What a case holder who does not work intelligence is told about a child: that intelligence
    exists and what to do, never its source, grading, people or places."""

    exists: bool
    advice: str


ADVICE = (
    "The hub holds intelligence that concerns this child. Speak to the hub's analyst before you act on "
    "anything about the people or places around the child; do not share this with the child or family."
)


def concern_summary(user: User, child: Child) -> ConcernSummary | None:
    """For someone who may see ``child``'s record: whether intelligence links the child to anyone or
    anywhere (``None`` for the intelligence roles, who see the links themselves). The caller has checked
    the reader may see the child."""
    if user.has_role(*INTELLIGENCE_ROLES):
        return None
    exists = Link.objects.filter(
        Q(source__child=child) | Q(target__child=child),
        disposed_at__isnull=True,
        source__disposed_at__isnull=True,
        target__disposed_at__isnull=True,
    ).exists()
    return ConcernSummary(exists=exists, advice=ADVICE if exists else "")


def children_linked_to(user: User, entity: Entity) -> QuerySet[Entity]:
    """The children's entities linked directly to ``entity`` through links the reader may see."""
    links = links_visible(user).filter(Q(source=entity) | Q(target=entity))
    ids = {pk for pair in links.values_list("source_id", "target_id") for pk in pair} - {entity.pk}
    return Entity.objects.filter(pk__in=ids, kind=EntityKind.CHILD, disposed_at__isnull=True)


JUSTIFICATION = "intelligence work in the record's area"


def disruptions_visible(user: User) -> QuerySet[Disruption]:
    return access.visible(user, Disruption.objects.all())


def disruptions_of(user: User, entity: Entity) -> list[Disruption]:
    """What has been done against ``entity`` that the reader may see, newest first; logged as consulted."""
    rows = list(
        disruptions_visible(user)
        .filter(target=entity)
        .select_related("tactic", "agency", "created_by")
        .order_by("-started_on", "-pk")
    )
    if rows:
        log_consultation(
            records=rows, justification=JUSTIFICATION, detail=f"disruption of entity {entity.pk}"
        )
    return rows


def disruption_get_for_user(user: User, pk: Any) -> tuple[Disruption, Decision]:
    """One disruption the reader may see (404 otherwise), logged."""
    return access.get_logged(
        user, Disruption, pk, queryset=Disruption.objects.select_related("target", "tactic", "agency")
    )


@dataclass(frozen=True)
class ExpiryReminders:
    """Orders still running that expire within the warning clock, and those past their expiry with no
    outcome recorded (``Disruption.expires_soon``, ``awaiting_outcome``, the same rules as queries)."""

    expiring: list[Disruption]
    awaiting_outcome: list[Disruption]


def disruption_reminders(user: User, *, today: date | None = None) -> ExpiryReminders:
    """The reminders of the disruption the reader may see, soonest first. Not logged here: the home
    page logs what its panel shows."""
    today = today or clock.today()
    rows = access.visible(
        user,
        Disruption.objects.filter(
            status__in=DISRUPTION_OPEN,
            expires_on__isnull=False,
            expires_on__lte=today + dates.disruption_expiry_warning(),
        ).select_related("target", "tactic"),
    ).order_by("expires_on", "pk")
    listed = list(rows)
    return ExpiryReminders(
        expiring=[row for row in listed if row.expires_on and row.expires_on >= today],
        awaiting_outcome=[row for row in listed if row.expires_on and row.expires_on < today],
    )
