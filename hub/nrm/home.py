"""The hub's queue of NRM clocks on the home page: reasonable grounds decisions overdue and due, and
conclusive grounds decisions the recovery period now allows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.core import clock
from hub.core.navigation import HomePanel
from hub.nrm import rules, selectors


def _hint(clock_now: rules.Clock) -> str:
    if clock_now.due is None:
        return clock_now.label
    word = "from" if clock_now.state == rules.ClockState.CG_DUE else "by"
    return f"{clock_now.label} {word} {clock_now.due:%-d %b %Y}"


def nrm_clocks_panel(user: Any) -> HomePanel:
    today = clock.today()
    queue = selectors.clock_queue(user, today=today)
    shown = queue[:5]
    return HomePanel(
        title="NRM decisions",
        empty_text="Children referred to the National Referral Mechanism will appear here while a "
        "reasonable grounds decision is awaited, and again once a conclusive grounds decision is possible.",
        items=[
            {
                "label": row.referral.child.full_name,
                "url": reverse("nrm:detail", args=[row.referral.pk]),
                "hint": _hint(row.clock),
                "tag": "Overdue" if row.clock.is_overdue else "",
                "tag_class": "govuk-tag--red",
            }
            for row in shown
        ],
        count=len(queue),
        link_label="See all NRM clocks" if queue else "",
        link_url=reverse("nrm:queue"),
        consulted=[row.referral for row in shown],
        justification="hub staff",
    )
