"""The plan's part of a child's briefing for a panel meeting (registered with the panels capability
when it is installed): status, lead, review clock, the factors, and the plan's actions. Only a reader
who may see the plan gets it; the read is logged. Read for all the agenda's children at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.core import clock
from hub.panels.briefing import Section
from hub.plans import selectors
from hub.plans.models import OPEN_STATUSES, FactorKind, Plan, PlanStatus, PlanVersion


def _factors(rows: list[Any], *, narrative: bool, category: bool = False) -> str:
    if not rows:
        return "None recorded"
    if not narrative:
        return str(len(rows))
    parts = []
    for factor in rows:
        where = f"{factor.get_category_display()}: " if category else ""
        rating = f" ({factor.get_rating_display().lower()})" if factor.rating else ""
        parts.append(f"{where}{factor.text}{rating}")
    return "; ".join(parts)


def plan_sections(children: Sequence[Any], user: Any) -> dict[int, Section]:
    """Each child's open plan the reader may see, read for all the agenda's children at once; each
    plan shown goes in the section's ``consulted``, with the reader's basis for it, to be logged."""
    plans: dict[int | None, Plan] = {}  # by child (each of these plans has one)
    visible = access.visible(user, Plan.objects.filter(child__in=children, status__in=OPEN_STATUSES))
    for found in visible.select_related("lead").order_by("child_id", "-created_at", "-pk"):
        plans.setdefault(found.child_id, found)
    decisions = access.decide_many(user, plans.values())
    active = [plan for plan in plans.values() if plan.status != PlanStatus.DRAFT]
    versions = selectors.latest_versions(active)
    actions = selectors.open_actions_of(active)
    narrative = may_see_fields(user, "narrative")
    today = clock.today()
    sections = {}
    for child in children:
        plan = plans.get(child.pk)
        if plan is None:
            sections[child.pk] = Section("Plan", empty="No current plan you may see.")
            continue
        if plan.status == PlanStatus.DRAFT:
            rows = [("Status", "Started, not yet agreed"), ("Lead", plan.lead.get_full_name())]
        else:
            rows = _active_rows(
                plan, versions.get(plan.pk), actions[plan.pk], narrative=narrative, today=today
            )
        # The briefing logs the plan's read with the child's.
        sections[child.pk] = Section("Plan", rows=rows, consulted=[(plan, decisions[plan.pk].justification)])
    return sections


def _active_rows(
    plan: Plan, version: PlanVersion | None, actions: list[Any], *, narrative: bool, today: date
) -> list[tuple[str, str]]:
    review = f"{plan.review_due:%-d %b %Y}"
    if plan.review_due is not None and plan.review_overdue(today):
        review += f" (OVERDUE by {(today - plan.review_due).days} days)"
    factors = selectors.factors_by_kind(version)
    overdue = sum(action.is_overdue(today) for action in actions)
    return [
        ("Status", f"Active, version {plan.current_number}"),
        ("Lead", plan.lead.get_full_name()),
        ("Review due", review),
        ("Individual risks", _factors(factors[FactorKind.INDIVIDUAL_RISK], narrative=narrative)),
        (
            "Contextual risks",
            _factors(factors[FactorKind.CONTEXTUAL_RISK], narrative=narrative, category=True),
        ),
        ("Protective factors", _factors(factors[FactorKind.PROTECTIVE], narrative=narrative)),
        ("Plan actions open", f"{len(actions)}" + (f", {overdue} overdue" if overdue else "")),
    ]
