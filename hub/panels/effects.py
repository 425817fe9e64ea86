"""What a decision does to records another capability owns. The panels app sits below those
capabilities, so it does not import them: each registers, when it starts (``AppConfig.ready``), what a
kind of decision does (the plans app: "start a plan" starts the child's plan). ``decision_record``
runs the registered effects inside the decision's transaction, so a refused effect records nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from hub.accounts.models import User
from hub.core.registry import Anchors, Registry
from hub.panels.models import AgendaItem, Meeting


class Effect(Protocol):
    def __call__(self, *, item: AgendaItem, by: User, meeting: Meeting) -> None: ...


@dataclass(frozen=True)
class DecisionEffect:
    kind: str  # the decision's kind (``DecisionKind``)
    effect: Effect


# Effects by a key of their own ("plans.start-plan"): a kind of decision may have several, run in order.
EFFECTS: Registry[DecisionEffect] = Registry("decision effects")


def register(key: str, kind: str, effect: Effect, *, after: Anchors = (), before: Anchors = ()) -> None:
    """Add what a decision of ``kind`` does."""
    EFFECTS.add(key, DecisionEffect(kind, effect), after=after, before=before)


def apply(kind: str, *, item: AgendaItem, by: User, meeting: Meeting) -> None:
    for registered in EFFECTS:
        if registered.kind == kind:
            registered.effect(item=item, by=by, meeting=meeting)
