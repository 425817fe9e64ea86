"""Inserting many rows at once for the bulk forms of the services (past records written in batches):
each row keeps the values it was given (even in fields Django stamps "now" on insert), and a record that
keeps a change history gets its history row, dated when the change happened (``_history_date`` on the
row, else now), with who entered it and why. Only services call these: they check every row first."""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.db import connections, models, router
from django.utils import timezone

from hub.core import clock
from hub.core.errors import RuleRefused

BATCH = 500


def past_reason_check(reason: str) -> str:
    """Past records say why they are entered now."""
    reason = reason.strip()
    if not reason:
        raise RuleRefused("Say why these past records are being entered now.")
    return reason


# Held while a model's stamped fields are switched off for one insert (``insert``).
_STAMPS = threading.Lock()


def _history_of(model: type[models.Model]) -> Any:
    return getattr(model, "history", None)


def insert(model: type[models.Model], objs: Sequence[Any], *, by: Any = None, reason: str = "") -> list[Any]:
    """Insert ``objs`` with the values they were given and a "created" history row each. A field Django
    stamps "now" on insert keeps the value given (now only where none was): inserted with it, so a
    constraint between it and another field (an action finished after it was agreed) holds throughout."""
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for obj in objs:
        for f in stamped:
            if getattr(obj, f.attname) is None:
                setattr(obj, f.attname, timezone.now())
    with _STAMPS:
        for f in stamped:
            f.auto_now_add = False  # type: ignore[attr-defined]
        try:
            rows = model._default_manager.bulk_create(list(objs), batch_size=BATCH)
        finally:
            for f in stamped:
                f.auto_now_add = True  # type: ignore[attr-defined]
    history(model, rows, by=by, reason=reason)
    return rows


def update(
    model: type[models.Model], objs: Sequence[Any], fields: list[str], *, by: Any = None, reason: str = ""
) -> None:
    """Save ``fields`` of ``objs`` and a "changed" history row each."""
    if not objs:
        return
    _save(model, objs, fields)
    history(model, objs, by=by, reason=reason, update=True)


def snapshot(row: Any, at: Any) -> Any:
    """A copy of ``row`` as it is now, for its history dated ``at`` (a move ``insert_with_moves`` saves)."""
    copied = copy.copy(row)
    copied._history_date = at
    return copied


def insert_with_moves(
    model: type[models.Model],
    records: Sequence[tuple[Any, Sequence[Any]]],
    fields: list[str],
    *,
    by: Any = None,
    reason: str = "",
) -> list[Any]:
    """Each record as it was made (with a "created" history row), then each of its later moves in turn:
    ``fields`` saved with the values of the move's ``snapshot`` and a "changed" history row dated when it
    moved, as the single-row services' versioned updates leave them. Returns the rows as they are now."""
    rows = insert(model, [made for made, _ in records], by=by, reason=reason)
    for row, (_, moves) in zip(rows, records, strict=True):
        for moved in moves:
            moved.pk = row.pk
            moved._state = copy.copy(row._state)
    for turn in range(max((len(moves) for _, moves in records), default=0)):
        update(
            model, [moves[turn] for _, moves in records if len(moves) > turn], fields, by=by, reason=reason
        )
    return [moves[-1] if moves else row for row, (_, moves) in zip(rows, records, strict=True)]


def _save(model: type[models.Model], objs: Sequence[Any], fields: list[str]) -> None:
    # One UPDATE statement run for every row (``executemany``): Django's ``bulk_update`` builds a CASE
    # expression per field over every row of a batch, minutes for a year of rows.
    meta = model._meta
    concrete: list[Any] = [meta.get_field(name) for name in fields]
    pk: Any = meta.pk
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, key = quote(meta.db_table), quote(pk.column)
    sets = ", ".join(f"{quote(f.column)} = %s" for f in concrete)
    sql = f"UPDATE {table} SET {sets} WHERE {key} = %s"  # noqa: S608 - quoted names from the model; values are parameters
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete] + [obj.pk] for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def history(
    model: type[models.Model], objs: Sequence[Any], *, by: Any = None, reason: str = "", update: bool = False
) -> None:
    manager = _history_of(model)
    if manager is None or not objs:
        return
    manager.bulk_history_create(
        list(objs), batch_size=BATCH, update=update, default_user=by, default_change_reason=reason or None
    )


def changed(model: type[models.Model], objs: Sequence[Any], *, by: Any) -> None:
    """A "changed" history row each for rows a service saved with a queryset ``update()`` (a versioned
    write, which simple-history does not see), with their values as now read."""
    _as_now(model, objs, by=by, update=True)


def created(model: type[models.Model], objs: Sequence[Any], *, by: Any) -> None:
    """A "created" history row each for rows a service inserted with ``bulk_create`` (which
    simple-history does not see)."""
    _as_now(model, objs, by=by, update=False)


def _as_now(model: type[models.Model], objs: Sequence[Any], *, by: Any, update: bool) -> None:
    # Dated now: as of the record's own moment inside ``clock.history``, with that history's reason and
    # the person entering the past records, as the single-row services' own saves are.
    manager = _history_of(model)
    if manager is None or not objs:
        return
    manager.bulk_history_create(
        list(objs),
        update=update,
        default_user=clock.history_by() or by,
        default_change_reason=clock.history_reason() or None,
        default_date=clock.now(),
    )


def insert_m2m(model: type[models.Model], name: str, pairs: list[tuple[Any, int]]) -> None:
    """Rows of ``model``'s many-to-many field ``name`` as (object, related id), and their history rows
    attached to each object's newest history row."""
    if not pairs:
        return
    field: Any = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = through.objects.bulk_create(
        [through(**{f"{source}_id": obj.pk, f"{target}_id": related}) for obj, related in pairs],
        batch_size=BATCH,
    )
    manager = _history_of(model)
    if manager is None:
        return
    newest: dict[Any, Any] = {}
    for row in manager.filter(id__in={obj.pk for obj, _ in pairs}).order_by("history_date", "history_id"):
        newest[row.id] = row
    # simple-history names a many-to-many field's history model "<HistoricalModel>_<field>"
    historical = manager.model._meta
    m2m_history = apps.get_model(historical.app_label, f"{historical.object_name}_{name}")
    m2m_history.objects.bulk_create(
        [
            m2m_history(
                id=row.pk,
                history=newest[getattr(row, f"{source}_id")],
                **{
                    f"{source}_id": getattr(row, f"{source}_id"),
                    f"{target}_id": getattr(row, f"{target}_id"),
                },
            )
            for row in rows
        ],
        batch_size=BATCH,
    )
