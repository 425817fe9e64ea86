"""Timed work: a registry of periodic jobs and the one worker that runs them (``manage.py hub_worker``).

Apps register their jobs in ``AppConfig.ready`` (the core never imports a feature app). Each job has a
name, a function and an interval read from settings when asked (never at import). A job's state is one
row of ``PeriodicJobState``: a worker claims a due job with a single conditional UPDATE that sets a
lease, so two workers (or a worker and an operator's second one) never run the same job at once; a
worker that dies mid-job leaves a lease that simply runs out. Why not django-tasks: docs/architecture.md.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q

from hub.core import clock
from hub.core.models import PeriodicJobState
from hub.core.registry import Registry

logger = logging.getLogger("hub.worker")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[], str]
    """Does the work and returns one line saying what it did; raises to say it failed."""
    every: Callable[[], timedelta]
    """The interval, read from settings each time it is asked."""
    lease: timedelta = timedelta(minutes=30)
    """How long a claim holds: longer than the job can take, so no second worker starts it meanwhile."""


@dataclass(frozen=True)
class JobResult:
    name: str
    ok: bool
    summary: str


# Jobs by name. No job is placed relative to another: the worker runs them in name order.
JOBS: Registry[PeriodicJob] = Registry("periodic jobs")


def register_periodic_job(job: PeriodicJob) -> None:
    """Add a job the worker runs on its interval."""
    JOBS.add(job.name, job)


def periodic_jobs() -> list[PeriodicJob]:
    return JOBS.values()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def _claim(job: PeriodicJob, *, worker: str) -> bool:
    """Take the job if it is due and nobody holds it. One UPDATE decides, so of two workers asking at
    once exactly one gets a row back (SQLite serialises writers; PostgreSQL re-checks the WHERE)."""
    now = clock.now()
    PeriodicJobState.objects.get_or_create(name=job.name)
    claimed = (
        PeriodicJobState.objects.filter(name=job.name)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .filter(Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every()))
        .update(leased_by=worker, lease_until=now + job.lease, last_started_at=now)
    )
    return claimed == 1


def _release(job: PeriodicJob, *, worker: str, outcome: str) -> None:
    PeriodicJobState.objects.filter(name=job.name, leased_by=worker).update(
        leased_by="", lease_until=None, last_finished_at=clock.now(), last_outcome=outcome[:500]
    )


def run_job(job: PeriodicJob, *, worker: str) -> JobResult | None:
    """Run ``job`` if it is due and free; None if it was not this worker's to run."""
    if not _claim(job, worker=worker):
        return None
    try:
        summary = job.run()
    except Exception as exc:
        # A failing job must not stop the others or the worker: record it, log it loudly, go on.
        logger.exception("Periodic job %s failed", job.name)
        _release(job, worker=worker, outcome=f"failed: {exc}")
        return JobResult(job.name, ok=False, summary=str(exc))
    logger.info("Periodic job %s: %s", job.name, summary)
    _release(job, worker=worker, outcome=f"ok: {summary}")
    return JobResult(job.name, ok=True, summary=summary)


def run_due_jobs(*, worker: str, should_stop: Callable[[], bool] = lambda: False) -> list[JobResult]:
    """One pass over the registry, in name order; stops between jobs when asked to."""
    results = []
    for job in periodic_jobs():
        if should_stop():
            break
        result = run_job(job, worker=worker)
        if result is not None:
            results.append(result)
    return results
