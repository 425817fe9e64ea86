"""What intelligence adds to the home page. For hub staff, the emerging contexts. For the intelligence
roles, a reminder: disruption orders and notices expiring within the
warning clock (``disruption-expiry-warning``, 28 days), and those past their expiry with no outcome
recorded, oldest first. The panel names people and places, so the home page logs what it shows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.core import clock, dates
from hub.core.navigation import HomePanel
from hub.intelligence import selectors
from hub.intelligence.emerging import emerging_contexts

SHOWN = 8


def disruption_expiry_panel(user: Any) -> HomePanel:
    today = clock.today()
    reminders = selectors.disruption_reminders(user, today=today)
    rows = [(row, True) for row in reminders.awaiting_outcome] + [(row, False) for row in reminders.expiring]
    shown = rows[:SHOWN]
    days = dates.disruption_expiry_warning().days
    return HomePanel(
        title="Disruption orders expiring",
        empty_text=f"Orders and notices against people, groups and places appear here {days} days before "
        "they expire, and stay until what happened is recorded.",
        items=[
            {
                "label": f"{row.tactic.name}: {row.target.name}",
                "url": reverse("intelligence:disruption", args=[row.pk]),
                "hint": (
                    f"Expired {row.expires_on:%-d %b %Y}: record the outcome"
                    if overdue
                    else f"Expires {row.expires_on:%-d %b %Y}"
                ),
                "tag": "No outcome" if overdue else "",
                "tag_class": "govuk-tag--red",
            }
            for row, overdue in shown
        ],
        count=len(rows),
        consulted=[row for row, _ in shown],
        justification=selectors.JUSTIFICATION,
    )


def emerging_contexts_panel(user: Any) -> HomePanel:
    found = emerging_contexts(user)
    shown = found[:5]
    return HomePanel(
        title="Emerging contexts",
        empty_text="When children from different cases start to share a place, a day or a phone, the "
        "pattern appears here.",
        items=[
            {
                "label": alert.entity.name,
                "url": reverse("intelligence:entity", args=[alert.entity.pk]),
                "hint": alert.summary,
            }
            for alert in shown
        ],
        count=len(found),
        link_label="See the emerging contexts" if found else "",
        link_url=reverse("intelligence:emerging"),
        consulted=[alert.entity for alert in shown],
        justification="intelligence work in the record's area",
    )


def my_operations_panel(user: Any) -> HomePanel:
    """The open and suspended operations the reader leads or is a member of: how a member who works
    no intelligence (a social worker) reaches what the operation holds."""
    from django.db.models import Q

    from hub.intelligence.operation_models import OperationStatus
    from hub.intelligence.operation_selectors import LIST_JUSTIFICATION, operations_visible

    mine = (
        operations_visible(user)
        .filter(status__in=[OperationStatus.OPEN, OperationStatus.SUSPENDED])
        .filter(Q(lead=user) | Q(memberships__user=user, memberships__removed_at__isnull=True))
        .distinct()
        .order_by("-started_on", "name")
    )
    rows = list(mine[: SHOWN + 1])
    shown = rows[:SHOWN]
    return HomePanel(
        title="Your operations",
        empty_text="Operations you lead or are a member of appear here.",
        items=[
            {
                "label": operation.name,
                "url": reverse("intelligence:operation", args=[operation.pk]),
                "hint": f"{operation.get_kind_display()}, started {operation.started_on:%-d %b %Y}",
                "tag": "Suspended" if operation.status == OperationStatus.SUSPENDED else "",
                "tag_class": "govuk-tag--grey",
            }
            for operation in shown
        ],
        count=mine.count() if len(rows) > SHOWN else len(rows),
        consulted=shown,
        justification=LIST_JUSTIFICATION,
    )
