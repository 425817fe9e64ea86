"""The NRM API: a child's referrals (read, and refer), one referral with its clock, and the writes the
pages make: the reasonable and conclusive grounds decisions, a withdrawal and a correction. The same
selectors, services and access policy as the pages; each write asks its service's check before it
reads the body; reads are logged; a stale version is 409."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts import access
from hub.accounts.api_common import (
    BadRequest,
    Conflict,
    HubDateField,
    errors,
    late_entry_reason_field,
    list_data,
    log_list,
)
from hub.accounts.models import Agency
from hub.accounts.signed_in import SignedInApiRequest
from hub.children.models import Child
from hub.children.selectors import child_get_for_user
from hub.core.corrections import REASON_LIMIT
from hub.core.errors import RuleRefused, StaleVersion
from hub.nrm import corrections, selectors, services
from hub.nrm.models import DecisionMaker, Grounds, NrmReferral
from hub.reference.models import ExploitationType

BIGGEST_ID = 2**63 - 1


class NrmReferralSerializer(serializers.ModelSerializer):
    first_responder = serializers.CharField(source="first_responder.name", read_only=True)
    exploitation_types: serializers.SlugRelatedField[ExploitationType] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    stage = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True)
    clock = serializers.SerializerMethodField(help_text="The clock that runs, and its day.")
    summary = serializers.SerializerMethodField(help_text="Shown only to roles that read narrative.")

    class Meta:
        model = NrmReferral
        fields = [
            "id",
            "child",
            "first_responder",
            "referrer_name",
            "referred_on",
            "exploitation_types",
            "summary",
            "rg_grounds",
            "rg_decided_on",
            "rg_decision_maker",
            "rg_panel_chair",
            "cg_grounds",
            "cg_decided_on",
            "cg_decision_maker",
            "cg_panel_chair",
            "withdrawn_on",
            "stage",
            "outcome",
            "clock",
            "version",
        ]

    @extend_schema_field(serializers.DictField())
    def get_clock(self, referral: NrmReferral) -> dict[str, Any]:
        state = selectors.clock_of(referral)
        return {"state": state.state.value, "label": state.label, "due": state.due}

    def get_summary(self, referral: NrmReferral) -> str:
        user = self.context.get("user")
        return referral.summary if user is not None and access.may_see_fields(user, "narrative") else ""


class NrmReferSerializer(serializers.Serializer):
    first_responder = serializers.IntegerField(
        help_text="The id of the organisation that referred (one serving the child's area).",
        min_value=1,
        max_value=BIGGEST_ID,
    )
    referrer_name = serializers.CharField(max_length=200)
    referred_on = HubDateField()
    exploitation_types = serializers.ListField(
        child=serializers.SlugField(max_length=50),
        allow_empty=False,
        max_length=50,
        help_text="Codes of the types of exploitation (v1/reference/exploitation-types/).",
    )
    summary = serializers.CharField(max_length=services.SUMMARY_LIMIT)
    late_entry_reason = late_entry_reason_field()


class NrmDecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The referral's version, as you read it.")
    grounds = serializers.ChoiceField(choices=Grounds.choices)
    decided_on = HubDateField()
    decision_maker = serializers.ChoiceField(choices=DecisionMaker.choices)
    panel_chair = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A local panel's chair (a user id).",
        min_value=1,
        max_value=BIGGEST_ID,
    )
    panel_agencies = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIGGEST_ID),
        required=False,
        default=list,
        max_length=50,
        help_text="A local panel's agencies present (ids): children's social care, police and health.",
    )
    late_entry_reason = late_entry_reason_field()


class NrmWithdrawSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    withdrawn_on = HubDateField()
    reason = serializers.CharField(max_length=services.SUMMARY_LIMIT)


class NrmCorrectSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=REASON_LIMIT, help_text="Why: what was wrong and how you know.")
    referred_on = HubDateField(required=False, default=None)
    referrer_name = serializers.CharField(max_length=200, required=False, default=None)
    summary = serializers.CharField(max_length=services.SUMMARY_LIMIT, required=False, default=None)
    rg_grounds = serializers.ChoiceField(choices=Grounds.choices, required=False, default=None)
    rg_decided_on = HubDateField(required=False, default=None)
    cg_grounds = serializers.ChoiceField(choices=Grounds.choices, required=False, default=None)
    cg_decided_on = HubDateField(required=False, default=None)


def _one(queryset: QuerySet[Any], pk: int | None, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [message]})
    return found


def _agencies(child: Child, ids: list[int]) -> list[Agency]:
    found = list(selectors.agencies_serving(child).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise serializers.ValidationError({"panel_agencies": ["Name agencies that serve the child's area."]})
    return found


def _response(request: SignedInApiRequest, referral: NrmReferral, code: int = status.HTTP_200_OK) -> Response:
    return Response(NrmReferralSerializer(referral, context={"user": request.user}).data, status=code)


class ChildReferrals(APIView):
    @extend_schema(
        summary="A child's NRM referrals (logged)",
        responses={200: NrmReferralSerializer(many=True), **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        child, _ = child_get_for_user(request.user, pk, purpose="API NRM referrals")
        referrals = selectors.referrals_for_child(request.user, child)
        log_list(request.user, NrmReferral, referrals, detail="API child's NRM referrals")
        return Response(
            list_data(NrmReferralSerializer(referrals, many=True, context={"user": request.user}))
        )

    @extend_schema(
        summary="Refer the child to the NRM",
        request=NrmReferSerializer,
        responses={201: NrmReferralSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        child, _ = access.get_for_user(request.user, Child, pk)
        services.nrm_refer_check(by=request.user, child=child)
        serializer = NrmReferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["first_responder"] = _one(
            selectors.agencies_serving(child),
            data["first_responder"],
            "first_responder",
            "Name an organisation that serves the child's area.",
        )
        codes = set(data["exploitation_types"])
        types = list(ExploitationType.objects.filter(active=True, code__in=codes))
        if len(types) != len(codes):
            raise serializers.ValidationError(
                {"exploitation_types": ["Use the codes of v1/reference/exploitation-types/."]}
            )
        data["exploitation_types"] = types
        try:
            referral = services.nrm_refer(by=request.user, child=child, **data)
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _response(request, referral, status.HTTP_201_CREATED)


class ReferralDetail(APIView):
    @extend_schema(summary="One NRM referral (logged)", responses={200: NrmReferralSerializer, **errors(404)})
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        referral, _ = selectors.referral_get_for_user(request.user, pk, purpose="API NRM referral")
        return _response(request, referral)


def _for_change(request: SignedInApiRequest, pk: int) -> NrmReferral:
    referral, _ = access.get_for_user(
        request.user,
        NrmReferral,
        pk,
        queryset=NrmReferral.objects.select_related("child", "child__authority"),
    )
    services.nrm_change_check(by=request.user, referral=referral)
    return referral


class _Decision(APIView):
    prefix = "rg"

    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        referral = _for_change(request, pk)
        serializer = NrmDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = referral.child
        data["panel_chair"] = _one(
            selectors.chair_candidates(child),
            data["panel_chair"],
            "panel_chair",
            "Name a person of an agency serving the child's area.",
        )
        data["panel_agencies"] = _agencies(child, data["panel_agencies"])
        record = services.nrm_record_rg if self.prefix == "rg" else services.nrm_record_cg
        try:
            referral = record(by=request.user, referral=referral, **data)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _response(request, referral)


class ReasonableGrounds(_Decision):
    prefix = "rg"

    @extend_schema(
        summary="Record the reasonable grounds decision",
        request=NrmDecisionSerializer,
        responses={200: NrmReferralSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        return super().post(request, pk)


class ConclusiveGrounds(_Decision):
    prefix = "cg"

    @extend_schema(
        summary="Record the conclusive grounds decision",
        description="Not before the recovery period after the reasonable grounds decision has passed.",
        request=NrmDecisionSerializer,
        responses={200: NrmReferralSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        return super().post(request, pk)


class Withdraw(APIView):
    @extend_schema(
        summary="Withdraw an open NRM referral",
        request=NrmWithdrawSerializer,
        responses={200: NrmReferralSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        referral = _for_change(request, pk)
        serializer = NrmWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            referral = services.nrm_withdraw(by=request.user, referral=referral, **serializer.validated_data)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _response(request, referral)


class Correct(APIView):
    @extend_schema(
        summary="Correct an NRM referral",
        description="Fields left out are kept. A decision not yet recorded is recorded, not corrected.",
        request=NrmCorrectSerializer,
        responses={200: NrmReferralSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        referral = _for_change(request, pk)
        serializer = NrmCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            referral = corrections.nrm_correct(
                by=request.user, referral=referral, **serializer.validated_data
            )
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _response(request, referral)
