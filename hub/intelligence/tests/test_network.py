"""The network's pure computations on small graphs: strength, the cap, the measures, chains, communities,
replay months; and, with hypothesis, that nothing comes out that was not put in."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hub.intelligence import network
from hub.intelligence.network import Edge


def edge(
    pk: int, a: int, b: int, grade: str = "B", seen: date = date(2026, 1, 1), to: date | None = None
) -> Edge:
    return Edge(pk, a, b, "associates_with", seen, to, "3x5x2", grade)


def test_strength_is_sureness_then_recency_then_id():
    old_sure = edge(1, 1, 2, "A", date(2020, 1, 1))
    new_unsure = edge(2, 1, 3, "D", date(2026, 6, 1))
    new_sure = edge(3, 1, 4, "A", date(2026, 6, 1))
    seen_late = edge(4, 1, 5, "A", date(2019, 1, 1), to=date(2026, 7, 1))
    same = edge(5, 1, 6, "A", date(2026, 6, 1))
    kept, rest = network.strongest([old_sure, new_unsure, new_sure, seen_late, same], 3)
    assert [e.id for e in kept] == [4, 3, 5] and rest == 2
    older = Edge(9, 1, 2, "seen_at", date(2026, 1, 1), None, "5x5x5", "1")
    assert older.sureness == 1 and network.sureness("5x5x5", "9") == 5


def test_grades_at_least_reads_both_systems():
    assert network.grades_at_least("b") == {"3x5x2": ["A", "B"], "5x5x5": ["1", "2"]}


def test_measures_of_a_bridge():
    # Two triangles joined through 3-4: 3 and 4 hold the network together.
    edges = [
        edge(i, a, b) for i, (a, b) in enumerate([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)])
    ]
    found = network.measures([1, 2, 3, 4, 5, 6], edges)
    top = sorted(found.betweenness, key=lambda n: -found.betweenness[n])
    assert set(top[:2]) == {3, 4} and found.betweenness[1] == 0
    assert abs(sum(found.pagerank.values()) - 1) < 1e-4
    assert found.community[1] == found.community[2] == found.community[3]
    assert found.community[4] == found.community[5] == found.community[6] != found.community[1]
    assert network.measures([], []) == network.Measures({}, {}, {})


def test_the_shortest_chain_takes_the_strongest_of_parallel_links():
    edges = [
        edge(1, 1, 2, "D"),
        edge(2, 2, 1, "A"),
        edge(3, 2, 3),
        edge(4, 1, 4),
        edge(5, 4, 5),
        edge(6, 5, 3),
    ]
    chain = network.shortest_chain(edges, 1, 3)
    assert chain is not None and [e.id for e in chain] == [2, 3]
    assert network.shortest_chain(edges, 1, 99) is None
    assert network.shortest_chain(edges, 1, 1) == []


def test_communities_are_numbered_largest_first():
    pairs = [(1, 2), (2, 3), (3, 1), (3, 4), (10, 11)]
    found = network.communities([1, 2, 3, 4, 10, 11, 20], pairs)
    sizes = [len(c.members) for c in found.communities]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == 7
    assert found.entities == 7 and found.links == 5
    assert found.community_of[20] not in (found.community_of[1], found.community_of[10])
    assert found.communities[0].members[0] == 3 and found.connections[3] == 3  # the most connected first
    players = network.key_players([1, 2, 3, 4, 10, 11, 20], pairs, top=2)
    assert len(players) == 2 and players[0][0] == 3 and players[0][1] > players[1][1]


def test_months_run_from_the_first_sighting_to_the_last():
    edges = [
        edge(1, 1, 2, seen=date(2025, 11, 20)),
        edge(2, 2, 3, seen=date(2026, 1, 3), to=date(2026, 2, 1)),
    ]
    assert network.months_seen(edges) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert network.months_seen([]) == []


edges_strategy = st.lists(
    st.builds(
        edge,
        pk=st.integers(1, 10_000),
        a=st.integers(1, 30),
        b=st.integers(1, 30),
        grade=st.sampled_from("ABCDE"),
        seen=st.dates(date(2020, 1, 1), date(2026, 12, 1)),
    ),
    max_size=60,
    unique_by=lambda e: e.id,
)


@settings(max_examples=60, deadline=None)
@given(edges=edges_strategy, hidden=st.sets(st.integers(1, 30), max_size=10), limit=st.integers(0, 40))
def test_nothing_comes_out_that_was_not_put_in(edges, hidden, limit):
    """What a reader may see (nodes not hidden, edges between two of them) is all that goes in; every
    edge, chain and community that comes out is made of it, and a hidden entity is in none."""
    visible_edges = [
        e for e in edges if e.source not in hidden and e.target not in hidden and e.source != e.target
    ]
    nodes = sorted({n for e in visible_edges for n in (e.source, e.target)})
    kept, rest = network.strongest(visible_edges, limit)
    assert set(kept) <= set(visible_edges) and len(kept) + rest == len(visible_edges)
    found = network.measures(nodes, kept)
    assert set(found.community) == set(found.pagerank) == set(found.betweenness) == set(nodes)
    summary = network.communities(nodes, [(e.source, e.target) for e in visible_edges])
    members = [m for c in summary.communities for m in c.members]
    assert sorted(members) == nodes and not set(members) & hidden
    if len(nodes) >= 2:
        chain = network.shortest_chain(visible_edges, nodes[0], nodes[-1])
        if chain is not None:
            assert set(chain) <= set(visible_edges)
            assert not {n for e in chain for n in (e.source, e.target)} & hidden


@settings(max_examples=40, deadline=None)
@given(edges=edges_strategy, extra=st.integers(1, 5))
def test_what_the_reader_cannot_see_never_changes_their_numbers(edges, extra):
    """Adding edges to a hidden entity and then scoping them away gives exactly the same figures."""
    simple = [e for e in edges if e.source != e.target]
    nodes = sorted({n for e in simple for n in (e.source, e.target)})
    hidden_edges = [
        edge(20_000 + i, nodes[0] if nodes else 1, 999, "A", date(2026, 12, 1)) for i in range(extra)
    ]
    everything = simple + hidden_edges
    seen = [e for e in everything if 999 not in (e.source, e.target)]
    assert network.measures(nodes, seen) == network.measures(nodes, simple)
    assert network.strongest(seen, 10) == network.strongest(simple, 10)


def test_a_long_chain_is_found_end_to_end():
    line = [edge(i, i, i + 1, seen=date(2026, 1, 1) + timedelta(days=i)) for i in range(1, 8)]
    chain = network.shortest_chain(line, 1, 8)
    assert chain is not None and [e.id for e in chain] == list(range(1, 8))


def test_the_chain_page_finds_the_other_record_and_shows_the_links_in_order(client_for, ana, network, people):
    """Kai was found at the Station Hotel, which Jay controls: the page finds Jay by name and shows the
    two links, in order, with their dates and grading; a practitioner is refused the page."""
    from django.urls import reverse

    url = reverse("intelligence:chain", args=[network["kai"].pk])
    found = client_for(ana).get(url, {"q": "Jay"}).content.decode()
    assert f"?to={network['jay'].pk}" in found
    page = client_for(ana).get(url, {"to": network["jay"].pk}).content.decode()
    chain_part = page.split('data-testid="chain"')[1].split("</ol>")[0]
    assert (
        chain_part.index("Kai Brennan") < chain_part.index("Station Hotel") < chain_part.index("Jay Corran")
    )
    assert "found at" in chain_part and "graded" in chain_part
    assert client_for(people["bob"]).get(url).status_code == 403
