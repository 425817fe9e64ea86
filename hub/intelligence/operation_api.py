"""The operations API (``v1/intelligence/operations/``): list those the caller may see and start one; read
one with what it holds (as ``operation_selectors.holdings`` shows it to the caller, logged), move it on or
correct it; add a member, an entity or disruption activity. The same selectors, services and policy as
the pages, so the same refusals: a role that is never a member is refused every operation (403, logged);
an operation the caller may not see is 404; one they see but may not change 403; a rule 400 under its
field; a stale version 409. Each write asks its service's check before it reads the body."""

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
    HubDateField,
    authority_for,
    errors,
    list_data,
    require_role,
)
from hub.accounts.models import User
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.errors import RuleRefused, StaleVersion
from hub.intelligence import operation_selectors as selectors
from hub.intelligence import operation_services as services
from hub.intelligence.access import OPERATION_MEMBER_ROLES
from hub.intelligence.api_serializers import BIGGEST_ID, BIGGEST_VERSION
from hub.intelligence.models import Disruption, Entity, Link, Operation, OperationKind, OperationStatus

ROLE_REFUSAL = "Your role does not take part in operations."


def _role(request: SignedInApiRequest) -> None:
    require_role(request, OPERATION_MEMBER_ROLES, ROLE_REFUSAL)


def _refused(call: Any, **kwargs: Any) -> Any:
    try:
        return call(**kwargs)
    except StaleVersion as stale:
        raise Conflict(str(stale)) from stale
    except RuleRefused as refused:
        raise BadRequest(refused) from refused


def _id(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=BIGGEST_ID, help_text=help_text)


class OperationSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.ons_code", read_only=True, help_text="ONS code")
    lead = serializers.IntegerField(source="lead_id", read_only=True)
    lead_name = serializers.SerializerMethodField()
    lead_agency = serializers.CharField(source="lead_agency.name", read_only=True)

    class Meta:
        model = Operation
        fields = [
            "id",
            "authority",
            "name",
            "kind",
            "status",
            "lead",
            "lead_name",
            "lead_agency",
            "started_on",
            "closed_on",
            "outcome",
            "summary",
            "version",
        ]

    def get_lead_name(self, operation: Operation) -> str:
        return operation.lead.get_full_name() or operation.lead.username


class OperationMemberSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user.get_full_name")
    agency = serializers.CharField(source="user.agency.name", default="")
    added_at = serializers.DateTimeField()


class OperationEntitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="entity.pk")
    kind = serializers.CharField(source="entity.kind")
    name = serializers.CharField(source="entity.name")
    group_type = serializers.CharField(source="entity.group_type")
    location_type = serializers.CharField(source="entity.location_type")
    child = serializers.IntegerField(source="entity.child_id", allow_null=True)
    may_open = serializers.BooleanField(help_text="Whether you may read the entity itself (its page, links).")


class OperationDisruptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="disruption.pk")
    tactic = serializers.CharField(source="disruption.tactic.name")
    target = serializers.CharField(source="disruption.target.name")
    started_on = serializers.DateField(source="disruption.started_on")
    expires_on = serializers.DateField(source="disruption.expires_on", allow_null=True)
    status = serializers.CharField(source="disruption.status")


class OperationLinkSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(read_only=True, help_text='As analysts write it: "1/B/P".')

    class Meta:
        model = Link
        fields = ["id", "source", "target", "kind", "seen_from", "seen_to", "grade"]


class OperationDetailSerializer(OperationSerializer):
    members = OperationMemberSerializer(many=True, read_only=True)
    entities = OperationEntitySerializer(many=True, read_only=True)
    disruptions = OperationDisruptionSerializer(many=True, read_only=True)
    links = OperationLinkSerializer(
        many=True, read_only=True, help_text="Links among its entities, only those you may see."
    )

    class Meta(OperationSerializer.Meta):
        fields = [*OperationSerializer.Meta.fields, "members", "entities", "disruptions", "links"]


def _detail(user: User, operation: Operation, decision: access.Decision) -> dict[str, Any]:
    held = selectors.holdings(user, operation, decision)
    data = dict(OperationSerializer(operation).data)
    data["members"] = list_data(OperationMemberSerializer(held.members, many=True))
    data["entities"] = list_data(
        OperationEntitySerializer([row for _, rows in held.groups for row in rows], many=True)
    )
    data["disruptions"] = list_data(OperationDisruptionSerializer(held.disruptions, many=True))
    data["links"] = list_data(OperationLinkSerializer(held.links, many=True))
    return data


class OperationCreateSerializer(serializers.Serializer):
    authority = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="ONS code, if your agency serves several."
    )
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OperationKind.choices)
    started_on = HubDateField()
    summary = serializers.CharField(
        max_length=services.TEXT_LIMIT, required=False, allow_blank=True, default=""
    )


class OperationUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=BIGGEST_VERSION)
    reason = serializers.CharField(max_length=2000, help_text="Why: kept in the operation's history.")
    status = serializers.ChoiceField(choices=OperationStatus.choices, required=False)
    closed_on = HubDateField(required=False, allow_null=True, help_text="When closing: today if left out.")
    outcome = serializers.CharField(max_length=services.TEXT_LIMIT, required=False, allow_blank=True)
    name = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(max_length=services.TEXT_LIMIT, required=False, allow_blank=True)


class OperationList(GenericAPIView):
    serializer_class = OperationSerializer

    @extend_schema(
        summary="The operations you may see, newest first (logged)",
        responses={200: OperationSerializer(many=True), **errors(403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        _role(request)
        return Response(list_data(OperationSerializer(selectors.operation_list(request.user), many=True)))

    @extend_schema(
        summary="Start an operation (you lead it)",
        request=OperationCreateSerializer,
        responses={201: OperationSerializer, **errors(400, 403)},
    )
    def post(self, request: SignedInApiRequest) -> Response:
        _role(request)
        services.operation_create_check(by=request.user)
        body = OperationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        authority = authority_for(request.user, data.pop("authority"))
        done = _refused(services.operation_create, by=request.user, authority=authority, **data)
        return Response(OperationSerializer(done).data, status=status.HTTP_201_CREATED)


def _for_change(request: SignedInApiRequest, pk: int) -> Operation:
    _role(request)
    operation, _ = access.get_for_user(request.user, Operation, pk)
    services.operation_change_check(by=request.user, operation=operation)
    return operation


class OperationDetail(APIView):
    @extend_schema(
        summary="One operation with what it holds, as you may see it (logged)",
        responses={200: OperationDetailSerializer, **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        _role(request)
        operation, decision = selectors.operation_get_for_user(request.user, pk)
        return Response(_detail(request.user, operation, decision))

    @extend_schema(
        summary="Move an operation on (open, suspended, closed with its outcome) or correct it",
        request=OperationUpdateSerializer,
        responses={200: OperationSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: SignedInApiRequest, pk: int) -> Response:
        operation = _for_change(request, pk)
        body = OperationUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = _refused(
            services.operation_update, by=request.user, operation=operation, **body.validated_data
        )
        return Response(OperationSerializer(done).data)


class OperationMemberAddSerializer(serializers.Serializer):
    user = _id("The person to add (a user id).")


class OperationEntityAddSerializer(serializers.Serializer):
    entity = _id("An entity of the operation's area you may see.")


class OperationDisruptionAddSerializer(serializers.Serializer):
    disruption = _id("Disruption activity of the operation's area you may see.")


class OperationMembers(APIView):
    @extend_schema(
        summary="Make someone a member of the operation",
        request=OperationMemberAddSerializer,
        responses={201: OperationSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        operation = _for_change(request, pk)
        body = OperationMemberAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = User.objects.filter(pk=body.validated_data["user"]).first()
        if person is None:
            raise serializers.ValidationError({"user": ["Name a person who may be a member."]})
        _refused(services.operation_member_add, by=request.user, operation=operation, user=person)
        return Response(OperationSerializer(operation).data, status=status.HTTP_201_CREATED)


class OperationEntities(APIView):
    @extend_schema(
        summary="Add a child, person, group, place, vehicle, phone or organisation to the operation",
        request=OperationEntityAddSerializer,
        responses={201: OperationSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        operation = _for_change(request, pk)
        body = OperationEntityAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entity = access.visible(request.user, Entity.objects.filter(pk=body.validated_data["entity"])).first()
        if entity is None:
            raise serializers.ValidationError({"entity": ["Name an entity you may see."]})
        _refused(services.operation_entity_add, by=request.user, operation=operation, entity=entity)
        return Response(OperationSerializer(operation).data, status=status.HTTP_201_CREATED)


class OperationDisruptions(APIView):
    @extend_schema(
        summary="Add disruption activity to the operation",
        request=OperationDisruptionAddSerializer,
        responses={201: OperationSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        operation = _for_change(request, pk)
        body = OperationDisruptionAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = access.visible(request.user, Disruption.objects.filter(pk=body.validated_data["disruption"]))
        disruption = found.first()
        if disruption is None:
            raise serializers.ValidationError({"disruption": ["Name disruption activity you may see."]})
        _refused(
            services.operation_disruption_add, by=request.user, operation=operation, disruption=disruption
        )
        return Response(OperationSerializer(operation).data, status=status.HTTP_201_CREATED)
