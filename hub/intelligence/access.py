"""Who sees and changes intelligence (``relationships.py`` says how a reader is related to it).

- Entities and links are read by the intelligence roles (hub staff and the police) of an agency serving
  the record's area, through ``Relationship.INTELLIGENCE``; a link only within its handling and
  subject (``link_scope``).
- Hub analysts and police officers record and change them (and the disruption activity against a
  person, group or place, read and written as its target is); a hub coordinator reads them (to triage and
  to build agendas) and records nothing graded.
- An operation (``operations.py``) is read by hub staff of its area, its lead and its members (for 90 days
  after it closes); changed by its lead and members who are intelligence writers, and by hub analysts of
  the area. What it holds is shown to them by ``operation_selectors``, each record as its own policy
  allows (an entity's page, a link, a child's record are never opened through the operation).
- Nobody else reaches intelligence through these policies, not even break glass (which is for a
  child's record): a practitioner, a school, a chair, the partnership and the auditor are refused it,
  and see about a child only the sanitised summary (``selectors.concern_summary``)."""

from __future__ import annotations

from django.db.models import Q

from hub.accounts.access import Policy, Relationship, authority_ids, register
from hub.accounts.models import User
from hub.core.roles import CASE_ROLES, HUB_STAFF_ROLES, INTELLIGENCE_ROLES, RELATED_CASE_ROLES, Role
from hub.intelligence.contexts import through_case
from hub.intelligence.models import (
    CASE_KINDS,
    ContextAssessment,
    ContextCase,
    Disruption,
    Entity,
    Link,
    Operation,
    PersonRisk,
)
from hub.intelligence.relationships import disruption_scope, in_area, leads, link_scope, operation_member

INTELLIGENCE_WRITERS = frozenset({Role.HUB_ANALYST, Role.POLICE_OFFICER})
# Who assesses a place or a group and records a person's risk: the intelligence writers, and the hub's
# coordinators, who build the panels' agendas (an assessment is not graded intelligence).
CASE_WRITERS = INTELLIGENCE_WRITERS | {Role.HUB_COORDINATOR}

ENTITY_POLICY = Policy(
    model=Entity,
    authority_field="authority",
    read={Relationship.INTELLIGENCE: INTELLIGENCE_ROLES},
    write={Relationship.INTELLIGENCE: INTELLIGENCE_WRITERS},
    relationships={Relationship.INTELLIGENCE: in_area},
)

LINK_POLICY = Policy(
    model=Link,
    authority_field="authority",
    read={Relationship.INTELLIGENCE: INTELLIGENCE_ROLES},
    write={Relationship.INTELLIGENCE: INTELLIGENCE_WRITERS},
    relationships={Relationship.INTELLIGENCE: link_scope},
)

# Disruption activity is read and recorded as its target entity is: who may change the target records it.
DISRUPTION_POLICY = Policy(
    model=Disruption,
    authority_field="authority",
    read={Relationship.INTELLIGENCE: INTELLIGENCE_ROLES},
    write={Relationship.INTELLIGENCE: INTELLIGENCE_WRITERS},
    relationships={Relationship.INTELLIGENCE: disruption_scope},
)


# A place, group or person as a case (``contexts.py``): the intelligence roles of the area; panels add
# ``PANEL_MEMBER`` (attending a meeting whose agenda has it) from their ``AppConfig.ready()``.
CASE_POLICY = Policy(
    model=ContextCase,
    authority_field="authority",
    read={Relationship.INTELLIGENCE: INTELLIGENCE_ROLES},
    write={Relationship.INTELLIGENCE: CASE_WRITERS},
    relationships={Relationship.INTELLIGENCE: in_area},
    restrict={Relationship.INTELLIGENCE: Q(kind__in=CASE_KINDS)},
)


def _about_case(model: type, via: str) -> Policy:
    """A record about a case is read as its case is, through each of the case's relationships."""
    return Policy(
        model=model,
        authority_field="authority",
        read={Relationship.INTELLIGENCE: INTELLIGENCE_ROLES, Relationship.PANEL_MEMBER: RELATED_CASE_ROLES},
        write={Relationship.INTELLIGENCE: CASE_WRITERS},
        relationships={
            Relationship.INTELLIGENCE: lambda user: in_area_case(user, via),
            Relationship.PANEL_MEMBER: through_case(Relationship.PANEL_MEMBER, via),
        },
    )


def in_area_case(user: User, via: str) -> Q:
    return Q(authority__in=authority_ids(user), **{f"{via}disposed_at__isnull": True})


ASSESSMENT_POLICY = _about_case(ContextAssessment, "entity__")
PERSON_RISK_POLICY = _about_case(PersonRisk, "person__")


# Who may be a member of an operation, and so read it: the case roles (hub staff, practitioners, police,
# return interviewers, panel chairs). A school's lead, the partnership, auditors and administrators are
# never members.
OPERATION_MEMBER_ROLES = CASE_ROLES

OPERATION_POLICY = Policy(
    model=Operation,
    authority_field="authority",
    read={
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.OWN: OPERATION_MEMBER_ROLES,
        Relationship.OPERATION_MEMBER: OPERATION_MEMBER_ROLES,
    },
    write={
        Relationship.HUB_STAFF: {Role.HUB_ANALYST},
        Relationship.OWN: INTELLIGENCE_WRITERS,
        Relationship.OPERATION_MEMBER: INTELLIGENCE_WRITERS,
    },
    relationships={Relationship.OWN: leads, Relationship.OPERATION_MEMBER: operation_member},
)


def register_policies() -> None:
    for policy in (
        ENTITY_POLICY,
        LINK_POLICY,
        DISRUPTION_POLICY,
        CASE_POLICY,
        ASSESSMENT_POLICY,
        PERSON_RISK_POLICY,
        OPERATION_POLICY,
    ):
        register(policy)
