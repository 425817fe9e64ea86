"""Putting right what was recorded wrongly about an NRM referral: its date, who referred, the types of
exploitation and summary, the decisions' outcomes and dates, and a withdrawal's date and reason.

A correction is made by whoever could record the referral (``services.nrm_change_check``), gives its
reason, passes the same date rules as the original on the corrected whole (``services.dates_check``:
nothing in the future or before the child's birth, the RG decision on or after the referral, the CG
decision not before the recovery period after the RG decision), checks the version the person saw,
and is kept in the referral's history with the reason (``hub.core.corrections``) and in the access log
(the fields named, never their values). Who decided, and a panel's chair and agencies, are not
corrected here: a decision recorded as the wrong decider's is a different decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models, transaction

from hub.accounts.models import Agency, User
from hub.audit.services import log_change
from hub.core.corrections import changed_names, correct, reason_given
from hub.core.errors import FieldRefused, RuleRefused
from hub.nrm import services
from hub.nrm.models import OPEN, Grounds, NrmReferral
from hub.reference.models import ExploitationType

NARRATIVE = ("summary", "withdrawn_reason")


def nrm_correct(
    *,
    by: User,
    referral: NrmReferral,
    version: int,
    reason: str,
    referred_on: date | None = None,
    first_responder: Agency | None = None,
    referrer_name: str | None = None,
    summary: str | None = None,
    exploitation_types: Iterable[ExploitationType] | None = None,
    rg_grounds: str | None = None,
    rg_decided_on: date | None = None,
    cg_grounds: str | None = None,
    cg_decided_on: date | None = None,
    withdrawn_on: date | None = None,
    withdrawn_reason: str | None = None,
) -> NrmReferral:
    """Correct the referral (a value not given is kept). A decision not yet recorded is recorded, not
    corrected; a positive RG decision followed by a CG decision stays positive."""
    services.nrm_change_check(by=by, referral=referral)
    reason = reason_given(reason, what="you are correcting the referral")
    values: dict[str, Any] = {
        "referred_on": referred_on or referral.referred_on,
        "first_responder": first_responder or referral.first_responder,
        "referrer_name": referral.referrer_name if referrer_name is None else referrer_name.strip(),
        "summary": referral.summary if summary is None else summary.strip(),
    }
    if not values["referrer_name"]:
        raise FieldRefused("Enter the name of the person who made the referral", field="referrer_name")
    if not values["summary"]:
        raise FieldRefused("Say what the referral says about the child", field="summary")
    _decision_values(values, referral, "rg", rg_grounds, rg_decided_on)
    _decision_values(values, referral, "cg", cg_grounds, cg_decided_on)
    if values.get("rg_grounds") == Grounds.NEGATIVE and referral.cg_grounds:
        raise FieldRefused(
            "A conclusive grounds decision was made, so the reasonable grounds decision was positive",
            field="rg_grounds",
        )
    if withdrawn_on is not None or withdrawn_reason is not None:
        if referral.withdrawn_on is None:
            raise RuleRefused("This referral was not withdrawn: withdraw it rather than correct it.")
        values["withdrawn_on"] = withdrawn_on or referral.withdrawn_on
        values["withdrawn_reason"] = (
            referral.withdrawn_reason if withdrawn_reason is None else withdrawn_reason.strip()
        )
        if not values["withdrawn_reason"]:
            raise FieldRefused("Say why the referral is withdrawn", field="withdrawn_reason")
    reopened = referral.rg_grounds == Grounds.NEGATIVE and values.get("rg_grounds") == Grounds.POSITIVE
    if (
        reopened
        and NrmReferral.objects.filter(OPEN, child=referral.child_id).exclude(pk=referral.pk).exists()
    ):
        raise FieldRefused(
            "The child has another open NRM referral: a positive decision would leave two open",
            field="rg_grounds",
        )
    many: dict[str, Iterable[models.Model]] = {}
    if exploitation_types is not None:
        types = list(exploitation_types)
        if not types:
            raise FieldRefused("Choose at least one type of exploitation", field="exploitation_types")
        many["exploitation_types"] = types
    child = referral.child
    if not values["first_responder"].authorities.filter(pk=child.authority_id).exists():
        raise FieldRefused(
            f"{values['first_responder']} does not serve {child.authority}: choose the organisation that "
            "referred",
            field="first_responder",
        )
    services.dates_check(
        child=child,
        referred_on=values["referred_on"],
        rg_decided_on=values.get("rg_decided_on", referral.rg_decided_on),
        cg_decided_on=values.get("cg_decided_on", referral.cg_decided_on),
        withdrawn_on=values.get("withdrawn_on", referral.withdrawn_on),
    )
    with transaction.atomic():
        locked = services.locked_for_change(referral, version)
        changes = correct(locked, by=by, reason=reason, values=values, many=many, narrative=NARRATIVE)
        log_change(record=locked, actor=by, detail=f"corrected: {changed_names(changes)}")
    return locked


def _decision_values(
    values: dict[str, Any], referral: NrmReferral, prefix: str, grounds: str | None, decided_on: date | None
) -> None:
    """A recorded decision's corrected outcome and date, in ``values``."""
    if grounds is None and decided_on is None:
        return
    words = "reasonable grounds" if prefix == "rg" else "conclusive grounds"
    if not getattr(referral, f"{prefix}_grounds"):
        raise RuleRefused(f"No {words} decision has been recorded yet: record it rather than correct it.")
    if grounds is not None and grounds not in Grounds.values:
        raise FieldRefused(f"Choose the {words} decision", field=f"{prefix}_grounds")
    values[f"{prefix}_grounds"] = grounds or getattr(referral, f"{prefix}_grounds")
    values[f"{prefix}_decided_on"] = decided_on or getattr(referral, f"{prefix}_decided_on")
