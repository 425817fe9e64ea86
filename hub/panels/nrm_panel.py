"""The devolved NRM child decision panel (reference meeting type ``nrm-panel``): in an area of the
devolved child decision-making programme (the authority's ``nrm_decisions`` setting), a local
multi-agency panel makes the Reasonable Grounds and Conclusive Grounds decisions for children more
than 100 days from their 18th birthday.

- Its agenda proposes the area's children whose open referral waits for a decision the panel may make:
  a Reasonable Grounds decision, or a Conclusive Grounds decision once the recovery period is over by
  the meeting's day.
- A decision of one of the ``NRM_DECISIONS`` kinds at its meeting records the decision on the child's
  referral, in the decision's transaction (``effects``): dated the meeting's day, decided by the local
  panel, naming the meeting's chair and the agencies present. The NRM app's own rules then hold (the
  chair is not the child's worker; social care, police and health were present; the child is
  eligible), and who may record it is the NRM app's (the hub, which keeps the clocks).
"""

from __future__ import annotations

from django.utils import timezone

from hub.accounts.models import Agency, User
from hub.children.models import Child
from hub.core.errors import RuleRefused
from hub.nrm import rules as nrm_rules
from hub.nrm import selectors as nrm_selectors
from hub.nrm import services as nrm_services
from hub.nrm.models import OPEN, DecisionMaker, Grounds, NrmReferral
from hub.panels import rules
from hub.panels.agenda import Proposal, Window
from hub.panels.models import AgendaItem, Attendance, DecisionKind, Meeting, SubjectKind

NRM_PANEL = rules.NRM_PANEL
RULE_RG = "nrm-rg-due"
RULE_CG = "nrm-cg-due"
LABELS = {
    RULE_RG: "Waiting for the Reasonable Grounds decision",
    RULE_CG: "Recovery period over: the Conclusive Grounds decision",
}


def is_nrm_panel(meeting: Meeting) -> bool:
    return meeting.panel.meeting_type.code == NRM_PANEL


def decisions_due(window: Window) -> list[Proposal]:
    """The area's children whose open referral waits for a decision this panel may make at the
    meeting (the authority decides by a local panel; the child is eligible)."""
    meeting = window.meeting
    authority = meeting.panel.authority
    if authority.nrm_decisions != DecisionMaker.LOCAL_PANEL:
        return []
    day = timezone.localtime(meeting.held_at).date()
    held = nrm_selectors.clocks()
    proposals = []
    referrals = (
        NrmReferral.objects.filter(OPEN, child__authority=authority)
        .select_related("child")
        .order_by("referred_on", "pk")
    )
    for referral in referrals:
        child = referral.child
        if not nrm_rules.panel_eligible(child.date_of_birth, on=referral.referred_on):
            continue
        if not referral.rg_grounds:
            proposals.append(
                Proposal(
                    SubjectKind.CHILD,
                    f"Referred to the NRM on {referral.referred_on:%-d %B %Y}: the Reasonable Grounds "
                    "decision is due.",
                    RULE_RG,
                    child=child,
                )
            )
        elif referral.rg_decided_on is not None and day >= nrm_rules.cg_earliest(
            referral.rg_decided_on, recovery_days=held.recovery_days
        ):
            proposals.append(
                Proposal(
                    SubjectKind.CHILD,
                    f"Positive Reasonable Grounds on {referral.rg_decided_on:%-d %B %Y}; the recovery "
                    "period is over: the Conclusive Grounds decision may be made.",
                    RULE_CG,
                    child=child,
                )
            )
    return proposals


def _present_agencies(meeting: Meeting) -> list[Agency]:
    agencies: dict[int, Agency] = {}
    for attendance in meeting.attendances.filter(status=Attendance.Status.PRESENT).select_related("agency"):
        agencies.setdefault(attendance.agency_id, attendance.agency)
    return list(agencies.values())


def _record(kind: str, *, item: AgendaItem, by: User, meeting: Meeting) -> None:
    child: Child | None = item.child
    assert child is not None  # NRM decisions are about a child (CHILD_ONLY_DECISIONS)
    referral = NrmReferral.objects.filter(OPEN, child=child).first()
    if referral is None:
        raise RuleRefused(f"{child.full_name} has no open NRM referral: there is no decision to make.")
    if not nrm_services.nrm_change_allowed(by=by, referral=referral):
        raise RuleRefused(
            "The hub enters the panel's NRM decisions (it keeps the NRM clocks): ask a hub coordinator to "
            "record this decision."
        )
    rg = kind in (DecisionKind.NRM_RG_POSITIVE, DecisionKind.NRM_RG_NEGATIVE)
    positive = kind in (DecisionKind.NRM_RG_POSITIVE, DecisionKind.NRM_CG_POSITIVE)
    record = nrm_services.nrm_record_rg if rg else nrm_services.nrm_record_cg
    record(
        by=by,
        referral=referral,
        version=referral.version,
        grounds=Grounds.POSITIVE if positive else Grounds.NEGATIVE,
        decided_on=timezone.localtime(meeting.held_at).date(),
        decision_maker=DecisionMaker.LOCAL_PANEL,
        panel_chair=meeting.chair,
        panel_agencies=_present_agencies(meeting),
        late_entry_reason=f"Recorded from the decision of {meeting.label}.",
    )


def register_effects() -> None:
    from hub.panels import effects
    from hub.panels.models import NRM_DECISIONS

    for kind in NRM_DECISIONS:
        effects.register(
            kind,
            kind,
            lambda *, item, by, meeting, kind=kind: _record(kind, item=item, by=by, meeting=meeting),
        )
