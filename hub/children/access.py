"""Who may see and change a child's record (registered with the access model at start-up)."""

from __future__ import annotations

from django.db.models import Q

from hub.accounts.access import BREAK_GLASS_ROLES, Policy, Relationship, register
from hub.accounts.models import User
from hub.children.models import Child
from hub.core.roles import Role

CASE_ROLES = frozenset({Role.PRACTITIONER, Role.POLICE_OFFICER, Role.RETURN_INTERVIEWER, Role.PANEL_CHAIR})


def _allocated(user: User) -> Q:
    return Q(allocations__worker=user, allocations__end__isnull=True)


def _agency_involved(user: User) -> Q:
    return Q(agency_involvements__agency_id=user.agency_id, agency_involvements__end__isnull=True)


CHILD_POLICY = Policy(
    model=Child,
    authority_field="authority",
    read={
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR, Role.HUB_ANALYST},
        Relationship.ALLOCATED: CASE_ROLES,
        Relationship.AGENCY_INVOLVED: CASE_ROLES,
        Relationship.SHARE: CASE_ROLES | {Role.HUB_COORDINATOR, Role.HUB_ANALYST},
        Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
    },
    write={
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
        Relationship.ALLOCATED: {Role.PRACTITIONER},
        Relationship.AGENCY_INVOLVED: {Role.PRACTITIONER},
    },
    relationships={Relationship.ALLOCATED: _allocated, Relationship.AGENCY_INVOLVED: _agency_involved},
)


def register_policies() -> None:
    register(CHILD_POLICY)
