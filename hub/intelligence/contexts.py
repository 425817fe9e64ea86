"""Contexts as cases: a place or a group (a peer group of children included) is assessed, put on a
panel's agenda and planned for as a child is; a person of concern's risk is recorded with the meeting
that manages it.

A case is read through ``ContextCase`` (a proxy of the entity with its own policy, ``access.py``):
the intelligence roles of the area see every case, and the apps above add their own ways of being
related to one (panels: attending a meeting whose agenda has it, within the meeting's window) with
``access.extend``, as they do for a child. A record about a case (an assessment, a person's risk, a
plan) reaches those relationships with ``through_case``, never by spelling them.

The case page shows what other apps hold about the case (its plan, the agendas it is on) through
``SECTIONS``, filled from their ``AppConfig.ready()``, so this app never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from hub.accounts.access import Decision, Relationship, get_logged, policy_for
from hub.accounts.models import User
from hub.core.registry import Anchors, Registry
from hub.intelligence.models import CASE_KINDS, ContextCase, Entity

NOBODY = Q(pk__in=[])


def case_ids(relationship: Relationship, user: User) -> QuerySet[ContextCase, Any] | None:
    """The ids of the cases the reader is related to through ``relationship`` as the case's policy has
    it, if it grants that relationship to one of their roles; None otherwise."""
    policy = policy_for(ContextCase)
    builder = policy.relationships.get(relationship)
    if builder is None or not user.has_role(*policy.read.get(relationship, ())):
        return None
    return ContextCase.objects.filter(builder(user)).values("pk")


def through_case(relationship: Relationship, via: str) -> Callable[[User], Q]:
    """The records whose case (``via`` leads from the record to the entity) the reader is related to
    through ``relationship`` as the case's policy has it, for the roles it grants it to."""

    def q(user: User) -> Q:
        ids = case_ids(relationship, user)
        return NOBODY if ids is None else Q(**{f"{via}pk__in": ids})

    return q


def through_context(relationship: Relationship, prefix: str = "") -> Callable[[User], Q]:
    """``through_case`` for a record that holds its case as a generic context (a plan: ``context_type``
    and ``context_id`` after ``prefix``)."""

    def q(user: User) -> Q:
        ids = case_ids(relationship, user)
        if ids is None:
            return NOBODY
        return Q(
            **{
                f"{prefix}context_type": ContentType.objects.get_for_model(Entity),
                f"{prefix}context_id__in": ids,
            }
        )

    return q


def case_get_for_user(user: User, pk: Any) -> tuple[ContextCase, Decision]:
    """One place, group or person the reader may see as a case (404 otherwise), logged."""
    return get_logged(
        user, ContextCase, pk, queryset=ContextCase.objects.filter(kind__in=CASE_KINDS), purpose="case"
    )


def is_case(entity: Entity) -> bool:
    return entity.kind in CASE_KINDS and entity.disposed_at is None


@dataclass(frozen=True)
class CaseSection:
    """A part of the case page another app adds: ``context`` gives the template's context for the
    reader and the case, or None when the section has nothing to show them."""

    key: str
    template: str
    context: Callable[[User, ContextCase], dict[str, Any] | None]


SECTIONS: Registry[CaseSection] = Registry("case sections")


def register_section(section: CaseSection, *, after: Anchors = (), before: Anchors = ()) -> None:
    SECTIONS.add(section.key, section, after=after, before=before)


def sections_for(user: User, case: ContextCase) -> list[dict[str, Any]]:
    shown = []
    for section in SECTIONS:
        context = section.context(user, case)
        if context is not None:
            shown.append({"template": section.template, **context})
    return shown


@dataclass(frozen=True)
class CaseAction:
    """Something another app lets a reader do with a case from elsewhere in intelligence (an emerging
    context's alert: raise the place for a panel's agenda). ``url`` takes the case and the words that
    brought the reader (the alert's summary), ``allowed`` the reader and the case."""

    key: str
    label: str  # may use {name}
    url: Callable[[Entity, str], str]
    allowed: Callable[[User, Entity], bool]


ACTIONS: Registry[CaseAction] = Registry("case actions")


def register_action(action: CaseAction, *, after: Anchors = (), before: Anchors = ()) -> None:
    ACTIONS.add(action.key, action, after=after, before=before)


def actions_for(user: User, entity: Entity, why: str = "") -> list[dict[str, str]]:
    """The case's actions the reader may take, with their labels and addresses."""
    if not is_case(entity):
        return []
    return [
        {"key": action.key, "label": action.label.format(name=entity.name), "url": action.url(entity, why)}
        for action in ACTIONS
        if action.allowed(user, entity)
    ]
