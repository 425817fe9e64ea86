"""Who may change a panel's meetings, stated once: each write service in ``services`` asks one of these
before it writes, and the pages and the API ask the same check before they show a form or read a body.
Refused, each is logged and raises ``NotVisible`` (404) for a record the person may not see, or
``Forbidden`` (403) for one they may see but not change. The ``*_allowed`` forms answer without
refusing, for a page deciding what to show."""

from __future__ import annotations

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import User
from hub.audit.services import log_refusal
from hub.core.errors import Forbidden, NotVisible
from hub.core.roles import Role
from hub.panels.models import AgendaItem, Meeting, Panel

RUN_REFUSAL = "Only the meeting's chair and hub coordinators change the meeting."
SCHEDULE_REFUSAL = "Only the panel's chair and hub coordinators plan its meetings."


def meeting_run_allowed(*, by: User, meeting: Meeting) -> bool:
    """``meeting_run_check``'s answer without refusing."""
    return access.decide(by, meeting, Action.WRITE).allowed


def meeting_run_check(*, by: User, meeting: Meeting) -> access.Decision:
    """Who runs a meeting (builds and issues its agenda, records attendance, what was shared, decided
    and agreed, issues the minutes, cancels or moves it): its chair and the hub coordinators of its
    area (the meeting policy's write grants)."""
    return access.require(by, meeting, refusal=RUN_REFUSAL, verb="run meeting")


def item_change_check(*, by: User, item: AgendaItem) -> access.Decision:
    """An item about a child is changed only by someone who runs the meeting and may see the child
    (``item_child_check``)."""
    item_child_check(by=by, item=item)
    return meeting_run_check(by=by, meeting=item.meeting)


def item_child_check(*, by: User, item: AgendaItem) -> None:
    """The child (or the place, group or person) of an item is one the person may see (``NotVisible``
    otherwise: a chair does not learn of a child outside their scope from an item)."""
    from hub.panels.cases import item_subject_visible

    if not item_subject_visible(by, item):
        log_refusal(record=item, action="write", detail=f"agenda item {item.pk}: its subject", actor=by)
        raise NotVisible


def meeting_schedule_allowed(*, by: User, panel: Panel) -> bool:
    """Who plans a panel's meetings: its chair, or a hub coordinator who may change the panel."""
    return by.pk == panel.chair_id or (
        by.has_role(Role.HUB_COORDINATOR) and access.decide(by, panel, Action.WRITE).allowed
    )


def meeting_schedule_check(*, by: User, panel: Panel) -> None:
    """``meeting_schedule_allowed``, refusing."""
    if by.pk != panel.chair_id and not access.decide(by, panel).allowed:
        log_refusal(record=panel, action="schedule meeting", actor=by)
        raise NotVisible
    if not meeting_schedule_allowed(by=by, panel=panel):
        log_refusal(record=panel, action="schedule meeting", actor=by)
        raise Forbidden(SCHEDULE_REFUSAL)
