from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hub.core.navigation import primary_navigation


def hub(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated and user.is_verified())
    return {
        "service_name": "Missing and Exploitation Hub",
        "signed_in": signed_in,
        "primary_navigation": primary_navigation(request) if signed_in else [],
    }
