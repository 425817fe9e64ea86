"""The intelligence API: entities (search or list those the caller may see, read one with its other names,
record one), an entity's links (read, record) and the disruption used against it (read, record), one
disruption (read, move on) and its correction. The same selectors, services and access policy as the
pages, so the same refusals: a role that works no intelligence is refused every operation (403, logged,
as the pages' ``role_required``); a record the caller may not see is 404; one they may see but not change
403; a rule 400 under its field; a stale version 409. Each write asks its service's check before it reads
the body; reads are logged as the selectors log them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts import access
from hub.accounts.api_common import (
    BadRequest,
    Conflict,
    ListPagination,
    authority_for,
    errors,
    list_data,
    logged_page,
    require_role,
)
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.roles import INTELLIGENCE_ROLES
from hub.intelligence import checks, disruption_services, selectors, services
from hub.intelligence.api_serializers import (
    DisruptionCorrectSerializer,
    DisruptionCreateSerializer,
    DisruptionSerializer,
    DisruptionUpdateSerializer,
    EntityCreateSerializer,
    EntitySearchSerializer,
    EntitySerializer,
    LinkCreateSerializer,
    LinkSerializer,
)
from hub.intelligence.models import Disruption, Entity
from hub.reference.models import DisruptionTactic

ROLE_REFUSAL = "Your role does not work intelligence."


def _intelligence_role(request: SignedInApiRequest) -> None:
    require_role(request, INTELLIGENCE_ROLES, ROLE_REFUSAL)


def _refused(call: Any, **kwargs: Any) -> Any:
    """Run a service, its rule refusals a 400 (under the field it names) and a stale version a 409."""
    try:
        return call(**kwargs)
    except StaleVersion as stale:
        raise Conflict(str(stale)) from stale
    except RuleRefused as refused:
        raise BadRequest(refused) from refused


class EntityList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = EntitySerializer

    @extend_schema(
        summary="Search or list the intelligence entities you may see",
        description=(
            "With `q` (part of a name or another name) or `kind`: a search, at most `limit` matches by name "
            "(`offset` does not apply). Without: every entity you may see, by name, `limit` at a time. "
            "Both are logged."
        ),
        parameters=[EntitySearchSerializer],
        responses={200: EntitySerializer(many=True), **errors(400, 403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        _intelligence_role(request)
        query = EntitySearchSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text, kind = query.validated_data.get("q", ""), query.validated_data.get("kind", "")
        if text.strip() or kind:
            paginator = self.paginator
            assert isinstance(paginator, ListPagination)  # pagination_class
            limit = paginator.get_limit(request) or paginator.default_limit
            found = selectors.entity_search(request.user, text, kind=kind, limit=limit)
            return Response(
                {
                    "count": len(found),
                    "next": None,
                    "previous": None,
                    "results": EntitySerializer(found, many=True).data,
                }
            )
        rows = (
            selectors.entities_visible(request.user).select_related("authority").prefetch_related("aliases")
        )
        page = logged_page(self, request, Entity, rows.order_by("name", "pk"), detail="API list of entities")
        return self.get_paginated_response(EntitySerializer(page, many=True).data)

    @extend_schema(
        summary="Record a person, group, place, vehicle, phone or organisation",
        request=EntityCreateSerializer,
        responses={201: EntitySerializer, **errors(400, 403)},
    )
    def post(self, request: SignedInApiRequest) -> Response:
        _intelligence_role(request)
        checks.intelligence_record_check(by=request.user)
        body = EntityCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        authority = authority_for(request.user, data.pop("authority"))
        entity = _refused(services.entity_create, by=request.user, authority=authority, **data)
        return Response(EntitySerializer(entity).data, status=status.HTTP_201_CREATED)


class EntityDetail(APIView):
    @extend_schema(
        summary="One intelligence entity with its other names (logged)",
        responses={200: EntitySerializer, **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        _intelligence_role(request)
        entity, _ = selectors.entity_get_for_user(request.user, pk)
        return Response(EntitySerializer(entity).data)


def _entity_for_change(request: SignedInApiRequest, pk: int) -> Entity:
    """The entity a write is about: 404 if the caller may not see it, 403 if they may not change it."""
    _intelligence_role(request)
    entity, _ = access.get_for_user(request.user, Entity, pk)
    checks.entity_change_check(by=request.user, entity=entity)
    return entity


class EntityLinks(APIView):
    @extend_schema(
        summary="The links of an entity you may see, newest first (logged)",
        responses={200: LinkSerializer(many=True), **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        _intelligence_role(request)
        entity, _ = selectors.entity_get_for_user(request.user, pk)
        links = selectors.links_of(request.user, entity)
        return Response(list_data(LinkSerializer(links, many=True, context={"user": request.user})))

    @extend_schema(
        summary="Link the entity to another, with when, on whose information and its grading",
        request=LinkCreateSerializer,
        responses={201: LinkSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        entity = _entity_for_change(request, pk)
        body = LinkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        other = selectors.entities_visible(request.user).filter(pk=data.pop("other")).first()
        if other is None:
            raise serializers.ValidationError({"other": ["Name an entity you may see."]})
        start, end = (entity, other) if data.pop("direction") == "from" else (other, entity)
        link = _refused(services.link_record, by=request.user, start=start, end=end, **data)
        return Response(
            LinkSerializer(link, context={"user": request.user}).data, status=status.HTTP_201_CREATED
        )


def _tactic(code: str) -> DisruptionTactic:
    tactic = DisruptionTactic.objects.filter(code=code, active=True).first()
    if tactic is None:
        raise serializers.ValidationError({"tactic": ["Use a code of v1/reference/disruption-tactics/."]})
    return tactic


def _agency(target: Entity, pk: int) -> Any:
    agency = next((agency for agency in disruption_services.agencies_for(target) if agency.pk == pk), None)
    if agency is None:
        raise serializers.ValidationError({"agency": ["Name an agency that serves the area of the record."]})
    return agency


class EntityDisruptions(APIView):
    @extend_schema(
        summary="The disruption used against an entity you may see, newest first (logged)",
        responses={200: DisruptionSerializer(many=True), **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        _intelligence_role(request)
        entity, _ = selectors.entity_get_for_user(request.user, pk)
        rows = selectors.disruptions_of(request.user, entity)
        return Response(list_data(DisruptionSerializer(rows, many=True)))

    @extend_schema(
        summary="Record a tactic or order used against a person, group or place",
        request=DisruptionCreateSerializer,
        responses={201: DisruptionSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        _intelligence_role(request)
        target, _ = access.get_for_user(request.user, Entity, pk)
        checks.disruption_record_check(by=request.user, target=target)
        body = DisruptionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["tactic"] = _tactic(data["tactic"])
        if data["agency"] is not None:
            data["agency"] = _agency(target, data["agency"])
        disruption = _refused(disruption_services.disruption_record, by=request.user, target=target, **data)
        return Response(DisruptionSerializer(disruption).data, status=status.HTTP_201_CREATED)


def _disruption_for_change(request: SignedInApiRequest, pk: int) -> Disruption:
    _intelligence_role(request)
    disruption, _ = access.get_for_user(
        request.user, Disruption, pk, queryset=Disruption.objects.select_related("target")
    )
    checks.disruption_change_check(by=request.user, disruption=disruption)
    return disruption


class DisruptionDetail(APIView):
    @extend_schema(
        summary="One disruption (logged)", responses={200: DisruptionSerializer, **errors(403, 404)}
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        _intelligence_role(request)
        disruption, _ = selectors.disruption_get_for_user(request.user, pk)
        return Response(DisruptionSerializer(disruption).data)

    @extend_schema(
        summary="Say where it stands now (granted, in force, breached, expired, discharged, refused)",
        description="An expiry or conditions sent record a variation; left out, they are kept. A note is "
        "added to its notes, dated and signed. One that has ended is corrected, not moved on.",
        request=DisruptionUpdateSerializer,
        responses={200: DisruptionSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: SignedInApiRequest, pk: int) -> Response:
        disruption = _disruption_for_change(request, pk)
        body = DisruptionUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = _refused(
            disruption_services.disruption_update,
            by=request.user,
            disruption=disruption,
            **body.validated_data,
        )
        return Response(DisruptionSerializer(done).data)


class DisruptionCorrect(APIView):
    @extend_schema(
        summary="Correct a disruption, with the reason",
        description="Fields left out are kept.",
        request=DisruptionCorrectSerializer,
        responses={200: DisruptionSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        disruption = _disruption_for_change(request, pk)
        body = DisruptionCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "tactic" in data:
            data["tactic"] = _tactic(data["tactic"])
        if "agency" in data:
            data["agency"] = _agency(disruption.target, data["agency"])
        done = _refused(
            disruption_services.disruption_correct, by=request.user, disruption=disruption, **data
        )
        return Response(DisruptionSerializer(done).data)
