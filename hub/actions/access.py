"""Who sees an action: its owner (the person, or anyone in the owning agency when no person is
named), whoever agreed it, hub staff of its authority, and whoever may see the child it is about
through an allocation. Owners and hub coordinators change its status.

An owner of an open action about a child keeps sight of the child until it is done
(``ACTION_OWNER`` on the child's policy); the records an action is agreed in add the same
relationship to their own policies from ``hub/actions/relationships.py``."""

from __future__ import annotations

from django.db.models import Q

from hub.accounts import access
from hub.accounts.access import Policy, Relationship, register
from hub.accounts.models import User
from hub.actions.models import Action
from hub.actions.relationships import owns, owns_open_action_about
from hub.children.models import Child
from hub.children.relationships import allocated
from hub.core.roles import HUB_STAFF_ROLES, RELATED_CASE_ROLES, WORKER_ROLES, Role


def _own(user: User) -> Q:
    """Owned by the reader (or their agency), or agreed by them."""
    return owns(user) | Q(created_by=user)


ACTION_POLICY = Policy(
    model=Action,
    authority_field="authority",
    read={
        Relationship.OWN: WORKER_ROLES,
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.ALLOCATED: RELATED_CASE_ROLES,
    },
    write={
        Relationship.OWN: WORKER_ROLES,
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
    },
    relationships={Relationship.OWN: _own, Relationship.ALLOCATED: allocated("child__")},
)


def register_policies() -> None:
    register(ACTION_POLICY)
    access.extend(Child, Relationship.ACTION_OWNER, owns_open_action_about, read=RELATED_CASE_ROLES)
