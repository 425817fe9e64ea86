"""The places API: the places ranked by how many children are linked to them in a period, each child
with their level of concern, and where each place is. Read by the intelligence roles only (others 403,
logged); worked out over what the reader may see, and logged naming what it sent (``places.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api_common import errors, require_role
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import places
from hub.intelligence.network_api import REFUSAL, _entity_url
from hub.intelligence.places import RankedPlace
from hub.intelligence.places_forms import PlacesForm


class PlaceChildSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The child's entity.")
    name = serializers.CharField()
    level = serializers.CharField(allow_null=True, help_text="The child's level of concern (its code).")
    level_name = serializers.CharField(allow_null=True)
    url = serializers.CharField(help_text="The child's entity page.")


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    location_type = serializers.CharField()
    location_type_name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True, help_text="None: no coordinates known.")
    longitude = serializers.FloatField(allow_null=True)
    children_count = serializers.IntegerField(help_text="Distinct children linked in the period.")
    children = PlaceChildSerializer(many=True, help_text="Most concerning level first.")
    url = serializers.CharField(help_text="The place's entity page.")


class RankedPlacesSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    places = PlaceSerializer(many=True, help_text="Most children first, then by name.")


def place_data(row: RankedPlace) -> dict[str, Any]:
    place = row.place
    return {
        "id": place.pk,
        "name": place.name,
        "location_type": place.location_type,
        "location_type_name": place.get_location_type_display(),
        "address": place.address,
        "postcode": place.postcode,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
        "children_count": row.count,
        "children": [
            {
                "id": child.entity.pk,
                "name": child.entity.name,
                "level": child.level.code if child.level else None,
                "level_name": child.level.name if child.level else None,
                "url": _entity_url(child.entity.pk),
            }
            for child in row.children
        ],
        "url": _entity_url(place.pk),
    }


def ranked_data(ranked: list[RankedPlace], since: date, until: date) -> dict[str, Any]:
    return {"since": since, "until": until, "places": [place_data(row) for row in ranked]}


class RankedPlaces(APIView):
    @extend_schema(
        summary="Places ranked by how many children are linked to them in a period (logged)",
        parameters=[
            OpenApiParameter("since", str, description="First day of the period (YYYY-MM-DD)"),
            OpenApiParameter(
                "until", str, description="Last day of the period (YYYY-MM-DD); both absent: the last 90 days"
            ),
        ],
        responses={200: RankedPlacesSerializer, **errors(400, 403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, INTELLIGENCE_ROLES, REFUSAL)
        form = PlacesForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            )
        since, until = form.period()
        ranked = places.ranked_places(request.user, since, until)
        body = ranked_data(ranked, since, until)
        return Response({**body, "since": since.isoformat(), "until": until.isoformat()})
