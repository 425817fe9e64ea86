"""Pages for the screening tool (task list, sections, check answers, confirmation), the referrer's
view of the outcome, the hub's review queue and the review itself."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import Authority
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.children.models import Child
from hub.children.selectors import child_get_for_user, child_search
from hub.core import clock
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.pagination import paginate
from hub.core.roles import HUB_STAFF_ROLES, REFERRER_ROLES
from hub.reference.models import ScreeningIndicator
from hub.screening import forms, services
from hub.screening.models import Screening
from hub.screening.selectors import my_referrals, review_queue, screening_get_for_user, sees_only_the_outcome

SECTIONS = [
    ("child", "About the child"),
    ("concern", "Your concern"),
    ("indicators", "Signs of exploitation"),
    ("sharing", "Sharing this information"),
]
SECTION_TITLES = dict(SECTIONS)


def _draft(request: SignedInRequest, pk: int) -> Screening:
    """The referrer's own draft; 404 for anyone else's."""
    screening, decision = access.get_for_user(request.user, Screening, pk, action=Action.WRITE)
    if screening.referrer_id != request.user.pk:
        raise Http404
    log_consultation(records=screening, justification=decision.justification, detail="own draft")
    return screening


@login_required
@require_http_methods(["GET", "POST"])
def start(request: SignedInRequest) -> HttpResponse:
    services.screening_start_check(by=request.user)
    child = None
    if request.GET.get("child"):
        child, _ = child_get_for_user(request.user, request.GET["child"], purpose="start a screening")
    if request.method == "POST":
        if request.POST.get("child"):
            child, _ = child_get_for_user(request.user, request.POST["child"], purpose="start a screening")
        try:
            screening = services.screening_start(by=request.user, child=child)
        except RuleRefused as refused:
            messages.error(request, str(refused))
            return redirect("screening:start")
        return redirect("screening:task_list", pk=screening.pk)
    return render(request, "screening/start.html", {"child": child})


def _section_status(screening: Screening, problems: list[services.Problem], section: str) -> str:
    started = {
        "child": bool(screening.child_id or screening.first_name or screening.last_name),
        "concern": bool(screening.concern),
        "indicators": screening.answers.exists(),
        "sharing": bool(screening.lawful_basis),
    }[section]
    if not started:
        return "Not yet started"
    return "Incomplete" if any(problem.section == section for problem in problems) else "Completed"


@login_required
@require_GET
def task_list(request: SignedInRequest, pk: int) -> HttpResponse:
    screening = _draft(request, pk)
    if screening.status != Screening.Status.DRAFT:
        return redirect("screening:detail", pk=screening.pk)
    problems = services.screening_problems(screening)
    sections = [
        {
            "slug": slug,
            "title": title,
            "status": _section_status(screening, problems, slug),
            "url": reverse("screening:section", args=[screening.pk, slug]),
        }
        for slug, title in SECTIONS
    ]
    done = sum(section["status"] == "Completed" for section in sections)
    return render(
        request,
        "screening/task_list.html",
        {"screening": screening, "sections": sections, "done": done, "ready": not problems},
    )


def _section_form(screening: Screening, section: str, data: Any, user: Any) -> Any:
    if section == "child":
        authorities = Authority.objects.filter(pk__in=access.authority_ids(user))
        initial = {name: getattr(screening, name) for name in services.CHILD_FIELDS}
        initial["authority"] = screening.authority_id
        return forms.ChildSectionForm(data, initial=initial, authorities=authorities)
    if section == "concern":
        initial = {name: getattr(screening, name) for name in services.CONCERN_FIELDS}
        initial["immediate_risk"] = (
            "yes" if screening.immediate_risk else ("no" if screening.concern else None)
        )
        initial["exploitation_types"] = list(screening.exploitation_types.values_list("pk", flat=True))
        return forms.ConcernSectionForm(data, initial=initial)
    if section == "indicators":
        indicators = list(ScreeningIndicator.objects.filter(active=True))
        initial = {}
        for answer in screening.answers.all():
            initial[f"answer_{answer.indicator_id}"] = answer.answer
            initial[f"detail_{answer.indicator_id}"] = answer.detail
        return forms.IndicatorsSectionForm(data, initial=initial, indicators=indicators)
    if section == "sharing":
        initial = {name: getattr(screening, name) for name in services.SHARING_FIELDS}
        return forms.SharingSectionForm(data, initial=initial)
    raise Http404


def _save_section(screening: Screening, section: str, form: Any, user: Any, version: int) -> None:
    data = dict(form.cleaned_data)
    if section == "indicators":
        services.screening_save_answers(screening=screening, by=user, answers=form.answers())
        return
    if section == "concern":
        data["immediate_risk"] = data["immediate_risk"] == "yes"
    services.screening_save_section(screening=screening, by=user, version=version, **data)


@login_required
@require_http_methods(["GET", "POST"])
def section(request: SignedInRequest, pk: int, section: str) -> HttpResponse:
    screening = _draft(request, pk)
    if screening.status != Screening.Status.DRAFT:
        return redirect("screening:detail", pk=screening.pk)
    if section not in SECTION_TITLES:
        raise Http404
    form = _section_form(screening, section, request.POST or None, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _save_section(screening, section, form, request.user, int(request.POST.get("version", 0)))
        except StaleVersion as stale:
            form.add_error(None, str(stale))
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            if request.POST.get("next") == "check":
                return redirect("screening:check", pk=screening.pk)
            return redirect("screening:task_list", pk=screening.pk)
    return render(
        request,
        f"screening/section_{section}.html",
        {"screening": screening, "form": form, "title": SECTION_TITLES[section]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request: SignedInRequest, pk: int) -> HttpResponse:
    screening = _draft(request, pk)
    if screening.status != Screening.Status.DRAFT:
        return redirect("screening:detail", pk=screening.pk)
    problems = services.screening_problems(screening)
    if request.method == "POST":
        try:
            services.screening_submit(screening=screening, by=request.user)
        except services.ScreeningIncomplete as incomplete:
            problems = incomplete.problems
        except RuleRefused as refused:
            messages.error(request, str(refused))
        else:
            return redirect("screening:confirmation", pk=screening.pk)
    errors = [
        {
            "message": problem.message,
            "href": reverse("screening:section", args=[screening.pk, problem.section]),
        }
        for problem in problems
    ]
    return render(
        request,
        "screening/check.html",
        {
            "screening": screening,
            "answers": screening.answers.select_related("indicator"),
            "extra_errors": errors if request.method == "POST" else [],
            "problems": problems,
            "types": screening.exploitation_types.all(),
        },
    )


@login_required
@require_GET
def confirmation(request: SignedInRequest, pk: int) -> HttpResponse:
    screening, _ = screening_get_for_user(request.user, pk)
    if screening.referrer_id != request.user.pk or screening.status == Screening.Status.DRAFT:
        raise Http404
    return render(request, "screening/confirmation.html", {"screening": screening})


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    screening, decision = screening_get_for_user(request.user, pk)
    if screening.status == Screening.Status.DRAFT:
        return redirect("screening:task_list", pk=screening.pk)
    outcome_only = sees_only_the_outcome(decision)
    return render(
        request,
        "screening/detail.html",
        {
            "screening": screening,
            "outcome_only": outcome_only,
            "review": getattr(screening, "review", None),
            "answers": [] if outcome_only else screening.answers.select_related("indicator"),
            "types": screening.exploitation_types.all(),
            "may_review": screening.status == Screening.Status.SUBMITTED
            and services.screening_may_review(by=request.user, screening=screening),
        },
    )


@login_required
@role_required(*REFERRER_ROLES)
@require_GET
def referrals(request: SignedInRequest) -> HttpResponse:
    """Every screening the person has referred or started, newest first (the home page shows the last few)."""
    pagination = paginate(request, my_referrals(request.user), per_page=50, label="Pages of your referrals")
    page = pagination.page
    if page.object_list:
        log_consultation(records=list(page.object_list), justification="referrer", detail="your referrals")
    return render(request, "screening/referrals.html", {"page": page, "pagination": pagination})


@login_required
@role_required(*HUB_STAFF_ROLES)
@require_GET
def queue(request: SignedInRequest) -> HttpResponse:
    items = review_queue(request.user)
    show = request.GET.get("show", "all")
    overdue = [item for item in items if item.overdue]
    if show == "overdue":
        items = overdue
    log_consultation(
        records=[item.screening for item in items], justification="hub review", detail="review queue"
    )
    return render(
        request,
        "screening/queue.html",
        {
            "items": items,
            "show": show,
            "overdue_count": len(overdue),
            "now": clock.now(),
        },
    )


def _candidates(request: SignedInRequest, screening: Screening) -> list[Any]:
    if screening.child_id:
        return []
    name = f"{screening.first_name} {screening.last_name}".strip()
    if not name:
        return []
    results = child_search(request.user, name=name, date_of_birth=screening.date_of_birth, limit=5)
    return [result for result in results if result.child.authority_id == screening.authority_id]


@login_required
@require_http_methods(["GET", "POST"])
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    screening, _ = screening_get_for_user(request.user, pk, log=False)
    decision = services.screening_review_check(by=request.user, screening=screening)
    if screening.status != Screening.Status.SUBMITTED:
        return redirect("screening:detail", pk=screening.pk)
    log_consultation(records=screening, justification=decision.justification, detail="hub review")
    candidates = _candidates(request, screening)
    choices = [(str(result.child.pk), result.child.full_name) for result in candidates]
    if not screening.child_id:
        choices.append(("new", "None of these: create a new record from the referral"))
    form = forms.ReviewForm(
        request.POST or None,
        child_choices=choices,
        suggested_level_id=screening.suggested_level_id,
        initial={"decided_level": screening.suggested_level_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = None
        if not screening.child_id and data["child_choice"] != "new":
            chosen, _ = access.get_for_user(request.user, Child, data["child_choice"])
        try:
            services.screening_review(
                screening=screening,
                by=request.user,
                child=chosen,
                create_child=not screening.child_id and data["child_choice"] == "new",
                decided_level=data["decided_level"],
                rationale=data["rationale"],
                route=data["route"],
                systems_consulted=data["systems_consulted"],
                findings=data["findings"],
                difference_reason=data["difference_reason"],
                feedback_to_referrer=data["feedback_to_referrer"],
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request, f"Review saved: {data['decided_level'].name}. The referrer can now see the outcome."
            )
            return redirect("children:detail", pk=screening.child_id)
    return render(
        request,
        "screening/review.html",
        {
            "screening": screening,
            "form": form,
            "candidates": candidates,
            "answers": screening.answers.select_related("indicator"),
            "types": screening.exploitation_types.all(),
            "overdue": screening.review_overdue(),
        },
    )
