"""Missing episodes and return interviews are seen by whoever may see the child, plus police of the
child's authority (police record reports and returns) and the allocated return interviewer. Repeat
missing alerts follow the episode that raised them."""

from __future__ import annotations

from django.db.models import Q

from hub.accounts.access import Policy, Relationship, register
from hub.children.relationships import RelationshipQ, agency_involved, allocated
from hub.core.roles import BREAK_GLASS_ROLES, HUB_STAFF_ROLES, RELATED_CASE_ROLES, Role
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview, RiskGradeChange

# Who works the repeat-missing alerts queue (hub coordinators decide).
ALERT_ROLES = HUB_STAFF_ROLES
# Who reports a child missing, records the return and grades the risk (and corrects them).
REPORT_ROLES = frozenset({Role.HUB_COORDINATOR, Role.POLICE_OFFICER})
# Return interviews are held by someone independent of the police (who also correct them).
INTERVIEW_ROLES = frozenset({Role.RETURN_INTERVIEWER, Role.HUB_COORDINATOR, Role.PRACTITIONER})
# Who decides on a repeat-missing alert (and corrects the decision).
ALERT_DECIDE_ROLES = frozenset({Role.HUB_COORDINATOR})


def interviewer(path: str) -> RelationshipQ:
    """The records whose return interview is allocated to the reader (``path`` leads to the
    interview's ``allocated_to``)."""
    return lambda user: Q(**{path: user})


def _episode_policy(model: type, prefix: str, interviewer_field: str) -> Policy:
    """``prefix`` leads from the record to the episode; ``interviewer_field`` to the allocated
    return interviewer."""
    to_child_allocated = allocated(f"{prefix}child__")
    to_interviewer = interviewer(interviewer_field)
    return Policy(
        model=model,
        authority_field=f"{prefix}child__authority",
        read={
            Relationship.HUB_STAFF: HUB_STAFF_ROLES,
            Relationship.ALLOCATED: RELATED_CASE_ROLES,
            Relationship.AGENCY_INVOLVED: RELATED_CASE_ROLES,
            Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
        },
        write={
            Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
            Relationship.ALLOCATED: {Role.RETURN_INTERVIEWER, Role.POLICE_OFFICER, Role.PRACTITIONER},
            Relationship.AGENCY_INVOLVED: {Role.POLICE_OFFICER},
        },
        relationships={
            # Allocated to the child, or allocated the child's return interview.
            Relationship.ALLOCATED: lambda user: to_child_allocated(user) | to_interviewer(user),
            Relationship.AGENCY_INVOLVED: agency_involved(f"{prefix}child__"),
        },
    )


EPISODE_POLICY = _episode_policy(MissingEpisode, "", "interview__allocated_to")
INTERVIEW_POLICY = _episode_policy(ReturnInterview, "episode__", "allocated_to")
ALERT_POLICY = _episode_policy(RepeatMissingAlert, "", "episode__interview__allocated_to")
# An entry of an episode's risk-grade history is the episode's: reached to correct it.
RISK_CHANGE_POLICY = _episode_policy(RiskGradeChange, "episode__", "episode__interview__allocated_to")


def register_policies() -> None:
    register(EPISODE_POLICY)
    register(INTERVIEW_POLICY)
    register(ALERT_POLICY)
    register(RISK_CHANGE_POLICY)
