"""Parts of a child's record other capabilities add to its sub navigation (Missing, Plans, ...),
so the children app never imports them."""

from __future__ import annotations

from dataclasses import dataclass


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
