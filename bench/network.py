"""Time the network API on a synthetic network: the 2-step neighbourhood of typical entities and of busy
ones (capped at the strongest 500 links), and the communities of the whole network against igraph's own
Leiden run on the same edges in memory. Prints p95 (and median) times and their ratios to the targets.

    .venv/bin/python bench/network.py [--entities 250000] [--links 1000000] [--samples 100]
                                      [--busy 20] [--fresh] [--check]

Targets (issue 12): a typical entity's 2-step neighbourhood (50 links or fewer) under 100 ms p95; a busy
one's strongest 500 with a count of the rest under 100 ms p95; communities within 2x of igraph's Leiden.

The network is made once into var/bench/network-<entities>-<links>.sqlite3 (HUB_VAR_DIR=var/bench) and
reused; --fresh makes it again. With DATABASE_URL set, that database is used (empty, or holding a
network this script made with the same sizes). Rows go in with plain INSERTs (no change history): this
is benchmark data, not a record of anything.

The shape (synthetic, seeded): ``HUBS`` busy entities (stations and phones, half each) whose numbers of
links fall off as a power law (the busiest has thousands), each linked to people of a "street" pool
(a fifth of the others); everyone else links mostly to people near them (a ring of small overlapping
circles, so there are communities to find) and sometimes to anyone. A link is graded 3x5x2 (A..E),
or 5x5x5 for one in ten (a few of those kept within the police, so the reader does not see them), and
seen between 2019 and 2026.

Every request goes through the Django test client as the area's hub analyst: the whole middleware
stack, the access policies and the access log written as in real use."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
TARGET_MS = 100.0
TARGET_RATIO = 2.0
HUBS = 250
SEED = 903


def _configure(entities: int, links: int, fresh: bool) -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HUB_ENV", "development")
    os.environ["HUB_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if not os.environ.get("DATABASE_URL"):
        database = BENCH_VAR / f"network-{entities}-{links}.sqlite3"
        os.environ["SQLITE_PATH"] = str(database)
        if fresh:
            database.unlink(missing_ok=True)

    import django

    django.setup()


def _shape(entities: int, links: int) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Entity kinds by index, and links as (source index, target index, kind)."""
    rng = random.Random(SEED)
    hubs = min(HUBS, max(2, entities // 100))
    kinds = ["location" if i % 2 == 0 else "phone" for i in range(hubs)]
    kinds += rng.choices(["person", "vehicle", "location", "group"], [85, 5, 5, 5], k=entities - hubs)
    street = list(range(hubs, hubs + (entities - hubs) // 5))
    hub_links = links * 3 // 10
    weights = [(rank + 1) ** -0.9 for rank in range(hubs)]
    made: list[tuple[int, int, str]] = []
    for hub in rng.choices(range(hubs), weights, k=hub_links):
        made.append((rng.choice(street), hub, "seen_at" if kinds[hub] == "location" else "uses_phone"))
    others = entities - hubs
    while len(made) < links:
        a = hubs + rng.randrange(others)
        b = (
            hubs + (a - hubs + rng.randint(1, 6)) % others
            if rng.random() < 0.85
            else hubs + rng.randrange(others)
        )
        if a != b:
            made.append((a, b, "associates_with"))
    return kinds, made


def _insert(table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    from django.db import connection, transaction

    names, marks = ", ".join(columns), ", ".join(["%s"] * len(columns))
    # Names from the models; the values are parameters.
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 20_000):
            cursor.executemany(sql, rows[start : start + 20_000])


def _build(entities: int, links: int):  # type: ignore[no-untyped-def]
    """The area, its hub analyst, and the network (made once); returns (analyst, entity ids by index,
    links as index pairs)."""
    from django.core.management import call_command

    from conftest import make_user
    from hub.accounts.models import Agency, Authority, User
    from hub.core.roles import Role
    from hub.intelligence.models import Entity, Link

    call_command("migrate", verbosity=0, interactive=False)
    kinds, shape = _shape(entities, links)
    analyst = User.objects.filter(username="bench-analyst").first()
    if analyst is None:
        area = Authority.objects.create(name="Benchmark Borough", ons_code="E06999901")
        hub = Agency.objects.create(name="Benchmark Hub", kind=Agency.Kind.HUB)
        hub.authorities.set([area])
        police = Agency.objects.create(name="Benchmark Police", kind=Agency.Kind.POLICE)
        police.authorities.set([area])
        analyst = make_user("bench-analyst", hub, Role.HUB_ANALYST)
    area_id = analyst.agency.authorities.get().pk
    police_id = Agency.objects.get(name="Benchmark Police").pk
    if Entity.objects.count() != entities or Link.objects.count() != len(shape):
        if Entity.objects.exists():
            raise SystemExit("The database holds another network: use --fresh or an empty DATABASE_URL.")
        rng = random.Random(SEED + 1)
        now = datetime.now(UTC)
        started = time.perf_counter()
        columns = ["authority_id", "kind", "name", "description", "group_type", "line_name", "location_type"]
        columns += ["address", "postcode", "identifier_key", "created_by_id", "created_at", "version"]
        _insert(
            Entity._meta.db_table,
            columns,
            [
                (area_id, kind, f"{kind.title()} {i}", "", "", "", "", "", "", "", analyst.pk, now, 1)
                for i, kind in enumerate(kinds)
            ],
        )
        ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
        columns = ["authority_id", "source_id", "target_id", "kind", "seen_from", "seen_to", "agency_id"]
        columns += ["origin_label", "grading", "source_grade", "intelligence_grade", "handling_code"]
        columns += [
            "handling_conditions",
            "casts_child_as_exploiter",
            "summary",
            "created_by_id",
            "created_at",
            "version",
        ]
        rows = []
        first = date(2019, 1, 1)
        for a, b, kind in shape:
            seen = first + timedelta(days=rng.randrange(2900))
            until = seen + timedelta(days=rng.randrange(400)) if rng.random() < 0.4 else None
            if rng.random() < 0.1:
                handling = "4" if rng.random() < 0.2 else rng.choice("12")
                grade = ("5x5x5", rng.choice("ABCDE"), rng.choice("12345"), handling)
                agency = police_id if handling == "4" else analyst.agency_id
            else:
                grade, agency = ("3x5x2", rng.choice("123"), rng.choice("ABCDE"), "P"), analyst.agency_id
            rows.append(
                (
                    area_id,
                    ids[a],
                    ids[b],
                    kind,
                    seen,
                    until,
                    agency,
                    "",
                    *grade,
                    "",
                    False,
                    "",
                    analyst.pk,
                    now,
                    1,
                )
            )
        _insert(Link._meta.db_table, columns, rows)
        from django.db import connection

        # The planners choose the source and target indexes from table statistics (without them
        # SQLite reads every link of the area through the authority index).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"made the network in {time.perf_counter() - started:.0f} s")
    ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    return analyst, ids, [(a, b) for a, b, _ in shape]


def _two_step_sizes(count: int, pairs: list[tuple[int, int]]) -> list[int]:
    """For each entity, how many links its 2-step neighbourhood has (all links, before scoping)."""
    touching: dict[int, list[int]] = defaultdict(list)
    for number, (a, b) in enumerate(pairs):
        touching[a].append(number)
        touching[b].append(number)
    sizes = []
    for node in range(count):
        first = touching.get(node, [])
        near = {n for link in first for n in pairs[link]}
        seen = set(first)
        for other in near:
            seen.update(touching.get(other, []))
            if len(seen) > 50:
                break
        sizes.append(len(seen))
    return sizes


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _time(client, urls: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    client.get(urls[0])  # warm
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entities", type=int, default=250_000)
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=100, help="typical entities timed (default 100)")
    parser.add_argument("--busy", type=int, default=20, help="busy entities timed (default 20)")
    parser.add_argument("--fresh", action="store_true", help="make the network again")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    args = parser.parse_args()
    _configure(args.entities, args.links, args.fresh)

    import igraph as ig
    from django.db import connection
    from django.urls import reverse

    from conftest import verified_client
    from hub.intelligence import network, network_selectors

    analyst, ids, pairs = _build(args.entities, args.links)
    client = verified_client(analyst)
    rng = random.Random(SEED + 2)
    sizes = _two_step_sizes(len(ids), pairs)
    typical = [i for i in range(HUBS, len(ids)) if sizes[i] <= 50]
    degree: dict[int, int] = defaultdict(int)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    busiest = sorted(degree, key=lambda i: -degree[i])[: args.busy]
    print(
        f"database: {connection.vendor}; {len(ids)} entities, {len(pairs)} links; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"typical (2-step neighbourhood of 50 links or fewer): {len(typical)} entities "
        f"({100 * len(typical) / len(ids):.0f}%)"
    )
    print(f"busy: the {args.busy} with the most links ({degree[busiest[-1]]} to {degree[busiest[0]]} links)")

    def url(i: int) -> str:
        return reverse("api:entities-network", args=[ids[i]]) + "?steps=2"

    failed = False
    rows = []
    for name, chosen in (
        ("2-step, typical entity", rng.sample(typical, min(args.samples, len(typical)))),
        ("2-step, busy entity (cap 500)", busiest),
    ):
        times = _time(client, [url(i) for i in chosen])
        p95 = _p95(times)
        failed |= p95 > TARGET_MS
        rows.append((name, len(times), statistics.median(times), p95, p95 / TARGET_MS))
    sample = client.get(url(busiest[0])).json()
    print(f"busiest entity: {len(sample['edges'])} links drawn, {sample['rest']} more counted")

    # Communities: the endpoint (read the reader's network, Leiden, PageRank, answer, log) against
    # igraph's Leiden alone on the same edges, already in memory, with the same settings.
    nodes, visible_pairs = network_selectors.whole_network(analyst)
    graph = network._whole_graph(sorted(nodes), visible_pairs, None)
    started = time.perf_counter()
    graph.community_leiden(objective_function="modularity", n_iterations=2)
    leiden_ms = (time.perf_counter() - started) * 1000
    endpoint = _time(client, [reverse("api:network-communities")] * 3)
    endpoint_ms = statistics.median(endpoint)
    players_ms = statistics.median(_time(client, [reverse("api:network-key-players")] * 3))
    ratio = endpoint_ms / leiden_ms
    failed |= ratio > TARGET_RATIO
    print(f"igraph {ig.__version__}")
    print(f"{'what':<34}{'n':>5}{'median ms':>11}{'p95 ms':>9}{'p95/100ms':>11}")
    for name, n, median, p95, share in rows:
        print(f"{name:<34}{n:>5}{median:>11.1f}{p95:>9.1f}{share:>11.2f}")
    print(
        f"communities: endpoint {endpoint_ms:.0f} ms (median of 3), "
        f"igraph Leiden in memory {leiden_ms:.0f} ms, ratio {ratio:.2f} (target {TARGET_RATIO:.0f})"
    )
    print(f"key players (PageRank over the whole network): endpoint {players_ms:.0f} ms (median of 3)")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
