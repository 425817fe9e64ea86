"""Who may record and change intelligence: each write's check, stated once, that the write service calls
first and the page and the API call before they show a form or read a body. ``_allowed`` gives the same
answer without refusing or logging, for a page deciding what to offer."""

from __future__ import annotations

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import Authority, User
from hub.audit.services import log_refusal
from hub.core.errors import Forbidden
from hub.core.roles import CHILD_AS_EXPLOITER_ROLES
from hub.intelligence.access import INTELLIGENCE_WRITERS
from hub.intelligence.models import DISRUPTION_TARGET_KINDS, Disruption, Entity, Link

RECORD_REFUSAL = "Only hub analysts and police officers record intelligence."
CHANGE_REFUSAL = "You can see this intelligence but your role cannot change it."
AREA_REFUSAL = "Your agency does not serve that area: choose one it serves."
DISRUPTION_REFUSAL = "Only hub analysts and police officers record disruption activity."
DISRUPTION_CHANGE_REFUSAL = "You can see this disruption activity but your role cannot change it."
CHILD_AS_EXPLOITER_REFUSAL = (
    "Only hub analysts and police officers record that a child is exploiting others: ask one of them."
)


def intelligence_record_check(*, by: User, authority: Authority | None = None) -> None:
    """Who records a new entity: a hub analyst or a police officer (``INTELLIGENCE_WRITERS``), in an
    area their agency serves."""
    access.require_role(by, INTELLIGENCE_WRITERS, refusal=RECORD_REFUSAL, verb="record intelligence")
    if authority is not None and authority.pk not in access.authority_ids(by):
        log_refusal(actor=by, action="record intelligence", detail="agency does not serve the area")
        raise Forbidden(AREA_REFUSAL)


def intelligence_record_allowed(*, by: User) -> bool:
    return by.is_authenticated and by.has_role(*INTELLIGENCE_WRITERS) and bool(access.authority_ids(by))


def entity_change_check(*, by: User, entity: Entity) -> Decision:
    """Who changes an entity (corrects it, adds an alias, reviews it, links from it): an intelligence
    writer who may see it. ``NotVisible`` (404) for one they may not see, ``Forbidden`` (403) otherwise."""
    access.require_role(by, INTELLIGENCE_WRITERS, refusal=CHANGE_REFUSAL, verb="change intelligence")
    return access.require(by, entity, refusal=CHANGE_REFUSAL, verb="change intelligence")


def entity_change_allowed(*, by: User, entity: Entity) -> bool:
    return by.has_role(*INTELLIGENCE_WRITERS) and access.decide(by, entity, Action.WRITE).allowed


def link_record_check(*, by: User, start: Entity, end: Entity, casts_child_as_exploiter: bool) -> None:
    """Who links two entities: someone who may change both; a link that casts a child as exploiting
    others only by ``CHILD_AS_EXPLOITER_ROLES``."""
    entity_change_check(by=by, entity=start)
    entity_change_check(by=by, entity=end)
    if casts_child_as_exploiter and not by.has_role(*CHILD_AS_EXPLOITER_ROLES):
        log_refusal(actor=by, record=start, action="link", detail="child as exploiter")
        raise Forbidden(CHILD_AS_EXPLOITER_REFUSAL)


def link_change_check(*, by: User, link: Link) -> Decision:
    """Who corrects, reviews or disposes of a link: an intelligence writer who may see it."""
    access.require_role(by, INTELLIGENCE_WRITERS, refusal=CHANGE_REFUSAL, verb="change link")
    return access.require(by, link, refusal=CHANGE_REFUSAL, verb="change link")


def link_change_allowed(*, by: User, link: Link) -> bool:
    return by.has_role(*INTELLIGENCE_WRITERS) and access.decide(by, link, Action.WRITE).allowed


def disruption_record_check(*, by: User, target: Entity) -> Decision:
    """Who records disruption activity against an entity: an intelligence writer who may change it."""
    access.require_role(by, INTELLIGENCE_WRITERS, refusal=DISRUPTION_REFUSAL, verb="record disruption")
    return access.require(by, target, refusal=CHANGE_REFUSAL, verb="record disruption")


def disruption_record_allowed(*, by: User, target: Entity) -> bool:
    """Whether to offer the form: the check's answer, for a person, a group or a place."""
    return target.kind in DISRUPTION_TARGET_KINDS and entity_change_allowed(by=by, entity=target)


def disruption_change_check(*, by: User, disruption: Disruption) -> Decision:
    """Who moves disruption activity on or corrects it: an intelligence writer who may see it (it is seen
    as its target is). ``NotVisible`` (404) for one they may not see, ``Forbidden`` (403) otherwise."""
    access.require_role(by, INTELLIGENCE_WRITERS, refusal=DISRUPTION_CHANGE_REFUSAL, verb="change disruption")
    return access.require(by, disruption, refusal=DISRUPTION_CHANGE_REFUSAL, verb="change disruption")


def disruption_change_allowed(*, by: User, disruption: Disruption) -> bool:
    return by.has_role(*INTELLIGENCE_WRITERS) and access.decide(by, disruption, Action.WRITE).allowed
