"""System checks of the core: every registry can be ordered (registered in ``CoreConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from hub.core.registry import RegistryError, registries


def registries_ordered(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An anchor naming no entry, or anchors in a circle, stop the Hub starting rather than the page
    that first reads the registry."""
    errors: list[CheckMessage] = []
    for registry in registries():
        try:
            registry.order()
        except RegistryError as error:
            errors.append(Error(str(error), id="core.E001"))
    return errors
