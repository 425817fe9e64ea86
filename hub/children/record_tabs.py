"""Parts of a child's record other capabilities add to it, so the children app never imports them:
tabs in its sub navigation (Missing, Plans, ...) and actions on its summary page (Report missing, ...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordTab:
    key: str
    label: str
    url_name: str  # takes the child's pk
    order: int = 100


_tabs: dict[str, RecordTab] = {}


def register(tab: RecordTab) -> None:
    _tabs[tab.key] = tab


def tabs() -> list[RecordTab]:
    return sorted(_tabs.values(), key=lambda tab: tab.order)


@dataclass(frozen=True)
class RecordAction:
    """A button on the child's summary page. ``url`` takes the child; ``label`` may use ``{first_name}``.
    Shown to people with one of ``roles``; the page the button leads to makes its own access check."""

    key: str
    label: str
    url: Callable[[Any], str]
    roles: frozenset[str]
    order: int = 100


_actions: dict[str, RecordAction] = {}


def register_action(action: RecordAction) -> None:
    _actions[action.key] = action


def actions_for(user: Any, child: Any) -> list[dict[str, str]]:
    return [
        {
            "key": action.key,
            "label": action.label.format(first_name=child.first_name),
            "url": action.url(child),
        }
        for action in sorted(_actions.values(), key=lambda action: action.order)
        if user.has_role(*action.roles)
    ]
