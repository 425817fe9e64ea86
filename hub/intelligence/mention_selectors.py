"""The links the Hub's own records suggest (``mentions.py``): each mention of a place or a person in a
record of a child the reader may see, matched against the entities the reader may see, less what is
already linked from that record or was dismissed. Nothing here writes; an analyst confirms or dismisses
(``mention_services.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from hub.accounts import access
from hub.accounts.models import User
from hub.children.models import Child
from hub.core import clock
from hub.intelligence import mentions
from hub.intelligence.models import Entity, EntityKind, Link, MentionDismissal
from hub.intelligence.selectors import entities_visible

# How far back the suggestions look: the records of the last quarter.
LOOKBACK = timedelta(days=92)
# Names shorter than this match too much ("Jo", "Bay") to be suggested from free text.
SHORTEST_NAME = 4
TARGET_KINDS = {
    "seen_at": {EntityKind.LOCATION, EntityKind.ORGANISATION},
    "found_at": {EntityKind.LOCATION, EntityKind.ORGANISATION},
    "associates_with": {EntityKind.PERSON},
}
_WORDS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Suggestion:
    mention: mentions.Mention
    child: Child
    entity: Entity
    because: str  # the name, alias or postcode that matched

    @property
    def origin_type_id(self) -> int:
        return ContentType.objects.get_for_model(self.mention.origin).pk


def _spaced(text: str) -> str:
    return f" {_WORDS.sub(' ', text.lower()).strip()} "


def matches(text: str, entity: Entity) -> str | None:
    """The name, other name or postcode of ``entity`` that ``text`` mentions (names as whole words), if
    any."""
    spaced = _spaced(text)
    for name in [entity.name, *(alias.name for alias in entity.aliases.all())]:
        if len(name.strip()) >= SHORTEST_NAME and _spaced(name) in spaced:
            return name
    if entity.postcode and entity.postcode.replace(" ", "").lower() in text.lower().replace(" ", ""):
        return entity.postcode
    return None


def link_suggestions(user: User, *, since: date | None = None) -> list[Suggestion]:
    since = since or clock.today() - LOOKBACK
    areas = access.authority_ids(user)
    found = [mention for source in mentions.SOURCES for mention in source(areas, since)]
    children = {
        child.pk: child
        for child in access.visible(user, Child.objects.filter(pk__in={m.child_id for m in found}))
    }
    candidates = list(
        entities_visible(user)
        .filter(kind__in=set().union(*TARGET_KINDS.values()))
        .prefetch_related("aliases")
    )
    origin_ids = {mention.origin.pk for mention in found}
    linked = set(
        Link.objects.filter(origin_id__in=origin_ids, disposed_at__isnull=True).values_list(
            "origin_type_id", "origin_id", "target_id", "kind"
        )
    )
    dismissed = set(
        MentionDismissal.objects.filter(origin_id__in=origin_ids).values_list(
            "origin_type_id", "origin_id", "entity_id", "kind"
        )
    )
    rows: list[Suggestion] = []
    for mention in found:
        child = children.get(mention.child_id)
        if child is None:
            continue
        origin_type = ContentType.objects.get_for_model(mention.origin).pk
        for entity in candidates:
            if (
                entity.kind not in TARGET_KINDS.get(mention.kind, set())
                or entity.authority_id != child.authority_id
            ):
                continue
            key = (origin_type, mention.origin.pk, entity.pk, mention.kind)
            if key in linked or key in dismissed:
                continue
            because = matches(mention.text, entity)
            if because:
                rows.append(Suggestion(mention=mention, child=child, entity=entity, because=because))
    return sorted(rows, key=lambda row: (-row.mention.on.toordinal(), row.child.pk, row.entity.name))
