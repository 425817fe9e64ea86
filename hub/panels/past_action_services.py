"""The bulk form of ``item_action_add``, for actions agreed at past meetings (the demo's year). Each is
checked with ``item_action_add``'s own rules as of the moment it was agreed: whoever agreed it could change
the item then (``checks.item_change_check``: runs the meeting and may see the item's child, asked once per
person and item), and the meeting was still open (``rules.meeting_editable_check``: its minutes not yet
issued, not cancelled). What the action takes from its item (the meeting's area, the subject's words, where
it was agreed, due on or after the meeting) comes from ``services.item_action_source``, never from the
record. The actions' own bulk form (``actions_record_past``) then checks the rest of each row and writes it
with its change history and access log."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hub.accounts.models import User
from hub.actions.models import Action
from hub.actions.past_services import PastAction, actions_record_past
from hub.core import bulk, clock
from hub.core.errors import RuleRefused
from hub.panels import checks, rules
from hub.panels.models import AgendaItem, Meeting
from hub.panels.services import item_action_source


@dataclass
class PastItemAction:
    """An action agreed on ``item`` (its ``created_by`` and ``created_at`` say who agreed it and when)."""

    item: AgendaItem
    action: PastAction


def _open_then(meeting: Meeting, record: PastAction) -> None:
    """The meeting could still be changed when the action was agreed: the same refusal as
    ``rules.meeting_editable_check`` gives today, judged as of that moment."""
    issued = meeting.minutes_issued_at
    if meeting.status == Meeting.Status.CANCELLED or (issued is not None and issued <= record.created_at):
        rules.meeting_editable_check(meeting)


def item_actions_record_past(*, by: User, records: list[PastItemAction], reason: str) -> list[Action]:
    """Actions agreed at past meetings, as ``item_action_add`` would have left them on their own days,
    written in batches. Refused (a rule, or someone who could not change the item), nothing is written."""
    reason = bulk.past_reason_check(reason)
    items = AgendaItem.objects.select_related("meeting__panel__authority", "child").in_bulk(
        {record.item.pk for record in records}
    )
    asked: set[tuple[int, int]] = set()
    past: list[PastAction] = []
    for record in records:
        item = items.get(record.item.pk)
        if item is None:
            raise RuleRefused("An action is agreed on an item of a meeting that is on the Hub.")
        action = record.action
        _open_then(item.meeting, action)
        if (action.created_by.pk, item.pk) not in asked:
            with clock.history(action.created_at):
                checks.item_change_check(by=action.created_by, item=item)
            asked.add((action.created_by.pk, item.pk))
        source = item_action_source(item)
        past.append(
            replace(
                action,
                authority=source.authority,
                child=item.child,
                subject_label=source.subject_label,
                source=item,
                source_label=source.label,
                not_before=source.not_before,
            )
        )
    return actions_record_past(by=by, records=past, reason=reason)
