"""The worker (``manage.py hub_worker``) runs each registered periodic job when it is due, once however
many workers ask, records failures without stopping, and stops cleanly when told."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hub.audit.models import AccessLogEntry, LogAction
from hub.audit.services import log
from hub.core import clock, scheduler
from hub.core.models import PeriodicJobState


def _checkpoints(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def extra_jobs():
    """Register jobs for one test only: the registry is restored afterwards."""
    with contextlib.ExitStack() as stack:

        def add(name: str, run) -> None:
            job = scheduler.PeriodicJob(name, run, lambda: timedelta(hours=1))
            stack.enter_context(scheduler.JOBS.temporarily(name, job))

        yield add


def test_a_due_job_runs_and_writes_a_checkpoint(people, audit_checkpoint_files, capsys):
    log(action=LogAction.CONSULT, actor=people["alice"], record_type="children.child", record_ids=[1])
    call_command("hub_worker", "--once")
    assert "audit-checkpoint: checkpoint of" in capsys.readouterr().out
    [checkpoint] = _checkpoints(audit_checkpoint_files)
    assert checkpoint["count"] == AccessLogEntry.objects.count()
    state = PeriodicJobState.objects.get(name="audit-checkpoint")
    assert state.last_outcome.startswith("ok: checkpoint of") and state.leased_by == ""
    call_command("audit_verify")
    assert "It matches the checkpoint" in capsys.readouterr().out


def test_a_job_runs_again_only_when_its_interval_has_passed(
    people, audit_checkpoint_files, settings, reference_clock
):
    settings.HUB_AUDIT_CHECKPOINT_MINUTES = 60
    call_command("hub_worker", "--once")
    log(action=LogAction.CONSULT, actor=people["bob"])
    reference_clock.shift(timedelta(minutes=59))
    call_command("hub_worker", "--once")
    assert len(_checkpoints(audit_checkpoint_files)) == 1
    reference_clock.shift(timedelta(minutes=2))
    call_command("hub_worker", "--once")
    first, second = _checkpoints(audit_checkpoint_files)
    assert second["count"] > first["count"]


def test_a_job_another_worker_holds_is_not_run_twice(db, audit_checkpoint_files, reference_clock):
    PeriodicJobState.objects.create(
        name="audit-checkpoint", leased_by="other-host:4242", lease_until=clock.now() + timedelta(minutes=30)
    )
    call_command("hub_worker", "--once")
    assert _checkpoints(audit_checkpoint_files) == []
    # Its worker died mid-job: once the lease runs out, the job is anyone's again.
    reference_clock.shift(timedelta(minutes=31))
    call_command("hub_worker", "--once")
    assert len(_checkpoints(audit_checkpoint_files)) == 1


def test_of_two_workers_asking_at_once_only_one_gets_the_job(db):
    job = scheduler.PeriodicJob("claim-test", run=lambda: "done", every=lambda: timedelta(hours=1))
    assert scheduler._claim(job, worker="first:1") is True
    assert scheduler._claim(job, worker="second:2") is False
    assert PeriodicJobState.objects.get(name="claim-test").leased_by == "first:1"


def test_a_failing_job_is_recorded_and_the_others_still_run(
    db, extra_jobs, audit_checkpoint_files, capsys, caplog
):
    def fails() -> str:
        raise RuntimeError("the reminder service is down")

    extra_jobs("a-failing-job", fails)
    call_command("hub_worker", "--once")
    assert "a-failing-job failed: the reminder service is down" in capsys.readouterr().err
    assert PeriodicJobState.objects.get(name="a-failing-job").last_outcome.startswith("failed:")
    assert "Periodic job a-failing-job failed" in caplog.text
    assert len(_checkpoints(audit_checkpoint_files)) == 1


def test_the_worker_stops_cleanly_on_sigterm_after_the_job_in_hand(db, extra_jobs, capsys):
    ran = []

    def told_to_stop() -> str:
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd would, while this job is running
        ran.append("stop")
        return "asked the worker to stop"

    extra_jobs("0-stop", told_to_stop)

    def never() -> str:
        ran.append("never")
        return "ran after the stop"

    extra_jobs("1-never", never)
    before = signal.getsignal(signal.SIGTERM)
    call_command("hub_worker", "--poll-seconds", "3600")
    out = capsys.readouterr().out
    assert ran == ["stop"], "the job in hand finishes; no job starts after the signal"
    assert "0-stop: asked the worker to stop" in out and "stopped." in out
    assert signal.getsignal(signal.SIGTERM) is before
    assert not PeriodicJobState.objects.filter(name="1-never").exists()


def test_a_poll_interval_below_one_second_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="Give --poll-seconds as a whole number of seconds, 1 or more"):
        call_command("hub_worker", "--poll-seconds", "0")
