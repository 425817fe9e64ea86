"""Writing the year's actions through their bulk forms: those agreed at meetings through
``item_actions_record_past`` (``item_action_add``'s rules: who agreed it could change the item, the
meeting still open, due on or after it; then ``actions_record_past``), those added to plans through
``plan_actions_record_past`` (``plan_action_add``'s plan active that day); each checked with
``action_create``'s and ``action_update``'s rules as of the day it was agreed and moved on, written in
batches with its change history (who entered it, and why) and the access log the services write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone

from hub.actions.models import Action
from hub.actions.past_services import PastAction, PastUpdate
from hub.children.models import Child
from hub.demo.panels.planned import PlannedAction
from hub.panels.models import AgendaItem
from hub.panels.past_action_services import PastItemAction, item_actions_record_past

if TYPE_CHECKING:
    from hub.demo.panels.writing import Writer

ENTERED_BY = "coordinator"  # who enters the year's actions, for their change history
REASON = "demo area: the year of actions before the reference day"


def write_actions(writer: Writer, actions: list[PlannedAction]) -> None:
    """The meetings' actions come first in ``actions`` (then the plans'), so the rows are numbered in
    the same order as before."""
    by_meeting = [action for action in actions if action.item is not None]
    for_plans = [action for action in actions if action.item is None]
    assert actions == by_meeting + for_plans, "the meetings' actions come first"
    children = Child.objects.in_bulk({action.child.pk for action in actions if action.child})
    entered_by = writer.users[ENTERED_BY]

    def past(action: PlannedAction) -> PastAction:
        return _past_action(writer, action, children)

    rows = item_actions_record_past(
        by=entered_by,
        records=[
            PastItemAction(item=AgendaItem(pk=cast(Any, a.item).pk), action=past(a)) for a in by_meeting
        ],
        reason=REASON,
    )
    if for_plans:
        rows += _plan_actions(writer, [(action, past(action)) for action in for_plans])
    for action, row in zip(actions, rows, strict=True):
        action.pk = row.pk


def _plan_actions(writer: Writer, actions: list[tuple[PlannedAction, PastAction]]) -> list[Action]:
    from hub.plans.models import Plan
    from hub.plans.past_services import PastPlanAction, plan_actions_record_past

    def plan_id(action: PlannedAction) -> int:
        return cast(int, cast(Any, action.version).plan.pk)

    plans = Plan.objects.select_related("authority", "child").in_bulk({plan_id(a) for a, _ in actions})
    return plan_actions_record_past(
        by=writer.users[ENTERED_BY],
        records=[PastPlanAction(plan=plans[plan_id(action)], action=past) for action, past in actions],
        reason=REASON,
    )


def _past_action(writer: Writer, action: PlannedAction, children: dict[int, Child]) -> PastAction:
    users = writer.users
    owner = users[action.owner_user] if action.owner_user else None
    updates = []
    if action.completed_at is not None:
        updates.append(
            PastUpdate(action.status, action.completed_at, users[action.completed_by], action.outcome)
        )
    elif action.status != "open":  # moved on by its owner, or the hub's coordinator for an agency's
        updates.append(
            PastUpdate(action.status, action.started_at or action.created_at, owner or users[ENTERED_BY])
        )
    item = action.item
    return PastAction(
        authority=writer.authority,
        title=action.title,
        due=action.due,
        created_by=users[action.created_by],
        created_at=action.created_at,
        owner_user=owner,
        owner_agency=writer.agencies[action.owner_agency] if action.owner_agency else None,
        child=children[action.child.pk] if action.child else None,
        subject_label=action.subject_label,
        detail=action.detail,
        source=AgendaItem(pk=item.pk) if item is not None else None,
        source_label=action.source_label,
        not_before=(timezone.localdate(item.meeting.held_at), "the meeting") if item is not None else None,
        updates=updates,
    )
