"""Places: the locations ranked by how many children are linked to them in a period, each child with
their level of concern, for the ranked list, the map and the API.

Worked out only over what the reader may see: the links are ``network_selectors.scoped_links`` (the
link policy, both ends visible through the entity policy), and the places and children named are
those ``selectors.entities_visible`` returns, so a hidden child, link or place is never counted or
shown. A link counts when the days it was seen overlap the period (a link with no "last seen" was seen
on its first day only), as in the network's period filter. Every read is logged, naming the places,
children and links it showed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from hub.accounts.models import User
from hub.audit.models import LogAction
from hub.audit.services import log, log_consultation
from hub.core import clock
from hub.intelligence.models import Entity, EntityKind
from hub.intelligence.network_selectors import Filters, scoped_links
from hub.intelligence.selectors import JUSTIFICATION, entities_visible
from hub.reference.models import LevelOfConcern

DEFAULT_DAYS = 90


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last ``DEFAULT_DAYS`` days, today the last of them."""
    today = today or clock.today()
    return today - timedelta(days=DEFAULT_DAYS - 1), today


@dataclass(frozen=True)
class LinkedChild:
    entity: Entity
    level: LevelOfConcern | None


@dataclass(frozen=True)
class RankedPlace:
    place: Entity
    children: list[LinkedChild]  # by level, most concerning first, then by name

    @property
    def count(self) -> int:
        return len(self.children)

    @property
    def has_coordinates(self) -> bool:
        return self.place.latitude is not None and self.place.longitude is not None


def _child_place_links(user: User, since: date, until: date) -> list[tuple[int, int, int]]:
    """(link, place, child) for each link the reader may see between a child and a place, seen in the
    period."""
    rows = (
        scoped_links(user, Filters(since=since, until=until))
        .filter(
            Q(source__kind=EntityKind.CHILD, target__kind=EntityKind.LOCATION)
            | Q(source__kind=EntityKind.LOCATION, target__kind=EntityKind.CHILD)
        )
        .order_by()
        .values_list("pk", "source_id", "target_id", "source__kind")
    )
    return [
        (pk, target, source) if kind == EntityKind.CHILD else (pk, source, target)
        for pk, source, target, kind in rows
    ]


def _linked(entity: Entity) -> LinkedChild:
    return LinkedChild(entity, entity.child.level if entity.child is not None else None)


def ranked_places(user: User, since: date, until: date) -> list[RankedPlace]:
    """The places the reader may see, ranked by how many distinct children they may see are linked to
    each through links they may see, seen between ``since`` and ``until`` (both included); most first,
    then by name. Places with no child in the period are left out. Logged."""
    found = _child_place_links(user, since, until)
    children_of: dict[int, set[int]] = defaultdict(set)
    for _, place_id, child_id in found:
        children_of[place_id].add(child_id)
    ids = set(children_of) | {child for children in children_of.values() for child in children}
    # The entity policy has the last word on every place and child named.
    seen = entities_visible(user).filter(pk__in=ids).select_related("child__level").in_bulk()
    ranked: list[RankedPlace] = []
    for place_id, child_ids in children_of.items():
        place = seen.get(place_id)
        if place is None:
            continue
        children = [_linked(seen[pk]) for pk in child_ids if pk in seen]
        if not children:
            continue
        children.sort(
            key=lambda row: (-(row.level.rank if row.level else -1), row.entity.name, row.entity.pk)
        )
        ranked.append(RankedPlace(place, children))
    ranked.sort(key=lambda row: (-row.count, row.place.name, row.place.pk))
    shown = {row.place.pk for row in ranked} | {c.entity.pk for row in ranked for c in row.children}
    link_ids = sorted(link for link, place_id, child_id in found if place_id in shown and child_id in shown)
    _log(ranked, link_ids, f"places ranked by children linked from {since:%Y-%m-%d} to {until:%Y-%m-%d}")
    return ranked


def _log(ranked: list[RankedPlace], link_ids: list[int], detail: str) -> None:
    """One consultation naming the places and children shown, one naming the links counted, in one
    commit."""
    named = {row.place.pk: row.place for row in ranked}
    named.update((child.entity.pk, child.entity) for row in ranked for child in row.children)
    with transaction.atomic():
        if named:
            log_consultation(
                records=[named[pk] for pk in sorted(named)], justification=JUSTIFICATION, detail=detail
            )
        if link_ids:
            log(
                action=LogAction.CONSULT,
                record_type="intelligence.link",
                record_ids=link_ids,
                justification=JUSTIFICATION,
                detail=detail,
            )
