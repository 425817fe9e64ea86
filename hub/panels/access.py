"""Who sees panels, meetings and agenda items.

- Hub staff of the authority see every panel and meeting; hub coordinators and the meeting's chair
  change them.
- A panel's members and a meeting's attendees see the meeting.
- Attending a meeting (invited or present) makes a person a panel member of the children on its
  agenda, for the briefing and the minutes, for a while around the meeting: from when they are
  invited until ``PANEL_SIGHT_DAYS`` after it. Only case roles gain that sight; a school lead at a
  meeting sees its schools and themes, never a child's briefing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet

from hub.accounts import access
from hub.accounts.access import Policy, Relationship, register
from hub.accounts.models import User
from hub.children.access import CASE_ROLES
from hub.children.models import Child
from hub.core import clock
from hub.core.roles import Role
from hub.panels.models import AgendaItem, Meeting, Panel, SepPeriod
from hub.reference.models import Clock

HUB_ROLES = {Role.HUB_COORDINATOR, Role.HUB_ANALYST}
MEETING_ROLES = {
    Role.HUB_COORDINATOR,
    Role.HUB_ANALYST,
    Role.PRACTITIONER,
    Role.RETURN_INTERVIEWER,
    Role.POLICE_OFFICER,
    Role.PANEL_CHAIR,
    Role.SCHOOL_LEAD,
}
PANEL_SIGHT_DAYS = 30
ATTENDING = ("invited", "present")


def _attending(prefix: str):  # type: ignore[no-untyped-def]
    def q(user) -> Q:  # type: ignore[no-untyped-def]
        return Q(**{f"{prefix}attendances__user": user, f"{prefix}attendances__status__in": ATTENDING}) | Q(
            **{f"{prefix}panel__members": user}
        )

    return q


def _chairing(prefix: str):  # type: ignore[no-untyped-def]
    return lambda user: Q(**{f"{prefix}chair": user}) | Q(**{f"{prefix}panel__chair": user})


PANEL_POLICY = Policy(
    model=Panel,
    authority_field="authority",
    read={Relationship.HUB_STAFF: HUB_ROLES, Relationship.PANEL_MEMBER: MEETING_ROLES},
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}},
    relationships={Relationship.PANEL_MEMBER: lambda user: Q(members=user) | Q(chair=user)},
)

MEETING_POLICY = Policy(
    model=Meeting,
    authority_field="panel__authority",
    read={
        Relationship.HUB_STAFF: HUB_ROLES,
        Relationship.PANEL_MEMBER: MEETING_ROLES,
        Relationship.OWN: MEETING_ROLES,
    },
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}, Relationship.OWN: MEETING_ROLES},
    relationships={Relationship.PANEL_MEMBER: _attending(""), Relationship.OWN: _chairing("")},
)

ITEM_POLICY = Policy(
    model=AgendaItem,
    authority_field="meeting__panel__authority",
    read={
        Relationship.HUB_STAFF: HUB_ROLES,
        Relationship.PANEL_MEMBER: MEETING_ROLES,
        Relationship.OWN: MEETING_ROLES,
    },
    write={Relationship.HUB_STAFF: {Role.HUB_COORDINATOR}, Relationship.OWN: MEETING_ROLES},
    relationships={
        Relationship.PANEL_MEMBER: _attending("meeting__"),
        Relationship.OWN: _chairing("meeting__"),
    },
)

SEP_POLICY = Policy(
    model=SepPeriod,
    authority_field="child__authority",
    read={
        Relationship.HUB_STAFF: HUB_ROLES,
        Relationship.ALLOCATED: CASE_ROLES,
        Relationship.AGENCY_INVOLVED: CASE_ROLES,
        Relationship.PANEL_MEMBER: CASE_ROLES,
    },
    relationships={
        Relationship.ALLOCATED: lambda user: Q(
            child__allocations__worker=user, child__allocations__end__isnull=True
        ),
        Relationship.AGENCY_INVOLVED: lambda user: Q(
            child__agency_involvements__agency_id=user.agency_id, child__agency_involvements__end__isnull=True
        ),
        Relationship.PANEL_MEMBER: lambda user: Q(child__in=_children_on_my_agendas(user)),
    },
)


def panel_sight() -> timedelta:
    """How long after a meeting its members still see the children discussed (reference data)."""
    found = Clock.objects.filter(code="panel-sight", active=True, unit=Clock.Unit.DAYS).first()
    return timedelta(days=found.amount if found is not None else PANEL_SIGHT_DAYS)


def _children_on_my_agendas(user: User) -> QuerySet[AgendaItem, Any]:
    """Children on the agenda of a meeting the user attends, from the invitation until
    the panel-sight clock after the meeting (never through a cancelled one)."""
    since = clock.now() - panel_sight()
    # A cancelled meeting discusses no one, so it gives its invitees no sight of the children.
    return (
        AgendaItem.objects.filter(
            child__isnull=False,
            meeting__held_at__gte=since,
            meeting__attendances__user=user,
            meeting__attendances__status__in=ATTENDING,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .values("child_id")
    )


def register_policies() -> None:
    for policy in (PANEL_POLICY, MEETING_POLICY, ITEM_POLICY, SEP_POLICY):
        register(policy)
    access.extend(
        Child,
        Relationship.PANEL_MEMBER,
        lambda user: Q(pk__in=_children_on_my_agendas(user)),
        read=CASE_ROLES,
    )
