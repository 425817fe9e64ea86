"""The children app's own chronology events: the record's creation, statuses, allocations, levels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from hub.children.chronology import ChronologyEvent
from hub.core.calendar import LONDON


def _at(day: Any) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=LONDON)


def _who(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def record_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    yield ChronologyEvent(
        child.created_at,
        "record",
        "Record created",
        by=_who(child.created_by),
        agency=str(child.created_by.agency or ""),
    )
    for period in child.legal_statuses.select_related(
        "recorded_by__agency", "placing_authority", "host_authority"
    ):
        detail = ""
        if period.placing_authority:
            detail = f"Looked after by {period.placing_authority}"
            if period.host_authority:
                detail += f", placed in {period.host_authority}"
        yield ChronologyEvent(
            _at(period.start),
            "record",
            f"Legal status: {period.get_status_display()}",
            detail,
            agency=str(period.recorded_by.agency or ""),
            by=_who(period.recorded_by),
        )
    for allocation in child.allocations.select_related("worker__agency", "recorded_by"):
        yield ChronologyEvent(
            _at(allocation.start),
            "record",
            f"Allocated to {_who(allocation.worker)}",
            agency=str(allocation.worker.agency or ""),
            by=_who(allocation.recorded_by),
        )
    for involvement in child.agency_involvements.select_related("agency", "recorded_by"):
        yield ChronologyEvent(
            _at(involvement.start),
            "record",
            f"{involvement.agency} involved",
            involvement.reason,
            agency=involvement.agency.name,
            by=_who(involvement.recorded_by),
        )


def level_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    for change in child.level_changes.select_related("level", "previous_level", "decided_by__agency"):
        before = f" (was {change.previous_level.name})" if change.previous_level else ""
        yield ChronologyEvent(
            change.decided_at,
            "level",
            f"Level of concern: {change.level.name}{before}",
            change.rationale,
            agency=str(change.decided_by.agency or ""),
            by=_who(change.decided_by),
        )
