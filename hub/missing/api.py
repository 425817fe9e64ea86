"""The missing API: a police system posts a missing report and the return; hub staff and the child's
workers read episodes and return interviews. The same selectors, services and access policy as the
pages; reads are logged."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts import access
from hub.accounts.api_common import (
    BadRequest,
    Conflict,
    HubDateTimeField,
    ListPagination,
    errors,
    get_for_change,
    late_entry_reason_field,
    logged_page,
    require_role,
    roles_granted,
)
from hub.accounts.models import User
from hub.accounts.signed_in import SignedInApiRequest
from hub.children.selectors import child_get_for_user
from hub.core.errors import RuleRefused, StaleVersion
from hub.missing import interview_services, services
from hub.missing.access import EPISODE_POLICY, INTERVIEW_ROLES, REPORT_ROLES
from hub.missing.models import (
    DfeMissingCode,
    MissingEpisode,
    ReportedBy,
    ReturnInterview,
    RiskGrade,
    RiskGradeChange,
)
from hub.missing.selectors import episode_get_for_user, interview_get_for_user, my_interviews
from hub.reference.models import LateInterviewReason, MissingFactor, ScreeningIndicator

EPISODE_READ_ROLES = roles_granted(EPISODE_POLICY.read)


# ---------------------------------------------------------------------------------------------------
# What callers are sent


class RiskChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.get_full_name", read_only=True)
    grade = serializers.CharField(read_only=True, help_text="A risk grade, as in risk_grade")
    previous_grade = serializers.CharField(read_only=True, help_text="Blank for the first grading")

    class Meta:
        model = RiskGradeChange
        fields = ["grade", "previous_grade", "changed_at", "changed_by", "reason"]


class EpisodeListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = MissingEpisode
        fields = ["id", "child", "risk_grade", "last_seen_at", "reported_at", "returned_at"]


class EpisodeSerializer(serializers.ModelSerializer):
    risk_changes = RiskChangeSerializer(many=True, read_only=True)
    interview: serializers.PrimaryKeyRelatedField[ReturnInterview] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = MissingEpisode
        fields = [
            "id",
            "child",
            "reported_at",
            "reported_by_kind",
            "police_reference",
            "risk_grade",
            "risk_changes",
            "dfe_code",
            "placement",
            "last_seen_at",
            "last_seen_where",
            "returned_at",
            "returned_where",
            "returned_with",
            "return_method",
            "hub_notified_at",
            "interview",
            "version",
        ]


class InterviewSerializer(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True,
        help_text=", ".join(f"{value}: {label}" for value, label in ReturnInterview.Status.choices),
    )
    episode: serializers.PrimaryKeyRelatedField[MissingEpisode] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    allocated_to = serializers.CharField(source="allocated_to.get_full_name", read_only=True, default=None)
    late_reason: serializers.SlugRelatedField[LateInterviewReason] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    factors: serializers.SlugRelatedField[MissingFactor] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    indicators_observed: serializers.SlugRelatedField[ScreeningIndicator] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = ReturnInterview
        fields = [
            "id",
            "episode",
            "status",
            "notified_at",
            "response_due_at",
            "interview_due_at",
            "allocated_to",
            "allocated_at",
            "first_response_at",
            "interview_at",
            "face_to_face",
            "not_face_to_face_reason",
            "late_reason",
            "late_detail",
            "declined_reason",
            "carer_information",
            "where_went",
            "who_with",
            "travel_there",
            "travel_back",
            "factors",
            "harm",
            "indicators_observed",
            "child_words",
            "actions_agreed",
            "version",
        ]


# ---------------------------------------------------------------------------------------------------
# What callers send


class EpisodeReportSerializer(serializers.Serializer):
    child = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The id of the child's record (one you may see)."
    )
    reported_at = HubDateTimeField()
    reported_by_kind = serializers.ChoiceField(choices=ReportedBy.choices)
    last_seen_at = HubDateTimeField()
    last_seen_where = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    risk_grade = serializers.ChoiceField(choices=RiskGrade.choices)
    police_reference = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    dfe_code = serializers.ChoiceField(
        choices=DfeMissingCode.choices, required=False, allow_blank=True, default=""
    )
    placement = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    late_entry_reason = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the child was last seen more than 30 days ago: why it is recorded now.",
    )


class ReturnInputSerializer(serializers.Serializer):
    returned_at = HubDateTimeField()
    hub_notified_at = HubDateTimeField()
    returned_where = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    returned_with = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    return_method = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()
    version = serializers.IntegerField(min_value=1, help_text="The episode's version, as you read it.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["hub_notified_at"] < attrs["returned_at"]:
            raise serializers.ValidationError(
                {"hub_notified_at": ["The hub cannot be notified of a return before it happened."]}
            )
        return attrs


class InterviewRecordSerializer(serializers.Serializer):
    """The interview as the interviewer records it: held (with when and whether face to face) or
    declined (with the child's reason)."""

    version = serializers.IntegerField(min_value=1, help_text="The interview's version, as you read it.")
    interview_at = HubDateTimeField(required=False, default=None, help_text="When it was held")
    face_to_face = serializers.BooleanField(required=False, allow_null=True, default=None)
    not_face_to_face_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    declined_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    carer_information = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    late_reason = serializers.SlugRelatedField(
        slug_field="code",
        queryset=LateInterviewReason.objects.filter(active=True),
        required=False,
        default=None,
        help_text="Needed when the interview was later than 72 hours after the return notification",
    )
    late_detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    late_entry_reason = late_entry_reason_field()
    where_went = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    who_with = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    travel_there = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    travel_back = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    factors = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=MissingFactor.objects.filter(active=True),
        required=False,
        # many=True makes a ManyRelatedField, whose default is a list; the stubs type the default as
        # one related record.
        default=list,  # type: ignore[arg-type]
    )
    harm = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    indicators_observed = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=ScreeningIndicator.objects.filter(active=True),
        required=False,
        # many=True makes a ManyRelatedField, whose default is a list; the stubs type the default as
        # one related record.
        default=list,  # type: ignore[arg-type]
    )
    child_words = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    actions_agreed = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        declined = bool(attrs["declined_reason"].strip())
        if not declined:
            if attrs["interview_at"] is None:
                raise serializers.ValidationError(
                    {
                        "interview_at": [
                            "Send when the interview was held, or the child's reason for declining."
                        ]
                    }
                )
            if attrs["face_to_face"] is None:
                raise serializers.ValidationError({"face_to_face": ["Say whether it was face to face."]})
        else:
            attrs.pop("interview_at")
            attrs.pop("face_to_face")
        return attrs


# ---------------------------------------------------------------------------------------------------
# Views


def _episode_response(user: User, pk: int, *, code: int = status.HTTP_200_OK, **kwargs: Any) -> Response:
    episode, _ = episode_get_for_user(user, pk, purpose="API")
    prefetch_related_objects([episode], "risk_changes__changed_by")
    return Response(EpisodeSerializer(episode).data, status=code, **kwargs)


class EpisodeList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = EpisodeListItemSerializer

    @extend_schema(
        summary="The missing episodes you may see, newest first (logged)",
        responses={200: EpisodeListItemSerializer(many=True), **errors(403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, EPISODE_READ_ROLES, "Your role does not see missing episodes.")
        queryset = access.visible(request.user, MissingEpisode.objects.all()).order_by("-last_seen_at", "-pk")
        page = logged_page(self, request, MissingEpisode, queryset, detail="API list of episodes")
        return self.get_paginated_response(EpisodeListItemSerializer(page, many=True).data)

    @extend_schema(
        summary="Report a child missing",
        description=(
            "For police officers and hub coordinators, about a child whose record you may see. A child "
            "already missing cannot be reported again until their return is recorded (400)."
        ),
        request=EpisodeReportSerializer,
        responses={201: EpisodeSerializer, **errors(400, 403)},
    )
    def post(self, request: SignedInApiRequest) -> Response:
        require_role(
            request, REPORT_ROLES, "Only police officers and hub coordinators report a child missing."
        )
        serializer = EpisodeReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child_id = data.pop("child")
        try:
            child, _ = child_get_for_user(request.user, child_id, purpose="API missing report")
        except Http404:
            raise serializers.ValidationError(
                {"child": [f"There is no child's record {child_id} that you may see."]}
            ) from None
        try:
            episode = services.episode_report(child=child, by=request.user, **data)
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _episode_response(
            request.user,
            episode.pk,
            code=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:episodes-detail", kwargs={"pk": episode.pk})},
        )


class EpisodeDetail(APIView):
    @extend_schema(
        summary="One missing episode with its risk history (logged)",
        responses={200: EpisodeSerializer, **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        return _episode_response(request.user, pk)


class EpisodeReturn(APIView):
    @extend_schema(
        summary="Record the child's return and the hub's notification of it",
        description=(
            "Starts the two 72-hour return interview clocks from `hub_notified_at`. Send the episode's "
            "`version`: if it changed since you read it (or the return is already recorded), nothing "
            "is changed and the answer is 409."
        ),
        request=ReturnInputSerializer,
        responses={200: EpisodeSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, REPORT_ROLES, "Only police officers and hub coordinators record a return.")
        episode, _ = get_for_change(
            request.user,
            MissingEpisode,
            pk,
            refusal="You can see this episode but your role cannot change it.",
        )
        serializer = ReturnInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.episode_record_return(episode=episode, by=request.user, **serializer.validated_data)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _episode_response(request.user, episode.pk)


class InterviewList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = InterviewSerializer

    @extend_schema(
        summary="Your return interviews still to hold, soonest due first (logged)",
        responses={200: InterviewSerializer(many=True), **errors(403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, INTERVIEW_ROLES, "Your role does not hold return interviews.")
        interviews = [item.interview for item in my_interviews(request.user)]
        page = logged_page(self, request, ReturnInterview, interviews, detail="API my interviews")
        prefetch_related_objects(page, "factors", "indicators_observed")
        return self.get_paginated_response(InterviewSerializer(page, many=True).data)


class InterviewDetail(APIView):
    @extend_schema(
        summary="One return interview (logged)", responses={200: InterviewSerializer, **errors(403, 404)}
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        interview, _ = interview_get_for_user(request.user, pk, purpose="API")
        prefetch_related_objects([interview], "factors", "indicators_observed")
        return Response(InterviewSerializer(interview).data)

    @extend_schema(
        summary="Record the interview, or that the child declined",
        description=(
            "For the allocated return interviewer (and hub coordinators). Later than 72 hours after the "
            "return notification needs `late_reason`; not face to face needs `not_face_to_face_reason`. "
            "Send the `version` you read: 409 if it changed."
        ),
        request=InterviewRecordSerializer,
        responses={200: InterviewSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, INTERVIEW_ROLES, "Your role does not hold return interviews.")
        interview, _ = access.get_for_user(request.user, ReturnInterview, pk)
        interview_services.interview_record_check(by=request.user, interview=interview)
        if interview.status in {ReturnInterview.Status.COMPLETED, ReturnInterview.Status.DECLINED}:
            raise Conflict("This interview is already recorded.")
        serializer = InterviewRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        version = values.pop("version")
        try:
            interview_services.interview_record(
                interview=interview, by=request.user, version=version, **values
            )
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        interview, _ = interview_get_for_user(request.user, pk, purpose="API")
        prefetch_related_objects([interview], "factors", "indicators_observed")
        return Response(InterviewSerializer(interview).data)
