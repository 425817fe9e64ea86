"""How a reader is related to a child: each relationship stated once, as a query and as a check.

A record about a child (a screening, an episode, a plan, an action) is reached through its child, so
every policy builds its relationships from these functions with ``via``, the lookup from the record
to the child (``""`` for the child itself, ``"child__"``, ``"episode__child__"``), and never spells
an allocation or an involvement itself.

- allocated to the child: ``allocated`` here (an open allocation names the reader);
- agency involved with the child: ``agency_involved`` here (an open involvement names their agency);
- on a panel with the child: ``on_panel_with`` in ``hub/panels/relationships.py`` (attends a meeting
  whose agenda has the child, from the invitation until the panel-sight clock after it);
- owner of an open action about the child: ``owns_open_action_about`` in
  ``hub/actions/relationships.py``.

The last two belong to apps above this one: they add themselves to the child's policy from their
``AppConfig.ready()`` (``access.extend``), and a record about a child reaches them with
``through_child`` at request time, so this module never imports those apps. Hub staff of the
child's area, shares and break glass are every policy's (``hub/accounts/access.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from hub.accounts.access import Relationship, policy_for
from hub.accounts.models import User
from hub.children.models import Child

RelationshipQ = Callable[[User], Q]

NOBODY = Q(pk__in=[])


def allocated(via: str = "") -> RelationshipQ:
    """The records whose child is allocated to the reader (an open allocation)."""

    def q(user: User) -> Q:
        return Q(**{f"{via}allocations__worker": user, f"{via}allocations__end__isnull": True})

    return q


def agency_involved(via: str = "") -> RelationshipQ:
    """The records whose child the reader's agency is involved with (an open involvement)."""

    def q(user: User) -> Q:
        if user.agency_id is None:
            return NOBODY
        return Q(
            **{
                f"{via}agency_involvements__agency_id": user.agency_id,
                f"{via}agency_involvements__end__isnull": True,
            }
        )

    return q


def through_child(relationship: Relationship, via: str) -> RelationshipQ:
    """The records whose child the reader is related to through ``relationship`` as the child's policy
    has it (panel membership, action ownership, which apps above this one add), for the roles the
    child's policy grants it to: nobody else gains anything through it."""

    def q(user: User) -> Q:
        policy = policy_for(Child)
        builder = policy.relationships.get(relationship)
        if builder is None or not user.has_role(*policy.read.get(relationship, ())):
            return NOBODY
        return Q(**{f"{via}pk__in": Child.objects.filter(builder(user)).values("pk")})

    return q


def child_relationship(relationship: Relationship) -> RelationshipQ:
    """The child's own query for a relationship (those apps above add included)."""
    builder = policy_for(Child).relationships.get(relationship)
    if builder is None:
        raise LookupError(f"No relationship {relationship} to a child is defined.")
    return builder


def is_related(user: User, child: Child, relationship: Relationship) -> bool:
    """The per-record check: is ``user`` related to ``child`` through ``relationship`` (whatever their
    roles; what the relationship lets them do is the policy's)."""
    if not user.is_authenticated:
        return False
    return Child.objects.filter(pk=child.pk).filter(child_relationship(relationship)(user)).exists()


def allocated_children(user: User) -> QuerySet[Child]:
    """The children allocated to the reader."""
    return Child.objects.filter(allocated()(user)).distinct()
