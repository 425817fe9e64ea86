"""The bulk form of ``item_action_add`` (``past_action_services``) leaves what the single-row service
leaves when the same action is agreed on its own day, takes what the action owes its item from the item,
and refuses a closed meeting, or someone who could not change the item, writing nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from hub.actions.models import Action
from hub.actions.past_services import PastAction
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.errors import Forbidden, NotVisible, RuleRefused
from hub.panels import services
from hub.panels.models import AgendaItem, Meeting
from hub.panels.past_action_services import PastItemAction, item_actions_record_past
from hub.panels.past_services import meetings_record_past
from hub.panels.tests.test_past_services import (
    MINUTES,
    REASON,
    RECORDED,
    UK,
    child,  # noqa: F401 - a fixture
    panel,  # noqa: F401 - a fixture
    record,
    second_mep,
)

AGREED = RECORDED + timedelta(minutes=5)
DUE = date(2026, 6, 23)


def open_meeting(on, about, people) -> AgendaItem:
    """The meeting held and its item about the child recorded; its minutes not yet issued."""
    past = record(on, about, people)
    past.minutes_issued_at = None
    written = meetings_record_past(by=people["alice"], records=[past], reason=REASON)
    return AgendaItem.objects.get(meeting=written.meetings[0], child=about)


def agreed(item: AgendaItem, people, *, by=None, at=AGREED) -> PastItemAction:
    return PastItemAction(
        item=AgendaItem(pk=item.pk),
        action=PastAction(
            # What the record says of its source is not taken: the item's own values are.
            authority=item.meeting.panel.authority,
            title="Visit the address with the school's lead",
            due=DUE,
            created_by=by or people["alice"],
            created_at=at,
            owner_user=people["bob"],
            source_label="anything",
            subject_label="anything",
        ),
    )


def made(action: Action) -> tuple:
    return (
        action.title,
        action.due,
        action.status,
        action.authority_id,
        action.child_id,
        action.subject_label,
        action.owner_user_id,
        action.created_by_id,
        action.created_at,
        action.source_label.split(",")[1],
    )


def logged(action: Action) -> list[tuple[str, str]]:
    return [
        (entry.action, entry.detail)
        for entry in AccessLogEntry.objects.filter(record_type="actions.action", record_ids=str(action.pk))
    ]


def test_the_bulk_form_leaves_what_item_action_add_leaves_on_the_day(panel, child, people, time_machine):  # noqa: F811
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK))
    item = open_meeting(panel, child, people)
    time_machine.move_to(AGREED, tick=False)
    alone = services.item_action_add(
        item=item,
        by=people["alice"],
        title="Visit the address with the school's lead",
        due=DUE,
        owner_user=people["bob"],
    )
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK))
    twin = open_meeting(second_mep(panel), child, people)
    [batched] = item_actions_record_past(by=people["alice"], records=[agreed(twin, people)], reason=REASON)
    assert made(batched) == made(alone)
    assert batched.source_label == f"{twin.meeting.label}, item {twin.order}"
    assert batched.subject_label == ""  # the child's action names the child itself
    assert batched.source == twin
    assert logged(batched) == logged(alone)
    history = Action.history.get(id=batched.pk)
    assert (history.history_user, history.history_change_reason) == (people["alice"], REASON)


def test_an_action_agreed_after_the_minutes_is_refused_and_nothing_is_written(panel, child, people):  # noqa: F811
    written = meetings_record_past(by=people["alice"], records=[record(panel, child, people)], reason=REASON)
    item = AgendaItem.objects.get(meeting=written.meetings[0], child=child)
    assert item.meeting.status == Meeting.Status.MINUTES_ISSUED
    # Agreed while the meeting was open, it is taken (the minutes were issued later) ...
    item_actions_record_past(by=people["alice"], records=[agreed(item, people)], reason=REASON)
    assert Action.objects.count() == 1
    # ... agreed after the minutes, it is refused with the services' words.
    late = agreed(item, people, at=MINUTES + timedelta(hours=1))
    with pytest.raises(RuleRefused, match="minutes of this meeting have been issued"):
        item_actions_record_past(by=people["alice"], records=[late], reason=REASON)
    assert Action.objects.count() == 1


def test_someone_who_could_not_change_the_item_is_refused(panel, child, people):  # noqa: F811
    item = open_meeting(panel, child, people)
    with pytest.raises((Forbidden, NotVisible)):
        # A practitioner member of the panel: they attend, they do not run the meeting.
        item_actions_record_past(
            by=people["alice"], records=[agreed(item, people, by=people["bob"])], reason=REASON
        )
    assert not Action.objects.exists()
    assert AccessLogEntry.objects.filter(action=LogAction.REFUSED, user_id=people["bob"].pk).exists()
    with pytest.raises(RuleRefused, match="Say why"):
        item_actions_record_past(by=people["alice"], records=[agreed(item, people)], reason="  ")
