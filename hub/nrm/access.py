"""Who sees and records a child's NRM referrals.

NRM status is a fact of the child's case (issue 12), so the referral is read by whoever holds the
child's case, through the same relationships as the child's record and not behind intelligence roles:

- hub staff of the child's authority (coordinators and analysts);
- case roles allocated to the child, or in an agency involved with the child;
- case roles on a panel with the child, or owning an open action about the child (the relationships
  the panels and actions apps add to the child's policy, reached with ``through_child`` at request
  time, so this app never imports panels);
- break glass on the referral itself, as on any record.

School safeguarding leads, partnership leads, auditors and administrators read no referral (they see
no child's case).

Who records (refers, records the decisions, withdraws, corrects), ``WRITE_ROLES`` through the write
grants below:

- hub coordinators of the child's authority: the hub keeps the NRM clocks and enters the decisions
  the Single Competent Authority or the local panel sends;
- the practitioner allocated to the child: the local authority is a first responder, and the lead
  social worker usually makes the referral;
- police officers allocated to, or of an agency involved with, the child: the police are first
  responders too.

Hub analysts read but do not record (as elsewhere in the Hub, analysts do not change case records);
return interviewers and panel chairs read through their relationship and do not record (a devolved
panel's decision is entered by the hub, naming its chair). A new referral is made by anyone of
``WRITE_ROLES`` who may see the child (``services.nrm_refer_check``): children are always referred,
and a first responder who holds the case should not be stopped by the order in which relationships
were recorded.
"""

from __future__ import annotations

from hub.accounts.access import Policy, Relationship, register
from hub.children.relationships import agency_involved, allocated, through_child
from hub.core.roles import BREAK_GLASS_ROLES, HUB_STAFF_ROLES, RELATED_CASE_ROLES, Role
from hub.nrm.models import NrmReferral

WRITE_ROLES = frozenset({Role.HUB_COORDINATOR, Role.PRACTITIONER, Role.POLICE_OFFICER})
# Who works the hub's queue of NRM clocks (the home-page panel and the queue page).
QUEUE_ROLES = HUB_STAFF_ROLES

NRM_POLICY = Policy(
    model=NrmReferral,
    authority_field="child__authority",
    read={
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.ALLOCATED: RELATED_CASE_ROLES,
        Relationship.AGENCY_INVOLVED: RELATED_CASE_ROLES,
        Relationship.PANEL_MEMBER: RELATED_CASE_ROLES,
        Relationship.ACTION_OWNER: RELATED_CASE_ROLES,
        Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
    },
    write={
        Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
        Relationship.ALLOCATED: {Role.PRACTITIONER, Role.POLICE_OFFICER},
        Relationship.AGENCY_INVOLVED: {Role.POLICE_OFFICER},
    },
    relationships={
        Relationship.ALLOCATED: allocated("child__"),
        Relationship.AGENCY_INVOLVED: agency_involved("child__"),
        Relationship.PANEL_MEMBER: through_child(Relationship.PANEL_MEMBER, "child__"),
        Relationship.ACTION_OWNER: through_child(Relationship.ACTION_OWNER, "child__"),
    },
)


def register_policies() -> None:
    register(NRM_POLICY)
