"""How a reader is related to panels, meetings and the children on their agendas, stated once.

- A panel's members and chair are on the panel.
- A meeting's attendees (invited or present) and the panel's members are at the meeting; its chair
  and the panel's chair chair it.
- On a panel with a child: attending (invited or present) a meeting whose agenda has the child, from
  the invitation until the panel-sight clock after the meeting, never through a cancelled one
  (``PANEL_MEMBER`` on the child's policy, which records about the child reach with
  ``children.relationships.through_child``).
- On a panel with a place, group or person of concern (a case): the same, for a meeting whose agenda
  has it (``PANEL_MEMBER`` on the case's policy; records about it reach it with
  ``intelligence.contexts.through_case``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from hub.accounts.models import User
from hub.children.relationships import RelationshipQ
from hub.core import clock
from hub.intelligence.models import Entity
from hub.panels.models import AgendaItem, Attendance, Meeting
from hub.reference.models import Clock

PANEL_SIGHT_DAYS = 30
ATTENDING = (Attendance.Status.INVITED, Attendance.Status.PRESENT)


def on_panel(user: User) -> Q:
    """The panels (a Q over ``Panel``) the reader is a member or the chair of."""
    return Q(members=user) | Q(chair=user)


def attends(via: str = "") -> RelationshipQ:
    """The records whose meeting (``via`` leads to it) the reader attends (invited or present) or
    whose panel they are a member of."""

    def q(user: User) -> Q:
        return Q(**{f"{via}attendances__user": user, f"{via}attendances__status__in": ATTENDING}) | Q(
            **{f"{via}panel__members": user}
        )

    return q


def chairs(via: str = "") -> RelationshipQ:
    """The records whose meeting (``via`` leads to it) the reader chairs, or whose panel they chair."""

    def q(user: User) -> Q:
        return Q(**{f"{via}chair": user}) | Q(**{f"{via}panel__chair": user})

    return q


def invited_or_chairing(user: User) -> Q:
    """The meetings (a Q over ``Meeting``) the reader was ever invited to, whatever they answered, or
    chairs: whom a change of date or a cancellation concerns."""
    return Q(attendances__user=user) | chairs()(user)


def panel_sight() -> timedelta:
    """How long after a meeting its members still see the children discussed (reference data)."""
    found = Clock.objects.filter(code="panel-sight", active=True, unit=Clock.Unit.DAYS).first()
    return timedelta(days=found.amount if found is not None else PANEL_SIGHT_DAYS)


def children_on_my_agendas(user: User) -> QuerySet[AgendaItem, Any]:
    """The ids of the children on the agenda of a meeting the user attends, from the invitation until
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


def on_panel_with(user: User) -> Q:
    """The children (a Q over ``Child``) the reader is on a panel with."""
    return Q(pk__in=children_on_my_agendas(user))


def cases_on_my_agendas(user: User) -> QuerySet[AgendaItem, Any]:
    """The ids of the places, groups and persons of concern on the agenda of a meeting the user
    attends, within the same window as a child's (``children_on_my_agendas``)."""
    since = clock.now() - panel_sight()
    return (
        AgendaItem.objects.filter(
            context_type=ContentType.objects.get_for_model(Entity),
            meeting__held_at__gte=since,
            meeting__attendances__user=user,
            meeting__attendances__status__in=ATTENDING,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .values("context_id")
    )


def on_panel_with_case(user: User) -> Q:
    """The cases (a Q over ``ContextCase``) the reader is on a panel with, not disposed of."""
    return Q(pk__in=cases_on_my_agendas(user), disposed_at__isnull=True)
