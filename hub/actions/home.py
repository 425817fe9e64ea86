"""The home page block of the user's own actions, overdue first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.actions import selectors
from hub.core import clock
from hub.core.navigation import HomePanel


def my_actions_panel(user: Any) -> HomePanel:
    today = clock.today()
    actions = selectors.my_actions(user, today=today)
    shown = actions[:5]
    return HomePanel(
        title="Your actions",
        empty_text="Actions agreed for you or your agency at meetings and in plans will appear here, "
        "overdue first.",
        items=[
            {
                "label": action.title,
                "url": reverse("actions:detail", args=[action.pk]),
                "hint": f"due {action.due:%d %b %Y}"
                + (f", {action.child.full_name}" if action.child else "")
                + (f", {action.subject_label}" if action.subject_label else ""),
                "tag": "Overdue" if action.is_overdue(today) else "",
                "tag_class": "govuk-tag--red",
            }
            for action in shown
        ],
        count=len(actions),
        link_label="See all your actions" if actions else "",
        link_url=reverse("actions:mine"),
        consulted=list(shown),
        justification="own",
    )
