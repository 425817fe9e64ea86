"""Pages for the NRM: the child's NRM tab, referring a child, a referral with its clocks, recording the
reasonable and conclusive grounds decisions, withdrawing and correcting a referral, and the hub's queue
of NRM clocks. Each write page asks the service's check before it shows the form or reads the post."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.children.selectors import child_get_for_user
from hub.children.views import record_context
from hub.core import clock, late
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.nrm import corrections, forms, rules, selectors, services
from hub.nrm.access import QUEUE_ROLES
from hub.nrm.models import NrmReferral, Stage


@login_required
@require_GET
def child_nrm(request: SignedInRequest, pk: int) -> HttpResponse:
    """The child's NRM tab: each referral, where it stands and which clock runs."""
    child, _ = child_get_for_user(request.user, pk, purpose="NRM")
    referrals = selectors.referrals_for_child(request.user, child)
    if referrals:
        log_consultation(records=referrals, justification="child's record", detail="child's NRM referrals")
    held = selectors.clocks()
    today = clock.today()
    context = record_context(request, child, "nrm")
    context.update(
        {
            "rows": [
                (referral, selectors.clock_of(referral, today=today, held=held)) for referral in referrals
            ],
            "may_refer": services.nrm_refer_allowed(by=request.user, child=child)
            and not any(referral.is_open for referral in referrals),
        }
    )
    return render(request, "nrm/child_nrm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: SignedInRequest, pk: int) -> HttpResponse:
    child, _ = child_get_for_user(request.user, pk, purpose="NRM referral")
    services.nrm_refer_check(by=request.user, child=child)
    form = forms.ReferForm(request.POST or None, agencies=selectors.agencies_serving(child))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.nrm_refer(by=request.user, child=child, **data)
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"{child.full_name}'s referral to the NRM is recorded.")
            return redirect("nrm:detail", pk=referral.pk)
    context = record_context(request, child)
    context["form"] = form
    return render(request, "nrm/refer.html", context)


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    referral, _ = selectors.referral_get_for_user(request.user, pk)
    may_change = services.nrm_change_allowed(by=request.user, referral=referral)
    stage = referral.stage
    return render(
        request,
        "nrm/detail.html",
        {
            "referral": referral,
            "child": referral.child,
            "may_see_child": access.decide(request.user, referral.child).allowed,
            "clock": selectors.clock_of(referral),
            "types": list(referral.exploitation_types.all()),
            "rg_agencies": list(referral.rg_panel_agencies.all()),
            "cg_agencies": list(referral.cg_panel_agencies.all()),
            "show_narrative": may_see_fields(request.user, "narrative"),
            "may_record_rg": may_change and stage == Stage.AWAITING_RG,
            "may_record_cg": may_change and stage == Stage.AWAITING_CG,
            "may_withdraw": may_change and referral.is_open,
            "may_correct": may_change,
            "corrections": corrections_of(referral, show_narrative=may_see_fields(request.user, "narrative")),
            "late_entries": late.entries_for(referral),
        },
    )


def _for_change(request: SignedInRequest, pk: int) -> NrmReferral:
    """The referral, if the person may change it: 404 if they may not see it, 403 if they may see it
    but not change it (the service's rule)."""
    referral, _ = access.get_for_user(
        request.user,
        NrmReferral,
        pk,
        queryset=NrmReferral.objects.select_related("child", "child__authority"),
    )
    services.nrm_change_check(by=request.user, referral=referral)
    return referral


def _decision_page(request: SignedInRequest, pk: int, *, prefix: str) -> HttpResponse:
    referral = _for_change(request, pk)
    child = referral.child
    rg = prefix == "rg"
    form = forms.DecisionForm(
        request.POST or None,
        initial={"version": referral.version},
        agencies=selectors.agencies_serving(child),
        chairs=selectors.chair_candidates(child),
    )
    waiting = referral.stage == (Stage.AWAITING_RG if rg else Stage.AWAITING_CG)
    if request.method == "POST" and form.is_valid():
        record = services.nrm_record_rg if rg else services.nrm_record_cg
        try:
            record(by=request.user, referral=referral, **form.cleaned_data)
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            words = "reasonable grounds" if rg else "conclusive grounds"
            messages.success(request, f"The {words} decision is recorded.")
            return redirect("nrm:detail", pk=referral.pk)
    clock_now = selectors.clock_of(referral)
    return render(
        request,
        "nrm/decision.html",
        {
            "referral": referral,
            "child": child,
            "form": form,
            "rg": rg,
            "waiting": waiting,
            "clock": clock_now,
            "recovery": clock_now.state == rules.ClockState.RECOVERY,
            "setting": child.authority.get_nrm_decisions_display(),
            "panel_eligible": rules.panel_eligible(child.date_of_birth, on=referral.referred_on),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reasonable_grounds(request: SignedInRequest, pk: int) -> HttpResponse:
    return _decision_page(request, pk, prefix="rg")


@login_required
@require_http_methods(["GET", "POST"])
def conclusive_grounds(request: SignedInRequest, pk: int) -> HttpResponse:
    return _decision_page(request, pk, prefix="cg")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _for_change(request, pk)
    form = forms.WithdrawForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.nrm_withdraw(by=request.user, referral=referral, **form.cleaned_data)
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "The referral is withdrawn.")
            return redirect("nrm:detail", pk=referral.pk)
    return render(request, "nrm/withdraw.html", {"referral": referral, "child": referral.child, "form": form})


def _correct_initial(referral: NrmReferral) -> dict[str, Any]:
    return {
        "version": referral.version,
        "referred_on": referral.referred_on,
        "referrer_name": referral.referrer_name,
        "summary": referral.summary,
        "rg_grounds": referral.rg_grounds,
        "rg_decided_on": referral.rg_decided_on,
        "cg_grounds": referral.cg_grounds,
        "cg_decided_on": referral.cg_decided_on,
    }


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _for_change(request, pk)
    form = forms.CorrectForm(request.POST or None, initial=_correct_initial(referral))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = {
            name: data[name] or None
            for name in ("rg_grounds", "rg_decided_on", "cg_grounds", "cg_decided_on")
            if getattr(referral, name.replace("decided_on", "grounds"))
        }
        try:
            corrections.nrm_correct(
                by=request.user,
                referral=referral,
                version=data["version"],
                reason=data["reason"],
                referred_on=data["referred_on"],
                referrer_name=data["referrer_name"],
                summary=data["summary"],
                **decided,
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, "The correction is saved.")
            return redirect("nrm:detail", pk=referral.pk)
    return render(request, "nrm/correct.html", {"referral": referral, "child": referral.child, "form": form})


@login_required
@role_required(*QUEUE_ROLES)
@require_GET
def queue(request: SignedInRequest) -> HttpResponse:
    """The hub's queue of NRM clocks: RG decisions overdue and due, CG decisions now possible."""
    rows = selectors.clock_queue(request.user)
    if rows:
        log_consultation(
            records=[row.referral for row in rows], justification="hub staff", detail="NRM clocks"
        )
    return render(request, "nrm/queue.html", {"rows": rows})
