"""The panels API: meetings the caller may see, with the agenda items they are entitled to, their
decisions and actions; the chair (or a hub coordinator) adds items and records decisions. The same
selectors, services and access policy as the pages; reads are logged."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts import access
from hub.accounts.api_common import (
    BadRequest,
    Conflict,
    ListPagination,
    errors,
    list_data,
    logged_page,
    require_role,
)
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.corrections import REASON_LIMIT
from hub.core.errors import RuleRefused, StaleVersion
from hub.panels import selectors, services
from hub.panels.access import MEETING_ROLES
from hub.panels.models import AgendaItem, DecisionKind, ItemDecision, Meeting, SubjectKind
from hub.reference.models import LevelOfConcern, School


class DecisionSerializer(serializers.ModelSerializer):
    level: serializers.SlugRelatedField[LevelOfConcern] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = ItemDecision
        fields = ["id", "kind", "detail", "level", "recorded_at"]


class ItemActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    owner = serializers.CharField(source="owner_text")
    due = serializers.DateField()
    status = serializers.CharField()


class ItemSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject_label", read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "kind", "child", "school", "theme", "subject", "reason", "rule"]
        fields += ["information_shared", "decisions", "actions"]

    def get_actions(self, item: AgendaItem) -> list[dict[str, Any]]:
        return list_data(ItemActionSerializer(selectors.item_actions(item), many=True))


class MeetingListSerializer(serializers.ModelSerializer):
    panel = serializers.CharField(source="panel.name")

    class Meta:
        model = Meeting
        fields = ["id", "panel", "held_at", "status"]


class MeetingSerializer(MeetingListSerializer):
    chair = serializers.CharField(source="chair.get_full_name")
    items = serializers.SerializerMethodField()
    restricted_items = serializers.IntegerField(
        read_only=True, help_text="Items about children you may not see"
    )

    class Meta(MeetingListSerializer.Meta):
        fields = [
            *MeetingListSerializer.Meta.fields,
            "place",
            "chair",
            "agenda_issued_at",
            "minutes_issued_at",
        ]
        fields += ["items", "restricted_items"]

    def get_items(self, meeting: Meeting) -> list[dict[str, Any]]:
        return list_data(ItemSerializer(self.context["items"], many=True))


class ItemInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[SubjectKind.CHILD, SubjectKind.SCHOOL, SubjectKind.THEME])
    child = serializers.IntegerField(required=False, help_text="The child's Hub ID, for a child's item")
    school = serializers.SlugRelatedField(
        slug_field="urn", queryset=School.objects.filter(active=True), required=False, help_text="URN"
    )
    theme = serializers.CharField(required=False, max_length=300, default="")
    reason = serializers.CharField(required=False, max_length=1000, default="")


class DecisionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    detail = serializers.CharField(max_length=5000)
    level = serializers.SlugRelatedField(
        slug_field="code", queryset=LevelOfConcern.objects.filter(active=True), required=False, default=None
    )


class CancelInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The meeting's version, as you read it.")
    reason = serializers.CharField(max_length=REASON_LIMIT, help_text="Why: its members read it.")


class MoveInputSerializer(CancelInputSerializer):
    held_at = serializers.DateTimeField(help_text="The new date and time: ahead, within a year.")


def _meeting_response(user: Any, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
    items = selectors.entitled_items(user, meeting)
    # What MeetingSerializer's ``restricted_items`` reads: an attribute of this response's own.
    vars(meeting)["restricted_items"] = meeting.items.count() - len(items)
    return Response(MeetingSerializer(meeting, context={"items": items}).data, status=code)


def _runs(request: SignedInApiRequest, meeting: Meeting) -> None:
    if not selectors.may_run(request.user, meeting):
        raise PermissionDenied("Only the meeting's chair and hub coordinators change the meeting.")


class MeetingList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = MeetingListSerializer

    @extend_schema(
        summary="Meetings you may see, latest first", responses={200: MeetingListSerializer(many=True)}
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, MEETING_ROLES, "Your role does not take part in meetings.")
        queryset = access.visible(request.user, Meeting.objects.select_related("panel")).order_by(
            "-held_at", "-pk"
        )
        page = logged_page(self, request, Meeting, queryset, detail="API list of meetings")
        return self.get_paginated_response(MeetingListSerializer(page, many=True).data)


class MeetingDetail(APIView):
    @extend_schema(
        summary="One meeting with the items you are entitled to (logged)",
        responses={200: MeetingSerializer, **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, MEETING_ROLES, "Your role does not take part in meetings.")
        meeting, _ = selectors.meeting_get_for_user(request.user, pk, purpose="API meeting")
        return _meeting_response(request.user, meeting)


class MeetingItems(APIView):
    @extend_schema(
        summary="Add an item to the agenda",
        description="For the meeting's chair and hub coordinators. A child or school is on an agenda once.",
        request=ItemInputSerializer,
        responses={201: MeetingSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, MEETING_ROLES, "Your role does not take part in meetings.")
        meeting, _ = selectors.meeting_get_for_user(request.user, pk, purpose="API agenda")
        services.meeting_run_check(by=request.user, meeting=meeting)
        serializer = ItemInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = None
        if data.get("child") is not None:
            try:
                child = selectors.child_for_agenda(request.user, meeting, data["child"])
            except Http404:
                raise serializers.ValidationError(
                    {"child": [f"There is no child's record {data['child']} that you may see."]}
                ) from None
        try:
            services.item_add(
                meeting=meeting,
                by=request.user,
                kind=data["kind"],
                child=child,
                school=data.get("school"),
                theme=data["theme"],
                reason=data["reason"],
            )
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _meeting_response(request.user, meeting, status.HTTP_201_CREATED)


class ItemDecisions(APIView):
    @extend_schema(
        summary="Record a decision on an agenda item",
        description=(
            "For the meeting's chair and hub coordinators. A change of level (send `level`) is made on the "
            "child's record; escalate_sep and remove_sep start and end SEP monitoring."
        ),
        request=DecisionInputSerializer,
        responses={201: DecisionSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, MEETING_ROLES, "Your role does not take part in meetings.")
        item, _ = selectors.item_get_for_user(request.user, pk)
        services.item_change_check(by=request.user, item=item)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            decision = services.decision_record(item=item, by=request.user, **serializer.validated_data)
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class MeetingCancel(APIView):
    @extend_schema(
        summary="Cancel a planned meeting",
        description=(
            "For the meeting's chair and hub coordinators. The meeting is kept, marked cancelled; the "
            "subjects on its agenda are proposed for the panel's next meeting and its members are told on "
            "their home page. A meeting with decisions recorded took place (400). Send its `version`: 409 "
            "if it changed since you read it."
        ),
        request=CancelInputSerializer,
        responses={200: MeetingSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, MEETING_ROLES, "Your role does not take part in meetings.")
        meeting, _ = selectors.meeting_get_for_user(request.user, pk, purpose="API cancel meeting")
        services.meeting_run_check(by=request.user, meeting=meeting)
        serializer = CancelInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            meeting = services.meeting_cancel(meeting=meeting, by=request.user, **serializer.validated_data)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _meeting_response(request.user, meeting)


class MeetingMove(APIView):
    @extend_schema(
        summary="Move a planned meeting to another time",
        description=(
            "For the meeting's chair and hub coordinators. The agenda and invitations stay; its members are "
            "told on their home page. Send its `version`: 409 if it changed since you read it."
        ),
        request=MoveInputSerializer,
        responses={200: MeetingSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, MEETING_ROLES, "Your role does not take part in meetings.")
        meeting, _ = selectors.meeting_get_for_user(request.user, pk, purpose="API move meeting")
        services.meeting_run_check(by=request.user, meeting=meeting)
        serializer = MoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            meeting = services.meeting_move(meeting=meeting, by=request.user, **serializer.validated_data)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _meeting_response(request.user, meeting)
