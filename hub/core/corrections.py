"""Putting a mistake right: one way for every kind of record, kept in the record's own change history.

A record that may be corrected keeps its history with :func:`correctable_history` (django-simple-history
with two additions): the reason for a change is a text of any length, and a history row written by a
correction holds what changed, before and after, as the words a person reads. The rest of the row
says who corrected it (``history_user``), when (``history_date``) and why (``history_change_reason``).

The "before" is read from the record as it stood when the correction was made, not from the history
row before it: some services write with ``QuerySet.update`` (which leaves no history row), so the row
before is not always the state before.

Nothing is deleted: a correction is a new history row, and the row it follows stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from hub.core import clock
from hub.core.errors import FieldRefused, RuleRefused

REASON_LIMIT = 2000
NOT_RECORDED = "Not recorded"
NOT_SHOWN = "Changed (the text is not shown to your role)"


class CorrectableHistory(models.Model):
    """The extra column of a correctable record's history: the changes a correction made."""

    correction = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def correctable_history(**options: Any) -> HistoricalRecords:
    """The ``history`` of a record people may correct."""
    return HistoricalRecords(
        bases=[CorrectableHistory],
        history_change_reason_field=models.TextField(null=True),
        **options,
    )


@receiver(pre_create_historical_record)
def _attach_correction(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    if isinstance(history_instance, CorrectableHistory):
        history_instance.correction = getattr(instance, "_correction", None)


@receiver(pre_create_historical_record)
def _as_of_the_history_clock(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """Past records (an import, the demo) are written inside ``clock.history``: their change history is
    dated when the change happened, as if entered on the day, and says why they came in now and who
    entered them (a row that names its own date, reason or person keeps it)."""
    if not clock.in_history():
        return
    if "_history_date" not in instance.__dict__:
        history_instance.history_date = clock.now()
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = clock.history_reason() or None
    if getattr(history_instance, "history_user_id", 0) is None and clock.history_by() is not None:
        history_instance.history_user = clock.history_by()


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str
    narrative: bool = False


@dataclass(frozen=True)
class Correction:
    at: datetime
    by: str
    reason: str
    changes: list[Change]
    agency: str = ""
    record_id: int = 0


def reason_given(reason: str | None, *, what: str = "the record is being corrected") -> str:
    """The reason for a correction, stripped: required, and short enough to read."""
    reason = (reason or "").strip()
    if not reason:
        raise FieldRefused(f"Say why {what}", field="reason")
    if len(reason) > REASON_LIMIT:
        raise FieldRefused(f"The reason must be {REASON_LIMIT} characters or fewer", field="reason")
    return reason


def shown(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """A value as a person reads it: a choice's label, a local date and time, a person's name."""
    if value is None or value == "" or value == []:
        return NOT_RECORDED
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list | tuple):
        return ", ".join(sorted(str(item) for item in value))
    full_name = getattr(value, "get_full_name", None)
    if callable(full_name):
        return str(full_name() or value.get_username())
    return str(value)


def _field(record: models.Model, name: str) -> models.Field[Any, Any]:
    """One of the record's own fields (a correction never changes the records that point at it)."""
    field = record._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name} is not a field of {type(record).__name__}")
    return field


def _label(field: models.Field[Any, Any]) -> str:
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def correct(
    record: models.Model,
    *,
    by: Any,
    reason: str,
    values: Mapping[str, Any],
    many: Mapping[str, Iterable[models.Model]] | None = None,
    narrative: Iterable[str] = (),
) -> list[Change]:
    """Apply ``values`` (field name to new value) and ``many`` (many-to-many field to its new rows) to
    ``record``, already locked and checked by the caller, and save it with a history row that says who,
    when, why and what changed. Fields in ``narrative`` are free text some roles may not read. Other
    fields the caller set beforehand (the record's version) are saved with it without being listed.
    A correction that changes nothing is refused."""
    narrative = set(narrative)
    changes = []
    for name, value in values.items():
        field = _field(record, name)
        before = getattr(record, name)
        if before == value:
            continue
        changes.append(
            Change(name, _label(field), shown(before, field), shown(value, field), name in narrative)
        )
        setattr(record, name, value)
    many = dict(many or {})
    for name, rows in list(many.items()):
        rows = list(rows)
        before_rows = list(getattr(record, name).all())
        if {row.pk for row in rows} == {row.pk for row in before_rows}:
            del many[name]
            continue
        many[name] = rows
        changes.append(Change(name, _label(_field(record, name)), shown(before_rows), shown(rows)))
    if not changes:
        raise RuleRefused("Nothing has changed: change what was wrong, then save the correction.")
    # Many-to-many rows first: each set writes a history row of its own; the correction's row, written
    # by save() below, is then the one that shows the whole record as corrected.
    for name, rows in many.items():
        getattr(record, name).set(rows)
    # What simple_history reads from the instance when it writes the history row (its package is
    # untyped, so the attributes are set through an ``Any``).
    history: Any = record
    history._correction = [asdict(change) for change in changes]
    history._change_reason = reason
    history._history_user = by
    history._history_date = clock.now()
    try:
        record.save()
    finally:
        for attribute in ("_correction", "_change_reason", "_history_user", "_history_date"):
            record.__dict__.pop(attribute, None)
    return changes


def changed_names(changes: Iterable[Change]) -> str:
    """The fields a correction changed, for the access log (names only: no values, no narrative)."""
    return ", ".join(change.field for change in changes)


def corrections_of(record: models.Model, *, show_narrative: bool) -> list[Correction]:
    """The record's corrections, newest first. Free text a reader may not see is named, not shown."""
    tracked: Any = record  # simple_history's ``history`` manager, which its untyped package does not declare
    rows = (
        tracked.history.filter(correction__isnull=False)
        .select_related("history_user", "history_user__agency")
        .order_by("-history_date", "-history_id")
    )
    return [_correction(row, show_narrative=show_narrative) for row in rows]


def corrections_among(
    model: type[models.Model], records: models.QuerySet[Any] | Iterable[int], *, show_narrative: bool
) -> list[Correction]:
    """The corrections of every record of ``model`` among ``records`` (a queryset of the records, or
    their ids), oldest first, each with the corrector's agency and the corrected record's id: one
    query however many records and corrections, for lists such as the child's chronology."""
    ids = records.values("pk") if isinstance(records, models.QuerySet) else list(records)
    tracked: Any = model  # simple_history's ``history`` manager, which its untyped package does not declare
    rows = (
        tracked.history.filter(id__in=ids, correction__isnull=False)
        .select_related("history_user", "history_user__agency")
        .order_by("history_date", "history_id")
    )
    return [_correction(row, show_narrative=show_narrative) for row in rows]


def described(correction: Correction) -> str:
    """What a correction changed, before and after, and why, as lines a person reads."""
    lines = [f"{change.label}: {change.before} → {change.after}" for change in correction.changes]
    lines.append(f"Why: {correction.reason}")
    return "\n".join(lines)


def _correction(row: Any, *, show_narrative: bool) -> Correction:
    changes = []
    for item in row.correction or []:
        change = Change(**item)
        if change.narrative and not show_narrative:
            change = Change(change.field, change.label, NOT_SHOWN, NOT_SHOWN, narrative=True)
        changes.append(change)
    user = row.history_user
    return Correction(
        at=row.history_date,
        by=(user.get_full_name() or user.get_username()) if user else "Unknown",
        reason=row.history_change_reason or "",
        changes=changes,
        agency=str(user.agency or "") if user is not None and user.agency_id else "",
        record_id=row.id,
    )
