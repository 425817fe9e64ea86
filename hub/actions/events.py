"""Actions about a child in the child's chronology: agreed, and finished."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from hub.actions.models import ActionStatus
from hub.actions.selectors import actions_about
from hub.children.chronology import ChronologyEvent


def action_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    for action in actions_about(user, child).select_related("created_by__agency", "completed_by"):
        url = reverse("actions:detail", args=[action.pk])
        yield ChronologyEvent(
            action.created_at,
            "action",
            f"Action agreed: {action.title}",
            f"{action.owner_text}, due {action.due:%d %B %Y}"
            + (f". Agreed at {action.source_label}" if action.source_label else ""),
            agency=str(action.created_by.agency or ""),
            by=action.created_by.get_full_name(),
            url=url,
        )
        if action.completed_at:
            done = action.status == ActionStatus.DONE
            yield ChronologyEvent(
                action.completed_at,
                "action",
                f"Action {'done' if done else 'no longer needed'}: {action.title}",
                action.outcome,
                by=action.completed_by.get_full_name() if action.completed_by else "",
                url=url,
            )
