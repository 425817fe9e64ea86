"""Writes about actions: agree one, change its status, hand it to someone else. Each is atomic and
audited; changes check the version the person saw."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from hub.accounts import access
from hub.accounts.access import Decision
from hub.accounts.models import Agency, Authority, User
from hub.actions.models import FINISHED, Action, ActionStatus
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.core import bulk, clock, dates
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion


def action_create_checks(
    *,
    authority: Authority,
    title: str,
    due: date,
    owner_user: User | None,
    owner_agency: Agency | None,
    child: Any = None,
    memo: dict[tuple[str, int, int], bool] | None = None,
) -> tuple[str, Agency | None]:
    """``action_create``'s rules (as of ``clock.now()``: the bulk form runs them as of each action's
    day): what is to be done, by whom (a person of an agency serving the area, or an agency; a school
    only for its own pupils), by a date within the planning horizon. Returns the title and the owning
    agency (a person's own, unless one is named). ``memo`` keeps what was read of an agency's areas and
    a child's schools across many rows (the bulk form)."""
    title = title.strip()
    if not title:
        raise RuleRefused("Say what is to be done.")
    if owner_user is None and owner_agency is None:
        raise RuleRefused("Choose who will do it: a person or an agency.")
    if owner_user is not None and not owner_user.is_active:
        raise RuleRefused(f"{owner_user.get_full_name()}'s account is disabled: choose someone else.")
    if owner_user is not None and owner_agency is None:
        owner_agency = owner_user.agency
    _refuse_another_agency(owner_user, owner_agency, authority, {} if memo is None else memo)
    _refuse_another_school(child, owner_agency, {} if memo is None else memo)
    dates.within_horizon(due, field="due", what="the date the action is due")
    return title, owner_agency


def action_create(
    *,
    by: User,
    authority: Authority,
    title: str,
    due: date,
    owner_user: User | None = None,
    owner_agency: Agency | None = None,
    child: Any = None,
    subject_label: str = "",
    detail: str = "",
    source: models.Model | None = None,
    source_label: str = "",
) -> Action:
    """Agree an action. It is owned by a person (and their agency) or, when no one is named yet, by
    an agency, whose members all see it until someone takes it."""
    title, owner_agency = action_create_checks(
        authority=authority,
        title=title,
        due=due,
        owner_user=owner_user,
        owner_agency=owner_agency,
        child=child,
    )
    with transaction.atomic():
        action = Action.objects.create(
            authority=authority,
            child=child,
            subject_label=subject_label,
            title=title,
            detail=detail.strip(),
            owner_user=owner_user,
            owner_agency=owner_agency,
            due=due,
            source_type=ContentType.objects.get_for_model(source) if source is not None else None,
            source_id=source.pk if source is not None else None,
            source_label=source_label,
            created_by=by,
        )
        log_change(record=action, action=LogAction.COLLECT, detail=f"action agreed, due {due:%Y-%m-%d}")
    return action


def _refuse_another_agency(
    owner_user: User | None,
    owner_agency: Agency | None,
    authority: Authority,
    memo: dict[tuple[str, int, int], bool],
) -> None:
    """A person owns an action with their own agency, and that agency serves the action's area."""
    if owner_user is not None and owner_agency is not None and owner_user.agency_id != owner_agency.pk:
        raise FieldRefused(
            f"{owner_user.get_full_name()} works for {owner_user.agency}: "
            "choose that agency, or no one by name.",
            field="owner_agency",
        )
    if owner_agency is None:
        return
    key = ("serves", owner_agency.pk, authority.pk)
    if key not in memo:
        memo[key] = owner_agency.authorities.filter(pk=authority.pk).exists()
    if not memo[key]:
        raise FieldRefused(
            f"{owner_agency} does not serve this area: choose an agency that does.", field="owner_agency"
        )


def _refuse_another_school(
    child: Any, owner_agency: Agency | None, memo: dict[tuple[str, int, int], bool]
) -> None:
    """An action about a child for a school goes to the child's own school: a school is an organisation
    of its own, and giving it an action would tell it about a child who is not its pupil."""
    if child is None or owner_agency is None or owner_agency.school_id is None:
        return
    key = ("attends", child.pk, owner_agency.school_id)
    if key not in memo:
        memo[key] = child.schools.filter(school_id=owner_agency.school_id).exists()
    if not memo[key]:
        raise FieldRefused(
            f"{owner_agency} is not a school this child attends or attended: choose the child's school, "
            "or another agency",
            field="owner_agency",
        )


def action_update_check(*, by: User, action: Action) -> Decision:
    """Who may move an action on: its owner, their agency's case workers for an agency's action, hub
    coordinators (the action policy's write grants). ``NotVisible`` (404) for an action they may not
    see, ``Forbidden`` (403) for one they may see but not change."""
    return access.require(by, action, refusal="You can see this action but not change it.", verb="update")


def action_update_checks(*, action: Action, status: str, outcome: str, due: date | None) -> dict[str, Any]:
    """``action_update``'s rules on the action as it stands (as of ``clock.now()``): a known status, a
    finished action never reopened, what was done (or why it is no longer needed) when it finishes, a
    new due date not in the past. Returns the values the update sets, besides its version and who
    finished it when."""
    if status not in ActionStatus.values:
        raise RuleRefused("Choose the action's status.")
    if action.status in FINISHED:
        raise RuleRefused("This action is finished and cannot be changed: agree a new one if more is needed.")
    outcome = outcome.strip()
    if status in FINISHED and not outcome:
        raise RuleRefused(
            "Say what was done." if status == ActionStatus.DONE else "Say why the action is no longer needed."
        )
    values: dict[str, Any] = {"status": status, "outcome": outcome}
    if due is not None and due != action.due:
        dates.planned(due, field="due", what="the new due date")
        values["due"] = due
    return values


def action_update(
    *, action: Action, by: User, version: int, status: str, outcome: str = "", due: date | None = None
) -> Action:
    """Move an action on: in progress, done (saying what was done) or no longer needed (saying why).
    A finished action is not reopened: agree a new one."""
    action_update_check(by=by, action=action)
    values = action_update_checks(action=action, status=status, outcome=outcome, due=due)
    values["version"] = version + 1
    if status in FINISHED:
        values.update(completed_at=clock.now(), completed_by=by)
    with transaction.atomic():
        if (
            not Action.objects.filter(pk=action.pk, version=version)
            .exclude(status__in=FINISHED)
            .update(**values)
        ):
            raise StaleVersion("this action")
        action.refresh_from_db()
        bulk.changed(Action, [action], by=by)
        log_change(record=action, detail=f"action {status}")
    return action


def actions_for_source(source: models.Model) -> models.QuerySet[Action]:
    return Action.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).select_related("owner_user", "owner_agency")
