from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.audit.services import log_consultation
from hub.children.relationships import allocated_children
from hub.children.selectors import duplicates_open
from hub.core.navigation import HomePanel


def my_children_panel(user: Any) -> HomePanel:
    children = list(allocated_children(user).select_related("level").order_by("last_name", "first_name")[:20])
    items = [
        {
            "label": child.full_name,
            "url": reverse("children:detail", args=[child.pk]),
            "tag": child.level.name if child.level else "",
            "tag_class": f"govuk-tag--{child.level.tag_colour}" if child.level else "",
        }
        for child in children
    ]
    return HomePanel(
        title="Children allocated to you",
        empty_text="Children you hold will appear here with their level of concern and plan review dates.",
        items=items,
        count=len(items) if items else None,
        consulted=children,
        justification="allocation",
    )


def records_to_link_panel(user: Any) -> HomePanel:
    """Records that may be the same child, for the hub to confirm or keep apart in the duplicates queue
    (or on the child's page, where the possible duplicate is shown)."""
    duplicates = duplicates_open(user)
    count = duplicates.count()
    shown = list(duplicates[:10]) if count else []
    if shown:
        log_consultation(
            records=[child for pair in shown for child in (pair.child, pair.other)],
            justification="hub_staff",
            detail="home: records to link",
        )
    return HomePanel(
        title="Records to link",
        empty_text="No records in your area look like the same child. Possible duplicates found when a "
        "record is added or changed will appear here for you to confirm or keep apart.",
        items=[
            {
                "label": f"{pair.child.full_name} may be the same child as {pair.other.full_name}",
                "url": reverse("children:detail", args=[pair.child.pk]),
                "hint": pair.reasons,
                "tag": f"{round(pair.score * 100)}% alike",
                "tag_class": "govuk-tag--grey",
            }
            for pair in shown
        ],
        count=count,
        link_label="See every possible duplicate" if count else "",
        link_url=reverse("children:duplicates") if count else "",
    )
