"""Writes about NRM referrals: refer a child, record the reasonable grounds (RG) and conclusive grounds
(CG) decisions, withdraw a referral. Each is keyword-only, checks who may first
(``nrm_refer_check``, ``nrm_change_check``; ``_allowed`` for a page deciding what to offer), applies the
date rules (``hub.core.dates``: not in the future, not before the child's birth, in order; a CG decision
not before the recovery period after the RG decision ends), asks why an entry is late
(``hub.core.late``), checks the version the person saw, and writes in one transaction with its change
history and an access-log entry.

Who decides is the authority's setting (``Authority.nrm_decisions``) and the child's age
(``rules.decision_maker_for``): a local panel's decision names its chair, who is not allocated to the
child, and is made with children's social care, police and health present.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import Agency, NrmDecisions, User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.children.models import Allocation, Child
from hub.core import bulk, clock, dates, late
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion
from hub.nrm import rules, selectors
from hub.nrm.access import WRITE_ROLES
from hub.nrm.models import OPEN, DecisionMaker, Grounds, NrmReferral, Stage
from hub.reference.models import ExploitationType

REFER_REFUSAL = "Only hub coordinators, practitioners and police officers record NRM referrals."
CHANGE_REFUSAL = "You can see this NRM referral but your role cannot record its decisions."
SUMMARY_LIMIT = 5000
# The agencies a local panel's decision needs present (the devolved programme: social care, police,
# health).
PANEL_KINDS = {
    Agency.Kind.CHILDRENS_SOCIAL_CARE: "children's social care",
    Agency.Kind.POLICE: "police",
    Agency.Kind.HEALTH: "health",
}


# --- who may -----------------------------------------------------------------------------------------


def nrm_refer_allowed(*, by: User, child: Child) -> bool:
    """Who refers a child to the NRM: a hub coordinator, practitioner or police officer who may see the
    child's record."""
    return by.has_role(*WRITE_ROLES) and access.decide(by, child, Action.READ).allowed


def nrm_refer_check(*, by: User, child: Child) -> None:
    """``nrm_refer_allowed``, refusing: ``NotVisible`` (404) for a child the person may not see,
    ``Forbidden`` (403) for a role that does not refer. Both logged."""
    access.require(by, child, refusal=REFER_REFUSAL, action=Action.READ, verb="NRM refer")
    access.require_role(by, WRITE_ROLES, refusal=REFER_REFUSAL, verb="NRM refer")


def nrm_change_allowed(*, by: User, referral: NrmReferral) -> bool:
    """Who records a referral's decisions, withdraws or corrects it: the NRM policy's write grants."""
    return access.decide(by, referral, Action.WRITE).allowed


def nrm_change_check(*, by: User, referral: NrmReferral) -> Decision:
    """``nrm_change_allowed``, refusing: ``NotVisible`` (404) for a referral the person may not see,
    ``Forbidden`` (403) for one they may see but not change. Both logged."""
    return access.require(by, referral, refusal=CHANGE_REFUSAL, verb="NRM change")


# --- the rules every write shares ---------------------------------------------------------------------


def dates_check(
    *,
    child: Child,
    referred_on: date,
    rg_decided_on: date | None = None,
    cg_decided_on: date | None = None,
    withdrawn_on: date | None = None,
    recovery_days: int | None = None,
) -> None:
    """The referral's dates, each possible and in order: the referral, the RG decision on or after it,
    the CG decision not before the recovery period after the RG decision has passed; a withdrawal on or
    after the referral."""
    born = child.date_of_birth
    dates.happened(referred_on, field="referred_on", what="the date of the referral", born=born)
    if rg_decided_on is not None:
        dates.happened(
            rg_decided_on,
            field="rg_decided_on",
            what="the date of the reasonable grounds decision",
            born=born,
            after=(referred_on, "the referral"),
        )
    if cg_decided_on is not None:
        if rg_decided_on is None:
            raise RuleRefused("A conclusive grounds decision follows a reasonable grounds decision.")
        dates.happened(
            cg_decided_on,
            field="cg_decided_on",
            what="the date of the conclusive grounds decision",
            born=born,
            after=(rg_decided_on, "the reasonable grounds decision"),
        )
        days = selectors.clocks().recovery_days if recovery_days is None else recovery_days
        earliest = rules.cg_earliest(rg_decided_on, recovery_days=days)
        if cg_decided_on < earliest:
            raise FieldRefused(
                f"The conclusive grounds decision must be on or after {earliest:%-d %B %Y}: the recovery "
                f"period of {days} days after the reasonable grounds decision must have passed",
                field="cg_decided_on",
            )
    if withdrawn_on is not None:
        dates.happened(
            withdrawn_on,
            field="withdrawn_on",
            what="the date the referral was withdrawn",
            born=born,
            after=(referred_on, "the referral"),
        )


def decider_check(
    *,
    child: Child,
    referred_on: date,
    decided_on: date,
    decision_maker: str,
    panel_chair: User | None,
    panel_agencies: Sequence[Agency],
) -> None:
    """Who decided: the Single Competent Authority, or a local panel where the authority's setting is a
    devolved panel and the child was more than 100 days from their 18th birthday when referred. A
    panel's decision names its chair, who is not allocated to the child on the day, and was made with
    children's social care, police and health present; the Home Office's has neither."""
    if decision_maker not in DecisionMaker.values:
        raise FieldRefused("Choose who made the decision", field="decision_maker")
    authority = child.authority
    devolved = authority.nrm_decisions == NrmDecisions.LOCAL_PANEL
    eligible = rules.panel_eligible(child.date_of_birth, on=referred_on)
    expected = rules.decision_maker_for(setting=authority.nrm_decisions, eligible=eligible)
    if decision_maker == DecisionMaker.LOCAL_PANEL and not devolved:
        raise FieldRefused(
            f"{authority} is not a site of the devolved child decision-making programme: its NRM decisions "
            "are made by the Single Competent Authority",
            field="decision_maker",
        )
    if decision_maker == DecisionMaker.LOCAL_PANEL and not eligible:
        why = (
            "the child's date of birth is not recorded"
            if child.date_of_birth is None
            else f"{child.first_name} was {rules.PANEL_MARGIN_DAYS} days or fewer from their 18th birthday "
            "when referred"
        )
        raise FieldRefused(
            f"The local panel cannot decide for this child: {why}. The Single Competent Authority decides",
            field="decision_maker",
        )
    if decision_maker != expected:
        raise FieldRefused(
            f"In {authority} the local panel makes the NRM decisions for children of {child.first_name}'s "
            "age: record the panel's decision",
            field="decision_maker",
        )
    if decision_maker == DecisionMaker.SINGLE_COMPETENT_AUTHORITY:
        if panel_chair is not None:
            raise FieldRefused(
                "Only a local panel's decision has a chair: leave the chair empty", field="panel_chair"
            )
        if panel_agencies:
            raise FieldRefused(
                "Only a local panel's decision names the agencies present: leave them empty",
                field="panel_agencies",
            )
        return
    if panel_chair is None:
        raise FieldRefused("Choose who chaired the panel", field="panel_chair")
    allocated = Allocation.objects.filter(child=child, worker=panel_chair, start__lte=decided_on).filter(
        Q(end__isnull=True) | Q(end__gte=decided_on)
    )
    if allocated.exists():
        raise FieldRefused(
            f"{panel_chair.get_full_name()} is allocated to {child.full_name}: the panel's chair must not be "
            "the child's lead worker. Choose another chair",
            field="panel_chair",
        )
    present = {agency.kind for agency in panel_agencies}
    missing = [words for kind, words in PANEL_KINDS.items() if kind not in present]
    if missing:
        raise FieldRefused(
            f"A local panel decides with children's social care, police and health present: add "
            f"{' and '.join(missing)}",
            field="panel_agencies",
        )
    foreign = [
        agency.name for agency in panel_agencies if not agency.authorities.filter(pk=authority.pk).exists()
    ]
    if foreign:
        raise FieldRefused(
            f"{', '.join(foreign)} does not serve {authority}: choose the agencies at the panel",
            field="panel_agencies",
        )


def locked_for_change(referral: NrmReferral, version: int) -> NrmReferral:
    locked = (
        NrmReferral.objects.select_for_update()
        .select_related("child", "child__authority")
        .get(pk=referral.pk)
    )
    if locked.version != version:
        raise StaleVersion("this NRM referral")
    locked.version = version + 1
    return locked


# --- refer ----------------------------------------------------------------------------------------------


def nrm_refer(
    *,
    by: User,
    child: Child,
    first_responder: Agency,
    referrer_name: str,
    referred_on: date,
    exploitation_types: Iterable[ExploitationType],
    summary: str,
    late_entry_reason: str = "",
) -> NrmReferral:
    """Record a child's referral to the NRM, made by a first responder organisation on a day. A child
    has one open referral at a time. The child's record says they were referred."""
    nrm_refer_check(by=by, child=child)
    referrer_name = referrer_name.strip()
    if not referrer_name:
        raise FieldRefused("Enter the name of the person who made the referral", field="referrer_name")
    if len(referrer_name) > 200:
        raise FieldRefused("The name must be 200 characters or fewer", field="referrer_name")
    summary = summary.strip()
    if not summary:
        raise FieldRefused("Say what the referral says about the child", field="summary")
    if len(summary) > SUMMARY_LIMIT:
        raise FieldRefused(f"The summary must be {SUMMARY_LIMIT} characters or fewer", field="summary")
    types = list(exploitation_types)
    if not types:
        raise FieldRefused("Choose at least one type of exploitation", field="exploitation_types")
    if not first_responder.authorities.filter(pk=child.authority_id).exists():
        raise FieldRefused(
            f"{first_responder} does not serve {child.authority}: choose the organisation that referred",
            field="first_responder",
        )
    dates_check(child=child, referred_on=referred_on)
    what = "the date of the NRM referral"
    late_entry_reason = late.asked(referred_on, late_entry_reason, what=what)
    with transaction.atomic():
        locked_child = Child.objects.select_for_update().get(pk=child.pk)
        open_referral = NrmReferral.objects.filter(OPEN, child=locked_child).first()
        if open_referral is not None:
            raise RuleRefused(
                f"{child.full_name} already has an open NRM referral, made on "
                f"{open_referral.referred_on:%-d %B %Y}: record its decisions or withdraw it first."
            )
        referral = NrmReferral.objects.create(
            child=locked_child,
            authority_id=locked_child.authority_id,
            first_responder=first_responder,
            referrer_name=referrer_name,
            referred_on=referred_on,
            summary=summary,
            recorded_by=by,
        )
        referral.exploitation_types.set(types)
        if not locked_child.nrm_referred:
            # The child's record says so; the version moves so an identity form opened before cannot
            # put the flag back.
            Child.objects.filter(pk=child.pk).update(nrm_referred=True, version=locked_child.version + 1)
            locked_child.refresh_from_db()
            bulk.changed(Child, [locked_child], by=by)
            child.nrm_referred, child.version = True, locked_child.version
        log_change(
            record=referral,
            action=LogAction.COLLECT,
            detail=f"NRM referral of {referred_on:%Y-%m-%d}",
            actor=by,
        )
        late.keep(referral, value=referred_on, reason=late_entry_reason, by=by, what=what)
    return referral


# --- the decisions ----------------------------------------------------------------------------------------


def _decision(
    *,
    prefix: str,
    by: User,
    referral: NrmReferral,
    version: int,
    grounds: str,
    decided_on: date,
    decision_maker: str,
    panel_chair: User | None,
    panel_agencies: Iterable[Agency],
    late_entry_reason: str,
) -> NrmReferral:
    nrm_change_check(by=by, referral=referral)
    rg = prefix == "rg"
    words = "reasonable grounds" if rg else "conclusive grounds"
    if referral.stage != (Stage.AWAITING_RG if rg else Stage.AWAITING_CG):
        if rg and referral.rg_grounds:
            message = "The reasonable grounds decision is already recorded: correct it if it is wrong."
        elif not rg and not referral.rg_grounds:
            message = "Record the reasonable grounds decision first."
        else:
            message = f"This referral is {referral.outcome.lower()}: no {words} decision can be recorded."
        raise RuleRefused(message)
    if grounds not in Grounds.values:
        raise FieldRefused(f"Choose the {words} decision", field="grounds")
    agencies = list(panel_agencies)
    child = referral.child
    if rg:
        dates_check(child=child, referred_on=referral.referred_on, rg_decided_on=decided_on)
    else:
        dates_check(
            child=child,
            referred_on=referral.referred_on,
            rg_decided_on=referral.rg_decided_on,
            cg_decided_on=decided_on,
        )
    decider_check(
        child=child,
        referred_on=referral.referred_on,
        decided_on=decided_on,
        decision_maker=decision_maker,
        panel_chair=panel_chair,
        panel_agencies=agencies,
    )
    what = f"the date of the {words} decision"
    late_entry_reason = late.asked(decided_on, late_entry_reason, what=what)
    with transaction.atomic():
        locked = locked_for_change(referral, version)
        if locked.stage != referral.stage:
            raise StaleVersion("this NRM referral")
        values: dict[str, Any] = {
            f"{prefix}_grounds": grounds,
            f"{prefix}_decided_on": decided_on,
            f"{prefix}_decision_maker": decision_maker,
            f"{prefix}_panel_chair": panel_chair,
            f"{prefix}_recorded_by": by,
            f"{prefix}_recorded_at": clock.now(),
        }
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        getattr(locked, f"{prefix}_panel_agencies").set(agencies)
        log_change(record=locked, detail=f"NRM {words} decision: {grounds}", actor=by)
        late.keep(locked, value=decided_on, reason=late_entry_reason, by=by, what=what)
    return locked


def nrm_record_rg(
    *,
    by: User,
    referral: NrmReferral,
    version: int,
    grounds: str,
    decided_on: date,
    decision_maker: str,
    panel_chair: User | None = None,
    panel_agencies: Iterable[Agency] = (),
    late_entry_reason: str = "",
) -> NrmReferral:
    """Record the reasonable grounds decision: positive or negative, on a day, by whom. A negative
    decision concludes the referral; a positive one starts the recovery period."""
    return _decision(
        prefix="rg",
        by=by,
        referral=referral,
        version=version,
        grounds=grounds,
        decided_on=decided_on,
        decision_maker=decision_maker,
        panel_chair=panel_chair,
        panel_agencies=panel_agencies,
        late_entry_reason=late_entry_reason,
    )


def nrm_record_cg(
    *,
    by: User,
    referral: NrmReferral,
    version: int,
    grounds: str,
    decided_on: date,
    decision_maker: str,
    panel_chair: User | None = None,
    panel_agencies: Iterable[Agency] = (),
    late_entry_reason: str = "",
) -> NrmReferral:
    """Record the conclusive grounds decision, after a positive RG decision and not before the recovery
    period has passed. It concludes the referral."""
    return _decision(
        prefix="cg",
        by=by,
        referral=referral,
        version=version,
        grounds=grounds,
        decided_on=decided_on,
        decision_maker=decision_maker,
        panel_chair=panel_chair,
        panel_agencies=panel_agencies,
        late_entry_reason=late_entry_reason,
    )


def nrm_withdraw(
    *, by: User, referral: NrmReferral, version: int, withdrawn_on: date, reason: str
) -> NrmReferral:
    """Withdraw an open referral, saying when and why. It stays on the record, withdrawn."""
    nrm_change_check(by=by, referral=referral)
    if not referral.is_open:
        raise RuleRefused(f"This referral is {referral.outcome.lower()}: it cannot be withdrawn.")
    reason = reason.strip()
    if not reason:
        raise FieldRefused("Say why the referral is withdrawn", field="reason")
    if len(reason) > SUMMARY_LIMIT:
        raise FieldRefused(f"The reason must be {SUMMARY_LIMIT} characters or fewer", field="reason")
    dates_check(
        child=referral.child,
        referred_on=referral.referred_on,
        rg_decided_on=referral.rg_decided_on,
        withdrawn_on=withdrawn_on,
    )
    if referral.rg_decided_on is not None and withdrawn_on < referral.rg_decided_on:
        raise FieldRefused(
            "The date the referral was withdrawn must be after the reasonable grounds decision "
            f"({referral.rg_decided_on:%-d %B %Y})",
            field="withdrawn_on",
        )
    with transaction.atomic():
        locked = locked_for_change(referral, version)
        if not locked.is_open:
            raise StaleVersion("this NRM referral")
        locked.withdrawn_on = withdrawn_on
        locked.withdrawn_reason = reason
        locked.withdrawn_by = by
        locked.save()
        log_change(record=locked, detail="NRM referral withdrawn", actor=by)
    return locked
