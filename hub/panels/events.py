"""Panel decisions and SEP monitoring in the child's chronology."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.children.chronology import ChronologyEvent, correction_event
from hub.core.corrections import corrections_among
from hub.panels.models import AgendaItem, ItemDecision, Meeting, SepPeriod


def panel_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    decisions = ItemDecision.objects.filter(item__child=child).select_related(
        "item__meeting__panel", "recorded_by", "recorded_by__agency", "level"
    )
    # Whoever reads the chronology reads the decisions; the agenda item is linked only for those who
    # may open it (its meeting's members and chair, hub staff).
    readable_items = set(
        access.visible(user, AgendaItem.objects.filter(child=child)).values_list("pk", flat=True)
    )
    for decision in decisions:
        meeting = decision.item.meeting
        yield ChronologyEvent(
            meeting.held_at,
            "panel",
            f"{meeting.panel.name}: {decision.get_kind_display().lower()}"
            + (f" ({decision.level.name})" if decision.level else ""),
            decision.detail,
            agency=str(decision.recorded_by.agency or ""),
            by=decision.recorded_by.get_full_name(),
            url=reverse("panels:item", args=[decision.item_id]) if decision.item_id in readable_items else "",
        )
    for period in access.visible(user, SepPeriod.objects.filter(child=child)):
        yield ChronologyEvent(period.start_datetime, "panel", "SEP monitoring started", period.start_reason)
        ended = period.end_datetime
        if ended is not None:
            yield ChronologyEvent(ended, "panel", "SEP monitoring ended", period.end_reason)
    yield from meeting_changes(child, user)


def meeting_changes(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    """A meeting with the child on its agenda cancelled or moved, for readers who may see the meeting."""
    meetings = {
        meeting.pk: meeting
        for meeting in access.visible(user, Meeting.objects.filter(items__child=child))
        .select_related("panel")
        .distinct()
    }
    if not meetings:
        return
    narrative = may_see_fields(user, "narrative")
    for correction in corrections_among(Meeting, list(meetings), show_narrative=narrative):
        meeting = meetings[correction.record_id]
        fields = {change.field for change in correction.changes}
        what = "cancelled" if "status" in fields else "moved" if fields == {"held_at"} else "changed"
        yield correction_event(
            correction,
            kind="panel",
            title=f"{meeting.panel.name} meeting {what}",
            url=reverse("panels:meeting", args=[meeting.pk]),
        )
