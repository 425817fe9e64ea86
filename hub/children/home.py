from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.children.models import Child
from hub.core.navigation import HomePanel


def my_children_panel(user: Any) -> HomePanel:
    children = list(
        Child.objects.filter(allocations__worker=user, allocations__end__isnull=True)
        .select_related("level")
        .order_by("last_name", "first_name")
        .distinct()[:20]
    )
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
