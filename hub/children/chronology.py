"""The child's chronology: every event about the child from every capability, in date order.

Capabilities add their events through ``register(kind, label, provider, after=...)`` from their
``AppConfig.ready()`` (the ``PROVIDERS`` registry); the chronology never imports them. A provider
receives the child and the reader and returns events the reader may see (it applies field scope, for
example hiding narrative from roles that may not read it), each with the kind it was registered under,
in a fixed number of queries however many events there are (no query per event: select what each event
shows with its rows).

A correction of a record about the child is an event of the record's own kind, at the moment it was made
(``correction_event``), seen by exactly those who see the record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.core.corrections import Correction, described
from hub.core.registry import Anchors, Registry


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


@dataclass(frozen=True)
class Source:
    label: str  # the kind as the filter names it: "Missing episodes and return interviews"
    provider: Provider


# Providers by kind, read in this order (events at the same moment keep it).
PROVIDERS: Registry[Source] = Registry("chronology providers")


def register(kind: str, label: str, provider: Provider, *, after: Anchors = (), before: Anchors = ()) -> None:
    PROVIDERS.add(kind, Source(label, provider), after=after, before=before)


def kinds() -> dict[str, str]:
    """The kinds for the page's filter, by label."""
    return {kind: source.label for kind, source in sorted(PROVIDERS.items(), key=lambda item: item[1].label)}


def events_for(
    child: Any, user: Any, *, only_kinds: Iterable[str] | None = None, agency: str = ""
) -> list[ChronologyEvent]:
    """Every event about the child the reader may see, newest first. Each provider reads its events
    in a fixed number of queries, so the chronology costs the same however long the child's history."""
    wanted = set(only_kinds) if only_kinds else set(PROVIDERS.order())
    events: list[ChronologyEvent] = []
    for kind, source in PROVIDERS.items():
        if kind in wanted:
            events.extend(source.provider(child, user))
    return sorted(filter_events(events, agency=agency), key=lambda event: event.at, reverse=True)


def filter_events(
    events: Iterable[ChronologyEvent], *, only_kinds: Iterable[str] | None = None, agency: str = ""
) -> list[ChronologyEvent]:
    """The events of the kinds and the agency asked for (each provider's events carry its kind), from
    events already read: the page filters what it read once rather than asking every provider again."""
    wanted = set(only_kinds or ())
    return [
        event
        for event in events
        if (not wanted or event.kind in wanted) and (not agency or event.agency == agency)
    ]


def correction_event(correction: Correction, *, kind: str, title: str, url: str = "") -> ChronologyEvent:
    """A correction of a record about the child (``hub.core.corrections.Correction``), at the moment it
    was made: what changed, before and after, why, and who made it with their agency."""
    return ChronologyEvent(
        correction.at, kind, title, described(correction), agency=correction.agency, by=correction.by, url=url
    )
