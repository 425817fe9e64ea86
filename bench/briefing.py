"""Time the Hub's heaviest pages on the demo area, as its hub coordinator, through the Django test client:
a meeting's briefing and its agenda pack (PDF) for a meeting of 32 agenda items, and the busiest child's
chronology. Prints the median time, the number of queries and the size of each, and the ratio of each time
to its target (briefing 200 ms, agenda pack 1.5 s).

    .venv/bin/python bench/briefing.py [--runs 5] [--items 32] [--fresh] [--check]

The demo area is loaded once into var/bench/hub.sqlite3 (HUB_VAR_DIR=var/bench; about a minute) and kept
for later runs; --fresh loads it again. With DATABASE_URL set, that database is used instead (it must be
empty or hold the demo). --check exits 1 when a time is over its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
TARGETS_MS = {"briefing": 200.0, "agenda pack": 1500.0}


def _configure(fresh: bool) -> None:
    """Point the Hub at the benchmark's own files before Django starts."""
    sys.path.insert(0, str(ROOT))
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HUB_ENV", "development")
    os.environ["HUB_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if not os.environ.get("DATABASE_URL"):
        database = BENCH_VAR / "hub.sqlite3"
        os.environ["SQLITE_PATH"] = str(database)
        if fresh:
            database.unlink(missing_ok=True)

    import django

    django.setup()


@dataclass
class Measure:
    name: str
    median_ms: float
    cpu_ms: float
    queries: int
    kib: float
    note: str = ""


def _load_demo() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", if_empty=True)


def _meeting(items: int):  # type: ignore[no-untyped-def]
    """A MEP meeting tomorrow whose agenda holds the ``items`` children with the most recorded about them
    (made once, found again on later runs), its agenda issued."""
    from django.db.models import Count

    from hub.accounts.models import User
    from hub.children.models import Child
    from hub.core import clock
    from hub.panels import services
    from hub.panels.models import Meeting, Panel

    place = f"Benchmark room ({items} items)"
    meeting = Meeting.objects.filter(place=place).first()
    if meeting is not None:
        return meeting
    coordinator = User.objects.get(username="coordinator")
    panel = Panel.objects.get(meeting_type__code="mep", authority__ons_code="E06999001")
    meeting = services.meeting_schedule(
        panel=panel, by=coordinator, held_at=clock.now() + timedelta(days=1), place=place
    )
    busiest = (
        Child.objects.filter(authority=panel.authority)
        .annotate(episodes=Count("missing_episodes"))
        .order_by("-episodes", "pk")[:items]
    )
    for child in busiest:
        services.item_add(meeting=meeting, by=coordinator, kind="child", child=child, reason="Benchmark")
    return services.agenda_issue(meeting=meeting, by=coordinator)


def _busiest_child(user):  # type: ignore[no-untyped-def]
    """The child with the most chronology events among those with the most episodes and decisions."""
    from django.db.models import Count

    from hub.children.chronology import events_for
    from hub.children.models import Child

    candidates = Child.objects.annotate(
        records=Count("missing_episodes", distinct=True) + Count("agenda_items", distinct=True)
    ).order_by("-records", "pk")[:10]
    counted = [(len(events_for(child, user)), child.pk) for child in candidates]
    events, pk = max(counted)
    return pk, events


def _measure(client, name: str, url: str, runs: int, note: str = "") -> Measure:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fetch() -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return b"".join(response.streaming_content) if response.streaming else response.content

    fetch()  # warm: templates compiled, the session's sign-in bookkeeping written
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fetch()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as captured:
        body = fetch()
    median_ms, cpu_ms = statistics.median(wall), statistics.median(cpu)
    return Measure(name, median_ms, cpu_ms, len(captured), len(body) / 1024, note)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page (default 5)")
    parser.add_argument("--items", type=int, default=32, help="agenda items of the meeting (default 32)")
    parser.add_argument("--fresh", action="store_true", help="load the demo area again into a new database")
    parser.add_argument("--check", action="store_true", help="exit 1 when a page is slower than its target")
    args = parser.parse_args()
    _configure(args.fresh)
    _load_demo()

    from django.urls import reverse

    from conftest import verified_client
    from hub.accounts.models import User

    coordinator = User.objects.get(username="coordinator")
    client = verified_client(coordinator)
    meeting = _meeting(args.items)
    child, events = _busiest_child(coordinator)
    items = f"{meeting.items.count()} items"
    pages = [
        ("briefing", reverse("panels:briefing", args=[meeting.pk]), items),
        ("agenda pack", reverse("panels:agenda_pdf", args=[meeting.pk]), items),
        (
            "chronology",
            reverse("children:chronology", args=[child]),
            f"child {child}, {events} events, page 1",
        ),
    ]
    results = [_measure(client, name, url, args.runs, note) for name, url, note in pages]
    _report(results, args.runs)
    return 1 if args.check and any(_ratio(result) > 1 for result in results) else 0


def _ratio(result: Measure) -> float:
    target = TARGETS_MS.get(result.name)
    return result.median_ms / target if target else 0.0


def _report(results: list[Measure], runs: int) -> None:
    # The machine may be shared: the load average says how far to trust the times.
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(f"\nAs the hub coordinator, median of {runs} runs; load average {load}, {os.cpu_count()} cores.")
    header = ("page", "median ms", "cpu ms", "target ms", "ratio", "queries", "KiB")
    print("{:<12} {:>10} {:>8} {:>10} {:>6} {:>8} {:>7}  note".format(*header))
    for result in results:
        target = TARGETS_MS.get(result.name)
        print(
            "{:<12} {:>10.0f} {:>8.0f} {:>10} {:>6} {:>8} {:>7.0f}  {}".format(
                result.name,
                result.median_ms,
                result.cpu_ms,
                f"{target:.0f}" if target else "-",
                f"{_ratio(result):.2f}" if target else "-",
                result.queries,
                result.kib,
                result.note,
            )
        )


if __name__ == "__main__":
    sys.exit(main())
