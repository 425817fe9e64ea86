"""Reads about panels and meetings, always through the reader's scope; reads of one meeting write the
access log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import User
from hub.actions.models import Action as HubAction
from hub.actions.services import actions_for_source
from hub.audit.services import log_consultation
from hub.children.models import Child
from hub.core import clock
from hub.core.measures import Figure, Period
from hub.intelligence.models import ContextCase, Entity
from hub.panels.models import AgendaItem, ItemDecision, Meeting, Panel, SepPeriod, SubjectKind
from hub.panels.relationships import invited_or_chairing


def panels_for(user: User) -> QuerySet[Panel]:
    return access.visible(user, Panel.objects.filter(active=True)).select_related("meeting_type", "chair")


def panel_get_for_user(user: User, pk: Any, *, action: Action = Action.READ) -> tuple[Panel, Decision]:
    return access.get_logged(
        user,
        Panel,
        pk,
        action=action,
        queryset=Panel.objects.select_related("meeting_type", "chair", "authority"),
        purpose="panel",
    )


def meeting_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = "meeting"
) -> tuple[Meeting, Decision]:
    return access.get_logged(
        user,
        Meeting,
        pk,
        action=action,
        queryset=Meeting.objects.select_related("panel", "panel__meeting_type", "panel__authority", "chair"),
        purpose=purpose,
    )


def item_get_for_user(user: User, pk: Any, *, action: Action = Action.READ) -> tuple[AgendaItem, Decision]:
    return access.get_logged(
        user,
        AgendaItem,
        pk,
        action=action,
        queryset=AgendaItem.objects.select_related(
            "meeting", "meeting__panel", "meeting__panel__authority", "child", "child__level", "school"
        ),
        purpose="agenda item",
    )


def may_run(user: User, meeting: Meeting) -> bool:
    """Hub coordinators of the area and the meeting's chair build the agenda and record the meeting."""
    return access.decide(user, meeting, Action.WRITE).allowed


def meetings_for(user: User, panel: Panel) -> list[Meeting]:
    return list(
        access.visible(user, Meeting.objects.filter(panel=panel)).select_related("chair").order_by("-held_at")
    )


def upcoming_for(user: User, *, limit: int = 10) -> list[Meeting]:
    return list(
        access.visible(user, Meeting.objects.filter(held_at__gte=clock.now() - timedelta(hours=12)))
        .exclude(status__in=[Meeting.Status.MINUTES_ISSUED, Meeting.Status.CANCELLED])
        .select_related("panel")
        .order_by("held_at")[:limit]
    )


# How long the members of a meeting see that it was cancelled or moved, on their home page.
NOTICE_DAYS = 14


@dataclass(frozen=True)
class MeetingNotice:
    meeting: Meeting
    cancelled: bool
    at: datetime
    by: str
    reason: str


def meeting_notices_for(user: User, *, days: int = NOTICE_DAYS) -> list[MeetingNotice]:
    """Meetings the user was invited to or chairs, cancelled or moved in the last ``days`` days by
    someone else, newest change first."""
    since = clock.now() - timedelta(days=days)
    theirs = access.visible(
        user,
        Meeting.objects.filter(invited_or_chairing(user)),
    ).values("pk")
    changes = list(
        Meeting.history.filter(id__in=theirs, correction__isnull=False, history_date__gte=since)
        .exclude(history_user=user)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    meetings = Meeting.objects.select_related("panel").in_bulk({row.id for row in changes})
    notices = []
    for row in changes:
        fields = {change["field"] for change in row.correction or []}
        if not fields & {"status", "held_at"}:
            continue
        person = row.history_user
        notices.append(
            MeetingNotice(
                meeting=meetings[row.id],
                cancelled=row.status == Meeting.Status.CANCELLED and "status" in fields,
                at=row.history_date,
                by=(person.get_full_name() or person.get_username()) if person else "",
                reason=row.history_change_reason or "",
            )
        )
    return notices


def item_actions(item: AgendaItem) -> list[HubAction]:
    return list(actions_for_source(item))


def items_actions(items: Sequence[AgendaItem]) -> dict[int, list[HubAction]]:
    """The actions agreed at each of many items, by item, in one query (the minutes)."""
    grouped: dict[int, list[HubAction]] = defaultdict(list)
    actions = HubAction.objects.filter(
        source_type=ContentType.objects.get_for_model(AgendaItem), source_id__in=[item.pk for item in items]
    ).select_related("owner_user", "owner_agency")
    for action in actions.order_by("due", "pk"):
        if action.source_id is not None:  # always: filtered on it above
            grouped[action.source_id].append(action)
    return grouped


def item_decisions(items: Sequence[AgendaItem]) -> dict[int, list[ItemDecision]]:
    """The decisions recorded at each of many items, by item, in one query (the minutes)."""
    grouped: dict[int, list[ItemDecision]] = defaultdict(list)
    for decision in ItemDecision.objects.filter(item__in=items).select_related("level"):
        grouped[decision.item_id].append(decision)
    return grouped


def entitled_items(user: User, meeting: Meeting) -> list[AgendaItem]:
    """The items of the minutes the user is entitled to: every school and theme item of a meeting they
    may see, and each child's (or place's, group's or person's) item only if they may see it."""
    items = list(meeting.items.select_related("child", "school").order_by("order", "pk"))
    # One scoped query for the meeting's children rather than a decision per item (as lists do, break
    # glass does not widen what a copy of the minutes holds).
    seen = set(
        access.visible(
            user, Child.objects.filter(pk__in=[i.child_id for i in items if i.child_id])
        ).values_list("pk", flat=True)
    )
    entity_type = ContentType.objects.get_for_model(Entity)
    cases = set(
        access.visible(
            user,
            ContextCase.objects.filter(
                pk__in=[i.context_id for i in items if i.context_type_id == entity_type.pk]
            ),
        ).values_list("pk", flat=True)
    )
    return [
        item
        for item in items
        if (item.child_id is None or item.child_id in seen)
        and (item.context_type_id != entity_type.pk or item.context_id in cases)
    ]


@dataclass(frozen=True)
class SepRow:
    child: Child
    current: SepPeriod | None
    days_monitored: int
    periods: int
    returned: bool


def sep_monitoring(user: User, *, today: date | None = None) -> list[SepRow]:
    """Every child the reader may see who has been monitored by SEP: how long in all, whether monitored
    now, and whether they came back after being removed (the strategy's SEP measures)."""
    today = today or clock.today()
    periods = (
        access.visible(user, SepPeriod.objects.all())
        .select_related("child", "child__level")
        .order_by("child_id", "start")
    )
    by_child: dict[int, list[SepPeriod]] = {}
    for period in periods:
        by_child.setdefault(period.child_id, []).append(period)
    rows = []
    for child_periods in by_child.values():
        current = next((p for p in child_periods if p.end is None), None)
        days = sum(((p.end or today) - p.start).days for p in child_periods)
        rows.append(
            SepRow(
                child=child_periods[0].child,
                current=current,
                days_monitored=days,
                periods=len(child_periods),
                returned=len(child_periods) > 1,
            )
        )
    rows.sort(key=lambda row: (row.current is None, -row.days_monitored))
    return rows


def child_for_agenda(user: User, meeting: Meeting, pk: Any) -> Child:
    """A child of the panel's area (or placed in it) named by Hub ID, for whoever runs the meeting:
    the chair puts on the agenda children other agencies raise, and then sees them as an attendee.
    The look-up is logged; an unknown id, or a child of another area, is a 404."""
    from django.http import Http404

    authority_id = meeting.panel.authority_id
    child = (
        Child.objects.filter(pk=pk)
        .filter(
            Q(authority_id=authority_id)
            | Q(legal_statuses__host_authority_id=authority_id, legal_statuses__end__isnull=True)
        )
        .first()
        if str(pk).isdigit()
        else None
    )
    if child is None or not may_run(user, meeting):
        raise Http404
    log_consultation(records=child, justification="panel chair", detail=f"agenda: {meeting.label}")
    return child


def panel_figures(period: Period) -> list[Figure]:
    """The profile's "children discussed at MARMM": children on the agenda of a MARMM held in the period."""
    discussed = AgendaItem.objects.filter(
        kind=SubjectKind.CHILD,
        meeting__panel__authority_id__in=period.authority_ids,
        meeting__panel__meeting_type__code="marmm",
        meeting__held_at__gte=period.start,
        meeting__held_at__lt=min(period.end, clock.now()),
    )
    return [Figure("Children discussed at MARMM", discussed.values("child_id").distinct().count())]
