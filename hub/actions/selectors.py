"""Reads about actions, always through the reader's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from hub.accounts import access
from hub.accounts.access import Action as Access
from hub.accounts.access import Decision
from hub.accounts.models import Agency, User
from hub.actions.models import FINISHED, Action, overdue
from hub.actions.relationships import owns
from hub.core import clock


def my_actions(user: User, *, today: date | None = None) -> list[Action]:
    """The user's unfinished actions, and their agency's unassigned ones: overdue first, then by due
    date."""
    today = today or clock.today()
    rows = (
        access.visible(user, Action.objects.filter(owns(user)).exclude(status__in=FINISHED))
        .select_related("owner_user", "owner_agency", "child")
        .annotate(
            late=Case(When(overdue(today), then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("late", "due", "pk")
    )
    return list(rows)


def my_finished_actions(user: User, *, limit: int = 20) -> list[Action]:
    return list(
        access.visible(user, Action.objects.filter(owns(user), status__in=FINISHED))
        .select_related("owner_user", "owner_agency", "child")
        .order_by("-completed_at")[:limit]
    )


def actions_user_may_open(user: User, actions: list[Action]) -> set[int]:
    """Which of these actions the user may open (their own, their agency's, hub staff...): a page that
    lists actions agreed somewhere links only these."""
    if not actions:
        return set()
    return set(
        access.visible(user, Action.objects.filter(pk__in=[a.pk for a in actions])).values_list(
            "pk", flat=True
        )
    )


def action_get_for_user(user: User, pk: Any, *, action: Access = Access.READ) -> tuple[Action, Decision]:
    return access.get_logged(
        user,
        Action,
        pk,
        action=action,
        queryset=Action.objects.select_related("owner_user", "owner_agency", "child", "created_by"),
        purpose="action",
    )


def actions_about(user: User, child: Any) -> QuerySet[Action]:
    return access.visible(user, Action.objects.filter(child=child)).select_related(
        "owner_user", "owner_agency"
    )


def owner_agencies(authority_id: int, *, child: Any = None, school_id: int | None = None) -> QuerySet[Agency]:
    """The agencies an action may be given to: those serving the authority. Each school is an
    organisation of its own, so for an action about a child only the organisations of the child's
    schools are offered (an action "for education" goes to the child's school), for one about a school
    only that school's; other actions (a theme, a place) may go to any school."""
    agencies = Agency.objects.filter(authorities=authority_id)
    if child is not None:
        agencies = agencies.filter(Q(school__isnull=True) | Q(school__pupils__child=child))
    elif school_id is not None:
        agencies = agencies.filter(Q(school__isnull=True) | Q(school_id=school_id))
    return agencies.distinct().order_by("name")
