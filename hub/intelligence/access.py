"""Who sees and changes intelligence (``relationships.py`` says how a reader is related to it).

- Entities and links are read by the intelligence roles (hub staff and the police) of an agency serving
  the record's area, through ``Relationship.INTELLIGENCE``; a link only within its handling and
  subject (``link_scope``).
- Hub analysts and police officers record and change them (and the disruption activity against a
  person, group or place, read and written as its target is); a hub coordinator reads them (to triage and
  to build agendas) and records nothing graded.
- Nobody else reaches intelligence through these policies, not even break glass (which is for a
  child's record): a practitioner, a school, a chair, the partnership and the auditor are refused it,
  and see about a child only the sanitised summary (``selectors.concern_summary``)."""

from __future__ import annotations

from hub.accounts.access import Policy, Relationship, register
from hub.core.roles import INTELLIGENCE_ROLES, Role
from hub.intelligence.models import Disruption, Entity, Link
from hub.intelligence.relationships import disruption_scope, in_area, link_scope

INTELLIGENCE_WRITERS = frozenset({Role.HUB_ANALYST, Role.POLICE_OFFICER})

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


def register_policies() -> None:
    register(ENTITY_POLICY)
    register(LINK_POLICY)
    register(DISRUPTION_POLICY)
