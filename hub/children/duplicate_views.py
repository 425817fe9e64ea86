"""The hub's queue of possible duplicates: records that share an identifier or look alike. Creating a
record never tells its author that another exists (that would disclose a child they may not see); the
hub decides here whether two records are the same child or different children."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.children import forms, services
from hub.children.selectors import duplicates_waiting
from hub.core.errors import Forbidden, RuleRefused
from hub.core.forms import add_refusal
from hub.core.roles import HUB_STAFF_ROLES


@login_required
@role_required(*HUB_STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def queue(request: SignedInRequest) -> HttpResponse:
    pairs = duplicates_waiting(request.user)
    form = forms.DuplicateDecisionForm(request.POST or None)
    if request.method == "POST":
        try:
            services.duplicate_decide_check(by=request.user)
        except Forbidden as refused:
            # The queue's page answers a refused role with the reason on the form, as it always has.
            form.add_error(None, str(refused.args[0]))
        else:
            if form.is_valid():
                decidable = {p.duplicate.pk: p for p in pairs if p.may_decide}
                pair = decidable.get(form.cleaned_data["duplicate"])
                try:
                    if pair is None:
                        raise RuleRefused("That pair has already been decided, or is not one you can decide.")
                    services.duplicate_decide(
                        duplicate=pair.duplicate,
                        by=request.user,
                        decision=form.cleaned_data["decision"],
                        note=form.cleaned_data["note"],
                    )
                except RuleRefused as refused:
                    add_refusal(form, refused)
                else:
                    messages.success(request, "Decision recorded.")
                    return redirect("children:duplicates")
    return render(
        request,
        "children/duplicates.html",
        {
            "pairs": pairs,
            "form": form,
            "may_decide": services.duplicate_decide_allowed(by=request.user),
        },
    )
