"""The bulk form of the action services, for past records written in batches (the demo's year): actions
agreed on their own days and moved on later (in progress, done with what was done, no longer needed),
each row checked with ``action_create``'s and ``action_update``'s own rules as of its own moment
(``clock.history``), then inserted in batches with its change history (dated when it was agreed,
carrying who entered it and why) and the access-log entries the single-row services write.

Who moves an action on is checked as ``action_update_check`` checks it (the action policy's write
grants), for all the actions at once once their rows exist, in the same transaction: a refusal is
logged and nothing is written. Who may agree an action is the rule of the record it is agreed in (a
meeting's item, a plan): its own bulk form checks that before calling this one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from hub.accounts import access
from hub.accounts.models import Agency, Authority, User
from hub.actions import services
from hub.actions.models import FINISHED, Action, ActionStatus
from hub.audit.models import LogAction
from hub.audit.services import log_many, log_refusal
from hub.core import bulk, clock, dates
from hub.core.errors import Forbidden, RuleRefused

Entry = tuple[datetime, int, dict[str, Any]]


@dataclass
class PastUpdate:
    """One move of an action, as ``action_update`` made it: by whom, when, to which status."""

    status: str
    at: datetime
    by: User
    outcome: str = ""
    due: date | None = None


@dataclass
class PastAction:
    """An action as it was agreed (``created_at``, by ``created_by``) and moved on (``updates``, in
    order). ``not_before`` is the day before which it cannot be due, with its words (the meeting it was
    agreed at); ``source`` the record it was agreed in."""

    authority: Authority
    title: str
    due: date
    created_by: User
    created_at: datetime
    owner_user: User | None = None
    owner_agency: Agency | None = None
    child: Any = None
    subject_label: str = ""
    detail: str = ""
    source: models.Model | None = None
    source_label: str = ""
    not_before: tuple[date, str] | None = None
    updates: list[PastUpdate] = field(default_factory=list)


def entry(at: datetime, action: str, record: models.Model, detail: str) -> Entry:
    return (
        at,
        0,
        {
            "action": action,
            "record_type": record._meta.label_lower,
            "record_ids": [record.pk],
            "detail": detail,
        },
    )


def write_log(entries: list[Entry]) -> int:
    """The access log in the order the work happened (entries of one moment in the order made)."""
    numbered = [(at, index, item) for index, (at, _, item) in enumerate(entries)]
    return log_many(item for _, _, item in sorted(numbered, key=lambda e: (e[0], e[1])))


def _check(record: PastAction, memo: dict[tuple[str, int, int], bool]) -> tuple[Action, list[Action]]:
    """The row ``action_create`` would make, and the row as each ``action_update`` left it (dated when it
    moved), each rule as of the moment it was applied."""
    with clock.history(record.created_at):
        title, owner_agency = services.action_create_checks(
            authority=record.authority,
            title=record.title,
            due=record.due,
            owner_user=record.owner_user,
            owner_agency=record.owner_agency,
            child=record.child,
            memo=memo,
        )
        dates.planned(
            record.due, field="due", what="the date the action is due", not_before=record.not_before
        )
    row = Action(
        authority=record.authority,
        child=record.child,
        subject_label=record.subject_label,
        title=title,
        detail=record.detail.strip(),
        owner_user=record.owner_user,
        owner_agency=owner_agency,
        due=record.due,
        source_label=record.source_label,
        created_by=record.created_by,
        created_at=record.created_at,
        status=ActionStatus.OPEN,
    )
    if record.source is not None:
        row.source_type = ContentType.objects.get_for_model(record.source)
        row.source_id = record.source.pk
    created = bulk.snapshot(row, record.created_at)
    moves: list[Action] = []
    moment = record.created_at
    for update in record.updates:
        if update.at < moment:
            raise RuleRefused(
                f"“{title}”: each change to an action comes after it was agreed and after the change before."
            )
        moment = update.at
        with clock.history(update.at):
            values = services.action_update_checks(
                action=row, status=update.status, outcome=update.outcome, due=update.due
            )
        for name, value in values.items():
            setattr(row, name, value)
        row.version += 1
        if update.status in FINISHED:
            row.completed_at = update.at
            row.completed_by = update.by
        moves.append(bulk.snapshot(row, update.at))
    return created, moves


MOVED = ["status", "outcome", "due", "version", "completed_at", "completed_by"]


class _Refused(Exception):
    def __init__(self, actor: User, action: Action) -> None:
        self.actor, self.action = actor, action


def _check_updaters(records: list[PastAction], rows: list[Action]) -> None:
    """``action_update_check`` for every move, at once per person: the action policy's write grants."""
    moved: dict[User, list[Action]] = defaultdict(list)
    for record, row in zip(records, rows, strict=True):
        for update in record.updates:
            if row not in moved[update.by]:
                moved[update.by].append(row)
    for actor, theirs in moved.items():
        decisions = access.decide_many(actor, theirs, access.Action.WRITE)
        for row in theirs:
            if not decisions[row.pk].allowed:
                raise _Refused(actor, row)


def actions_record_past(*, by: User, records: list[PastAction], reason: str) -> list[Action]:
    """Actions from past records, each as ``action_create`` and then ``action_update`` (for each of its
    ``updates``) would have left it on their own days, written in batches; in the order of the records."""
    reason = bulk.past_reason_check(reason)
    memo: dict[tuple[str, int, int], bool] = {}
    with dates.clocks_read_once():
        checked = [_check(record, memo) for record in records]
    log: list[Entry] = []
    try:
        with transaction.atomic():
            # Each move as ``action_update`` saved it, in turn: a "changed" history row dated when it moved.
            rows = bulk.insert_with_moves(Action, checked, MOVED, by=by, reason=reason)
            _check_updaters(records, rows)
            for record, row in zip(records, rows, strict=True):
                detail = f"action agreed, due {record.due:%Y-%m-%d}"
                log.append(entry(record.created_at, LogAction.COLLECT, row, detail))
                for update in record.updates:
                    log.append(entry(update.at, LogAction.CHANGE, row, f"action {update.status}"))
            write_log(log)
    except _Refused as refused:
        log_refusal(action="update", detail=f"past action “{refused.action.title}”", actor=refused.actor)
        raise Forbidden(
            f"{refused.actor.get_full_name() or refused.actor.get_username()} may not move on "
            f"“{refused.action.title}”: only its owner, their agency or a hub coordinator may."
        ) from None
    return rows
