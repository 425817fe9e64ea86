"""The cases API: a place, group or person of concern as a case (its facts, its assessments or its risk),
read by whoever may see the case (the intelligence roles of its area, and the case roles attending a
meeting whose agenda has it); an assessment or a person's risk recorded, and an assessment corrected,
by those who may change it (``context_services``). The same selectors, services and refusals as the
case page: 404 for a case the caller may not see, 403 for one they may see but not change, 400 for a
rule under its field, 409 for a stale version."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api_common import errors, require_role
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.roles import CASE_ROLES
from hub.intelligence import context_selectors, context_services, contexts
from hub.intelligence.api import _refused
from hub.intelligence.models import ContextAssessment, EntityKind, ManagingMeeting, PersonRisk, RiskLevel

ROLE_REFUSAL = "Your role does not work cases."


class AssessmentSerializer(serializers.ModelSerializer[ContextAssessment]):
    agency = serializers.CharField(source="agency.name", read_only=True)
    assessed_by = serializers.CharField(source="assessed_by.get_full_name", read_only=True)

    class Meta:
        model = ContextAssessment
        fields = [
            "id",
            "assessed_on",
            "agency",
            "assessed_by",
            "what_happens",
            "who",
            "when",
            "risks",
            "protective",
            "recommendation",
            "version",
        ]


class AssessmentCreateSerializer(serializers.Serializer[Any]):
    assessed_on = serializers.DateField()
    what_happens = serializers.CharField(max_length=5000, allow_blank=True)
    who = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")
    when = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")
    risks = serializers.CharField(max_length=5000, allow_blank=True)
    protective = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")
    recommendation = serializers.CharField(max_length=5000, allow_blank=True)


class AssessmentCorrectSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000, allow_blank=True)
    assessed_on = serializers.DateField(required=False)
    what_happens = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    who = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    when = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    risks = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    protective = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    recommendation = serializers.CharField(max_length=5000, allow_blank=True, required=False)


class RiskSerializer(serializers.ModelSerializer[PersonRisk]):
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True)

    class Meta:
        model = PersonRisk
        fields = ["id", "level", "managed_by", "assessed_on", "summary", "recorded_by"]


class RiskCreateSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=RiskLevel.choices)
    managed_by = serializers.ChoiceField(choices=ManagingMeeting.choices)
    assessed_on = serializers.DateField()
    summary = serializers.CharField(max_length=5000, allow_blank=True)


class CaseSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    group_type = serializers.CharField()
    location_type = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    assessments = AssessmentSerializer(many=True)
    risks = RiskSerializer(many=True)


def _case_role(request: SignedInApiRequest) -> None:
    require_role(request, CASE_ROLES, ROLE_REFUSAL)


class CaseDetail(APIView):
    @extend_schema(
        summary="A place, group or person of concern as a case: its facts, assessments or risk (logged)",
        responses={200: CaseSerializer, **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        _case_role(request)
        case, _ = contexts.case_get_for_user(request.user, pk)
        assessed = case.kind != EntityKind.PERSON
        body = {
            **{
                name: getattr(case, name)
                for name in ("id", "kind", "name", "description", "group_type", "location_type", "address")
            },
            "postcode": case.postcode,
            "assessments": AssessmentSerializer(
                context_selectors.assessments_of(request.user, case) if assessed else [], many=True
            ).data,
            "risks": RiskSerializer(
                context_selectors.risks_of(request.user, case) if not assessed else [], many=True
            ).data,
        }
        return Response(body)


def _case_for_change(request: SignedInApiRequest, pk: int) -> Any:
    _case_role(request)
    case, _ = contexts.case_get_for_user(request.user, pk)
    context_services.case_change_check(by=request.user, entity=case)
    return case


class CaseAssessments(APIView):
    @extend_schema(
        summary="Record a location or peer-group assessment of a place or group",
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        case = _case_for_change(request, pk)
        body = AssessmentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = _refused(
            context_services.assessment_record, by=request.user, entity=case, **body.validated_data
        )
        return Response(AssessmentSerializer(done).data, status=status.HTTP_201_CREATED)


class CaseRisks(APIView):
    @extend_schema(
        summary="Record a person of concern's risk and the meeting that manages it",
        request=RiskCreateSerializer,
        responses={201: RiskSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        case = _case_for_change(request, pk)
        body = RiskCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = _refused(
            context_services.person_risk_record, by=request.user, person=case, **body.validated_data
        )
        return Response(RiskSerializer(done).data, status=status.HTTP_201_CREATED)


class AssessmentCorrect(APIView):
    @extend_schema(
        summary="Correct an assessment, with the reason (its history keeps what it said)",
        request=AssessmentCorrectSerializer,
        responses={200: AssessmentSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        _case_role(request)
        assessment, _ = context_selectors.assessment_get_for_user(request.user, pk)
        context_services.case_change_check(by=request.user, entity=assessment.entity)
        body = AssessmentCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version, reason = data.pop("version"), data.pop("reason")
        done = _refused(
            context_services.assessment_correct,
            by=request.user,
            assessment=assessment,
            version=version,
            reason=reason,
            **data,
        )
        return Response(AssessmentSerializer(done).data)
