from __future__ import annotations

from django.db.models import Q

from hub.accounts.access import BREAK_GLASS_ROLES, Policy, Relationship, register
from hub.children.access import CASE_ROLES
from hub.core.roles import REFERRER_ROLES, Role
from hub.screening.models import Screening

SCREENING_POLICY = Policy(
    model=Screening,
    authority_field="authority",
    read={
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR, Role.HUB_ANALYST},
        Relationship.REFERRER: REFERRER_ROLES,
        Relationship.ALLOCATED: CASE_ROLES,
        Relationship.AGENCY_INVOLVED: CASE_ROLES,
        Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
    },
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}, Relationship.REFERRER: REFERRER_ROLES},
    relationships={
        Relationship.REFERRER: lambda user: Q(referrer=user),
        Relationship.ALLOCATED: lambda user: Q(
            child__allocations__worker=user, child__allocations__end__isnull=True
        ),
        Relationship.AGENCY_INVOLVED: lambda user: Q(
            child__agency_involvements__agency_id=user.agency_id, child__agency_involvements__end__isnull=True
        ),
    },
    # A draft is the referrer's own until they submit it.
    restrict={
        relationship: ~Q(status="draft")
        for relationship in (
            Relationship.HUB_STAFF,
            Relationship.ALLOCATED,
            Relationship.AGENCY_INVOLVED,
            Relationship.BREAK_GLASS,
            Relationship.SHARE,
        )
    },
)


def register_policies() -> None:
    register(SCREENING_POLICY)
