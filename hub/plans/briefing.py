"""The plan's part of a child's briefing for a panel meeting (registered with the panels capability
when it is installed): status, lead, review clock, the factors, and the plan's actions. Only a reader
who may see the plan gets it; the read is logged."""

from __future__ import annotations

from typing import Any

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.audit.services import log_consultation
from hub.core import clock
from hub.panels.briefing import Section
from hub.plans import selectors
from hub.plans.models import OPEN_STATUSES, FactorKind, Plan, PlanStatus


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


def plan_section(child: Any, user: Any) -> Section:
    plan = (
        access.visible(user, Plan.objects.filter(child=child, status__in=OPEN_STATUSES))
        .select_related("lead")
        .first()
    )
    if plan is None:
        return Section("Plan", empty="No current plan you may see.")
    log_consultation(
        records=plan, justification=access.decide(user, plan).justification, detail="panel briefing"
    )
    today = clock.today()
    rows = [("Lead", plan.lead.get_full_name())]
    if plan.status == PlanStatus.DRAFT:
        rows.insert(0, ("Status", "Started, not yet agreed"))
        return Section("Plan", rows=rows)
    review = f"{plan.review_due:%-d %b %Y}"
    if plan.review_due < today:
        review += f" (OVERDUE by {(today - plan.review_due).days} days)"
    rows.insert(0, ("Status", f"Active, version {plan.current_number}"))
    rows.append(("Review due", review))
    factors = selectors.factors_by_kind(selectors.latest_version(plan))
    narrative = may_see_fields(user, "narrative")
    rows += [
        ("Individual risks", _factors(factors[FactorKind.INDIVIDUAL_RISK], narrative=narrative)),
        (
            "Contextual risks",
            _factors(factors[FactorKind.CONTEXTUAL_RISK], narrative=narrative, category=True),
        ),
        ("Protective factors", _factors(factors[FactorKind.PROTECTIVE], narrative=narrative)),
    ]
    actions = [action for action in selectors.plan_actions(plan) if not action.is_finished]
    overdue = sum(action.is_overdue(today) for action in actions)
    rows.append(("Plan actions open", f"{len(actions)}" + (f", {overdue} overdue" if overdue else "")))
    return Section("Plan", rows=rows)
