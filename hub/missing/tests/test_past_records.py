"""Past records come in through the same services as a report by hand: an SSDA903 import leaves the
change history, the risk-grade history, the repeat-missing alerts and the access log that entering the
same episodes on their own days would have left. An alert whose window had closed before the import is
historic: in the child's chronology, not on today's queue."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.db.models import Q
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from hub.audit import context
from hub.audit.models import AccessLogEntry
from hub.children.chronology import events_for
from hub.children.models import Child
from hub.core.errors import RuleRefused
from hub.missing import selectors, services
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReportedBy, ReturnInterview, RiskGrade
from hub.missing.ssda903 import importing, reading
from hub.missing.tests.test_ssda903 import write

UK = ZoneInfo("Europe/London")
REASON = "The 2026-27 SSDA903 return so far, loaded when the Hub started."
HEADER = [
    ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    ["C001", "1", "01/05/2010", "WBRI", "", "", ""],
]
EPISODES = [
    reading.COLUMNS[reading.EPISODES],
    ["C001", "01/04/2026", "S", "C2", "N1", "U1", "PR1", "", "", "", "AB1 2CD", "WM1 1AA", ""],
]
# Three in June (the 30-day window closed in July, months before the import on 18 November) and three
# from late October, the last still open (that window is open until 12 December).
SPANS = [
    ("M", date(2026, 6, 1), date(2026, 6, 2)),
    ("A", date(2026, 6, 10), date(2026, 6, 11)),
    ("M", date(2026, 6, 20), date(2026, 6, 21)),
    ("M", date(2026, 10, 28), date(2026, 10, 29)),
    ("M", date(2026, 11, 5), date(2026, 11, 6)),
    ("M", date(2026, 11, 12), None),
]
MISSING = [
    ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    *[["C001", "01/05/2010", code, f"{s:%d/%m/%Y}", f"{e:%d/%m/%Y}" if e else ""] for code, s, e in SPANS],
]


def nine(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UK)


@pytest.fixture
def return_files(tmp_path: Path) -> Path:
    write(tmp_path, "header.csv", HEADER)
    write(tmp_path, "episodes.csv", EPISODES)
    write(tmp_path, "missing.csv", MISSING)
    return tmp_path


def import_files(directory: Path, people, wenmoor) -> None:
    result = importing.import_directory(
        directory=directory, year=2027, authority=wenmoor, by=people["alice"], reason=REASON
    )
    assert not result.errors, result.errors


def what_the_rules_left(since: int) -> dict:
    """The episodes' change history, risk-grade history, alerts and access log, without ids."""
    episodes = MissingEpisode.objects.filter(child__local_child_id="C001").order_by("last_seen_at")
    return {
        "history": [
            [
                (row.history_type, row.history_date, row.returned_at, row.history_user_id)
                for row in episode.history.order_by("history_date", "history_id")
            ]
            for episode in episodes
        ],
        "risk grading": [
            [(change.changed_at, change.changed_by_id) for change in episode.risk_changes.all()]
            for episode in episodes
        ],
        "alerts": sorted(
            (
                alert.episode.last_seen_at,
                tuple(sorted(alert.rules.values_list("code", flat=True))),
                alert.episodes_in_window,
                alert.window_start,
                alert.raised_at,
            )
            for alert in RepeatMissingAlert.objects.select_related("episode")
        ),
        "access log": [
            (entry.action, entry.record_type, entry.username)
            for entry in AccessLogEntry.objects.filter(pk__gt=since)
            .filter(Q(record_type__startswith="missing.") | Q(detail__startswith="repeat missing alert"))
            .order_by("pk")
        ],
    }


def by_hand(people, child: Child) -> None:
    """A worker reports each episode on the day it began and records the return on the day it ended."""
    alice = people["alice"]
    # As a page does: the request's user is who the access log and the change history name.
    request = RequestFactory().post("/")
    request.user = alice
    HistoricalRecords.context.request = request
    token = context.set_current(context.RequestContext(request_id="by-hand", user=alice))
    try:
        for code, start, end in SPANS:
            with time_machine.travel(nine(start), tick=False):
                episode = services.episode_report(
                    child=child,
                    by=alice,
                    reported_at=nine(start),
                    reported_by_kind=ReportedBy.CARER,
                    last_seen_at=nine(start),
                    risk_grade=RiskGrade.MEDIUM,
                    dfe_code=code,
                )
            if end is not None:
                with time_machine.travel(nine(end), tick=False):
                    services.episode_record_return(
                        episode=episode,
                        by=alice,
                        version=episode.version,
                        returned_at=nine(end),
                        hub_notified_at=nine(end),
                    )
    finally:
        context.reset(token)
        del HistoricalRecords.context.request


def test_an_import_leaves_what_entering_the_episodes_on_their_days_would_have(return_files, people, wenmoor):
    # The child and their care episode come first, from the same files, in both worlds.
    write(return_files, "missing.csv", MISSING[:1])
    import_files(return_files, people, wenmoor)
    child = Child.objects.get(local_child_id="C001")
    since = AccessLogEntry.objects.latest("pk").pk

    with transaction.atomic():
        by_hand(people, child)
        entered = what_the_rules_left(since)
        transaction.set_rollback(True)
    assert not MissingEpisode.objects.exists()

    write(return_files, "missing.csv", MISSING)
    import_files(return_files, people, wenmoor)
    imported = what_the_rules_left(since)

    assert imported["history"] == entered["history"]
    assert len(imported["history"]) == 6
    assert imported["risk grading"] == entered["risk grading"]
    assert [len(changes) for changes in imported["risk grading"]] == [1] * 6
    assert imported["alerts"] == entered["alerts"]
    assert [alert[0] for alert in imported["alerts"]] == [nine(date(2026, 6, 20)), nine(date(2026, 11, 12))]
    assert imported["access log"] == entered["access log"]
    assert {entry[2] for entry in imported["access log"]} == {"alice"}
    assert len(imported["access log"]) == 6 + 5 + 2  # reports, returns, alerts
    # What the file does not hold: the police risk grade and the hub's notification of each return.
    episodes = list(MissingEpisode.objects.order_by("last_seen_at"))
    assert {episode.risk_grade for episode in episodes} == {""}
    assert episodes[0].risk_changes.get().reason == "not graded: the SSDA903 holds no police risk grade"
    assert not ReturnInterview.objects.exists()
    # The change history says why the past records came in now.
    assert {row.history_change_reason for row in episodes[0].history.all()} == {REASON}


def test_an_alert_whose_window_closed_before_the_import_is_history_not_work(
    return_files, people, wenmoor, client_for
):
    import_files(return_files, people, wenmoor)
    june, november = RepeatMissingAlert.objects.order_by("raised_at")
    assert (june.historic, november.historic) == (True, False)
    assert june.raised_at == nine(date(2026, 6, 20))
    alice = people["alice"]
    assert selectors.alerts_open(alice) == [november]
    assert selectors.alerts_open_count(alice) == 1
    child = june.child
    titles = [event.title for event in events_for(child, alice)]
    historic = "(historic: recorded from past records, no decision to make)"
    assert f"Repeat missing alert: 3 episodes in 30 days {historic}" in titles
    assert "Repeat missing alert: 3 episodes in 30 days" in titles
    assert "Reported missing (risk not graded)" in titles
    with pytest.raises(RuleRefused, match="no decision to make"):
        services.alert_decide(alert=june, by=alice, version=june.version, strategy_discussion=False, note="x")
    client = client_for(alice)
    page = client.get(reverse("missing:alert", args=[june.pk])).content.decode()
    assert "there is no decision to make" in page and "Record the decision" not in page
    response = client.post(
        reverse("missing:alert", args=[june.pk]), {"version": june.version, "decision": "nfa", "note": "x"}
    )
    assert response.status_code == 302
    june.refresh_from_db()
    assert june.acknowledged_at is None
    # Someone outside the area sees neither.
    assert client_for(people["charlie"]).get(reverse("missing:alert", args=[june.pk])).status_code in {
        403,
        404,
    }
    # Importing the files again raises nothing new.
    import_files(return_files, people, wenmoor)
    assert RepeatMissingAlert.objects.count() == 2
