"""Who sees an action: its owner (the person, or anyone in the owning agency when no person is
named), whoever agreed it, hub staff of its authority, and whoever may see the child it is about
through an allocation. Owners and hub coordinators change its status."""

from __future__ import annotations

from django.db.models import Q

from hub.accounts import access
from hub.accounts.access import Policy, Relationship, register
from hub.actions.models import FINISHED, Action
from hub.children.access import CASE_ROLES
from hub.children.models import Child
from hub.core.roles import Role

EVERY_WORKER = {
    Role.HUB_COORDINATOR,
    Role.HUB_ANALYST,
    Role.PRACTITIONER,
    Role.RETURN_INTERVIEWER,
    Role.POLICE_OFFICER,
    Role.PANEL_CHAIR,
    Role.SCHOOL_LEAD,
}


def _own(user) -> Q:  # type: ignore[no-untyped-def]
    mine = Q(owner_user=user) | Q(created_by=user)
    if user.agency_id:
        mine |= Q(owner_user__isnull=True, owner_agency_id=user.agency_id)
    return mine


ACTION_POLICY = Policy(
    model=Action,
    authority_field="authority",
    read={
        Relationship.OWN: EVERY_WORKER,
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR, Role.HUB_ANALYST},
        Relationship.ALLOCATED: CASE_ROLES,
    },
    write={
        Relationship.OWN: EVERY_WORKER,
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
    },
    relationships={
        Relationship.OWN: _own,
        Relationship.ALLOCATED: lambda user: Q(
            child__allocations__worker=user, child__allocations__end__isnull=True
        ),
    },
)


def _children_of_my_open_actions(user) -> Q:  # type: ignore[no-untyped-def]
    """A person who owns an open action about a child keeps sight of the child until it is done, after
    the panel sight that came with the meeting has ended."""
    open_actions = Action.objects.filter(owner_user=user, child__isnull=False).exclude(status__in=FINISHED)
    return Q(pk__in=open_actions.values("child_id"))


def register_policies() -> None:
    register(ACTION_POLICY)
    access.extend(Child, Relationship.ACTION_OWNER, _children_of_my_open_actions, read=CASE_ROLES)
