"""The kinds of context a plan can be for. A context is a record that is not a child: a school now;
places, groups and persons of concern when the intelligence capability adds them, each registering
its kind here from its ``AppConfig.ready()``, so plans never import it.

A plan holds its context by content type and id (no migration when a kind is added) with the
context's name at the time, so lists need not load every kind's record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from hub.core.registry import Registry
from hub.reference.models import School


@dataclass(frozen=True)
class ContextKind:
    key: str  # in form values: "school:12"
    label: str  # "School"
    model: type[models.Model]
    # The records of this kind a plan may be started for, in the authorities with these ids.
    choices: Callable[[list[int]], models.QuerySet[Any]]
    authority_id: Callable[[Any], int]


# The kinds by key; a select lists them in key order.
KINDS: Registry[ContextKind] = Registry("plan contexts")


def register(kind: ContextKind) -> None:
    KINDS.add(kind.key, kind)


def kinds() -> list[ContextKind]:
    return KINDS.values()


def kind_for(model: type[models.Model]) -> ContextKind | None:
    return next((kind for kind in KINDS if kind.model is model), None)


def choices_for(authority_ids: list[int]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one group per kind, values "<key>:<id>"."""
    groups = []
    for kind in KINDS:
        options = [(f"{kind.key}:{record.pk}", str(record)) for record in kind.choices(authority_ids)]
        if options:
            groups.append((kind.label, options))
    return groups


def resolve(value: str, authority_ids: list[int]) -> Any:
    """The record a "<key>:<id>" value names, if it is one the authorities may plan for; else None."""
    key, _, pk = (value or "").partition(":")
    kind = KINDS.get(key)
    if kind is None or not pk.isdigit():
        return None
    return kind.choices(authority_ids).filter(pk=int(pk)).first()


def register_school() -> None:
    register(
        ContextKind(
            key="school",
            label="School",
            model=School,
            choices=lambda authority_ids: School.objects.filter(
                authority_id__in=authority_ids, active=True
            ).order_by("name"),
            authority_id=lambda school: school.authority_id,
        )
    )
