"""How a reader is related to actions, stated once: owning one, and owning an open one about a child or
agreed in a record (a plan, an audit, an agenda item), which keeps sight of that child or record until
the action is done (``ACTION_OWNER``; docs/architecture.md, "Relationships")."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from hub.accounts.models import User
from hub.actions.models import FINISHED, Action


def owns(user: User) -> Q:
    """The actions the reader owns: named as the owner, or their agency's while no one is named."""
    mine = Q(owner_user=user)
    if user.agency_id:
        mine |= Q(owner_user__isnull=True, owner_agency_id=user.agency_id)
    return mine


def open_actions_owned(user: User) -> QuerySet[Action]:
    """The unfinished actions that name the reader as their owner."""
    if not user.is_authenticated:
        return Action.objects.none()
    return Action.objects.filter(owner_user=user).exclude(status__in=FINISHED)


def owns_open_action_about(user: User) -> Q:
    """The children (a Q over ``Child``) the reader owns an open action about."""
    return Q(pk__in=open_actions_owned(user).filter(child__isnull=False).values("child_id"))


def owns_open_action_from(user: User, source: type[models.Model], via: str = "") -> Q:
    """The records (``via`` leads to the ``source`` record: ``""`` for it, ``"plan__"`` from a plan's
    version) in which an open action the reader owns was agreed."""
    sources: QuerySet[Any] = (
        open_actions_owned(user)
        .filter(source_type=ContentType.objects.get_for_model(source))
        .values("source_id")
    )
    return Q(**{f"{via}pk__in": sources})
