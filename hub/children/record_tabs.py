"""Parts of a child's record other capabilities add to it, so the children app never imports them:
tabs in its sub navigation (Missing, Plans, ...) and actions on its summary page (Report missing, ...),
each registered by key from the app's ``AppConfig.ready()`` and placed by name (``after="missing"``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hub.core.registry import Anchors, Registry


@dataclass(frozen=True)
class RecordTab:
    key: str
    label: str
    url_name: str  # takes the child's pk


TABS: Registry[RecordTab] = Registry("record tabs")


def register(tab: RecordTab, *, after: Anchors = (), before: Anchors = ()) -> None:
    TABS.add(tab.key, tab, after=after, before=before)


def tabs() -> list[RecordTab]:
    return TABS.values()


@dataclass(frozen=True)
class RecordAction:
    """A button on the child's summary page. ``url`` takes the child; ``label`` may use ``{first_name}``.
    Shown to people with one of ``roles``; the page the button leads to makes its own access check."""

    key: str
    label: str
    url: Callable[[Any], str]
    roles: frozenset[str]


ACTIONS: Registry[RecordAction] = Registry("record actions")


def register_action(action: RecordAction, *, after: Anchors = (), before: Anchors = ()) -> None:
    ACTIONS.add(action.key, action, after=after, before=before)


def actions_for(user: Any, child: Any) -> list[dict[str, str]]:
    return [
        {
            "key": action.key,
            "label": action.label.format(first_name=child.first_name),
            "url": action.url(child),
        }
        for action in ACTIONS
        if user.has_role(*action.roles)
    ]
