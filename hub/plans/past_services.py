"""The bulk forms of the plan services, for past records written in batches (the demo's year): plans
started, agreed, reviewed (each version with its individual and contextual risks and protective factors,
each factor continuing its thread) and closed on their own days, and the actions added to them. Each row
is checked with the single-row services' own rules (``services.plan_start_check``, ``check_lead``,
``version_checks``, ``rules.factor_threads``; ``action_services``' for actions) as of its own moment
(``clock.history``), then the rows are inserted in batches with their change history (dated when each
was made, carrying who entered them and why) and the access-log entries the services write.

Who reviews, closes or adds an action to a plan is checked as ``plan_change_check`` checks it, for every
plan at once once the rows exist, in the same transaction: a refusal is logged and nothing is written."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import NoReturn

from django.db import transaction

from hub.accounts import access
from hub.accounts.models import User
from hub.actions.models import Action
from hub.actions.past_services import (
    Entry,
    PastAction,
    actions_record_past,
    entry,
    write_log,
)
from hub.audit.models import LogAction
from hub.audit.services import log_refusal
from hub.children.models import Child
from hub.core import bulk, clock, late
from hub.core.errors import Forbidden, RuleRefused
from hub.plans import rules, services
from hub.plans.models import OPEN_STATUSES, CloseReason, Plan, PlanFactor, PlanStatus, PlanVersion
from hub.plans.services import AGREED, FactorInput


@dataclass
class PastVersion:
    """A version as agreed (``agreed_on``) and recorded (``recorded_at``, by ``recorded_by``): version 1
    as ``plan_agree`` records it, the others as ``plan_review`` (saying what progress was made)."""

    agreed_on: date
    agreed_by: str
    review_date: date
    factors: list[FactorInput]
    recorded_by: User
    recorded_at: datetime
    summary: str = ""
    child_views: str = ""
    family_views: str = ""
    progress: str = ""
    changes: str = ""
    late_entry_reason: str = ""


@dataclass
class PastPlan:
    """A child's plan as started (``plan_start``), its versions in order, and its closing if it closed."""

    child: Child
    lead: User
    created_by: User
    created_at: datetime
    versions: list[PastVersion] = field(default_factory=list)
    started_from: str = ""
    closed_at: datetime | None = None
    closed_by: User | None = None
    close_reason: str = ""
    close_note: str = ""


@dataclass
class PastPlans:
    plans: list[Plan]  # in the order of the records
    versions: list[list[PlanVersion]]  # each plan's, in order


def _refuse(actor: User, record: Plan, verb: str) -> NoReturn:
    log_refusal(record=record, action=verb, actor=actor)
    raise Forbidden(
        f"{actor.get_full_name() or actor.get_username()} may not {verb.replace('plan', 'the plan')} "
        f"for {record.subject_label}: only its lead, the child's allocated practitioner or a hub "
        "coordinator may."
    )


class _Refused(Exception):
    def __init__(self, actor: User, plan: Plan, verb: str) -> None:
        self.actor, self.plan, self.verb = actor, plan, verb


def _check_changers(changes: Iterable[tuple[User, Plan, str]]) -> None:
    """``plan_change_check`` for every change, at once per person (the plan policy's write grants)."""
    theirs: dict[User, list[tuple[Plan, str]]] = defaultdict(list)
    for actor, plan, verb in changes:
        theirs[actor].append((plan, verb))
    for actor, plans in theirs.items():
        if not actor.has_role(*services.PLAN_WRITE_ROLES):
            raise _Refused(actor, plans[0][0], plans[0][1])
        decisions = access.decide_many(actor, [plan for plan, _ in plans], access.Action.WRITE)
        for plan, verb in plans:
            if not decisions[plan.pk].allowed:
                raise _Refused(actor, plan, verb)


def _check_one_open(records: list[PastPlan]) -> None:
    """One open plan per child: each plan starts after the child's previous plan closed."""
    by_child: dict[int, list[PastPlan]] = defaultdict(list)
    for record in records:
        by_child[record.child.pk].append(record)
    open_now = set(
        Plan.objects.filter(child__in=list(by_child), status__in=OPEN_STATUSES).values_list(
            "child_id", flat=True
        )
    )
    for child_id, mine in by_child.items():
        mine.sort(key=lambda r: r.created_at)
        if child_id in open_now or any(
            before.closed_at is None or before.closed_at > after.created_at
            for before, after in pairwise(mine)
        ):
            raise RuleRefused(f"{mine[0].child.full_name} already has a plan: record a review of it instead.")


def _check_plan(record: PastPlan) -> tuple[Plan, list[Plan]]:
    """The plan row as ``plan_start`` made it, and as each version (``plan_agree``, ``plan_review``)
    and ``plan_close`` left it, each dated then."""
    with clock.history(record.created_at):
        services.plan_start_check(by=record.created_by, child=record.child)
        services.check_lead(record.lead, record.child.authority_id)
    row = Plan(
        authority_id=record.child.authority_id,
        child=record.child,
        lead=record.lead,
        started_from=record.started_from.strip()[:300],
        created_by=record.created_by,
        created_at=record.created_at,
        status=PlanStatus.DRAFT,
        current_number=0,
        review_due=None,
        version=1,
    )
    created = bulk.snapshot(row, record.created_at)
    moves: list[Plan] = []
    moment = record.created_at
    for number, version in enumerate(record.versions, start=1):
        if version.recorded_at < moment:
            raise RuleRefused(
                f"The plan for {record.child.full_name}: each version is recorded after the plan was started "
                "and after the version before."
            )
        moment = version.recorded_at
        row.status, row.current_number, row.review_due = PlanStatus.ACTIVE, number, version.review_date
        row.version += 1
        moves.append(bulk.snapshot(row, version.recorded_at))
    if record.closed_at is not None:
        if record.closed_at < moment or record.closed_by is None:
            raise RuleRefused(
                f"The plan for {record.child.full_name} closes after its last version, and says who "
                "closed it."
            )
        if record.close_reason not in CloseReason.values:
            raise RuleRefused("Choose why the plan is closing.")
        if not record.close_note.strip():
            raise RuleRefused("Say why the plan is closing and what happens next.")
        row.status = PlanStatus.CLOSED
        row.closed_at = record.closed_at
        row.closed_by = record.closed_by
        row.close_reason = record.close_reason
        row.close_note = record.close_note.strip()
        row.version += 1
        moves.append(bulk.snapshot(row, record.closed_at))
    return created, moves


MOVED = [
    "status",
    "current_number",
    "review_due",
    "version",
    "closed_at",
    "closed_by",
    "close_reason",
    "close_note",
]


def _check_versions(record: PastPlan, row: Plan) -> list[tuple[PlanVersion, list[PlanFactor]]]:
    """Each version with ``plan_agree``'s or ``plan_review``'s rules as of the day it was recorded."""
    made = []
    previous: PlanVersion | None = None
    earlier: dict[uuid.UUID, str] = {}
    for number, version in enumerate(record.versions, start=1):
        if number > 1 and not version.progress.strip():
            raise RuleRefused("Say what progress has been made since the last version.")
        with clock.history(version.recorded_at):
            agreed_by, limit, reason = services.version_checks(
                plan=row,
                agreed_on=version.agreed_on,
                agreed_by=version.agreed_by,
                review_date=version.review_date,
                factors=version.factors,
                previous=previous,
                late_entry_reason=version.late_entry_reason,
            )
        version.late_entry_reason = reason
        stored = PlanVersion(
            number=number,
            agreed_on=version.agreed_on,
            agreed_by=agreed_by[:300],
            summary=version.summary.strip(),
            child_views=version.child_views.strip(),
            family_views=version.family_views.strip(),
            review_date=version.review_date,
            review_limit=limit,
            progress=version.progress.strip(),
            changes=version.changes.strip(),
            recorded_by=version.recorded_by,
            recorded_at=version.recorded_at,
        )
        stored._history_date = version.recorded_at  # type: ignore[attr-defined]
        threads = rules.factor_threads(version.factors, earlier, new=lambda f: f.thread or uuid.uuid4())
        factors = services.factor_rows(stored, version.factors, threads)
        for factor in factors:
            factor._history_date = version.recorded_at  # type: ignore[attr-defined]
        earlier = {factor.thread: factor.kind for factor in factors}
        made.append((stored, factors))
        previous = stored
    return made


def plans_record_past(*, by: User, records: list[PastPlan], reason: str) -> PastPlans:
    """Children's plans from past records, each as ``plan_start``, ``plan_agree``, ``plan_review`` and
    ``plan_close`` would have left it on their own days, written in batches."""
    reason = bulk.past_reason_check(reason)
    checked = [_check_plan(record) for record in records]
    _check_one_open(records)
    made = [
        _check_versions(record, moves[-1] if moves else created)
        for record, (created, moves) in zip(records, checked, strict=True)
    ]
    log: list[Entry] = []
    try:
        with transaction.atomic():
            # Each agreement, review and closing as its service saved it, in turn: a "changed" history
            # row dated when it happened.
            rows = bulk.insert_with_moves(Plan, checked, MOVED, by=by, reason=reason)
            versions = []
            for row, mine in zip(rows, made, strict=True):
                for version, _ in mine:
                    version.plan = row
                    versions.append(version)
            bulk.insert(PlanVersion, versions, by=by, reason=reason)
            for mine in made:
                for version, factors in mine:
                    for factor in factors:
                        factor.version = version
            bulk.insert(
                PlanFactor, [f for mine in made for _, factors in mine for f in factors], by=by, reason=reason
            )
            changes = []
            for record, row, mine in zip(records, rows, made, strict=True):
                detail = f"plan started, led by {record.lead.get_username()}"
                log.append(entry(record.created_at, LogAction.COLLECT, row, detail))
                for past, (version, _) in zip(record.versions, mine, strict=True):
                    done = "reviewed" if version.number > 1 else "agreed"
                    detail = (
                        f"plan {done}: version {version.number}, review by {version.review_date:%Y-%m-%d}"
                    )
                    log.append(entry(version.recorded_at, LogAction.CHANGE, row, detail))
                    if version.number > 1:
                        changes.append((past.recorded_by, row, "change plan"))
                    with clock.history(version.recorded_at):
                        late.keep(
                            version,
                            value=version.agreed_on,
                            reason=past.late_entry_reason,
                            by=by,
                            what=AGREED,
                        )
                if record.closed_at is not None and record.closed_by is not None:
                    log.append(
                        entry(record.closed_at, LogAction.CHANGE, row, f"plan closed: {record.close_reason}")
                    )
                    changes.append((record.closed_by, row, "change plan"))
            _check_changers(changes)
            write_log(log)
    except _Refused as refused:
        _refuse(refused.actor, refused.plan, refused.verb)
    return PastPlans(plans=rows, versions=[[version for version, _ in mine] for mine in made])


# -- the plans' actions ---------------------------------------------------------------------------------


@dataclass
class PastPlanAction:
    """An action added to a plan (``plan_action_add``) while it was active."""

    plan: Plan
    action: PastAction


def _versions_by_plan(plans: set[int]) -> dict[int, list[datetime]]:
    recorded: dict[int, list[datetime]] = defaultdict(list)
    for plan_id, at in (
        PlanVersion.objects.filter(plan__in=plans)
        .order_by("plan", "number")
        .values_list("plan_id", "recorded_at")
    ):
        recorded[plan_id].append(at)
    return recorded


def plan_actions_record_past(*, by: User, records: list[PastPlanAction], reason: str) -> list[Action]:
    """Actions added to plans, each as ``plan_action_add`` would have left it on its day (the plan active
    then, the action on its owner's list with the plan as its source), written in batches."""
    reason = bulk.past_reason_check(reason)
    recorded = _versions_by_plan({record.plan.pk for record in records})
    for record in records:
        plan, action = record.plan, record.action
        moment = action.created_at
        times = recorded[plan.pk]
        if not times or times[0] > moment:
            raise RuleRefused("Agree the plan before adding actions to it.")
        if plan.closed_at is not None and plan.closed_at <= moment:
            raise RuleRefused("This plan is closed.")
        number = sum(1 for at in times if at <= moment)
        action.authority = plan.authority
        action.child = plan.child
        action.subject_label = "" if plan.child_id else plan.context_label
        action.source = plan
        action.source_label = f"Plan for {plan.subject_label}, version {number}"
    try:
        with transaction.atomic():
            _check_changers((record.action.created_by, record.plan, "change plan") for record in records)
            rows = actions_record_past(by=by, records=[record.action for record in records], reason=reason)
            write_log(
                [
                    entry(record.action.created_at, LogAction.CHANGE, record.plan, f"action {row.pk} added")
                    for record, row in zip(records, rows, strict=True)
                ]
            )
    except _Refused as refused:
        _refuse(refused.actor, refused.plan, refused.verb)
    return rows
