"""Who may do what to a missing episode or a repeat-missing alert: each write's check, stated once, that
the write service calls first and the page and the API call before they show a form or read a body.
``_allowed`` gives the same answer without refusing or logging, for a page deciding what to offer."""

from __future__ import annotations

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import User
from hub.audit.services import log_refusal
from hub.children.models import Child
from hub.core.errors import Forbidden
from hub.missing.access import ALERT_DECIDE_ROLES, REPORT_ROLES
from hub.missing.models import MissingEpisode, RepeatMissingAlert

REPORT_REFUSAL = "Only police officers and hub coordinators report a child missing."
CHANGE_ROLE_REFUSAL = "Only police officers and hub coordinators record a return or grade the risk."
CHANGE_REFUSAL = "You can see this episode but your role cannot change it."
NO_AREA_REFUSAL = "Your agency does not serve any area yet: ask your administrator."


def episode_report_check(*, by: User, child: Child | None = None) -> None:
    """Who reports a child missing (the page and the API): a police officer or a hub coordinator
    (``REPORT_ROLES``), about a child whose record they may see (``NotVisible`` otherwise)."""
    access.require_role(by, REPORT_ROLES, refusal=REPORT_REFUSAL, verb="report missing")
    if child is not None:
        access.require(by, child, refusal=REPORT_REFUSAL, action=Action.READ, verb="report missing")


def episode_report_new_child_check(*, by: User) -> list[int]:
    """Who reports missing a child not yet on the Hub, recording the child in the same step: whoever
    reports a child missing, whose agency serves an area to keep the record in. Returns the ids of
    the authorities the record may be kept in."""
    episode_report_check(by=by)
    ids = access.authority_ids(by)
    if not ids:
        log_refusal(actor=by, action="report missing", detail="agency serves no authority")
        raise Forbidden(NO_AREA_REFUSAL)
    return ids


def episode_change_check(*, by: User, episode: MissingEpisode) -> Decision:
    """Who records an episode's return and grades its risk (the page and the API): a police officer or
    a hub coordinator (``REPORT_ROLES``) through a relationship that may change the episode.
    ``NotVisible`` (404) for an episode they may not see, ``Forbidden`` (403) otherwise."""
    access.require_role(by, REPORT_ROLES, refusal=CHANGE_ROLE_REFUSAL, verb="change episode")
    return access.require(by, episode, refusal=CHANGE_REFUSAL, verb="change episode")


def episode_change_allowed(*, by: User, episode: MissingEpisode) -> bool:
    """``episode_change_check``'s answer without refusing, for a page deciding what to show."""
    return by.has_role(*REPORT_ROLES) and access.decide(by, episode, Action.WRITE).allowed


ALERT_DECIDE_REFUSAL = "Only a hub coordinator decides on a repeat missing alert."


def alert_decide_allowed(*, by: User, alert: RepeatMissingAlert) -> bool:
    """Who decides on a repeat-missing alert: a hub coordinator who may change it. (Whether there is a
    decision to make, an open alert that is not historic, is the alert's own state.)"""
    return by.has_role(*ALERT_DECIDE_ROLES) and access.decide(by, alert, Action.WRITE).allowed


def alert_decide_check(*, by: User, alert: RepeatMissingAlert) -> Decision:
    """``alert_decide_allowed``, refusing: ``NotVisible`` (404) for an alert the person may not see,
    ``Forbidden`` (403) for one they may see but not decide."""
    access.require_role(by, ALERT_DECIDE_ROLES, refusal=ALERT_DECIDE_REFUSAL, verb="decide alert")
    return access.require(by, alert, refusal=ALERT_DECIDE_REFUSAL, verb="decide alert")
