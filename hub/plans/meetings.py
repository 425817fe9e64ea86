"""What the plans capability adds to panel meetings (besides the child's briefing, ``briefing.py``):
MEP reviews the plans falling due before its next meeting, and a "start a plan" decision starts the
child's plan. Registered with the panels app when both are installed (``PlansConfig.ready``): the
plans app sits above panels, and panels does not know plans exist."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hub.accounts.models import User
from hub.panels.agenda import Proposal, Window
from hub.panels.models import AgendaItem, Meeting, SubjectKind
from hub.plans import services
from hub.plans.selectors import plans_due_for_meeting

RULE_CODE = "mep-plan-review"
RULE_LABEL = "Plan review due"


def plans_due(window: Window) -> list[Proposal]:
    """Each child whose active plan is due for review before the panel's next usual meeting (overdue
    ones included). A plan for a context (a school) is not proposed here."""
    until = timezone.localtime(window.meeting.held_at).date() + timedelta(
        days=window.meeting.panel.frequency_days
    )
    proposals = []
    for plan in plans_due_for_meeting(window.meeting.panel.authority, before=until):
        if plan.child is None:
            continue
        due = plan.review_due
        proposals.append(
            Proposal(
                SubjectKind.CHILD,
                f"Plan review due{f' {due:%-d %B %Y}' if due else ''}.",
                RULE_CODE,
                child=plan.child,
            )
        )
    return proposals


def start_plan(*, item: AgendaItem, by: User, meeting: Meeting) -> None:
    """A "start a plan" decision: the child's plan is started (or their open plan kept), led by their
    allocated worker, in the decision's transaction."""
    if item.child is not None:
        services.plan_start(child=item.child, by=by, source_label=meeting.label)
