"""The network's pure computations (issue 12, "Seeing the network"), on igraph: no database, no reader.

What goes in is what the reader may see, already scoped (``network_selectors``): a list of entity ids
and a list of ``Edge``. Nothing here can reveal a hidden entity, because nothing hidden is ever given to
it; the tests hold it to that with hypothesis (every returned edge is one given, every node one given).

**Strength** (which links are drawn when there are more than the cap): a link is stronger the surer
its intelligence is (``SURENESS``: the intelligence grade, A known directly .. E suspected to be false
on 3x5x2, 1 .. 5 on 5x5x5, both read as 1 .. 5), then the more recently it was last seen (``seen_to``,
or ``seen_from`` when no last sighting is recorded), then the lower its id (so the order is total and
the same on every database). The source's reliability is not used: how sure the intelligence is
already weighs what is known of its source, and a reliable source's rumour is still a rumour.

**Measures** over a neighbourhood: PageRank (damping 0.85) and betweenness over the neighbourhood as
an undirected simple graph (several links between two entities are one connection; betweenness is
normalised to 0..1 so neighbourhoods of any size compare), and Leiden communities (modularity, two
iterations, as igraph's default; a fixed seed, so the same network always gives the same colours).

**Communities** over the reader's whole network: the same Leiden run over every edge the reader may
see, numbered largest first, members most connected first. **Key players** of the whole network: by
PageRank over that same graph (a computation of its own: on a million links it takes about as long as
Leiden, and a reader asking for one need not wait for the other)."""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import igraph as ig

# How sure the intelligence is, 1 (surest) .. 5, per grading system (``rules.SCALES``).
SURENESS: dict[str, dict[str, int]] = {
    "3x5x2": {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5},
    "5x5x5": {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5},
}
# The names a reader gives a minimum grade (``min_grade``): the 3x5x2 letters, which are the same
# five steps as 5x5x5's digits.
GRADE_NAMES = ("A", "B", "C", "D", "E")
LEIDEN_SEED = 12
DAMPING = 0.85


@dataclass(frozen=True)
class Edge:
    id: int
    source: int
    target: int
    kind: str
    seen_from: date
    seen_to: date | None
    grading: str
    intelligence_grade: str

    @property
    def last_seen(self) -> date:
        return self.seen_to or self.seen_from

    @property
    def sureness(self) -> int:
        return sureness(self.grading, self.intelligence_grade)


def sureness(grading: str, intelligence_grade: str) -> int:
    """1 (surest) .. 5; an unknown grade counts as the least sure."""
    return SURENESS.get(grading, {}).get(intelligence_grade, 5)


def grades_at_least(min_grade: str) -> dict[str, list[str]]:
    """The intelligence grades, per system, at least as sure as ``min_grade`` (a 3x5x2 letter)."""
    step = GRADE_NAMES.index(min_grade.upper()) + 1
    return {
        system: [grade for grade, rank in ranks.items() if rank <= step] for system, ranks in SURENESS.items()
    }


def strength_key(edge: Edge) -> tuple[int, int, int]:
    """Sort key, strongest first: surest, then most recently seen, then lowest id."""
    return (edge.sureness, -edge.last_seen.toordinal(), edge.id)


def strongest(edges: Iterable[Edge], limit: int) -> tuple[list[Edge], int]:
    """The ``limit`` strongest edges, and how many were left out."""
    ordered = sorted(edges, key=strength_key)
    return ordered[:limit], max(0, len(ordered) - limit)


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph draws from one process-wide generator: seed it for one computation, then give it back."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _graph(nodes: Sequence[int], pairs: Iterable[tuple[int, int]]) -> ig.Graph:
    """An undirected simple graph over ``nodes`` (vertex i is ``nodes[i]``); pairs naming an id not in
    ``nodes`` are left out."""
    index = {node: i for i, node in enumerate(nodes)}
    joined = [(index[a], index[b]) for a, b in pairs if a in index and b in index and a != b]
    graph = ig.Graph(n=len(nodes), edges=joined, directed=False)
    graph.simplify(multiple=True, loops=True)
    return graph


def leiden(graph: ig.Graph) -> list[int]:
    """Leiden communities (modularity), numbered so the largest is 0 (ties: by smallest vertex)."""
    if graph.vcount() == 0:
        return []
    with _seeded(LEIDEN_SEED):
        raw = graph.community_leiden(objective_function="modularity", n_iterations=2).membership
    first: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for vertex, community in enumerate(raw):
        first.setdefault(community, vertex)
        sizes[community] = sizes.get(community, 0) + 1
    order = sorted(sizes, key=lambda community: (-sizes[community], first[community]))
    renumber = {community: number for number, community in enumerate(order)}
    return [renumber[community] for community in raw]


@dataclass(frozen=True)
class Measures:
    community: dict[int, int]
    pagerank: dict[int, float]
    betweenness: dict[int, float]


def measures(nodes: Sequence[int], edges: Iterable[Edge]) -> Measures:
    """Communities, PageRank and betweenness of a neighbourhood (see the module's docstring)."""
    graph = _graph(nodes, ((edge.source, edge.target) for edge in edges))
    if not nodes:
        return Measures({}, {}, {})
    ranks = _pagerank(graph)
    between = graph.betweenness(directed=False)
    n = len(nodes)
    scale = (n - 1) * (n - 2) / 2 if n > 2 else 1.0
    groups = leiden(graph)
    return Measures(
        community=dict(zip(nodes, groups, strict=True)),
        pagerank={node: round(rank, 6) for node, rank in zip(nodes, ranks, strict=True)},
        betweenness={node: round(value / scale, 6) for node, value in zip(nodes, between, strict=True)},
    )


def shortest_chain(edges: Sequence[Edge], start: int, end: int) -> list[Edge] | None:
    """The links of a shortest chain from ``start`` to ``end`` over ``edges`` (direction ignored; among
    several links joining the same two entities, the strongest), or ``None`` when none joins them."""
    if start == end:
        return []
    best: dict[frozenset[int], Edge] = {}
    for edge in sorted(edges, key=strength_key):
        best.setdefault(frozenset((edge.source, edge.target)), edge)
    nodes = sorted({node for edge in best.values() for node in (edge.source, edge.target)} | {start, end})
    graph = _graph(nodes, ((edge.source, edge.target) for edge in best.values()))
    index = {node: i for i, node in enumerate(nodes)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # igraph warns when no chain joins them
        path = graph.get_shortest_path(index[start], index[end], mode="all")
    if not path:
        return None
    return [best[frozenset((nodes[a], nodes[b]))] for a, b in pairwise(path)]


@dataclass(frozen=True)
class Community:
    number: int
    members: list[int]  # entity ids, the most connected first


@dataclass(frozen=True)
class Communities:
    entities: int
    links: int  # connections: several links between the same two entities are one
    communities: list[Community]  # largest first
    community_of: dict[int, int]
    connections: dict[int, int]  # how many other entities each is linked to


def _whole_graph(nodes: Sequence[int], pairs: Sequence[tuple[int, int]], ceiling: int | None) -> ig.Graph:
    """``_graph`` for a whole network, without a Python loop over its edges: igraph builds the graph on
    the ids themselves (``ceiling``: at least every id in ``pairs``, found from them when not given) and
    keeps the subgraph induced by ``nodes`` (sorted), so vertex i is ``nodes[i]`` and an edge to an id
    not in ``nodes`` is dropped."""
    if ceiling is None:
        ceiling = max((max(pair) for pair in pairs), default=0)
    ceiling = max(ceiling, nodes[-1] if nodes else 0)
    full = ig.Graph(n=ceiling + 1, edges=pairs, directed=False)
    graph = full.induced_subgraph(nodes, implementation="create_from_scratch")
    graph.simplify(multiple=True, loops=True)
    return graph


def communities(
    nodes: Sequence[int], pairs: Sequence[tuple[int, int]], *, ceiling: int | None = None
) -> Communities:
    """Leiden communities over a whole network (every entity the reader may see, every link joining two
    of them; a pair naming an entity not in ``nodes`` is left out)."""
    nodes = sorted(nodes)
    graph = _whole_graph(nodes, pairs, ceiling)
    groups = leiden(graph)
    degree = graph.degree()
    members: dict[int, list[int]] = {}
    for vertex, group in enumerate(groups):
        members.setdefault(group, []).append(vertex)
    found = [
        Community(
            number=group,
            members=[nodes[vertex] for vertex in sorted(vertices, key=lambda v: (-degree[v], nodes[v]))],
        )
        for group, vertices in sorted(members.items())
    ]
    return Communities(
        entities=len(nodes),
        links=graph.ecount(),
        communities=found,
        community_of=dict(zip(nodes, groups, strict=True)),
        connections=dict(zip(nodes, degree, strict=True)),
    )


def key_players(
    nodes: Sequence[int], pairs: Sequence[tuple[int, int]], *, top: int = 20, ceiling: int | None = None
) -> list[tuple[int, float]]:
    """The ``top`` entities of a whole network by PageRank, highest first (ties: lowest id)."""
    nodes = sorted(nodes)
    ranks = _pagerank(_whole_graph(nodes, pairs, ceiling))
    best = sorted(range(len(nodes)), key=lambda v: (-ranks[v], nodes[v]))[:top]
    return [(nodes[v], round(ranks[v], 6)) for v in best]


def _pagerank(graph: ig.Graph) -> list[float]:
    """PageRank (damping 0.85) by ARPACK: on these sparse graphs several times faster than PRPACK.
    ARPACK starts from a random vector and stops within its tolerance, so the same graph could round to
    a different sixth decimal from one call to the next: the start is seeded, so the same network always
    gives the same figures (and what a reader may not see never moves them)."""
    if graph.vcount() == 0:
        return []
    with _seeded(LEIDEN_SEED):
        return list(graph.pagerank(directed=False, damping=DAMPING, implementation="arpack"))


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_seen(edges: Iterable[Edge]) -> list[str]:
    """Every month from the first sighting of any edge to the last (for replaying the network)."""
    days = [day for edge in edges for day in (edge.seen_from, edge.last_seen)]
    if not days:
        return []
    first, last = min(days), max(days)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
