from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.signed_in import SignedInApiRequest


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    agency = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    authorities = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="Who the caller is signed in as, with agency and roles")
    def get(self, request: SignedInApiRequest) -> Response:
        user = request.user
        agency = user.agency
        data = {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "agency": agency.name if agency else None,
            "roles": sorted(user.role_codes),
            "authorities": list(agency.authorities.values_list("ons_code", flat=True)) if agency else [],
        }
        return Response(MeSerializer(data).data)
