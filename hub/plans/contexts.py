"""The kinds of context a plan can be for. A context is a record that is not a child: a school, and a
place, group or person of concern (a case of the intelligence capability, below plans). The plans app
registers each kind from its ``AppConfig.ready()``.

A plan holds its context by content type and id (no migration when a kind is added) with the
context's name at the time, so lists need not load every kind's record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from hub.accounts import access
from hub.core.registry import Registry
from hub.intelligence.models import CASE_KINDS, ContextCase, Entity
from hub.reference.models import School


@dataclass(frozen=True)
class ContextKind:
    key: str  # in form values: "school:12"
    label: str  # "School"
    model: type[models.Model]
    # The records of this kind the reader may start a plan for, in the authorities with these ids.
    choices: Callable[[list[int], Any], models.QuerySet[Any]]
    authority_id: Callable[[Any], int]
    # How a plan names the record ("Place: The Lantern Hotel"); the kind's label and the record's name
    # by default.
    label_of: Callable[[Any], str] | None = None

    def plan_label(self, record: Any) -> str:
        return self.label_of(record) if self.label_of is not None else f"{self.label}: {record}"


# The kinds by key; a select lists them in key order.
KINDS: Registry[ContextKind] = Registry("plan contexts")


def register(kind: ContextKind) -> None:
    KINDS.add(kind.key, kind)


def kinds() -> list[ContextKind]:
    return KINDS.values()


def kind_for(model: type[models.Model]) -> ContextKind | None:
    concrete = model._meta.concrete_model
    return next((kind for kind in KINDS if kind.model is concrete), None)


def choices_for(authority_ids: list[int], user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one group per kind, values "<key>:<id>"."""
    groups = []
    for kind in KINDS:
        options = [(f"{kind.key}:{record.pk}", str(record)) for record in kind.choices(authority_ids, user)]
        if options:
            groups.append((kind.label, options))
    return groups


def resolve(value: str, authority_ids: list[int], user: Any) -> Any:
    """The record a "<key>:<id>" value names, if it is one the reader may plan for; else None."""
    key, _, pk = (value or "").partition(":")
    kind = KINDS.get(key)
    if kind is None or not pk.isdigit():
        return None
    return kind.choices(authority_ids, user).filter(pk=int(pk)).first()


def register_school() -> None:
    register(
        ContextKind(
            key="school",
            label="School",
            model=School,
            choices=lambda authority_ids, user: School.objects.filter(
                authority_id__in=authority_ids, active=True
            ).order_by("name"),
            authority_id=lambda school: school.authority_id,
        )
    )


def _cases(authority_ids: list[int], user: Any) -> models.QuerySet[Any]:
    """The places, groups and persons of concern the reader sees as cases (a panel chair: those on
    the agendas of their meetings)."""
    return access.visible(
        user, ContextCase.objects.filter(authority_id__in=authority_ids, kind__in=CASE_KINDS)
    ).order_by("kind", "name")


def register_cases() -> None:
    register(
        ContextKind(
            key="case",
            label="Place, group or person of concern",
            model=Entity,
            choices=_cases,
            authority_id=lambda entity: entity.authority_id,
            label_of=lambda entity: f"{entity.get_kind_display()}: {entity.name}",
        )
    )
