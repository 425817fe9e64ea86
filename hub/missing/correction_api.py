"""Corrections through the API: an episode's dates and times, an entry of its risk-grade history and a
recorded return interview. The same services and rules as the pages; a stale version is 409."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api_common import BadRequest, Conflict, errors, get_for_change, require_role
from hub.accounts.models import User
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.corrections import REASON_LIMIT
from hub.core.errors import RuleRefused, StaleVersion
from hub.missing import corrections
from hub.missing.access import INTERVIEW_ROLES, REPORT_ROLES
from hub.missing.api import (
    EpisodeSerializer,
    InterviewRecordSerializer,
    InterviewSerializer,
    RiskChangeSerializer,
)
from hub.missing.models import MissingEpisode, ReturnInterview, RiskGrade, RiskGradeChange
from hub.missing.selectors import episode_get_for_user, interview_get_for_user


def _reason() -> serializers.CharField:
    return serializers.CharField(
        max_length=REASON_LIMIT, help_text="Why it is corrected: what was wrong and how you know."
    )


class EpisodeCorrectSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The episode's version, as you read it.")
    reason = _reason()
    last_seen_at = serializers.DateTimeField(required=False, default=None)
    reported_at = serializers.DateTimeField(required=False, default=None)
    returned_at = serializers.DateTimeField(
        required=False, default=None, help_text="Only once the return is recorded."
    )
    hub_notified_at = serializers.DateTimeField(
        required=False, default=None, help_text="Moves the return interview's 72-hour clocks."
    )
    late_entry_reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=None, allow_null=True
    )


class RiskCorrectSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The episode's version, as you read it.")
    reason = _reason()
    grade = serializers.ChoiceField(choices=RiskGrade.choices)
    changed_at = serializers.DateTimeField(help_text="When the grade applied from.")


class InterviewCorrectSerializer(InterviewRecordSerializer):
    reason = _reason()
    # Asked when the interview was recorded; a correction gives its reason. None removes an inherited
    # field (DRF's way), which the stubs do not allow for.
    late_entry_reason = None  # type: ignore[assignment]


class RiskCorrectionSerializer(RiskChangeSerializer):
    corrects: serializers.PrimaryKeyRelatedField[RiskGradeChange] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta(RiskChangeSerializer.Meta):
        fields = ["id", *RiskChangeSerializer.Meta.fields, "corrects", "recorded_at"]


def _episode(user: User, pk: int) -> Response:
    episode, _ = episode_get_for_user(user, pk, purpose="API")
    prefetch_related_objects([episode], "risk_changes__changed_by")
    return Response(EpisodeSerializer(episode).data)


class EpisodeCorrect(APIView):
    @extend_schema(
        summary="Correct an episode's dates and times",
        description=(
            "Send the reason and the times that were wrong (the others are kept). The same date rules "
            "apply as when they were first entered; a corrected notification moves the return "
            "interview's clocks. The episode's history keeps the old values, who corrected them, when "
            "and why. Send the episode's `version`: 409 if it changed since you read it."
        ),
        request=EpisodeCorrectSerializer,
        responses={200: EpisodeSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, REPORT_ROLES, "Only police officers and hub coordinators correct an episode.")
        episode, _ = get_for_change(
            request.user,
            MissingEpisode,
            pk,
            refusal="You can see this episode but your role cannot change it.",
        )
        serializer = EpisodeCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            corrections.episode_correct(episode=episode, by=request.user, **serializer.validated_data)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _episode(request.user, episode.pk)


class RiskGradeCorrect(APIView):
    @extend_schema(
        summary="Correct an entry of an episode's risk-grade history",
        description=(
            "The entry stays, marked as corrected by the new entry this returns; the episode's grade is "
            "its latest uncorrected entry. Send the episode's `version`: 409 if it changed."
        ),
        request=RiskCorrectSerializer,
        responses={201: RiskCorrectionSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, REPORT_ROLES, "Only police officers and hub coordinators correct a risk grade.")
        change, _ = get_for_change(
            request.user,
            RiskGradeChange,
            pk,
            refusal="You can see this episode but your role cannot change it.",
        )
        serializer = RiskCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            correction = corrections.risk_grade_correct(
                change=change, by=request.user, **serializer.validated_data
            )
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return Response(RiskCorrectionSerializer(correction).data, status=status.HTTP_201_CREATED)


class InterviewCorrect(APIView):
    @extend_schema(
        summary="Correct a recorded return interview",
        description=(
            "Send the interview as it should read (the same fields as recording it) and the reason. The "
            "same rules apply as when it was recorded. Send its `version`: 409 if it changed."
        ),
        request=InterviewCorrectSerializer,
        responses={200: InterviewSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, INTERVIEW_ROLES, "Your role does not hold return interviews.")
        interview, _ = get_for_change(
            request.user, ReturnInterview, pk, refusal="You can see this interview but not correct it."
        )
        serializer = InterviewCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(serializer.validated_data)
        try:
            corrections.interview_correct(interview=interview, by=request.user, **values)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        interview, _ = interview_get_for_user(request.user, pk, purpose="API")
        prefetch_related_objects([interview], "factors", "indicators_observed")
        return Response(InterviewSerializer(interview).data)
