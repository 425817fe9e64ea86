"""A place's, group's or person's plan on its case page (``intelligence.contexts``): the plans for it the
reader may see, and a way to start one for those who may."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from hub.accounts import access
from hub.accounts.models import User
from hub.audit.services import log_consultation
from hub.intelligence.contexts import CaseSection, register_section
from hub.intelligence.models import ContextCase, Entity
from hub.plans import contexts
from hub.plans.access import CONTEXT_START_ROLES
from hub.plans.models import OPEN_STATUSES, Plan


def case_plans(user: User, case: ContextCase) -> list[Plan]:
    """The plans for the case the reader may see, the open one first, then newest; logged."""
    plans = sorted(
        access.visible(
            user,
            Plan.objects.filter(context_type=ContentType.objects.get_for_model(Entity), context_id=case.pk),
        ).select_related("lead"),
        key=lambda plan: (plan.status not in OPEN_STATUSES, -plan.pk),
    )
    if plans:
        log_consultation(records=plans, justification="the case", detail=f"plans of entity {case.pk}")
    return plans


def _section(user: User, case: ContextCase) -> dict[str, Any] | None:
    plans = case_plans(user, case)
    kind = contexts.kind_for(Entity)
    may_start = (
        not any(plan.status in OPEN_STATUSES for plan in plans)
        and user.has_role(*CONTEXT_START_ROLES)
        and kind is not None
        and kind.choices(access.authority_ids(user), user).filter(pk=case.pk).exists()
    )
    return {"plans": plans, "may_start": may_start, "case": case, "context_value": f"case:{case.pk}"}


def register_case_section() -> None:
    register_section(CaseSection("plan", "plans/_case_section.html", _section), before="panels")
