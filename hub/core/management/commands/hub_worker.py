from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from hub.core import scheduler


def _drop_stale_connections() -> None:
    """A long-running process must not keep a connection the database has dropped or that outlived
    DB_CONN_MAX_AGE (what Django does after each request). One inside a transaction is left alone:
    that happens only when a test runs the worker inside its own transaction."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class Command(BaseCommand):
    help = (
        "Run the Hub's timed work (access-log checkpoints, and later reminders and expiries): every "
        "registered periodic job when it is due. Stops cleanly on SIGTERM or Ctrl-C after the job in hand."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run the jobs that are due, then exit.")
        parser.add_argument(
            "--poll-seconds",
            type=int,
            default=30,
            help="How often to look for due jobs (default 30).",
        )

    def handle(self, *args: Any, once: bool = False, poll_seconds: int = 30, **options: Any) -> None:
        if poll_seconds < 1:
            raise CommandError("Give --poll-seconds as a whole number of seconds, 1 or more.")
        worker = scheduler.worker_name()
        if once:
            self._report(scheduler.run_due_jobs(worker=worker))
            return
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
        names = ", ".join(job.name for job in scheduler.periodic_jobs()) or "none"
        self.stdout.write(f"Worker {worker} started (jobs: {names}); looking every {poll_seconds} s.")
        try:
            while not stop.is_set():
                _drop_stale_connections()
                self._report(scheduler.run_due_jobs(worker=worker, should_stop=stop.is_set))
                stop.wait(poll_seconds)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            _drop_stale_connections()
        self.stdout.write(f"Worker {worker} stopped.")

    def _report(self, results: list[scheduler.JobResult]) -> None:
        for result in results:
            if result.ok:
                self.stdout.write(f"{result.name}: {result.summary}")
            else:
                self.stderr.write(f"{result.name} failed: {result.summary}")
