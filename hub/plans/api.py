"""The plans API: the plans a caller may see, one plan with its current version, factors, versions and
actions; and, for partner systems, a child's plan agreed in one request and a review recorded as a
new version. The same selectors, services and access policy as the pages; reads are logged."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
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
    late_entry_reason_field,
    list_data,
    logged_page,
    require_role,
    roles_granted,
)
from hub.accounts.models import User
from hub.accounts.signed_in import SignedInApiRequest
from hub.actions.models import Action, ActionStatus
from hub.children.selectors import child_get_for_user
from hub.core.corrections import REASON_LIMIT
from hub.core.errors import RuleRefused, StaleVersion
from hub.plans import corrections, selectors, services
from hub.plans.access import PLAN_POLICY, START_ROLES
from hub.plans.models import (
    CloseReason,
    ContextCategory,
    FactorKind,
    Plan,
    PlanFactor,
    PlanStatus,
    PlanVersion,
    RiskRating,
)

PLAN_READ_ROLES = roles_granted(PLAN_POLICY.read)
PLAN_WRITE_ROLES = roles_granted(PLAN_POLICY.write)


# ---------------------------------------------------------------------------------------------------
# What callers are sent


class FactorSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=FactorKind.choices, read_only=True)
    category = serializers.CharField(
        read_only=True, help_text="Contextual risks only: " + ", ".join(ContextCategory.values)
    )
    rating = serializers.CharField(read_only=True, help_text="Risks only: " + ", ".join(RiskRating.values))
    thread = serializers.UUIDField(
        read_only=True, help_text="The same factor in every version: send it back in a review to keep it."
    )

    class Meta:
        model = PlanFactor
        fields = ["kind", "category", "text", "rating", "thread"]


class VersionSerializer(serializers.ModelSerializer):
    factors = FactorSerializer(many=True, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True)

    class Meta:
        model = PlanVersion
        fields = [
            "number",
            "agreed_on",
            "agreed_by",
            "summary",
            "child_views",
            "family_views",
            "review_date",
            "review_limit",
            "progress",
            "changes",
            "recorded_by",
            "recorded_at",
            "factors",
        ]


class VersionListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["number", "agreed_on", "review_date"]


class PlanActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_text", read_only=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)

    class Meta:
        model = Action
        fields = ["id", "title", "owner", "due", "status"]


class PlanListItemSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices, read_only=True)
    subject = serializers.CharField(source="subject_label", read_only=True)
    lead = serializers.CharField(source="lead.get_full_name", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "child", "subject", "status", "lead", "current_number", "review_due"]


class PlanSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices, read_only=True)
    subject = serializers.CharField(source="subject_label", read_only=True)
    lead = serializers.CharField(source="lead.get_full_name", read_only=True)
    close_reason = serializers.CharField(
        read_only=True, help_text="Blank, or " + ", ".join(CloseReason.values)
    )
    current = serializers.SerializerMethodField(help_text="The current version in full; null for a draft.")
    versions = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "child",
            "subject",
            "status",
            "lead",
            "started_from",
            "created_at",
            "current_number",
            "review_due",
            "closed_at",
            "close_reason",
            "close_note",
            "version",
            "current",
            "versions",
            "actions",
        ]

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_current(self, plan: Plan) -> dict[str, Any] | None:
        latest = selectors.latest_version(plan)
        return VersionSerializer(latest).data if latest else None

    @extend_schema_field(VersionListItemSerializer(many=True))
    def get_versions(self, plan: Plan) -> list[dict[str, Any]]:
        return list_data(VersionListItemSerializer(plan.versions.order_by("number"), many=True))

    @extend_schema_field(PlanActionSerializer(many=True))
    def get_actions(self, plan: Plan) -> list[dict[str, Any]]:
        return list_data(PlanActionSerializer(selectors.plan_actions(plan), many=True))


# ---------------------------------------------------------------------------------------------------
# What callers send


class FactorInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FactorKind.choices)
    text = serializers.CharField(max_length=services.FACTOR_TEXT_LIMIT)
    rating = serializers.ChoiceField(
        choices=RiskRating.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for risks.",
    )
    category = serializers.ChoiceField(
        choices=ContextCategory.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for contextual risks.",
    )
    thread = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="In a review: the thread of the last version's factor this one continues. "
        "Omit it for a new factor.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] != FactorKind.PROTECTIVE and not attrs["rating"]:
            raise serializers.ValidationError(
                {"rating": ["Say how serious the risk is: low, medium or high."]}
            )
        if attrs["kind"] == FactorKind.PROTECTIVE and attrs["rating"]:
            raise serializers.ValidationError(
                {"rating": ["Protective factors are not rated: leave it blank."]}
            )
        if attrs["kind"] == FactorKind.CONTEXTUAL_RISK and not attrs["category"]:
            raise serializers.ValidationError({"category": ["Say where the contextual risk is."]})
        if attrs["kind"] != FactorKind.CONTEXTUAL_RISK and attrs["category"]:
            raise serializers.ValidationError({"category": ["Only contextual risks have a category."]})
        return attrs


class VersionInputSerializer(serializers.Serializer):
    agreed_on = HubDateField()
    agreed_by = serializers.CharField(max_length=300, help_text="The meeting, or the people who agreed it.")
    review_date = HubDateField(
        help_text="After agreed_on, and at most 12 weeks (the plan-review clock) after it."
    )
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    child_views = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    family_views = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    # many=True hands max_length to the ListSerializer (DRF's LIST_SERIALIZER_KWARGS); the stubs'
    # BaseSerializer.__init__ does not list it.
    factors = FactorInputSerializer(many=True, allow_empty=False, max_length=200)  # type: ignore[call-arg]
    late_entry_reason = late_entry_reason_field()


class PlanCreateSerializer(VersionInputSerializer):
    child = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The id of the child's record (one you may see)."
    )
    lead = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        help_text="The id of the user who leads the plan; by default the child's allocated worker, or you.",
    )
    started_from = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PlanReviewSerializer(VersionInputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The plan's version, as you read it.")
    progress = serializers.CharField(max_length=5000, help_text="Progress since the last version.")
    changes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PlanLeadSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The plan's version, as you read it.")
    lead = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The id of the user who leads the plan from now."
    )
    reason = serializers.CharField(max_length=REASON_LIMIT, help_text="Why the lead is changing.")


class PlanQuerySerializer(serializers.Serializer):
    child = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)


def _factor_inputs(rows: list[dict[str, Any]]) -> list[services.FactorInput]:
    return [
        services.FactorInput(row["kind"], row["text"], row["rating"], row["category"], row["thread"])
        for row in rows
    ]


def _version_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "agreed_on": data["agreed_on"],
        "agreed_by": data["agreed_by"],
        "review_date": data["review_date"],
        "summary": data["summary"],
        "child_views": data["child_views"],
        "family_views": data["family_views"],
        "factors": _factor_inputs(data["factors"]),
        "late_entry_reason": data["late_entry_reason"],
    }


# ---------------------------------------------------------------------------------------------------
# Views


def _plan_response(user: User, pk: int, *, code: int = status.HTTP_200_OK, **kwargs: Any) -> Response:
    plan, _ = selectors.plan_get_for_user(user, pk, purpose="API")
    return Response(PlanSerializer(plan).data, status=code, **kwargs)


class PlanList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = PlanListItemSerializer

    @extend_schema(
        summary="The plans you may see, newest first (logged)",
        parameters=[
            OpenApiParameter("child", int, description="Only this child's plans."),
            OpenApiParameter("status", str, enum=PlanStatus.values, description="Only plans in this state."),
        ],
        responses={200: PlanListItemSerializer(many=True), **errors(400, 403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, PLAN_READ_ROLES, "Your role does not see plans.")
        plans = access.visible(request.user, Plan.objects.select_related("child", "lead")).order_by(
            "-created_at", "-pk"
        )
        query = PlanQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data.get("child"):
            plans = plans.filter(child_id=query.validated_data["child"])
        if query.validated_data.get("status"):
            plans = plans.filter(status=query.validated_data["status"])
        page = logged_page(self, request, Plan, plans, detail="API list of plans")
        return self.get_paginated_response(PlanListItemSerializer(page, many=True).data)

    @extend_schema(
        summary="Agree a child's plan in one request",
        description=(
            "For partner systems: starts the child's plan and agrees its first version, with its factors "
            "(at least one risk), views and review date. A child with an open plan is refused (400): "
            "record a review of that plan instead."
        ),
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, **errors(400, 403)},
    )
    def post(self, request: SignedInApiRequest) -> Response:
        require_role(request, START_ROLES, "Your role does not start plans.")
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            child, _ = child_get_for_user(request.user, data["child"], purpose="API plan")
        except Http404:
            raise serializers.ValidationError(
                {"child": [f"There is no child's record {data['child']} that you may see."]}
            ) from None
        existing = selectors.current_plan(child)
        if existing is not None:
            raise BadRequest(
                f"{child.full_name} already has a plan ({existing.pk}): record a review of it instead."
            )
        lead = None
        if "lead" in data:
            lead = selectors.lead_candidates([child.authority_id]).filter(pk=data["lead"]).first()
            if lead is None:
                raise serializers.ValidationError(
                    {"lead": ["Choose a case holder or hub coordinator of this area."]}
                )
        try:
            with_version = services.plan_create(
                child=child,
                by=request.user,
                lead=lead,
                source_label=data["started_from"],
                **_version_values(data),
            )
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _plan_response(
            request.user,
            with_version.plan_id,
            code=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:plans-detail", kwargs={"pk": with_version.plan_id})},
        )


class PlanDetail(APIView):
    @extend_schema(
        summary="One plan with its current version, versions and actions (logged)",
        responses={200: PlanSerializer, **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        return _plan_response(request.user, pk)


class PlanReview(APIView):
    @extend_schema(
        summary="Record a review: the plan's next version",
        description=(
            "Send every factor of the new version: those that continue a factor of the last version carry "
            "its `thread` (changed or not); those without one are new; the last version's factors not "
            "sent are removed. Send the plan's `version`: if it changed since you read it, nothing is "
            "changed and the answer is 409."
        ),
        request=PlanReviewSerializer,
        responses={200: PlanSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        plan, _ = access.get_for_user(request.user, Plan, pk)
        services.plan_change_check(
            by=request.user, plan=plan, refusal="You can see this plan but cannot review it."
        )
        serializer = PlanReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.plan_review(
                plan=plan,
                by=request.user,
                version=data["version"],
                progress=data["progress"],
                changes=data["changes"],
                **_version_values(data),
            )
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _plan_response(request.user, plan.pk)


class PlanLead(APIView):
    @extend_schema(
        summary="Change who leads a plan",
        description=(
            "For whoever may change the plan, while it is open. The new lead is a case holder or hub "
            "coordinator of the plan's area. The plan's history keeps the old lead, who changed it, when "
            "and why. Send the plan's `version`: 409 if it changed since you read it."
        ),
        request=PlanLeadSerializer,
        responses={200: PlanSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        plan, _ = access.get_for_user(request.user, Plan, pk)
        services.plan_change_check(
            by=request.user, plan=plan, refusal="You can see this plan but cannot change it."
        )
        serializer = PlanLeadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lead = selectors.lead_candidates([plan.authority_id]).filter(pk=data["lead"]).first()
        if lead is None:
            raise serializers.ValidationError(
                {"lead": ["Choose a case holder or hub coordinator of this area."]}
            )
        try:
            corrections.plan_lead_set(
                plan=plan, by=request.user, version=data["version"], lead=lead, reason=data["reason"]
            )
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _plan_response(request.user, plan.pk)
