"""What intelligence adds to the home page: the emerging contexts, for hub staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.core.navigation import HomePanel
from hub.intelligence.emerging import emerging_contexts


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
