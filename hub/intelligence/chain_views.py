"""The shortest chain between two records, on a page: the analyst finds the other record by name and
is shown the links, in order, that join them (worked out over what they may see; ``network_selectors``
logs what it shows). The API's twin is ``network_api.EntityChain``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import network_selectors, selectors
from hub.intelligence.models import LinkKind
from hub.intelligence.network_selectors import MAX_CHAIN, Filters


class ChainForm(forms.Form):
    q = forms.CharField(label="Name, alias, number or registration of the other record", max_length=200)


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_GET
def chain(request: SignedInRequest, pk: int) -> HttpResponse:
    start, _ = selectors.entity_get_for_user(request.user, pk)
    form = ChainForm(request.GET if "q" in request.GET else None)
    candidates = None
    if form.is_valid():
        candidates = [
            entity
            for entity in selectors.entity_search(request.user, form.cleaned_data["q"], limit=20)
            if entity.pk != start.pk
        ]
    context: dict[str, Any] = {"start": start, "form": form, "candidates": candidates, "max_steps": MAX_CHAIN}
    other = request.GET.get("to", "")
    if other.isdigit():
        end, _ = selectors.entity_get_for_user(request.user, int(other))
        found = network_selectors.chain(request.user, start, end, Filters())
        kinds = dict(LinkKind.choices)
        context["end"] = end
        context["steps"] = (
            [
                {
                    "from": found.entities[i],
                    "to": found.entities[i + 1],
                    "edge": edge,
                    "kind": kinds.get(edge.kind, edge.kind),
                    "forward": edge.source == found.entities[i].pk,
                }
                for i, edge in enumerate(found.edges)
            ]
            if found is not None
            else None
        )
    return render(request, "intelligence/chain.html", context)
