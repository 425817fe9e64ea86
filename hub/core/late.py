"""Events entered by hand long after they happened: the person is asked why, and the answer is kept.

The strategy asks partners to respond to concerns "regardless of the time period", so late is allowed
(impossible is not: ``hub.core.dates``). Every service that takes the date of something that has
happened, from a page or the API, asks the same question in the same words through :func:`asked`
before it writes, and keeps the answer with :func:`keep` after: a ``LateEntry`` beside the record (who
entered it, when, what happened when, and why it is late). Record pages show them with
``core/_late_entries.html`` (:func:`entries_for`). Not asked when the event is entered on time.

The field is ``late_entry_reason`` everywhere (forms, API bodies, refusals). Imports of past records
give one reason for the whole file, and the missing report keeps its answer on the episode
(``MissingEpisode.late_entry_reason``), where it was first asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from hub.core import clock, dates
from hub.core.models import LateEntry

FIELD = "late_entry_reason"
LIMIT = 5000


def _moment(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, datetime.min.time()))


def asked(value: date | datetime | None, reason: str | None, *, what: str) -> str:
    """The reason an event is late, when it is: refused without one (on the ``late_entry_reason``
    field), returned stripped. ``what`` names the event for the record ("the date the child returned")."""
    reason = (reason or "").strip()
    if len(reason) > LIMIT:
        raise dates.DateRefused(f"The reason must be {LIMIT} characters or fewer", field=FIELD)
    if value is None:
        return reason
    return dates.late_reason_needed(value, reason, field=FIELD, what=what)


def keep(record: models.Model, *, value: date | datetime | None, reason: str, by: Any, what: str) -> None:
    """Keep why ``record``'s event (``what``, on ``value``) was entered late; nothing when it was not."""
    entry = entry_for(record, value=value, reason=reason, by=by, what=what)
    if entry is not None:
        entry.save()


def entry_for(
    record: models.Model, *, value: date | datetime | None, reason: str, by: Any, what: str
) -> LateEntry | None:
    """``keep``'s row, unsaved (a bulk form saves many at once), or None when the event was not late.
    Judged, and dated, as of now (``clock.history`` for a past record)."""
    if value is None or not reason or not dates.is_late(value):
        return None
    return LateEntry(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        event=what[:1].upper() + what[1:],
        happened_at=_moment(value),
        entered_at=clock.now(),
        entered_by=by,
        reason=reason,
    )


@dataclass(frozen=True)
class Late:
    event: str
    happened_at: datetime
    entered_at: datetime
    by: str
    agency: str
    reason: str


def entries_for(*records: models.Model | None) -> list[Late]:
    """The late entries of the records (for the record's page), oldest first."""
    wanted = models.Q(pk__in=[])
    for record in records:
        if record is not None and record.pk is not None:
            wanted |= models.Q(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    rows = LateEntry.objects.filter(wanted).select_related("entered_by", "entered_by__agency")
    return [
        Late(
            event=row.event,
            happened_at=row.happened_at,
            entered_at=row.entered_at,
            by=row.entered_by.get_full_name() or row.entered_by.get_username(),
            agency=str(row.entered_by.agency or "") if row.entered_by.agency_id else "",
            reason=row.reason,
        )
        for row in rows
    ]
