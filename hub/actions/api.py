"""The actions API: the caller's own actions (overdue first) and moving one on."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts import access
from hub.accounts.api_common import (
    BadRequest,
    Conflict,
    HubDateField,
    ListPagination,
    errors,
    logged_page,
    require_role,
)
from hub.accounts.signed_in import SignedInApiRequest
from hub.actions import selectors, services
from hub.actions.models import Action, ActionStatus
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.roles import WORKER_ROLES


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_text", read_only=True)

    class Meta:
        model = Action
        fields = ["id", "title", "detail", "child", "subject_label", "owner", "due", "status", "outcome"]
        fields += ["source_label", "completed_at", "version"]


class ActionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    outcome = serializers.CharField(required=False, default="", max_length=5000, allow_blank=True)
    due = HubDateField(required=False, default=None)


class ActionList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = ActionSerializer

    @extend_schema(summary="Your open actions, overdue first", responses={200: ActionSerializer(many=True)})
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, WORKER_ROLES, "Your role has no actions.")
        mine = selectors.my_actions(request.user)
        page = logged_page(self, request, Action, mine, detail="API list of my actions")
        return self.get_paginated_response(ActionSerializer(page, many=True).data)


class ActionDetail(APIView):
    @extend_schema(summary="One action (logged)", responses={200: ActionSerializer, **errors(404)})
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        action, _ = selectors.action_get_for_user(request.user, pk)
        return Response(ActionSerializer(action).data)

    @extend_schema(
        summary="Move an action on",
        description="Finishing needs the `outcome`. Send the `version` you read (409 if stale).",
        request=ActionUpdateSerializer,
        responses={200: ActionSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: SignedInApiRequest, pk: int) -> Response:
        action, _ = access.get_for_user(request.user, Action, pk)
        services.action_update_check(by=request.user, action=action)
        serializer = ActionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.action_update(action=action, by=request.user, **serializer.validated_data)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return Response(ActionSerializer(action).data)
