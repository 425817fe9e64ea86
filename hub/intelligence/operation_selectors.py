"""Reads of operations, always through the reader's scope (``access.OPERATION_POLICY``), each logged with
the reader's basis (hub staff, lead, member).

What an operation holds is shown to whoever may see the operation, and no further than that:

- its entities' basic facts (name, kind, the kind of group or place) and whether the reader may open
  each one's page (``may_open``: the entity's own policy, so only the intelligence roles of the area);
  a child in it is named, with the way to their record, which the child's own policy then decides;
- its disruption activity (tactic, target, dates, where it stands), each openable as its own policy says;
- the links among its entities as the link policy allows the reader (none, for a reader who is not an
  intelligence reader: never a link's source or grading through the operation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from hub.accounts import access
from hub.accounts.access import Decision
from hub.accounts.models import User
from hub.audit.services import log_consultation
from hub.intelligence.access import OPERATION_MEMBER_ROLES
from hub.intelligence.models import (
    Disruption,
    Entity,
    EntityKind,
    Link,
    Operation,
    OperationDisruption,
    OperationEntity,
    OperationMember,
)

LIST_JUSTIFICATION = "operations the reader may see"
LINKS_JUSTIFICATION = "intelligence work in the record's area"
# The order entities are grouped in on the operation's page.
KIND_ORDER = [
    EntityKind.CHILD,
    EntityKind.PERSON,
    EntityKind.GROUP,
    EntityKind.LOCATION,
    EntityKind.VEHICLE,
    EntityKind.PHONE,
    EntityKind.ORGANISATION,
]


def operations_visible(user: User) -> QuerySet[Operation]:
    return access.visible(user, Operation.objects.all())


def operation_list(user: User, *, status: str = "") -> list[Operation]:
    """The operations the reader may see, newest first; logged."""
    rows = operations_visible(user).select_related("lead", "lead_agency", "authority")
    if status:
        rows = rows.filter(status=status)
    found = list(rows.order_by("-started_on", "name", "pk"))
    if found:
        log_consultation(records=found, justification=LIST_JUSTIFICATION, detail="list of operations")
    return found


def operation_get_for_user(user: User, pk: Any) -> tuple[Operation, Decision]:
    """One operation the reader may see (404 otherwise), logged with the basis."""
    return access.get_logged(
        user,
        Operation,
        pk,
        queryset=Operation.objects.select_related("lead", "lead_agency", "authority"),
        purpose="operation",
    )


@dataclass(frozen=True)
class EntityRow:
    item: OperationEntity
    entity: Entity
    may_open: bool


@dataclass(frozen=True)
class DisruptionRow:
    item: OperationDisruption
    disruption: Disruption
    may_open: bool


@dataclass(frozen=True)
class Removed:
    what: str
    name: str
    item: OperationMember | OperationEntity | OperationDisruption


@dataclass
class Holdings:
    """What an operation holds, as one reader may see it."""

    members: list[OperationMember]
    groups: list[tuple[str, list[EntityRow]]]
    disruptions: list[DisruptionRow]
    links: list[Link]
    removed: list[Removed] = field(default_factory=list)

    @property
    def entity_count(self) -> int:
        return sum(len(rows) for _, rows in self.groups)


def holdings(user: User, operation: Operation, decision: Decision) -> Holdings:
    """The operation's members, entities (grouped by kind), disruption activity and the links among its
    entities the reader may see; what has been taken out, with who, when and why. The entities and the
    disruption shown are logged with the reader's basis for the operation, the links as links are."""
    members = list(operation.memberships.select_related("user", "user__agency", "added_by", "removed_by"))
    entity_items = list(
        operation.entity_items.select_related("entity", "added_by", "removed_by").filter(
            entity__disposed_at__isnull=True
        )
    )
    disruption_items = list(
        operation.disruption_items.select_related(
            "disruption__tactic", "disruption__target", "disruption__agency", "added_by", "removed_by"
        ).filter(disruption__target__disposed_at__isnull=True)
    )
    current_entities = [item for item in entity_items if item.current]
    current_disruptions = [item for item in disruption_items if item.current]
    entity_decisions = access.decide_many(user, [item.entity for item in current_entities])
    disruption_decisions = access.decide_many(user, [item.disruption for item in current_disruptions])
    by_kind: dict[str, list[EntityRow]] = {}
    for item in sorted(current_entities, key=lambda row: (row.entity.name, row.pk)):
        allowed = entity_decisions[item.entity_id].allowed
        by_kind.setdefault(item.entity.kind, []).append(EntityRow(item, item.entity, allowed))
    groups = [(EntityKind(kind).label, by_kind[kind]) for kind in KIND_ORDER if kind in by_kind]
    rows = [
        DisruptionRow(item, item.disruption, disruption_decisions[item.disruption_id].allowed)
        for item in sorted(
            current_disruptions, key=lambda row: (row.disruption.started_on, row.pk), reverse=True
        )
    ]
    ids = [item.entity_id for item in current_entities]
    links = list(
        access.visible(user, Link.objects.filter(source_id__in=ids, target_id__in=ids))
        .select_related("source", "target", "agency")
        .order_by("-seen_from", "pk")
    )
    detail = f"operation {operation.pk}"
    if current_entities:
        log_consultation(
            records=[item.entity for item in current_entities],
            justification=decision.justification,
            detail=detail,
        )
    if current_disruptions:
        log_consultation(
            records=[item.disruption for item in current_disruptions],
            justification=decision.justification,
            detail=detail,
        )
    if links:
        log_consultation(records=links, justification=LINKS_JUSTIFICATION, detail=f"links within {detail}")
    removed = [
        Removed("Member", member.user.get_full_name() or member.user.username, member)
        for member in members
        if not member.current
    ]
    removed += [Removed("Record", item.entity.name, item) for item in entity_items if not item.current]
    removed += [
        Removed("Disruption", str(item.disruption), item) for item in disruption_items if not item.current
    ]
    removed.sort(key=lambda row: row.item.removed_at or row.item.added_at, reverse=True)
    return Holdings(
        members=[member for member in members if member.current],
        groups=groups,
        disruptions=rows,
        links=links,
        removed=removed,
    )


def operations_holding(user: User, entity: Entity) -> list[Operation]:
    """The operations the reader may see that hold ``entity`` now (the entity's page lists them)."""
    held = OperationEntity.objects.filter(entity=entity, removed_at__isnull=True).values("operation_id")
    return list(
        operations_visible(user).filter(pk__in=held).select_related("lead").order_by("-started_on", "pk")
    )


def entities_to_add(user: User, operation: Operation, text: str, limit: int = 20) -> list[Entity]:
    """Entities of the operation's area the reader may see, matching ``text``, not already in it."""
    held = operation.entity_items.filter(removed_at__isnull=True).values("entity_id")
    rows = (
        access.visible(user, Entity.objects.filter(authority=operation.authority_id))
        .exclude(pk__in=held)
        .filter(Q(name__icontains=text.strip()) | Q(aliases__name__icontains=text.strip()))
        .distinct()
        .order_by("name", "pk")
    )
    found = list(rows[:limit])
    if found:
        log_consultation(
            records=found, justification=LINKS_JUSTIFICATION, detail="search to add to an operation"
        )
    return found


def disruptions_to_add(user: User, operation: Operation, limit: int = 200) -> list[Disruption]:
    """Disruption activity of the operation's area the reader may see, not already in it."""
    held = operation.disruption_items.filter(removed_at__isnull=True).values("disruption_id")
    rows = (
        access.visible(user, Disruption.objects.filter(authority=operation.authority_id))
        .exclude(pk__in=held)
        .select_related("tactic", "target")
        .order_by("-started_on", "-pk")
    )
    return list(rows[:limit])


def members_to_add(operation: Operation) -> list[User]:
    """People who may be made members: in the case roles, in an agency serving the area, not members."""
    current = operation.memberships.filter(removed_at__isnull=True).values("user_id")
    return list(
        User.objects.filter(
            is_active=True,
            agency__authorities=operation.authority_id,
            role_assignments__role__in=OPERATION_MEMBER_ROLES,
        )
        .exclude(pk__in=current)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
