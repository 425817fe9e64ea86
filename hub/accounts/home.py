from __future__ import annotations

from typing import Any

from django.utils import timezone

from hub.core.navigation import HomePanel


def account_panel(user: Any) -> HomePanel:
    agency = user.agency
    authorities = ", ".join(agency.authorities.values_list("name", flat=True)) if agency else ""
    items = [
        {"label": f"Roles: {', '.join(user.role_labels()) or 'none yet'}"},
        {"label": f"Agency: {agency.name if agency else 'none: ask your administrator'}"},
    ]
    if authorities:
        items.append({"label": f"Areas you work in: {authorities}"})
    if user.last_login:
        items.append({"label": f"Signed in at {timezone.localtime(user.last_login):%H:%M on %d %B %Y}"})
    return HomePanel(title="Your account", empty_text="", items=items)
