"""The child's chronology: every event about the child from every capability, in date order.

Capabilities add their events through ``register(kind, label, provider)``; the chronology never
imports them. A provider receives the child and the reader and returns events the reader may see
(it applies field scope, for example hiding narrative from roles that may not read it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ChronologyEvent:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    agency: str = ""
    by: str = ""
    url: str = ""


Provider = Callable[[Any, Any], Iterable[ChronologyEvent]]

_providers: dict[str, tuple[str, Provider]] = {}


def register(kind: str, label: str, provider: Provider) -> None:
    _providers[kind] = (label, provider)


def kinds() -> dict[str, str]:
    return {kind: label for kind, (label, _) in sorted(_providers.items(), key=lambda item: item[1][0])}


def events_for(
    child: Any, user: Any, *, only_kinds: Iterable[str] | None = None, agency: str = ""
) -> list[ChronologyEvent]:
    wanted = set(only_kinds) if only_kinds else set(_providers)
    events: list[ChronologyEvent] = []
    for kind, (_, provider) in _providers.items():
        if kind in wanted:
            events.extend(provider(child, user))
    if agency:
        events = [event for event in events if event.agency == agency]
    return sorted(events, key=lambda event: event.at, reverse=True)
