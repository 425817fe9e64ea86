"""Who sees and changes plans.

- Hub staff of the plan's authority read every plan; hub coordinators change them.
- The plan's lead reads and changes it (``own``).
- Case roles allocated to, or in an agency involved with, the child read the child's plan; the
  allocated practitioner changes it.
- ``panel_member``: panel chairs read every plan of the authorities their agency serves (MEP develops
  and oversees plans, and chairs audit them); and whoever sees a child through panel membership (the
  panels capability's relationship on the child: attending a meeting that discusses them) reads the
  child's plan, for the briefing. Plans read that relationship from the child's policy at request
  time, so they never import the panels app.
- ``action_owner``: the owner of an open action agreed in the plan, or in one of its audits, reads
  the plan until the action is done (as they read the child, ``hub/actions/relationships.py``).
- A plan for a place, group or person of concern (a case) is read as the case is: by whoever sees the
  case through panel membership (``panel_member``), and by the police who see it as intelligence
  (``intelligence``); ``intelligence.contexts.through_context`` reads the case's policy.
- School safeguarding leads, partnership leads, auditors and administrators see no plan.
- Plan audits: hub coordinators and panel chairs who may read a plan audit it (``may_audit``); an
  audit, its answers, the plan's versions and factors are read by whoever may read the plan.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from hub.accounts.access import Action, Policy, Relationship, authority_ids, decide, register
from hub.accounts.models import User
from hub.actions.relationships import owns_open_action_from
from hub.children.relationships import RelationshipQ, agency_involved, allocated, through_child
from hub.core.roles import (
    BREAK_GLASS_ROLES,
    CASE_ROLES,
    HUB_STAFF_ROLES,
    OVERSIGHT_ROLES,
    RELATED_CASE_ROLES,
    Role,
)
from hub.intelligence.contexts import through_context
from hub.plans.models import Plan, PlanAudit, PlanAuditAnswer, PlanFactor, PlanVersion

# Who starts a plan for a child whose record they may see, and who may lead one.
START_ROLES = frozenset({Role.PRACTITIONER, Role.POLICE_OFFICER, Role.PANEL_CHAIR, Role.HUB_COORDINATOR})
LEAD_ROLES = START_ROLES
# Who audits plans: the hub's coordinators and the panels' chairs (a lead never audits their own plan).
AUDIT_ROLES = frozenset({Role.HUB_COORDINATOR, Role.PANEL_CHAIR})
# Who sees the list of plans due for review across the area.
LIST_ROLES = OVERSIGHT_ROLES
# Who starts a plan for a context (a school, a place, a group).
CONTEXT_START_ROLES = frozenset({Role.HUB_COORDINATOR, Role.PANEL_CHAIR})


def panel_sight(prefix: str = "") -> RelationshipQ:
    """Panel chairs: every plan of their authorities. Others who see the child (or the place, group or
    person) through panel membership: its plan."""
    on_panel_with_child = through_child(Relationship.PANEL_MEMBER, f"{prefix}child__")
    on_panel_with_case = through_context(Relationship.PANEL_MEMBER, prefix)

    def q(user: User) -> Q:
        sight = on_panel_with_child(user) | on_panel_with_case(user)
        if user.has_role(Role.PANEL_CHAIR):
            sight |= Q(**{f"{prefix}authority_id__in": authority_ids(user)})
        return sight

    return q


def action_sight(prefix: str = "") -> RelationshipQ:
    """The owner of an open action agreed in the plan, or in one of its audits, reads the plan."""

    def q(user: User) -> Q:
        return owns_open_action_from(user, Plan, prefix) | Q(
            **{
                f"{prefix}pk__in": PlanAudit.objects.filter(owns_open_action_from(user, PlanAudit)).values(
                    "plan_id"
                )
            }
        )

    return q


def _plan_policy(model: type, prefix: str, *, writable: bool) -> Policy:
    """``prefix`` leads from the record to its plan ("" for the plan itself)."""
    return Policy(
        model=model,
        authority_field=f"{prefix}authority",
        read={
            Relationship.OWN: CASE_ROLES,
            Relationship.HUB_STAFF: HUB_STAFF_ROLES,
            Relationship.ALLOCATED: RELATED_CASE_ROLES,
            Relationship.AGENCY_INVOLVED: RELATED_CASE_ROLES,
            Relationship.PANEL_MEMBER: RELATED_CASE_ROLES,
            Relationship.ACTION_OWNER: RELATED_CASE_ROLES,
            # The police see the plans of the places, groups and persons they see as cases.
            Relationship.INTELLIGENCE: {Role.POLICE_OFFICER},
            Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
        },
        write=(
            {
                Relationship.OWN: RELATED_CASE_ROLES | {Role.HUB_COORDINATOR},
                Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
                Relationship.ALLOCATED: {Role.PRACTITIONER},
            }
            if writable
            else {}
        ),
        relationships={
            Relationship.OWN: lambda user: Q(**{f"{prefix}lead": user}),
            Relationship.ALLOCATED: allocated(f"{prefix}child__"),
            Relationship.AGENCY_INVOLVED: agency_involved(f"{prefix}child__"),
            Relationship.PANEL_MEMBER: panel_sight(prefix),
            Relationship.ACTION_OWNER: action_sight(prefix),
            Relationship.INTELLIGENCE: through_context(Relationship.INTELLIGENCE, prefix),
        },
    )


PLAN_POLICY = _plan_policy(Plan, "", writable=True)
VERSION_POLICY = _plan_policy(PlanVersion, "plan__", writable=False)
FACTOR_POLICY = _plan_policy(PlanFactor, "version__plan__", writable=False)
AUDIT_POLICY = _plan_policy(PlanAudit, "plan__", writable=False)
ANSWER_POLICY = _plan_policy(PlanAuditAnswer, "audit__plan__", writable=False)


def may_audit(user: Any, plan: Plan) -> bool:
    """Hub coordinators and panel chairs who may read the plan, other than its lead."""
    return (
        user.has_role(*AUDIT_ROLES)
        and plan.lead_id != user.pk
        and plan.current_number >= 1
        and decide(user, plan, Action.READ).allowed
    )


def register_policies() -> None:
    for policy in (PLAN_POLICY, VERSION_POLICY, FACTOR_POLICY, AUDIT_POLICY, ANSWER_POLICY):
        register(policy)
