"""The bulk form of the action services (``past_services``) leaves what ``action_create`` and
``action_update`` leave when the same actions are entered one by one on their own days, refuses a bad
row with the services' own words writing nothing, and refuses a move by someone who may not make it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hub.actions import services
from hub.actions.models import Action
from hub.actions.past_services import PastAction, PastUpdate, actions_record_past
from hub.audit.models import AccessLogEntry
from hub.children.models import Child
from hub.children.services import child_create
from hub.core.dates import DateRefused
from hub.core.errors import Forbidden, RuleRefused

UK = ZoneInfo("Europe/London")
NOBODY: Any = None  # who moves the action on, filled in by the test
REASON = "The actions agreed before the Hub, entered as they happened."
AGREED = datetime(2026, 9, 7, 11, tzinfo=UK)  # a Monday, ten weeks before the reference day


def a_child(wenmoor, by, first_name: str) -> Child:
    return child_create(
        authority=wenmoor, by=by, first_name=first_name, last_name="Farrant", date_of_birth=date(2010, 6, 2)
    )


def records_for(child: Child, wenmoor, people, agencies) -> list[PastAction]:
    """Bob's visit, moved on and done; the CSC's referral, cancelled by the hub's coordinator; the
    schools' check, still open."""
    alice, bob = people["alice"], people["bob"]
    return [
        PastAction(
            authority=wenmoor,
            title=f"Visit {child.first_name} at home",
            due=date(2026, 9, 21),
            created_by=alice,
            created_at=AGREED,
            owner_user=bob,
            child=child,
            detail="With her mother, after school.",
            source_label="MEP 7 September 2026, item 2",
            updates=[
                PastUpdate("in_progress", AGREED + timedelta(days=3), bob),
                PastUpdate(
                    "done", AGREED + timedelta(days=10, hours=4), bob, "Visited; she was at home and safe."
                ),
            ],
        ),
        PastAction(
            authority=wenmoor,
            title="Refer to the youth service",
            due=date(2026, 10, 5),
            created_by=alice,
            created_at=AGREED + timedelta(minutes=5),
            owner_agency=agencies["csc"],
            child=child,
            source_label="MEP 7 September 2026, item 2",
            updates=[
                PastUpdate("cancelled", AGREED + timedelta(days=20), alice, "She joined a club herself.")
            ],
        ),
        PastAction(
            authority=wenmoor,
            title="Check attendance weekly",
            due=date(2026, 12, 14),
            created_by=alice,
            created_at=AGREED + timedelta(minutes=9),
            owner_user=people["sam"],
            child=child,
            source_label="MEP 7 September 2026, item 2",
        ),
    ]


def one_by_one(records: list[PastAction], traveller) -> None:
    """The same actions through the single-row services, each step entered on its own day."""
    for record in records:
        traveller.move_to(record.created_at, tick=False)
        action = services.action_create(
            by=record.created_by,
            authority=record.authority,
            title=record.title,
            due=record.due,
            owner_user=record.owner_user,
            owner_agency=record.owner_agency,
            child=record.child,
            detail=record.detail,
            source_label=record.source_label,
        )
        for update in record.updates:
            traveller.move_to(update.at, tick=False)
            action = services.action_update(
                action=action,
                by=update.by,
                version=action.version,
                status=update.status,
                outcome=update.outcome,
            )


def left(child: Child) -> list[tuple]:
    actions = Action.objects.filter(child=child).order_by("created_at")
    return [
        (
            a.title,
            a.detail,
            a.due,
            a.status,
            a.owner_user_id,
            a.owner_agency_id,
            a.created_by_id,
            a.created_at,
            a.completed_at,
            a.completed_by_id,
            a.outcome,
            a.version,
            a.source_label,
            a.authority_id,
            # the access log the services wrote about it, in order
            [
                (e.action, e.detail)
                for e in AccessLogEntry.objects.filter(
                    record_type="actions.action", record_ids=str(a.pk)
                ).order_by("pk")
            ],
            # its change history: what it was when agreed, and after each move, each dated then
            sorted((h.history_date, h.history_type, h.status) for h in a.history.all()),
        )
        for a in actions
    ]


def test_the_bulk_form_leaves_what_the_services_leave_one_by_one(wenmoor, people, agencies, time_machine):
    alone = a_child(wenmoor, people["alice"], "Mia")
    batched = a_child(wenmoor, people["alice"], "Mae")
    one_by_one(records_for(alone, wenmoor, people, agencies), time_machine)
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK))
    rows = actions_record_past(
        by=people["alice"], records=records_for(batched, wenmoor, people, agencies), reason=REASON
    )

    expected, got = left(alone), left(batched)
    assert [row[1:] for row in got] == [row[1:] for row in expected]
    assert [row[0].replace("Mae", "Mia") for row in got] == [row[0] for row in expected]
    assert [row.status for row in rows] == ["done", "cancelled", "open"]
    history = rows[0].history.order_by("history_date")
    assert [(h.history_type, h.status) for h in history] == [
        ("+", "open"),
        ("~", "in_progress"),
        ("~", "done"),
    ]
    first = history[0]
    assert first.history_user == people["alice"] and first.history_change_reason == REASON
    assert first.history_date == AGREED


@pytest.mark.parametrize(
    ("change", "words", "error"),
    [
        ({"due": date(2026, 9, 4)}, "The date the action is due must be today or in the future", DateRefused),
        ({"due": date(2027, 9, 20)}, "The date the action is due must be within a year", DateRefused),
        ({"title": "  "}, "Say what is to be done.", RuleRefused),
        ({"owner_user": None}, "Choose who will do it: a person or an agency.", RuleRefused),
        (
            {"updates": [PastUpdate("done", AGREED + timedelta(days=1), NOBODY)]},
            "Say what was done.",
            RuleRefused,
        ),
        (
            {"updates": [PastUpdate("started", AGREED + timedelta(days=1), NOBODY)]},
            "Choose the action's status.",
            RuleRefused,
        ),
        (
            {
                "updates": [
                    PastUpdate("cancelled", AGREED + timedelta(days=1), NOBODY, "Not needed"),
                    PastUpdate("in_progress", AGREED + timedelta(days=2), NOBODY),
                ]
            },
            "This action is finished and cannot be changed",
            RuleRefused,
        ),
        (
            {"updates": [PastUpdate("in_progress", AGREED - timedelta(days=1), NOBODY)]},
            "each change to an action comes after it was agreed",
            RuleRefused,
        ),
    ],
)
def test_a_bad_row_is_refused_with_the_services_words_and_nothing_is_written(
    wenmoor, people, agencies, change, words, error
):
    child = a_child(wenmoor, people["alice"], "Mia")
    records = records_for(child, wenmoor, people, agencies)
    for name, value in change.items():
        setattr(records[1] if name == "updates" else records[0], name, value)
    for update in records[1].updates:
        update.by = update.by or people["alice"]
    logged = AccessLogEntry.objects.count()
    with pytest.raises(error, match=words):
        actions_record_past(by=people["alice"], records=records, reason=REASON)
    assert not Action.objects.exists()
    assert AccessLogEntry.objects.count() == logged


def test_an_action_owned_elsewhere_goes_to_an_agency_serving_the_area(wenmoor, people, agencies):
    records = records_for(a_child(wenmoor, people["alice"], "Mia"), wenmoor, people, agencies)
    records[2].owner_user = people["charlie"]  # Harrowfield police: not Wenmoor's
    with pytest.raises(RuleRefused, match="does not serve this area"):
        actions_record_past(by=people["alice"], records=records, reason=REASON)
    assert not Action.objects.exists()


def test_a_move_by_someone_who_may_not_make_it_is_refused_and_nothing_is_written(wenmoor, people, agencies):
    records = records_for(a_child(wenmoor, people["alice"], "Mia"), wenmoor, people, agencies)
    records[0].updates[1].by = people["sam"]  # a school lead: not Bob's action, not a hub coordinator
    with pytest.raises(Forbidden, match="may not move on “Visit Mia at home”"):
        actions_record_past(by=people["alice"], records=records, reason=REASON)
    assert not Action.objects.exists()
    refusal = AccessLogEntry.objects.order_by("-pk").first()
    assert refusal is not None and (refusal.username, refusal.outcome) == ("sam", "refused")


def test_past_records_say_why_they_are_entered_now(wenmoor, people, agencies):
    records = records_for(a_child(wenmoor, people["alice"], "Mia"), wenmoor, people, agencies)
    with pytest.raises(RuleRefused, match="Say why these past records are being entered now"):
        actions_record_past(by=people["alice"], records=records, reason="  ")
    assert not Action.objects.exists()
