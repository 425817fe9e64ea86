"""The access model: the one place that decides who may see and change what.

Every app registers a ``Policy`` for each protected record type. A policy says how a user can be
related to a record (hub staff of its authority, allocated to it, a member of a panel that discusses
it, a recipient of a share, a break-glass grant) and which roles may read or write through each
relationship. Deny by default: a user with no qualifying relationship sees nothing, and detail
lookups raise 404 so a record's existence is not revealed.

The same definition answers both questions the app asks:
- ``visible(user, queryset)`` for lists, searches, exports, graphs and counts;
- ``decide(user, obj)`` for one record, returning the basis that becomes the access log's
  justification.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import Q, QuerySet

from hub.accounts.models import BreakGlassGrant, Share, User
from hub.audit.services import log_break_glass, log_consultation, log_refusal
from hub.core import clock
from hub.core.errors import Forbidden, NotVisible
from hub.core.registry import Registry
from hub.core.roles import BREAK_GLASS_ROLES, CASE_ROLES, HUB_STAFF_ROLES, INTELLIGENCE_ROLES

M = TypeVar("M", bound=models.Model)


class Relationship(models.TextChoices):
    """How a user is related to a record. The value is the access log's justification."""

    HUB_STAFF = "hub_staff", "hub review (hub staff of the record's authority)"
    INTELLIGENCE = "intelligence", "intelligence work in the record's area"
    ALLOCATED = "allocated", "allocation"
    AGENCY_INVOLVED = "agency_involved", "agency involved with the child"
    PANEL_MEMBER = "panel_member", "panel membership"
    OPERATION_MEMBER = "operation_member", "member of the operation"
    ACTION_OWNER = "action_owner", "owner of an open action"
    REFERRER = "referrer", "referrer"
    OWN = "own", "own record"
    SHARE = "share", "share"
    BREAK_GLASS = "break_glass", "break glass"


class Action(models.TextChoices):
    READ = "read", "read"
    WRITE = "write", "write"


# The order in which relationships are tried for a single record: the first that holds is the
# justification recorded. Break glass comes last, so it is only logged when nothing else applies.
_ORDER = [
    Relationship.OWN,
    Relationship.HUB_STAFF,
    Relationship.INTELLIGENCE,
    Relationship.ALLOCATED,
    Relationship.AGENCY_INVOLVED,
    Relationship.PANEL_MEMBER,
    Relationship.OPERATION_MEMBER,
    Relationship.ACTION_OWNER,
    Relationship.REFERRER,
    Relationship.SHARE,
    Relationship.BREAK_GLASS,
]

# Field groups shown only to some roles (security.md item 3). Apps name the group when they
# render or accept a protected field.
FIELD_GROUPS: dict[str, frozenset[str]] = {
    # free-text narrative about a child or a person of concern
    "narrative": CASE_ROLES,
    # intelligence whose handling code carries conditions
    "handling_conditions": INTELLIGENCE_ROLES,
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    basis: Relationship | None = None

    @property
    def justification(self) -> str:
        return self.basis.value if self.basis else ""


RelationshipQ = Callable[[User], Q]


@dataclass
class Policy:
    """How one record type is protected.

    ``authority_field`` is the lookup from the record to its owning authority's id (for example
    ``"authority"`` or ``"child__authority"``). ``relationships`` gives, for each relationship other
    than hub staff, share and break glass (which every policy has), a function from the user to the
    Q that selects the records they are so related to. ``read`` and ``write`` say which roles may act
    through which relationship; a relationship absent from them grants nothing.
    """

    model: type[models.Model]
    authority_field: str
    read: Mapping[Relationship, Iterable[str]]
    write: Mapping[Relationship, Iterable[str]] = field(default_factory=dict)
    relationships: Mapping[Relationship, RelationshipQ] = field(default_factory=dict)
    # An extra condition on the rows a relationship reaches (for example: hub staff see submitted
    # screenings but never someone's draft).
    restrict: Mapping[Relationship, Q] = field(default_factory=dict)

    def _grants(self, action: Action) -> Mapping[Relationship, Iterable[str]]:
        return self.read if action == Action.READ else self.write

    def _relationship_q(self, relationship: Relationship, user: User) -> Q | None:
        if relationship == Relationship.HUB_STAFF:
            q: Q | None = Q(**{f"{self.authority_field}__in": authority_ids(user)})
        elif relationship == Relationship.SHARE:
            q = Q(pk__in=_shared_ids(self.model, user))
        elif relationship == Relationship.BREAK_GLASS:
            q = Q(pk__in=_break_glass_ids(self.model, user))
        else:
            builder = self.relationships.get(relationship)
            q = builder(user) if builder else None
        if q is not None and relationship in self.restrict:
            q &= self.restrict[relationship]
        return q

    def _usable(
        self, user: User, action: Action, through: Iterable[Relationship] | None = None
    ) -> list[Relationship]:
        if not user.is_authenticated or not user.is_active:
            return []
        grants = self._grants(action)
        allowed = _ORDER if through is None else [rel for rel in _ORDER if rel in set(through)]
        return [rel for rel in allowed if user.role_codes.intersection(grants.get(rel, ()))]

    def visible(self, user: User, queryset: QuerySet[M], action: Action = Action.READ) -> QuerySet[M]:
        """The rows of ``queryset`` the user may act on. Break glass is not used for lists."""
        combined: Q | None = None
        for relationship in self._usable(user, action):
            if relationship == Relationship.BREAK_GLASS:
                continue
            q = self._relationship_q(relationship, user)
            if q is not None:
                combined = q if combined is None else combined | q
        if combined is None:
            return queryset.none()
        return queryset.filter(combined).distinct()

    def decide(
        self,
        user: User,
        obj: models.Model,
        action: Action = Action.READ,
        through: Iterable[Relationship] | None = None,
    ) -> Decision:
        """The first relationship (of ``through``, when given) through which the user may act on ``obj``."""
        base = self.model._default_manager.filter(pk=obj.pk)
        for relationship in self._usable(user, action, through):
            q = self._relationship_q(relationship, user)
            if q is not None and base.filter(q).exists():
                return Decision(True, relationship)
        return Decision(False)

    def decide_many(
        self, user: User, objs: Iterable[models.Model], action: Action = Action.READ
    ) -> dict[Any, Decision]:
        """``decide`` for many records at once, by primary key: one query per relationship the
        user's roles can use, whatever the number of records, each record getting the first
        relationship that holds (the same basis ``decide`` gives it)."""
        remaining = {obj.pk for obj in objs}
        decisions: dict[Any, Decision] = {}
        for relationship in self._usable(user, action):
            if not remaining:
                break
            q = self._relationship_q(relationship, user)
            if q is None:
                continue
            found = set(
                self.model._default_manager.filter(pk__in=remaining).filter(q).values_list("pk", flat=True)
            )
            decisions.update(dict.fromkeys(found, Decision(True, relationship)))
            remaining -= found
        decisions.update(dict.fromkeys(remaining, Decision(False)))
        return decisions


# Every record type's policy, by model label ("children.child"); each app registers its own from its
# ``AppConfig.ready()`` (``register_policies`` in its access module).
POLICIES: Registry[Policy] = Registry("access policies")


def register(policy: Policy) -> Policy:
    return POLICIES.add(policy.model._meta.label_lower, policy)


def extend(
    model: type[models.Model],
    relationship: Relationship,
    q: RelationshipQ,
    *,
    read: Iterable[str] = (),
    write: Iterable[str] = (),
) -> None:
    """Add a relationship to another app's policy, so an app that creates a new way of being related
    to a record (panel membership of a meeting that discusses a child) grants it without the owning
    app importing it. Called from ``AppConfig.ready()``."""
    policy = policy_for(model)
    policy.relationships = {**policy.relationships, relationship: q}
    if read:
        policy.read = {**policy.read, relationship: frozenset(read)}
    if write:
        policy.write = {**policy.write, relationship: frozenset(write)}


def policy_for(model: type[models.Model]) -> Policy:
    policy = POLICIES.get(model._meta.label_lower)
    if policy is None:
        raise LookupError(f"{model.__name__} has no access policy: register one in its app's access module.")
    return policy


def authority_ids(user: User) -> list[int]:
    """The authorities the user's agency serves: the outer bound of everything they may see."""
    if not user.is_authenticated or user.agency_id is None:
        return []
    cached: list[int] | None = getattr(user, "_authority_ids", None)
    if cached is None:
        agency = user.agency
        cached = list(agency.authorities.values_list("pk", flat=True)) if agency is not None else []
        user._authority_ids = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def is_hub_staff(user: User) -> bool:
    return user.is_authenticated and user.has_role(*HUB_STAFF_ROLES)


def may_see_fields(user: User, group: str) -> bool:
    return user.is_authenticated and user.has_role(*FIELD_GROUPS[group])


def _shared_ids(model: type[models.Model], user: User) -> QuerySet[Any]:
    now = clock.now()
    return (
        Share.objects.filter(content_type=ContentType.objects.get_for_model(model), refused=False)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(
            Q(shared_with_user=user) | Q(shared_with_user__isnull=True, shared_with_agency_id=user.agency_id)
        )
        .values("object_id")
    )


def _break_glass_ids(model: type[models.Model], user: User) -> QuerySet[Any]:
    return BreakGlassGrant.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(model), expires_at__gt=clock.now()
    ).values("object_id")


def visible(user: User, queryset: QuerySet[M], action: Action = Action.READ) -> QuerySet[M]:
    return policy_for(queryset.model).visible(user, queryset, action)


def decide(
    user: User, obj: models.Model, action: Action = Action.READ, through: Iterable[Relationship] | None = None
) -> Decision:
    return policy_for(type(obj)).decide(user, obj, action, through)


def decide_many(user: User, objs: Iterable[M], action: Action = Action.READ) -> dict[Any, Decision]:
    """The decision for each of many records of one type, by primary key, in a fixed number of queries."""
    objs = list(objs)
    if not objs:
        return {}
    return policy_for(type(objs[0])).decide_many(user, objs, action)


def get_for_user(
    user: User, model: type[M], pk: Any, *, action: Action = Action.READ, queryset: QuerySet[M] | None = None
) -> tuple[M, Decision]:
    """One record the user may act on, with the basis; 404 (and a logged refusal) otherwise.

    This is the only way views reach a protected record: it never reveals whether a record the
    user may not see exists.
    """
    source = queryset if queryset is not None else model._default_manager.all()
    try:
        obj = source.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotVisible from None
    decision = decide(user, obj, action)
    if not decision.allowed:
        log_refusal(record=obj, action=action.value, actor=user)
        raise NotVisible
    return obj, decision


def require(
    actor: User,
    record: models.Model,
    *,
    refusal: str,
    action: Action = Action.WRITE,
    through: Iterable[Relationship] | None = None,
    verb: str = "",
) -> Decision:
    """The check every write service makes before it changes ``record`` (and every page and API view
    before it shows the form or reads the body, by calling the same service check).

    Refused, it is logged and raises ``NotVisible`` (404) when the actor may not even see the record,
    or ``Forbidden(refusal)`` (403) when they may see it but not act on it ``through`` one of the given
    relationships (all of the policy's, by default). ``verb`` names the action in the access log."""
    if not decide(actor, record, Action.READ).allowed:
        log_refusal(record=record, action=verb or action.value, actor=actor)
        raise NotVisible
    decision = decide(actor, record, action, through)
    if not decision.allowed:
        log_refusal(record=record, action=verb or action.value, actor=actor)
        raise Forbidden(refusal)
    return decision


def require_role(actor: User, roles: Iterable[str], *, refusal: str, verb: str = "") -> None:
    """The check for a write that is not about one existing record (recording a new child, starting a
    plan for a school): the actor holds one of ``roles``, or the refusal is logged and ``Forbidden``."""
    roles = frozenset(roles)
    if not (actor.is_authenticated and actor.is_active and actor.has_role(*roles)):
        log_refusal(actor=actor, action=verb or "write", detail=f"needs one of: {', '.join(sorted(roles))}")
        raise Forbidden(refusal)


def get_for_change(
    user: User,
    model: type[M],
    pk: Any,
    *,
    refusal: str,
    action: Action = Action.WRITE,
    through: Iterable[Relationship] | None = None,
    queryset: QuerySet[M] | None = None,
) -> tuple[M, Decision]:
    """A record the user may change: ``NotVisible`` (404) if they may not see it, ``Forbidden`` (403)
    if they may see it but not change it, so they know why rather than being told it does not exist."""
    record, _ = get_for_user(user, model, pk, queryset=queryset)
    return record, require(user, record, refusal=refusal, action=action, through=through)


def get_logged(
    user: User,
    model: type[M],
    pk: Any,
    *,
    action: Action = Action.READ,
    queryset: QuerySet[M] | None = None,
    purpose: str = "",
) -> tuple[M, Decision]:
    """``get_for_user``, then the consultation in the access log (with the basis as justification)
    before the caller renders anything: the read of one record every detail page and API makes."""
    obj, decision = get_for_user(user, model, pk, action=action, queryset=queryset)
    log_consultation(records=obj, justification=decision.justification, detail=purpose)
    return obj, decision


def break_glass(*, user: User, record: models.Model, reason: str) -> BreakGlassGrant:
    """Grant the user sight of one record for a short time, for a stated reason; logged for the auditor."""
    reason = reason.strip()
    if not user.has_role(*BREAK_GLASS_ROLES):
        raise PermissionError("Your role cannot see records outside your scope.")
    if len(reason) < 10:
        raise ValueError("Say why you need to see this record: at least a sentence.")
    minutes = getattr(settings, "HUB_BREAK_GLASS_MINUTES", 60)
    with transaction.atomic():
        now = clock.now()
        grant = BreakGlassGrant.objects.create(
            user=user,
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
        log_break_glass(record=record, reason=reason, actor=user)
    return grant
