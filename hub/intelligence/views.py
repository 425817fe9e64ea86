"""Pages for intelligence: find an entity, record one, open one (its facts, other names, links with their
source and grading, the children linked to it, what disruption has been used against it and a form to
record more), link it to another, review it; and the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.models import Authority
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.children.selectors import child_get_for_user
from hub.children.views import record_context
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.forms import add_refusal
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import (
    checks,
    contexts,
    disruption_views,
    forms,
    operation_selectors,
    origin_services,
    rules,
    selectors,
    services,
)
from hub.intelligence.emerging import EMERGING_ROLES, emerging_contexts
from hub.intelligence.models import Entity, EntityKind, Link


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    found: list[Entity] | None = None
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["kind"]):
        found = selectors.entity_search(request.user, form.cleaned_data["q"], kind=form.cleaned_data["kind"])
    return render(
        request,
        "intelligence/index.html",
        {
            "form": form,
            "found": found,
            "may_record": checks.intelligence_record_allowed(by=request.user),
            "kinds": forms.RECORDABLE_KINDS,
            "reviews_due": len(selectors.review_queue(request.user)),
        },
    )


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_http_methods(["GET", "POST"])
def entity_new(request: SignedInRequest, kind: str) -> HttpResponse:
    if kind not in dict(forms.RECORDABLE_KINDS):
        raise Http404
    checks.intelligence_record_check(by=request.user)
    areas = list(Authority.objects.filter(pk__in=access.authority_ids(request.user)).order_by("name"))
    form = forms.EntityForm(request.POST or None, kind=kind, areas=areas)
    if request.method == "POST" and form.is_valid():
        if not areas:
            form.add_error(None, checks.AREA_REFUSAL)
        else:
            try:
                entity = services.entity_create(
                    by=request.user, authority=form.area(areas), kind=kind, **form.facts()
                )
            except RuleRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, f"{entity.get_kind_display()} recorded: {entity.name}.")
                if entity.postcode and entity.latitude is None:
                    messages.warning(request, _unplaced(entity.postcode))
                return redirect("intelligence:entity", pk=entity.pk)
    return render(
        request,
        "intelligence/entity_new.html",
        {"form": form, "kind": kind, "kind_label": EntityKind(kind).label},
    )


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_http_methods(["GET", "POST"])
def entity(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.entity_get_for_user(request.user, pk)
    may_change = checks.entity_change_allowed(by=request.user, entity=record)
    alias_form = forms.AliasForm(prefix="alias")
    review_form = forms.ReviewForm(prefix="review", initial={"version": record.version})
    may_record_disruption = checks.disruption_record_allowed(by=request.user, target=record)
    disruption_form = disruption_views.record_form(record) if may_record_disruption else None
    if request.method == "POST":
        checks.entity_change_check(by=request.user, entity=record)
        if request.POST.get("form") == "disruption":
            if may_record_disruption:
                disruption_form, done = disruption_views.record(request, record)
                if done is not None:
                    return done
        elif request.POST.get("form") == "alias":
            alias_form = forms.AliasForm(request.POST, prefix="alias")
            if alias_form.is_valid():
                try:
                    services.alias_add(by=request.user, entity=record, name=alias_form.cleaned_data["alias"])
                except RuleRefused as refused:
                    add_refusal(alias_form, refused)
                else:
                    messages.success(request, "Other name added.")
                    return redirect("intelligence:entity", pk=record.pk)
        else:
            review_form = forms.ReviewForm(request.POST, prefix="review")
            if review_form.is_valid():
                data = review_form.cleaned_data
                record.version = data["version"]
                try:
                    services.entity_review(
                        by=request.user,
                        entity=record,
                        decision=data["decision"],
                        reason=data["reason"],
                        next_review=data["next_review"],
                    )
                except (RuleRefused, StaleVersion) as refused:
                    add_refusal(review_form, refused)
                else:
                    if data["decision"] == "dispose":
                        messages.success(request, f"{record.name} has been disposed of.")
                        return redirect("intelligence:index")
                    messages.success(request, "Review recorded.")
                    return redirect("intelligence:entity", pk=record.pk)
    links = selectors.links_of(request.user, record)
    disruptions = selectors.disruptions_of(request.user, record)
    return render(
        request,
        "intelligence/entity.html",
        {
            "entity": record,
            "is_case": contexts.is_case(record),
            "links": [_shown(link, record) for link in links],
            "may_change": may_change,
            "alias_form": alias_form,
            "review_form": review_form,
            "disruptions": disruptions,
            "disruption_form": disruption_form,
            "operations": operation_selectors.operations_holding(request.user, record),
            "may_see_conditions": access.may_see_fields(request.user, "handling_conditions"),
            "unplaced": _unplaced(record.postcode) if record.postcode and record.latitude is None else "",
        },
    )


def _unplaced(postcode: str) -> str:
    return (
        f"No coordinates: the postcode {postcode} is not in the Hub's postcode table, so this place is "
        "not on the places map. An administrator can load a newer postcode directory."
    )


def _shown(link: Link, seen_from: Entity) -> dict[str, object]:
    return {
        "link": link,
        "other": link.target if link.source_id == seen_from.pk else link.source,
        "grading_words": rules.described(
            link.grading, link.source_grade, link.intelligence_grade, link.handling_code
        ),
    }


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_http_methods(["GET", "POST"])
def link_new(request: SignedInRequest, pk: int) -> HttpResponse:
    record, _ = selectors.entity_get_for_user(request.user, pk)
    checks.entity_change_check(by=request.user, entity=record)
    search = forms.SearchForm(request.GET or None)
    candidates: list[Entity] = []
    if search.is_valid() and search.cleaned_data["q"]:
        candidates = [
            found
            for found in selectors.entity_search(
                request.user, search.cleaned_data["q"], kind=search.cleaned_data["kind"]
            )
            if found.pk != record.pk
        ]
    form = forms.LinkForm(request.POST or None, initial={"other": request.GET.get("other") or None})
    other: Entity | None = None
    other_pk = form.data.get("other") if request.method == "POST" else request.GET.get("other")
    if other_pk:
        try:
            other, _ = selectors.entity_get_for_user(request.user, other_pk)
        except Http404:
            form.add_error(None, "Choose the other record from the search results.")
    if request.method == "POST" and form.is_valid() and other is not None:
        data = form.cleaned_data
        start, end = (record, other) if data["direction"] == "from" else (other, record)
        try:
            services.link_record(
                by=request.user,
                start=start,
                end=end,
                kind=data["kind"],
                seen_from=data["seen_from"],
                seen_to=data["seen_to"],
                grading=data["grading"],
                source_grade=data["source_grade"],
                intelligence_grade=data["intelligence_grade"],
                handling_code=data["handling_code"],
                handling_conditions=data["handling_conditions"],
                summary=data["summary"],
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Linked: {start} {data['kind'].replace('_', ' ')} {end}.")
            return redirect("intelligence:entity", pk=record.pk)
    return render(
        request,
        "intelligence/link_new.html",
        {"entity": record, "search": search, "candidates": candidates, "other": other, "form": form},
    )


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_GET
def reviews(request: SignedInRequest) -> HttpResponse:
    queue = selectors.review_queue(request.user)
    return render(request, "intelligence/reviews.html", {"queue": queue})


@login_required
@require_http_methods(["GET", "POST"])
def child(request: SignedInRequest, pk: int) -> HttpResponse:
    """The child's Intelligence tab: to the intelligence roles, the child's links to people and places
    (with a button that adds the child to the network); to everyone else who may see the child, only
    that a concern exists and what to do."""
    record, _ = child_get_for_user(request.user, pk, purpose="intelligence")
    if request.method == "POST":
        added = services.child_entity(by=request.user, child=record)
        messages.success(request, f"{record.full_name} is in the network: link them to people and places.")
        return redirect("intelligence:entity", pk=added.pk)
    entity = Entity.objects.filter(child=record, disposed_at__isnull=True).first()
    works_intelligence = request.user.has_role(*INTELLIGENCE_ROLES)
    links = selectors.links_of(request.user, entity) if entity is not None and works_intelligence else []
    context = record_context(request, record, "intelligence")
    context.update(
        {
            "entity": entity,
            "links": [_shown(link, entity) for link in links] if entity is not None else [],
            "works_intelligence": works_intelligence,
            "summary": selectors.concern_summary(request.user, record),
            "may_add": entity is None and checks.intelligence_record_allowed(by=request.user),
            "may_link_places": checks.intelligence_record_allowed(by=request.user),
        }
    )
    return render(request, "intelligence/child.html", context)


@login_required
@require_POST
def child_places(request: SignedInRequest, pk: int) -> HttpResponse:
    """Link the child to their placement addresses and schools (``origin_services.child_places_link``)."""
    record, _ = child_get_for_user(request.user, pk, purpose="intelligence")
    try:
        made = origin_services.child_places_link(by=request.user, child=record)
    except RuleRefused as refused:
        messages.error(request, f"Nothing was linked: {refused}")
        return redirect("intelligence:child", pk=record.pk)
    if made:
        messages.success(request, f"{len(made)} placement and school links added for {record.full_name}.")
    else:
        messages.info(request, f"No new placement or school links: {record.full_name}'s are all linked.")
    return redirect("intelligence:child", pk=record.pk)


@login_required
@role_required(*EMERGING_ROLES)
@require_GET
def emerging(request: SignedInRequest) -> HttpResponse:
    """Patterns no single case shows: places, days and phones children have started to share."""
    found = emerging_contexts(request.user)
    shown = [link for alert in found for link in alert.links]
    if shown:
        log_consultation(
            records=shown, justification="intelligence work in the record's area", detail="emerging contexts"
        )
    rows = [
        {
            "alert": alert,
            "is_case": contexts.is_case(alert.entity),
            "actions": contexts.actions_for(request.user, alert.entity, alert.summary),
        }
        for alert in found
    ]
    return render(request, "intelligence/emerging.html", {"rows": rows})
