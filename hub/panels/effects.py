"""What a decision does to records another capability owns. The panels app sits below those
capabilities, so it does not import them: each registers, when it starts (``AppConfig.ready``), what a
kind of decision does (the plans app: "start a plan" starts the child's plan). ``decision_record``
runs the registered effects inside the decision's transaction, so a refused effect records nothing."""

from __future__ import annotations

from typing import Protocol

from hub.accounts.models import User
from hub.panels.models import AgendaItem, Meeting


class Effect(Protocol):
    def __call__(self, *, item: AgendaItem, by: User, meeting: Meeting) -> None: ...


_effects: dict[str, list[Effect]] = {}


def register(kind: str, effect: Effect) -> None:
    """Add what a decision of ``kind`` does (once: registering the same function again does nothing)."""
    effects = _effects.setdefault(kind, [])
    if effect not in effects:
        effects.append(effect)


def apply(kind: str, *, item: AgendaItem, by: User, meeting: Meeting) -> None:
    for effect in _effects.get(kind, []):
        effect(item=item, by=by, meeting=meeting)
