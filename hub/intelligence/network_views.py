"""The network page around an entity, and its CSV.

The server works everything out (``network_selectors``, igraph); the page draws what it is sent with
Cytoscape.js (``assets/js/network.js``, loaded as a file: the CSP allows no inline script, so the data
travels in a ``json_script`` block, which is data, not script) and shows the same nodes and links in
tables beside the drawing, the accessible equivalent of the picture. Replaying month by month filters
the drawn links by their dates in the browser; the tables list every link with its dates. The CSV is
the same neighbourhood, spreadsheet-safe (``hub.core.exports``), and a disclosure in the access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_disclosure
from hub.core.exports import csv_text
from hub.core.reauth import reauthentication_required
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import network, network_selectors
from hub.intelligence.models import Entity, Link, LinkKind
from hub.intelligence.network_api import edge_data, neighbourhood_data
from hub.intelligence.network_forms import NetworkForm
from hub.intelligence.network_selectors import Filters, Neighbourhood

CSV_COLUMNS = [
    "link id",
    "from id",
    "from",
    "from kind",
    "link",
    "to id",
    "to",
    "to kind",
    "first seen",
    "last seen",
    "grading",
    "from community",
    "to community",
]


@dataclass(frozen=True)
class NodeRow:
    entity: Entity
    community: int
    pagerank: float
    betweenness: float


def _read(request: SignedInRequest, pk: int) -> tuple[NetworkForm, Neighbourhood]:
    form = NetworkForm(request.GET or None)
    filters = form.filters() if form.is_valid() else Filters()
    return form, network_selectors.neighbourhood_of(request.user, pk, filters)


@login_required
@role_required(*INTELLIGENCE_ROLES)
@require_GET
def network_page(request: SignedInRequest, pk: int) -> HttpResponse:
    form, found = _read(request, pk)
    names = {entity.pk: entity for entity in found.entities}
    since = found.filters.since
    kinds = dict(LinkKind.choices)
    edges = [
        {
            **edge_data(edge),
            "kind_label": kinds.get(edge.kind, edge.kind),
            "from": names[edge.source],
            "to": names[edge.target],
            "new": bool(since and edge.seen_from >= since),
        }
        for edge in found.edges
    ]
    nodes = sorted(
        (
            NodeRow(
                entity=entity,
                community=found.measures.community.get(entity.pk, 0),
                pagerank=found.measures.pagerank.get(entity.pk, 0.0),
                betweenness=found.measures.betweenness.get(entity.pk, 0.0),
            )
            for entity in found.entities
        ),
        key=lambda row: (-row.betweenness, -row.pagerank, row.entity.name),
    )
    drawing = neighbourhood_data(found)
    drawing["months"] = network.months_seen(found.edges)
    drawing["kind_labels"] = kinds
    return render(
        request,
        "intelligence/network.html",
        {
            "form": form,
            "found": found,
            "entity": found.centre,
            "nodes": nodes,
            "edges": edges,
            "new_count": sum(1 for edge in edges if edge["new"]),
            "conditioned": len(with_conditions([edge.id for edge in found.edges])),
            "drawing": drawing,
            "csv_url": reverse("intelligence:network_csv", args=[pk]) + _query(request),
        },
    )


def with_conditions(link_ids: list[int]) -> set[int]:
    """Which of these links carry handling conditions."""
    return set(
        Link.objects.filter(pk__in=link_ids).exclude(handling_conditions="").values_list("pk", flat=True)
    )


def _query(request: SignedInRequest) -> str:
    return "?" + request.GET.urlencode() if request.GET else ""


@login_required
@role_required(*INTELLIGENCE_ROLES)
@reauthentication_required
@require_GET
def network_csv(request: SignedInRequest, pk: int) -> HttpResponse:
    _, found = _read(request, pk)
    names = {entity.pk: entity for entity in found.entities}
    community = found.measures.community
    # A link shared with handling conditions goes only where its conditions allow: the page shows it to
    # the reader, a download could take it anywhere, so the file leaves it out (the page says so).
    conditioned = with_conditions([edge.id for edge in found.edges])
    edges = [edge for edge in found.edges if edge.id not in conditioned]
    rows: list[list[Any]] = [
        [
            edge.id,
            edge.source,
            names[edge.source].name,
            names[edge.source].get_kind_display(),
            LinkKind(edge.kind).label if edge.kind in LinkKind.values else edge.kind,
            edge.target,
            names[edge.target].name,
            names[edge.target].get_kind_display(),
            edge.seen_from.isoformat(),
            edge.last_seen.isoformat(),
            f"{edge.grading} {edge.intelligence_grade}",
            community.get(edge.source, 0),
            community.get(edge.target, 0),
        ]
        for edge in edges
    ]
    detail = f"network CSV of entity {pk}: {found.filters.describe()}"
    for record_type, ids in (
        ("intelligence.entity", [entity.pk for entity in found.entities]),
        ("intelligence.link", [edge.id for edge in edges]),
    ):
        log_disclosure(
            record_type=record_type,
            record_ids=ids,
            recipient=request.user.get_username(),
            justification=network_selectors.JUSTIFICATION,
            detail=detail,
        )
    response = HttpResponse(csv_text(CSV_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="network-{pk}-{stamp}.csv"'
    return response
