"""Pages for actions: the user's own list (overdue first) and one action, where its owner moves it on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts import access
from hub.accounts.access import Action as Access
from hub.accounts.signed_in import SignedInRequest
from hub.actions import forms, selectors, services
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.core import clock
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import WORKER_ROLES


@login_required
@role_required(*WORKER_ROLES)
@require_GET
def mine(request: SignedInRequest) -> HttpResponse:
    today = clock.today()
    open_actions = selectors.my_actions(request.user, today=today)
    finished = selectors.my_finished_actions(request.user)
    if open_actions or finished:
        log_consultation(records=[*open_actions, *finished], justification="own", detail="my actions")
    return render(
        request,
        "actions/mine.html",
        {
            "open_actions": open_actions,
            "finished": finished,
            "overdue_count": sum(action.is_overdue(today) for action in open_actions),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    changing = request.method == "POST"
    action, _ = selectors.action_get_for_user(request.user, pk)
    if changing:
        services.action_update_check(by=request.user, action=action)
    may_change = not action.is_finished and access.decide(request.user, action, Access.WRITE).allowed
    form = forms.ActionUpdateForm(
        request.POST or None, initial={"version": action.version, "status": action.status}
    )
    if changing and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                action=action,
                by=request.user,
                version=data["version"],
                status=data["status"],
                outcome=data["outcome"],
                due=data["due"],
            )
        except (RuleRefused, StaleVersion) as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Action updated: {action.get_status_display().lower()}.")
            return redirect("actions:detail", pk=action.pk)
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "form": form,
            "may_change": may_change,
            "overdue": action.is_overdue(clock.today()),
            "may_see_child": action.child is not None
            and access.decide(request.user, action.child, Access.READ).allowed,
        },
    )
