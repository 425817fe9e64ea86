"""Who sees panels, meetings and agenda items.

- Hub staff of the authority see every panel and meeting; hub coordinators and the meeting's chair
  change them.
- A panel's members and a meeting's attendees see the meeting.
- Attending a meeting (invited or present) makes a person a panel member of the children on its
  agenda, for the briefing and the minutes, for a while around the meeting: from when they are
  invited until the panel-sight clock after it (``hub/panels/relationships.py``). Only case roles
  gain that sight; a school lead at a meeting sees its schools and themes, never a child's briefing.
- The same holds for a place, group or person of concern on the agenda (a case): its attendees in
  case roles see the case (its assessments, risk and plan) in the same window, never the intelligence
  behind it.
- The owner of an open action agreed on an agenda item reads the item until the action is done.
"""

from __future__ import annotations

from hub.accounts import access
from hub.accounts.access import Policy, Relationship, register
from hub.actions.relationships import owns_open_action_from
from hub.children.models import Child
from hub.children.relationships import agency_involved, allocated, through_child
from hub.core.roles import HUB_STAFF_ROLES, RELATED_CASE_ROLES, WORKER_ROLES, Role
from hub.intelligence.models import ContextCase
from hub.panels.models import AgendaItem, Meeting, Panel, SepPeriod
from hub.panels.relationships import attends, chairs, on_panel, on_panel_with, on_panel_with_case

# Everyone who works with children takes part in meetings.
MEETING_ROLES = WORKER_ROLES

PANEL_POLICY = Policy(
    model=Panel,
    authority_field="authority",
    read={Relationship.HUB_STAFF: HUB_STAFF_ROLES, Relationship.PANEL_MEMBER: MEETING_ROLES},
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}},
    relationships={Relationship.PANEL_MEMBER: on_panel},
)

MEETING_POLICY = Policy(
    model=Meeting,
    authority_field="panel__authority",
    read={
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.PANEL_MEMBER: MEETING_ROLES,
        Relationship.OWN: MEETING_ROLES,
    },
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}, Relationship.OWN: MEETING_ROLES},
    relationships={Relationship.PANEL_MEMBER: attends(), Relationship.OWN: chairs()},
)

ITEM_POLICY = Policy(
    model=AgendaItem,
    authority_field="meeting__panel__authority",
    read={
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.PANEL_MEMBER: MEETING_ROLES,
        Relationship.OWN: MEETING_ROLES,
        # The owner of an open action agreed on the item reads what was agreed there.
        Relationship.ACTION_OWNER: MEETING_ROLES,
    },
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}, Relationship.OWN: MEETING_ROLES},
    relationships={
        Relationship.PANEL_MEMBER: attends("meeting__"),
        Relationship.OWN: chairs("meeting__"),
        Relationship.ACTION_OWNER: lambda user: owns_open_action_from(user, AgendaItem),
    },
)

SEP_POLICY = Policy(
    model=SepPeriod,
    authority_field="child__authority",
    read={
        Relationship.HUB_STAFF: HUB_STAFF_ROLES,
        Relationship.ALLOCATED: RELATED_CASE_ROLES,
        Relationship.AGENCY_INVOLVED: RELATED_CASE_ROLES,
        Relationship.PANEL_MEMBER: RELATED_CASE_ROLES,
    },
    relationships={
        Relationship.ALLOCATED: allocated("child__"),
        Relationship.AGENCY_INVOLVED: agency_involved("child__"),
        Relationship.PANEL_MEMBER: through_child(Relationship.PANEL_MEMBER, "child__"),
    },
)


def register_policies() -> None:
    for policy in (PANEL_POLICY, MEETING_POLICY, ITEM_POLICY, SEP_POLICY):
        register(policy)
    access.extend(Child, Relationship.PANEL_MEMBER, on_panel_with, read=RELATED_CASE_ROLES)
    access.extend(ContextCase, Relationship.PANEL_MEMBER, on_panel_with_case, read=RELATED_CASE_ROLES)
