"""Who may see and change a child's record (registered with the access model at start-up)."""

from __future__ import annotations

from hub.accounts.access import Policy, Relationship, register
from hub.children.models import Child
from hub.children.relationships import agency_involved, allocated
from hub.core.roles import BREAK_GLASS_ROLES, CASE_ROLES, HUB_STAFF_ROLES, RELATED_CASE_ROLES, Role

CHILD_POLICY = Policy(
    model=Child,
    authority_field="authority",
    read={
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.ALLOCATED: RELATED_CASE_ROLES,
        Relationship.AGENCY_INVOLVED: RELATED_CASE_ROLES,
        Relationship.SHARE: CASE_ROLES,
        Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
    },
    write={
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
        Relationship.ALLOCATED: {Role.PRACTITIONER},
        Relationship.AGENCY_INVOLVED: {Role.PRACTITIONER},
    },
    relationships={Relationship.ALLOCATED: allocated(), Relationship.AGENCY_INVOLVED: agency_involved()},
)


def register_policies() -> None:
    register(CHILD_POLICY)
