"""Places and people the Hub's own records mention in free text, offered to an analyst as links to confirm.

Free text is never turned into intelligence by itself: a missing episode's "last seen at the Station
Hotel" stays words until an analyst confirms that it means the Station Hotel the network holds. The apps
that keep such records (missing, screening) sit above this one, so each registers a source of mentions
here from its ``AppConfig.ready()``: a function giving, for the children of some authorities and since a
day, each mention with its child, its words, the kind of link it would make, its day and the record it
is in. ``selectors.link_suggestions`` matches them against the entities the reader may see."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models

from hub.core.registry import Anchors, Registry


@dataclass(frozen=True)
class Mention:
    child_id: int
    text: str
    kind: str  # the link it would make, from the child: "seen_at", "found_at", "associates_with"
    on: date
    origin: models.Model  # the record it is in (an episode), the link's origin once confirmed
    label: str  # the record in words: "Missing episode, last seen 12 November 2026"


# (the authorities' ids, the first day) -> the mentions in the records of those authorities' children
MentionSource = Callable[[list[int], date], Iterable[Mention]]

SOURCES: Registry[MentionSource] = Registry("intelligence mention sources")


def register(key: str, source: MentionSource, *, after: Anchors = (), before: Anchors = ()) -> None:
    SOURCES.add(key, source, after=after, before=before)
