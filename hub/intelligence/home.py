"""The intelligence roles' reminder on the home page: disruption orders and notices expiring within the
warning clock (``disruption-expiry-warning``, 28 days), and those past their expiry with no outcome
recorded, oldest first. The panel names people and places, so the home page logs what it shows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.core import clock, dates
from hub.core.navigation import HomePanel
from hub.intelligence import selectors

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
