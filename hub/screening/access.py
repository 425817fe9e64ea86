"""Who sees a screening: its referrer (their draft, and the outcome once reviewed), hub staff of its
area and the case roles related to its child, never someone's draft but the referrer's."""

from __future__ import annotations

from django.db.models import Q

from hub.accounts.access import Policy, Relationship, register
from hub.children.relationships import agency_involved, allocated
from hub.core.roles import BREAK_GLASS_ROLES, HUB_STAFF_ROLES, REFERRER_ROLES, RELATED_CASE_ROLES, Role
from hub.screening.models import Screening

SCREENING_POLICY = Policy(
    model=Screening,
    authority_field="authority",
    read={
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.REFERRER: REFERRER_ROLES,
        Relationship.ALLOCATED: RELATED_CASE_ROLES,
        Relationship.AGENCY_INVOLVED: RELATED_CASE_ROLES,
        Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
    },
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}, Relationship.REFERRER: REFERRER_ROLES},
    relationships={
        Relationship.REFERRER: lambda user: Q(referrer=user),
        Relationship.ALLOCATED: allocated("child__"),
        Relationship.AGENCY_INVOLVED: agency_involved("child__"),
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
