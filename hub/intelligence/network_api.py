"""The network API: an entity's neighbourhood, the shortest chain between two entities, and the
communities and key players of the reader's whole network. Read by the intelligence roles only (others
403, logged); an entity the reader may not see is 404. Every figure is worked out over what the reader
may see (``network_selectors``), and every read is logged naming the entities and links sent."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api_common import errors, require_role
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import network, network_selectors, selectors
from hub.intelligence.models import Entity
from hub.intelligence.network_forms import NetworkForm
from hub.intelligence.network_selectors import Filters, Neighbourhood

REFUSAL = "Only the hub's staff and the police work intelligence."


class NodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    community = serializers.IntegerField(help_text="Leiden community within the neighbourhood, 0 largest.")
    pagerank = serializers.FloatField()
    betweenness = serializers.FloatField(help_text="Within the neighbourhood returned, normalised 0..1.")
    url = serializers.CharField(help_text="The entity's page.")


class EdgeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    seen_from = serializers.DateField()
    seen_to = serializers.DateField(allow_null=True)
    grading = serializers.CharField(help_text="The system and the intelligence grade, as '3x5x2 B'.")
    # A field may be called "source" (DRF reads declared fields by name); the stubs see Field.source.
    source = serializers.IntegerField()  # type: ignore[assignment]
    target = serializers.IntegerField()


class NeighbourhoodSerializer(serializers.Serializer):
    centre = serializers.IntegerField()
    nodes = NodeSerializer(many=True)
    edges = EdgeSerializer(many=True, help_text="Strongest first: surest grade, then most recently seen.")
    rest = serializers.IntegerField(help_text="Links touching the entities shown that are not drawn (cap).")
    cap = serializers.IntegerField()


class ChainSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    nodes = NodeSerializer(many=True)
    edges = EdgeSerializer(many=True)


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="The entity's page.")
    connections = serializers.IntegerField(help_text="How many other entities it is linked to.")


class CommunitySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    size = serializers.IntegerField()
    members = MemberSerializer(many=True, help_text="Its most connected entities.")


class CommunitiesSerializer(serializers.Serializer):
    entities = serializers.IntegerField()
    links = serializers.IntegerField(help_text="Connections: several links between two entities are one.")
    count = serializers.IntegerField(help_text="How many communities the network has.")
    communities = CommunitySerializer(many=True, help_text="The largest, largest first.")


class KeyPlayerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="The entity's page.")
    pagerank = serializers.FloatField(help_text="Over the reader's whole network.")


FILTER_PARAMETERS = [
    OpenApiParameter("steps", int, description="1, 2 (default) or 3"),
    OpenApiParameter("kinds", str, many=True, description="Kinds of link (repeat); none: every kind"),
    OpenApiParameter("since", str, description="Links seen on or after this day (YYYY-MM-DD)"),
    OpenApiParameter("until", str, description="Links seen on or before this day (YYYY-MM-DD)"),
    OpenApiParameter("min_grade", str, description="Least sure intelligence grade: A..E (5x5x5: 1..5)"),
]


def filters_of(request: SignedInApiRequest) -> Filters:
    form = NetworkForm(request.query_params)
    if not form.is_valid():
        raise serializers.ValidationError(
            {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        )
    return form.filters()


def edge_data(edge: network.Edge) -> dict[str, Any]:
    return {
        "id": edge.id,
        "kind": edge.kind,
        "seen_from": edge.seen_from,
        "seen_to": edge.seen_to,
        "grading": f"{edge.grading} {edge.intelligence_grade}",
        "source": edge.source,
        "target": edge.target,
    }


def _entity_url(pk: int) -> str:
    """The entity page's address (one ``reverse``, then the id: a neighbourhood names hundreds)."""
    return reverse("intelligence:entity", args=[987654321]).replace("987654321", str(pk))


def node_data(entity: Entity, measures: network.Measures | None = None) -> dict[str, Any]:
    return {
        "id": entity.pk,
        "kind": entity.kind,
        "name": entity.name,
        "community": measures.community.get(entity.pk, 0) if measures else 0,
        "pagerank": measures.pagerank.get(entity.pk, 0.0) if measures else 0.0,
        "betweenness": measures.betweenness.get(entity.pk, 0.0) if measures else 0.0,
        "url": _entity_url(entity.pk),
    }


def neighbourhood_data(found: Neighbourhood) -> dict[str, Any]:
    return {
        "centre": found.centre.pk,
        "nodes": [node_data(entity, found.measures) for entity in found.entities],
        "edges": [edge_data(edge) for edge in found.edges],
        "rest": found.rest,
        "cap": network_selectors.CAP,
    }


class EntityNetwork(APIView):
    @extend_schema(
        summary="The network around an entity (logged)",
        parameters=FILTER_PARAMETERS,
        responses={200: NeighbourhoodSerializer, **errors(400, 403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, INTELLIGENCE_ROLES, REFUSAL)
        found = network_selectors.neighbourhood_of(request.user, pk, filters_of(request))
        # Built of plain values already: the serializer describes the answer (OpenAPI) without walking it.
        return Response(neighbourhood_data(found))


class EntityChain(APIView):
    @extend_schema(
        summary="The shortest chain of links from an entity to another (logged)",
        parameters=[
            OpenApiParameter("to", int, required=True, description="The other entity"),
            *FILTER_PARAMETERS,
        ],
        responses={200: ChainSerializer, **errors(400, 403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, INTELLIGENCE_ROLES, REFUSAL)
        start, _ = selectors.entity_get_for_user(request.user, pk)
        other = request.query_params.get("to", "")
        if not other.isdigit():
            raise serializers.ValidationError({"to": ["Give the id of the other entity."]})
        end, _ = selectors.entity_get_for_user(request.user, int(other))
        found = network_selectors.chain(request.user, start, end, filters_of(request))
        body: dict[str, Any] = {"found": found is not None, "nodes": [], "edges": []}
        if found is not None:
            body["nodes"] = [node_data(entity) for entity in found.entities]
            body["edges"] = [edge_data(edge) for edge in found.edges]
        return Response(body)


class NetworkCommunities(APIView):
    @extend_schema(
        summary="Communities (Leiden) of the reader's whole network (logged)",
        responses={200: CommunitiesSerializer, **errors(403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, INTELLIGENCE_ROLES, REFUSAL)
        found = network_selectors.communities(request.user)
        summary, names = found.summary, found.names
        body = {
            "entities": summary.entities,
            "links": summary.links,
            "count": len(summary.communities),
            "communities": [
                {
                    "number": community.number,
                    "size": len(community.members),
                    "members": [
                        {
                            "id": pk,
                            "kind": names[pk].kind,
                            "name": names[pk].name,
                            "url": _entity_url(pk),
                            "connections": summary.connections.get(pk, 0),
                        }
                        for pk in community.members[:10]
                        if pk in names
                    ],
                }
                for community in summary.communities[:20]
            ],
        }
        return Response(body)


class NetworkKeyPlayers(APIView):
    @extend_schema(
        summary="The key players (PageRank) of the reader's whole network (logged)",
        responses={200: KeyPlayerSerializer(many=True), **errors(403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, INTELLIGENCE_ROLES, REFUSAL)
        ranked = network_selectors.key_players(request.user)
        return Response(
            [
                {"id": e.pk, "kind": e.kind, "name": e.name, "url": _entity_url(e.pk), "pagerank": rank}
                for e, rank in ranked
            ]
        )
