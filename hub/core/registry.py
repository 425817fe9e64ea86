"""The one way an app adds to another app's lists: a typed ``Registry`` (docs/architecture.md, "Registries").

A lower app owns a registry (the home page's panels, the child's chronology, a meeting's agenda rules);
higher apps add to it from their ``AppConfig.ready()``, never as a side effect of an import, so the
lower app never imports them. Each entry has a key, and its place is said by name: ``after`` and
``before`` name the keys it follows and precedes ("after: screening", "before: namesakes"). An app
names only keys of its own or of the apps below it; where a lower app's entry must come after a
higher app's, the higher app says ``before``.

The order is a function of the keys and anchors alone: entries no anchor orders come in key order,
so it never depends on the order of ``INSTALLED_APPS`` or of the lines in ``ready()``. A duplicate
key fails as it is added; an anchor naming no entry, or anchors that go round in a circle, fail when
the order is first read (an entry may name one added later: apps start in ``INSTALLED_APPS`` order)
and in ``manage.py check`` (``hub.core.checks``), which reads every registry.
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

# One key, or several: ``after="level"`` or ``after=("level", "record")``.
Anchors = str | tuple[str, ...]


class RegistryError(ImproperlyConfigured):
    """A registry that cannot be ordered: a key added twice, an anchor naming no entry, or a cycle."""


@dataclass(frozen=True)
class _Entry(Generic[T]):
    item: T
    after: tuple[str, ...]
    before: tuple[str, ...]


def _keys(anchors: Anchors) -> tuple[str, ...]:
    return (anchors,) if isinstance(anchors, str) else tuple(anchors)


class Registry(Generic[T]):
    """Entries by key, read in the order their anchors give (ties in key order)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, _Entry[T]] = {}
        self._order: list[str] | None = None
        _all.add(self)

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self._entries)} entries>"

    def add(self, key: str, item: T, *, after: Anchors = (), before: Anchors = ()) -> T:
        """Add ``item`` under ``key``, after the entries named in ``after`` and before those in
        ``before``. Returns the item. A key already added is refused."""
        if key in self._entries:
            raise RegistryError(f"{self.name}: {key!r} is already registered.")
        after_keys, before_keys = _keys(after), _keys(before)
        if key in after_keys or key in before_keys:
            raise RegistryError(f"{self.name}: {key!r} cannot be placed relative to itself.")
        self._entries[key] = _Entry(item, after_keys, before_keys)
        self._order = None
        return item

    @contextmanager
    def temporarily(self, key: str, item: T, *, after: Anchors = (), before: Anchors = ()) -> Iterator[T]:
        """For tests: ``item`` is registered inside the ``with`` block only."""
        self.add(key, item, after=after, before=before)
        try:
            yield item
        finally:
            del self._entries[key]
            self._order = None

    def order(self) -> list[str]:
        """The keys in order. Raises ``RegistryError`` for an unknown anchor or a cycle."""
        if self._order is None:
            self._order = self._resolve()
        return list(self._order)

    def _resolve(self) -> list[str]:
        follows: dict[str, set[str]] = {key: set() for key in self._entries}  # key -> keys before it
        for key, entry in self._entries.items():
            for anchor in entry.after + entry.before:
                if anchor not in self._entries:
                    raise RegistryError(
                        f"{self.name}: {key!r} is placed relative to {anchor!r}, which is not registered."
                    )
            follows[key].update(entry.after)
            for anchor in entry.before:
                follows[anchor].add(key)
        waiting = {key: len(earlier) for key, earlier in follows.items()}
        leads_to: dict[str, list[str]] = {key: [] for key in self._entries}
        for key, earlier in follows.items():
            for anchor in earlier:
                leads_to[anchor].append(key)
        ready = [key for key, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        order: list[str] = []
        while ready:
            key = heapq.heappop(ready)
            order.append(key)
            for later in leads_to[key]:
                waiting[later] -= 1
                if waiting[later] == 0:
                    heapq.heappush(ready, later)
        if len(order) < len(self._entries):
            stuck = sorted(key for key, count in waiting.items() if count)
            raise RegistryError(
                f"{self.name}: the anchors of {', '.join(map(repr, stuck))} go round in a circle."
            )
        return order

    def items(self) -> list[tuple[str, T]]:
        return [(key, self._entries[key].item) for key in self.order()]

    def values(self) -> list[T]:
        return [self._entries[key].item for key in self.order()]

    def __iter__(self) -> Iterator[T]:
        return iter(self.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __getitem__(self, key: str) -> T:
        return self._entries[key].item

    def get(self, key: str) -> T | None:
        entry = self._entries.get(key)
        return entry.item if entry is not None else None


_all: weakref.WeakSet[Registry[Any]] = weakref.WeakSet()


def registries() -> list[Registry[Any]]:
    """Every registry created so far, by name (for the system check and the tests)."""
    return sorted(_all, key=lambda registry: registry.name)
