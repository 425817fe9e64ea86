"""Reads of the network, each over what the reader may see and nothing else, each logged.

The only sources of nodes and edges are ``selectors.entities_visible`` and ``selectors.links_visible``
(the access policies): an edge is read only when the reader may see it and both entities it joins, so
no path, count, community or ranking is ever worked out over a hidden person or place. For speed the
DISTINCT ``access.visible`` adds is dropped (``_without_repeats``), and "both ends visible" is the entity
policy's relationship (``relationships.in_area``) read through the link's foreign keys (``_end_visible``)
rather than a list of every visible entity; the neighbourhood then keeps only entities that
``entities_visible`` returns, so the policy has the last word.

**A neighbourhood** is read breadth first in the database, one query per step over the indexed
``source`` and ``target`` columns, never by loading the whole network: step 1 reads the links of the
entity, step 2 those of the entities step 1 reached (less the links read at step 1), and so on. At
most ``CAP`` links are drawn; each step takes the strongest of what it finds (``network.strength_key``,
ordered in the database) within what is left of the cap, and counts the rest (a window count in the
same query; a count of its own once the cap is full), so ``rest`` is how many links touching the
entities shown are not drawn, each counted once. When the cap is reached, the next step grows only
from the entities already shown, so what is drawn is always connected to the entity in the middle.

**A chain** between two entities is found by growing two neighbourhoods at once, the smaller side a
step at a time, until they meet (at most ``MAX_CHAIN`` links), then ``network.shortest_chain`` over
the links read.

**Communities** and **key players** are over the reader's whole network (every link they may see
between two entities they may see), read in two plain queries and handed to igraph."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Model, Q, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce

from hub.accounts import access
from hub.accounts.models import User
from hub.audit.models import LogAction
from hub.audit.services import log, log_consultation
from hub.intelligence import network
from hub.intelligence.models import Entity, Link
from hub.intelligence.relationships import in_area
from hub.intelligence.selectors import entities_visible, links_visible

M = TypeVar("M", bound=Model)

CAP = 500
MAX_CHAIN = 6
JUSTIFICATION = "intelligence work in the record's area"
EDGE_FIELDS = (
    "id",
    "source_id",
    "target_id",
    "kind",
    "seen_from",
    "seen_to",
    "grading",
    "intelligence_grade",
)


@dataclass(frozen=True)
class Filters:
    steps: int = 2
    kinds: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    min_grade: str = ""

    def describe(self) -> str:
        parts = [f"steps {self.steps}"]
        if self.kinds:
            parts.append("kinds " + ",".join(self.kinds))
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.min_grade:
            parts.append(f"grade {self.min_grade} or surer")
        return "; ".join(parts)


@dataclass(frozen=True)
class Neighbourhood:
    centre: Entity
    entities: list[Entity]  # by name
    edges: list[network.Edge]  # strongest first
    rest: int
    measures: network.Measures
    filters: Filters = field(default_factory=Filters)


def _without_repeats(rows: QuerySet[M]) -> QuerySet[M]:
    """``rows`` (from ``access.visible``) without the DISTINCT it adds for policies whose relationships
    join many-valued relations: the intelligence policies follow foreign keys only (``relationships``),
    so no row can repeat, and on a network of a million links the DISTINCT is most of a query's time."""
    rows.query.distinct = False
    return rows


def _end_visible(user: User, end: str) -> Q:
    """That the entity at one end of a link (``end``: "source" or "target") is one the reader may see:
    the entity policy's relationship (``relationships.in_area``), read through the link's foreign key,
    so the database joins rather than lists every visible entity."""
    return Q(
        *[(f"{end}__{lookup}", value) for lookup, value in in_area(user).children]  # type: ignore[misc]
    )


def scoped_links(user: User, filters: Filters) -> QuerySet[Link]:
    """The links the reader may see, joining two entities they may see, within ``filters``: of the
    kinds named, seen at some time between ``since`` and ``until``, graded at least ``min_grade``."""
    rows = _without_repeats(links_visible(user)).filter(
        _end_visible(user, "source"), _end_visible(user, "target")
    )
    if filters.kinds:
        rows = rows.filter(kind__in=filters.kinds)
    if filters.until:
        rows = rows.filter(seen_from__lte=filters.until)
    if filters.since:
        rows = rows.filter(
            Q(seen_to__gte=filters.since) | Q(seen_to__isnull=True, seen_from__gte=filters.since)
        )
    if filters.min_grade:
        allowed = Q()
        for system, grades in network.grades_at_least(filters.min_grade).items():
            allowed |= Q(grading=system, intelligence_grade__in=grades)
        rows = rows.filter(allowed)
    return rows


def _strongest_first(rows: QuerySet[Link]) -> QuerySet[Link]:
    """``network.strength_key`` in the database."""
    sure = Case(
        *[
            When(grading=system, intelligence_grade=grade, then=Value(rank))
            for system, ranks in network.SURENESS.items()
            for grade, rank in ranks.items()
        ],
        default=Value(5),
        output_field=IntegerField(),
    )
    return rows.annotate(sure=sure, last=Coalesce(F("seen_to"), F("seen_from"))).order_by(
        "sure", "-last", "pk"
    )


def _edge(row: Sequence[object]) -> network.Edge:
    return network.Edge(*row)  # type: ignore[arg-type]


def _touching(ids: set[int]) -> Q:
    return Q(source_id__in=ids) | Q(target_id__in=ids)


def neighbourhood(user: User, centre: Entity, filters: Filters, *, cap: int = CAP) -> Neighbourhood:
    """The entities and links within ``filters.steps`` of ``centre`` the reader may see (the caller has
    checked they may see ``centre``), at most ``cap`` links, strongest first; logged."""
    scoped = scoped_links(user, filters)
    kept: dict[int, network.Edge] = {}
    reached, frontier, rest = {centre.pk}, {centre.pk}, 0
    for _ in range(filters.steps):
        if not frontier:
            break
        # A link touching an entity reached at an earlier step was read (drawn or counted) then.
        touching = scoped.filter(_touching(frontier))
        if reached - frontier:
            touching = touching.exclude(_touching(reached - frontier))
        budget = cap - len(kept)
        if budget <= 0:
            rest += touching.count()
            break
        # The strongest within the budget, and (a window over the same rows) how many there are.
        read = list(
            _strongest_first(touching)
            .annotate(found=Window(Count("pk")))
            .values_list(*EDGE_FIELDS, "found")[:budget]
        )
        rows = [_edge(row[:-1]) for row in read]
        rest += read[0][-1] - len(read) if read else 0
        for edge in rows:
            kept[edge.id] = edge
        ends = {node for edge in rows for node in (edge.source, edge.target)}
        frontier = ends - reached
        reached |= ends
    entities = list(
        _without_repeats(entities_visible(user))
        .filter(pk__in=reached)
        .only("pk", "kind", "name")
        .order_by("name", "pk")
    )
    shown = {entity.pk for entity in entities}
    kept = {pk: edge for pk, edge in kept.items() if edge.source in shown and edge.target in shown}
    edges = sorted(kept.values(), key=network.strength_key)
    nodes = [entity.pk for entity in entities]
    result = Neighbourhood(centre, entities, edges, rest, network.measures(nodes, edges), filters)
    _log(
        user,
        result.entities,
        [edge.id for edge in edges],
        f"network of entity {centre.pk}: {filters.describe()}",
    )
    return result


def neighbourhood_of(user: User, pk: Any, filters: Filters) -> Neighbourhood:
    """``neighbourhood`` of the entity ``pk``: 404 (the refusal logged) when the reader may not see it;
    otherwise its consultation and the network's are written in one commit."""
    centre, decision = access.get_for_user(user, Entity, pk)
    with transaction.atomic():
        log_consultation(records=centre, justification=decision.justification, detail="network")
        return neighbourhood(user, centre, filters)


def _log(user: User, entities: list[Entity], link_ids: list[int], detail: str) -> None:
    """One consultation naming the entities shown, one naming the links, in one commit."""
    with transaction.atomic():
        if entities:
            log_consultation(records=entities, justification=JUSTIFICATION, detail=detail)
        if link_ids:
            log(
                action=LogAction.CONSULT,
                record_type="intelligence.link",
                record_ids=link_ids,
                justification=JUSTIFICATION,
                detail=detail,
            )


@dataclass(frozen=True)
class Chain:
    entities: list[Entity]  # in order along the chain, from start to end
    edges: list[network.Edge]


def chain(user: User, start: Entity, end: Entity, filters: Filters) -> Chain | None:
    """The shortest chain of links the reader may see from ``start`` to ``end`` (the caller has checked
    they may see both), at most ``MAX_CHAIN`` links; ``None`` when there is none that short; logged."""
    scoped = scoped_links(user, filters)
    collected: dict[int, network.Edge] = {}
    sides = [({start.pk}, {start.pk}), ({end.pk}, {end.pk})]  # (reached, frontier) from each end
    steps = 0
    while steps < MAX_CHAIN and not (sides[0][0] & sides[1][0]):
        side = 0 if len(sides[0][1]) <= len(sides[1][1]) else 1
        reached, frontier = sides[side]
        if not frontier:
            break
        rows = [_edge(row) for row in scoped.filter(_touching(frontier)).values_list(*EDGE_FIELDS)]
        collected.update((edge.id, edge) for edge in rows)
        ends = {node for edge in rows for node in (edge.source, edge.target)}
        sides[side] = (reached | ends, ends - reached)
        steps += 1
    found = network.shortest_chain(list(collected.values()), start.pk, end.pk)
    if found is None:
        return None
    order = [start.pk]
    for edge in found:
        order.append(edge.target if edge.source == order[-1] else edge.source)
    by_id = entities_visible(user).in_bulk(order)
    result = Chain([by_id[pk] for pk in order], found)
    _log(user, result.entities, [edge.id for edge in found], f"chain from entity {start.pk} to {end.pk}")
    return result


def _column(sql: str, params: Sequence[Any]) -> list[tuple[int, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cast(list[tuple[int, ...]], cursor.fetchall())


def whole_network(user: User) -> tuple[list[int], list[tuple[int, int]]]:
    """Every entity the reader may see, and every link they may see (as its two ends); a link to an
    entity they may not see is left out by ``network`` (its end is not among the entities)."""
    ids_sql, ids_params = (
        _without_repeats(entities_visible(user)).order_by("pk").values_list("pk").query.sql_with_params()
    )
    pairs_sql, pairs_params = (
        _without_repeats(links_visible(user))
        .order_by()
        .values_list("source_id", "target_id")
        .query.sql_with_params()
    )
    nodes = [row[0] for row in _column(ids_sql, ids_params)]
    return nodes, _column(pairs_sql, pairs_params)  # type: ignore[return-value]


def _ceiling() -> int:
    """The highest entity id (only to size igraph's id space: it reveals nothing to the reader), read
    after the network so no id in it is higher."""
    return Entity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _log_named(user: User, entities: dict[int, Entity], detail: str) -> None:
    if entities:
        log_consultation(
            records=sorted(entities.values(), key=lambda entity: entity.pk),
            justification=JUSTIFICATION,
            detail=detail,
        )


@dataclass(frozen=True)
class NetworkCommunities:
    summary: network.Communities
    names: dict[int, Entity]  # the entities named in what is shown


def communities(user: User, *, shown: int = 20, members: int = 10) -> NetworkCommunities:
    """Leiden communities of the reader's whole network: how many, and the ``shown`` largest with their
    ``members`` most connected entities, which are logged."""
    nodes, pairs = whole_network(user)
    summary = network.communities(nodes, pairs, ceiling=_ceiling())
    named = sorted({pk for community in summary.communities[:shown] for pk in community.members[:members]})
    entities = entities_visible(user).in_bulk(named)
    _log_named(
        user, entities, f"communities of the network ({summary.entities} entities, {summary.links} links)"
    )
    return NetworkCommunities(summary, entities)


def key_players(user: User, *, top: int = 20) -> list[tuple[Entity, float]]:
    """The ``top`` entities of the reader's whole network by PageRank, highest first; logged."""
    nodes, pairs = whole_network(user)
    ranked = network.key_players(nodes, pairs, top=top, ceiling=_ceiling())
    entities = entities_visible(user).in_bulk([pk for pk, _ in ranked])
    _log_named(user, entities, f"key players of the network (PageRank over {len(nodes)} entities)")
    return [(entities[pk], rank) for pk, rank in ranked if pk in entities]
