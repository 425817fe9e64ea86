"""Pages for operations: the list of those the reader may see, starting one, and one operation's page (its
facts, members, the records it concerns grouped by kind, the links among them the reader may see, its
disruption activity, what has been taken out), with the forms to move it on and to add to it or take out
of it for those who may. The services check who may; refusals are shown beside their field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts import access
from hub.accounts.models import Authority
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core.corrections import corrections_of
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.intelligence import operation_selectors as selectors
from hub.intelligence import operation_services as services
from hub.intelligence.access import OPERATION_MEMBER_ROLES
from hub.intelligence.models import Entity, Operation, OperationStatus
from hub.intelligence.operation_forms import (
    DisruptionAddForm,
    EntityAddForm,
    FindForm,
    MemberForm,
    OperationForm,
    RemoveForm,
    StatusForm,
)


@login_required
@role_required(*OPERATION_MEMBER_ROLES)
@require_GET
def operations(request: SignedInRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in OperationStatus.values else ""
    rows = selectors.operation_list(request.user, status=status)
    return render(
        request,
        "intelligence/operations.html",
        {
            "operations": rows,
            "status": status,
            "statuses": OperationStatus.choices,
            "may_create": services.operation_create_allowed(by=request.user),
            "hub_staff": access.is_hub_staff(request.user),
        },
    )


@login_required
@role_required(*OPERATION_MEMBER_ROLES)
@require_http_methods(["GET", "POST"])
def operation_new(request: SignedInRequest) -> HttpResponse:
    services.operation_create_check(by=request.user)
    areas = list(Authority.objects.filter(pk__in=access.authority_ids(request.user)).order_by("name"))
    form = OperationForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        if not areas:
            form.add_error(None, services.AREA_REFUSAL)
        else:
            try:
                done = services.operation_create(by=request.user, authority=form.area(areas), **form.facts())
            except RuleRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, f"{done.name} started: add its members and what it concerns.")
                return redirect("intelligence:operation", pk=done.pk)
    return render(request, "intelligence/operation_new.html", {"form": form})


def _removable(operation: Operation) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for member in operation.memberships.filter(removed_at__isnull=True).select_related("user"):
        items.append(
            (f"member-{member.pk}", f"Member: {member.user.get_full_name() or member.user.username}")
        )
    for item in operation.entity_items.filter(removed_at__isnull=True).select_related("entity"):
        items.append((f"entity-{item.pk}", f"{item.entity.get_kind_display()}: {item.entity.name}"))
    for row in operation.disruption_items.filter(removed_at__isnull=True).select_related(
        "disruption__tactic", "disruption__target"
    ):
        items.append((f"disruption-{row.pk}", f"Disruption: {row.disruption}"))
    return items


class _Forms:
    """The operation page's forms, bound to the one posted (``which``)."""

    def __init__(self, request: SignedInRequest, operation: Operation, which: str = "") -> None:
        def data(name: str) -> QueryDict | None:
            return request.POST if which == name else None

        self.status = StatusForm(
            data("status"),
            prefix="status",
            initial={"version": operation.version, "status": operation.status, "outcome": operation.outcome},
        )
        self.member = MemberForm(data("member"), prefix="member", people=selectors.members_to_add(operation))
        self.entity = EntityAddForm(data("entity"), prefix="entity")
        self.disruption = DisruptionAddForm(
            data("disruption"),
            prefix="disruption",
            choices=selectors.disruptions_to_add(request.user, operation),
        )
        self.remove = RemoveForm(data("remove"), prefix="remove", items=_removable(operation))

    def all(self) -> list[forms.Form]:
        return [self.status, self.member, self.entity, self.disruption, self.remove]


def _removal(operation: Operation, key: str) -> tuple[Any, Any]:
    kind, _, pk = key.partition("-")
    if kind == "member":
        return services.operation_member_remove, {"membership": operation.memberships.get(pk=pk)}
    if kind == "entity":
        return services.operation_entity_remove, {"item": operation.entity_items.get(pk=pk)}
    return services.operation_disruption_remove, {"item": operation.disruption_items.get(pk=pk)}


def _post(request: SignedInRequest, operation: Operation, posted: _Forms, which: str) -> str:
    """Carry out the posted form: the success message, or "" with the refusal on the form."""
    user = request.user
    try:
        if which == "status" and posted.status.is_valid():
            data = posted.status.cleaned_data
            services.operation_update(
                by=user,
                operation=operation,
                version=data["version"],
                reason=data["reason"],
                status=data["status"],
                closed_on=data["closed_on"],
                outcome=data["outcome"],
            )
            return f"{operation.name} is now {OperationStatus(data['status']).label.lower()}."
        if which == "member" and posted.member.is_valid():
            person = posted.member.cleaned_data["user"]
            services.operation_member_add(by=user, operation=operation, user=person)
            return f"{person.get_full_name() or person.username} is a member of {operation.name}."
        if which == "entity" and posted.entity.is_valid():
            entity = Entity.objects.filter(pk=posted.entity.cleaned_data["entity"]).first()
            if entity is None:
                posted.entity.add_error(None, "Choose a record from the search results.")
                return ""
            services.operation_entity_add(by=user, operation=operation, entity=entity)
            return f"{entity.name} added to {operation.name}."
        if which == "disruption" and posted.disruption.is_valid():
            disruption = posted.disruption.cleaned_data["disruption"]
            services.operation_disruption_add(by=user, operation=operation, disruption=disruption)
            return f"{disruption} added to {operation.name}."
        if which == "remove" and posted.remove.is_valid():
            call, target = _removal(operation, posted.remove.cleaned_data["item"])
            call(by=user, reason=posted.remove.cleaned_data["reason"], **target)
            return "Taken out of the operation. It stays listed below, with your reason."
    except (RuleRefused, StaleVersion) as refused:
        add_refusal(getattr(posted, which), refused)
    return ""


@login_required
@role_required(*OPERATION_MEMBER_ROLES)
@require_http_methods(["GET", "POST"])
def operation(request: SignedInRequest, pk: int) -> HttpResponse:
    record, decision = selectors.operation_get_for_user(request.user, pk)
    may_change = services.operation_change_allowed(by=request.user, operation=record)
    which = ""
    if request.method == "POST":
        services.operation_change_check(by=request.user, operation=record)
        which = request.POST.get("form", "")
        which = which if which in {"status", "member", "entity", "disruption", "remove"} else "status"
    posted = _Forms(request, record, which) if may_change else None
    if posted is not None and which:
        done = _post(request, record, posted, which)
        if done:
            messages.success(request, done)
            return redirect("intelligence:operation", pk=record.pk)
    find = FindForm(request.GET or None)
    found: list[Entity] = []
    if may_change and find.is_valid():
        found = selectors.entities_to_add(request.user, record, find.cleaned_data["q"])
    held = selectors.holdings(request.user, record, decision)
    return render(
        request,
        "intelligence/operation.html",
        {
            "operation": record,
            "held": held,
            "may_change": may_change,
            "closed": record.status == OperationStatus.CLOSED,
            "forms": posted,
            "errors": [form for form in posted.all() if form.errors] if posted else [],
            "find": find,
            "found": found,
            "searched": may_change and find.is_valid(),
            "corrections": corrections_of(record, show_narrative=True),
        },
    )
