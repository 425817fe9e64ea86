"""System checks for the accounts' settings (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_sign_in_is_off_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The demo's sign-in help lists accounts and shows codes: a production Hub must not have it on,
    even though the pages never show it there."""
    if settings.PRODUCTION and settings.HUB_DEMO_SIGN_IN:
        return [
            Error(
                "HUB_DEMO_SIGN_IN is on in production.",
                hint="Remove HUB_DEMO_SIGN_IN from the environment (or set it to false): "
                "it is for the demo only.",
                id="hub.E001",
            )
        ]
    return []
