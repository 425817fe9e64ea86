"""Pages for a child's record: finding a child, adding one, the summary and its parts, the chronology
and the level-of-concern history.

Every read goes through ``child_get_for_user`` (which logs the consultation); every write asks the
service's check (``services.child_change_check``: 404 for a record the user may not see, 403 for one
they may see but not change) before it shows the form, and then calls the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import Authority, User
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.children import forms, record_tabs, services
from hub.children.chronology import events_for, filter_events, kinds
from hub.children.models import Child
from hub.children.selectors import child_get_for_user, child_search, current_allocation, duplicates_for
from hub.core import clock, late
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.pagination import paginate
from hub.core.roles import CASE_ROLES, REFERRER_ROLES

SEARCH_ROLES = tuple(CASE_ROLES)
CREATE_ROLES = tuple(services.CREATE_ROLES)


def record_context(request: SignedInRequest, child: Child, section: str = "") -> dict[str, Any]:
    """What every page about one child shows: the identity bar and, on the main pages, the sub navigation."""
    return {
        "child": child,
        "age": child.age_on(clock.today()),
        "section": section,
        "may_write": access.decide(request.user, child, Action.WRITE).allowed,
        "extra_tabs": record_tabs.tabs(),
    }


def _child_for_writing(request: SignedInRequest, pk: int) -> tuple[Child, Decision]:
    """The child, if the user may change the record: 404 if they may not see it, 403 if they may see it
    but not change it (the service's rule)."""
    child, _ = access.get_for_user(
        request.user, Child, pk, queryset=Child.objects.select_related("level", "authority")
    )
    return child, services.child_change_check(by=request.user, child=child)


# --- finding and adding a child ------------------------------------------------------------------


@login_required
@role_required(*SEARCH_ROLES)
@require_GET
def search(request: SignedInRequest) -> HttpResponse:
    form = forms.ChildSearchForm(request.GET or None)
    results = None
    if request.GET and form.is_valid() and form.has_criteria():
        results = child_search(
            request.user,
            name=form.cleaned_data["name"].strip(),
            date_of_birth=form.cleaned_data["date_of_birth"],
            identifier=form.cleaned_data["identifier"].strip(),
        )
    return render(
        request,
        "children/search.html",
        {
            "form": form,
            "results": results,
            "may_create": request.user.has_role(*CREATE_ROLES),
            "error_summary": bool(form.errors),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: SignedInRequest) -> HttpResponse:
    services.child_create_check(by=request.user)
    authorities = Authority.objects.filter(pk__in=access.authority_ids(request.user))
    form = forms.ChildIdentityForm(
        request.POST if request.method == "POST" else None, authorities=authorities
    )
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_create(
                authority=form.chosen_authority(), by=request.user, **form.identity()
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Record created for {child.full_name}")
            return redirect("children:detail", pk=child.pk)
    return render(
        request,
        "children/create.html",
        {"form": form, "button": "Add the child", "error_summary": bool(form.errors)},
    )


# --- the child's pages ---------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    child, _ = child_get_for_user(request.user, pk, purpose="summary")
    legal_statuses = list(child.legal_statuses.select_related("placing_authority", "host_authority"))
    context = record_context(request, child, "summary")
    context.update(
        {
            "name_in_full": " ".join(
                part for part in [child.first_name, child.middle_names, child.last_name] if part
            ),
            "duplicates": duplicates_for(request.user, child),
            "aliases": child.aliases.all(),
            "addresses": child.addresses.all(),
            "schools": child.schools.select_related("school"),
            "legal_statuses": legal_statuses,
            "late_entries": late.entries_for(*legal_statuses),
            "involvements": child.agency_involvements.select_related("agency"),
            "allocation": current_allocation(child),
            "flags": [label for name, label in forms.FLAGS.items() if getattr(child, name)],
            "may_refer": request.user.has_role(*REFERRER_ROLES),
            "record_actions": record_tabs.actions_for(request.user, child),
        }
    )
    return render(request, "children/detail.html", context)


# Events on one page of a child's chronology: the busiest children have hundreds.
CHRONOLOGY_PAGE_SIZE = 50


@login_required
@require_GET
def chronology(request: SignedInRequest, pk: int) -> HttpResponse:
    child, _ = child_get_for_user(request.user, pk, purpose="chronology")
    everything = events_for(child, request.user)
    agencies = sorted({event.agency for event in everything if event.agency})
    form = forms.ChronologyFilterForm(request.GET or None, kinds=kinds(), agencies=agencies)
    events = everything
    filtered = False
    if request.GET and form.is_valid() and (form.cleaned_data["kind"] or form.cleaned_data["agency"]):
        filtered = True
        events = filter_events(
            everything, only_kinds=form.cleaned_data["kind"], agency=form.cleaned_data["agency"]
        )
    pagination = paginate(request, events, per_page=CHRONOLOGY_PAGE_SIZE, label="Pages of the chronology")
    context = record_context(request, child, "chronology")
    context.update(
        {
            "form": form,
            "events": pagination.page.object_list,
            "pagination": pagination,
            "filtered": filtered,
            "error_summary": bool(form.errors),
        }
    )
    return render(request, "children/chronology.html", context)


@login_required
@require_GET
def levels(request: SignedInRequest, pk: int) -> HttpResponse:
    child, _ = child_get_for_user(request.user, pk, purpose="levels of concern")
    context = record_context(request, child, "levels")
    context["changes"] = child.level_changes.select_related("level", "previous_level", "decided_by__agency")
    return render(request, "children/levels.html", context)


@login_required
@require_GET
def photo(request: SignedInRequest, pk: int) -> FileResponse:
    """The child's photo, after the same check as the record (security.md item 4)."""
    child, _ = child_get_for_user(request.user, pk, purpose="photo")
    if not child.photo:
        raise Http404
    try:
        handle = child.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="child-{child.pk}.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


# --- changing the record -------------------------------------------------------------------------


def _display(child: Child, name: str) -> str:
    value = getattr(child, name)
    if name in {"sex", "ethnicity"}:
        return getattr(child, f"get_{name}_display")() or "Not known"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == "date_of_birth":
        return date_format(value, "j F Y") if value else "Not known"
    return str(value) or "Not recorded"


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: SignedInRequest, pk: int) -> HttpResponse:
    child, decision = _child_for_writing(request, pk)
    form = forms.ChildIdentityForm(request.POST if request.method == "POST" else None, child=child)
    version = child.version
    differences: list[tuple[str, str]] = []
    if request.method == "POST":
        version = form["version"].value()
        if form.is_valid():
            identity = form.identity()
            try:
                services.child_update(
                    child=child, by=request.user, version=form.cleaned_data["version"] or 0, **identity
                )
            except StaleVersion as stale:
                # Keep what the person typed; show what is saved now, and let them save again knowingly.
                form.add_error(None, str(stale))
                version = child.version
                differences = [
                    (
                        str(form.fields[name].label) if name in form.fields else forms.FLAGS[name],
                        _display(child, name),
                    )
                    for name, value in identity.items()
                    if getattr(child, name) != value
                ]
            except RuleRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, "Identity details changed")
                return redirect("children:detail", pk=child.pk)
    log_consultation(records=child, justification=decision.justification, detail="change identity")
    context = record_context(request, child)
    context.update(
        {
            "form": form,
            "button": "Save changes",
            "version": version,
            "differences": differences,
            "error_summary": bool(form.errors),
        }
    )
    return render(request, "children/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def photo_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    child, decision = _child_for_writing(request, pk)
    form = forms.PhotoForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        had_photo = bool(child.photo)
        try:
            services.photo_set(child=child, upload=form.cleaned_data["photo"], by=request.user)
        except RuleRefused as refused:
            form.add_error("photo", str(refused))
        else:
            messages.success(request, "Photo changed" if had_photo else "Photo added")
            return redirect("children:detail", pk=child.pk)
    log_consultation(records=child, justification=decision.justification, detail="change photo")
    context = record_context(request, child)
    context.update({"form": form, "error_summary": bool(form.errors)})
    return render(request, "children/photo_upload.html", context)


@dataclass(frozen=True)
class RecordForm:
    """One small form that adds to the record: how to build it, which service saves it, what to say."""

    title: str
    form_class: type[django_forms.Form]
    save: Callable[[Child, User, dict[str, Any]], Any]
    done: str
    needs_child: bool = False
    intro: str = ""


def _record_form(request: SignedInRequest, pk: int, spec: RecordForm) -> HttpResponse:
    child, decision = _child_for_writing(request, pk)
    extra: dict[str, Any] = {"child": child} if spec.needs_child else {}
    form = spec.form_class(request.POST if request.method == "POST" else None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            spec.save(child, request.user, form.cleaned_data)
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, spec.done)
            # Back to the top of the record, where the success banner says what changed.
            return redirect("children:detail", pk=child.pk)
    log_consultation(records=child, justification=decision.justification, detail=spec.title.lower())
    context = record_context(request, child)
    context.update({"form": form, "spec": spec, "error_summary": bool(form.errors)})
    return render(request, "children/record_form.html", context)


ALIAS = RecordForm(
    title="Add a name the child is known by",
    form_class=forms.AliasForm,
    save=lambda child, by, data: services.alias_add(child=child, by=by, name=data["name"], kind=data["kind"]),
    done="Name added",
    intro="Searches find the child by these names too.",
)
ADDRESS = RecordForm(
    title="Add an address",
    form_class=forms.AddressForm,
    save=lambda child, by, data: services.address_add(
        child=child,
        by=by,
        start=data["start"],
        line1=data["line1"],
        line2=data["line2"],
        town=data["town"],
        postcode=data["postcode"],
        kind=data["kind"],
    ),
    done="Address added",
)
SCHOOL = RecordForm(
    title="Add a school",
    form_class=forms.SchoolForm,
    save=lambda child, by, data: services.school_add(
        child=child, by=by, school=data["school"], start=data["start"]
    ),
    done="School added",
    needs_child=True,
    intro="The new school ends the child's current school on the date they started.",
)
LEGAL_STATUS = RecordForm(
    title="Add a legal status",
    form_class=forms.LegalStatusForm,
    save=lambda child, by, data: services.legal_status_add(
        child=child,
        by=by,
        status=data["status"],
        start=data["start"],
        placing_authority=data["placing_authority"],
        host_authority=data["host_authority"],
        late_entry_reason=data["late_entry_reason"],
    ),
    done="Legal status added",
)
INVOLVEMENT = RecordForm(
    title="Add an agency involved with the child",
    form_class=forms.InvolvementForm,
    save=lambda child, by, data: services.involvement_add(
        child=child, by=by, agency=data["agency"], start=data["start"], reason=data["reason"]
    ),
    done="Agency added",
    needs_child=True,
    intro="Case workers in an involved agency can see the child's record.",
)
ALLOCATION = RecordForm(
    title="Allocate a worker",
    form_class=forms.AllocateForm,
    save=lambda child, by, data: services.allocation_set(
        child=child, by=by, worker=data["worker"], start=data["start"]
    ),
    done="Worker allocated",
    needs_child=True,
    intro="The new worker replaces the current one from the date of allocation.",
)


@login_required
@require_http_methods(["GET", "POST"])
def add_alias(request: SignedInRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, ALIAS)


@login_required
@require_http_methods(["GET", "POST"])
def add_address(request: SignedInRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, ADDRESS)


@login_required
@require_http_methods(["GET", "POST"])
def add_school(request: SignedInRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, SCHOOL)


@login_required
@require_http_methods(["GET", "POST"])
def add_legal_status(request: SignedInRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, LEGAL_STATUS)


@login_required
@require_http_methods(["GET", "POST"])
def add_involvement(request: SignedInRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, INVOLVEMENT)


@login_required
@require_http_methods(["GET", "POST"])
def allocate(request: SignedInRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, ALLOCATION)


@login_required
@require_POST
def dismiss_duplicate(request: SignedInRequest, pk: int) -> HttpResponse:
    child, _ = _child_for_writing(request, pk)
    form = forms.DismissDuplicateForm(request.POST)
    duplicates = {duplicate.pk: duplicate for duplicate in duplicates_for(request.user, child)}
    duplicate = duplicates.get(form.cleaned_data["duplicate"]) if form.is_valid() else None
    if duplicate is None:
        messages.error(request, "That possible duplicate has already been dealt with. Check the list again.")
    else:
        services.duplicate_dismiss(child=child, duplicate=duplicate, by=request.user)
        messages.success(request, f"Marked as not the same child as {duplicate.counterpart.full_name}")
    return redirect("children:detail", pk=child.pk)
