"""The screening API: a partner system submits a complete screening in one request; a referrer reads
what happened to it; hub staff read screenings in their scope; a hub coordinator records the review.
The same selectors, services and access policy as the pages. What it sends and accepts is in
``api_serializers``."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts import access
from hub.accounts.api_common import (
    BadRequest,
    Conflict,
    ListPagination,
    errors,
    logged_page,
    require_role,
    roles_granted,
)
from hub.accounts.models import User
from hub.accounts.signed_in import SignedInApiRequest
from hub.children.selectors import child_get_for_user
from hub.core.errors import RuleRefused
from hub.reference.models import ScreeningIndicator
from hub.screening import services
from hub.screening.access import SCREENING_POLICY
from hub.screening.api_serializers import (
    INDICATORS_URL,
    ReviewInputSerializer,
    ScreeningListItemSerializer,
    ScreeningOutcomeSerializer,
    ScreeningSerializer,
    ScreeningSubmitSerializer,
)
from hub.screening.models import Screening
from hub.screening.selectors import screening_get_for_user, sees_only_the_outcome

SCREENING_READ_ROLES = roles_granted(SCREENING_POLICY.read)


# ---------------------------------------------------------------------------------------------------
# What callers are sent


SCREENING_RESPONSE = PolymorphicProxySerializer(
    component_name="ScreeningOrOutcome",
    serializers=[ScreeningSerializer, ScreeningOutcomeSerializer],
    resource_type_field_name=None,
)


def _screening_response(user: User, pk: int, *, code: int = status.HTTP_200_OK, **kwargs: Any) -> Response:
    """One screening as the caller may see it; the read is logged."""
    screening, decision = screening_get_for_user(user, pk)
    if sees_only_the_outcome(decision):
        return Response(ScreeningOutcomeSerializer(screening).data, status=code, **kwargs)
    prefetch_related_objects([screening], "exploitation_types", "answers__indicator")
    return Response(ScreeningSerializer(screening).data, status=code, **kwargs)


# ---------------------------------------------------------------------------------------------------
# What callers send


# Where each section of the tool's completeness check lands in this API's request.
PROBLEM_FIELDS = {"child": "child", "concern": "concern", "indicators": "answers", "sharing": "lawful_basis"}


def _problems_by_field(problems: list[services.Problem], answered: set[int]) -> dict[str, list[str]]:
    errors_found: dict[str, list[str]] = {}
    for problem in problems:
        errors_found.setdefault(PROBLEM_FIELDS.get(problem.section, problem.section), []).append(
            problem.message
        )
    if "answers" in errors_found:
        missing = ScreeningIndicator.objects.filter(active=True).exclude(pk__in=answered)
        errors_found["answers"].append(
            f"Not yet answered: {', '.join(missing.values_list('code', flat=True))}."
        )
    return errors_found


# ---------------------------------------------------------------------------------------------------
# Views


class ScreeningList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = ScreeningListItemSerializer

    @extend_schema(
        summary="The screenings you may see, newest first (logged)",
        responses={200: ScreeningListItemSerializer(many=True), **errors(403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, SCREENING_READ_ROLES, "Your role does not see screenings.")
        queryset = (
            access.visible(request.user, Screening.objects.all())
            .select_related("review")
            .order_by("-created_at", "-pk")
        )
        page = logged_page(self, request, Screening, queryset, detail="API list of screenings")
        return self.get_paginated_response(ScreeningListItemSerializer(page, many=True).data)

    @extend_schema(
        summary="Submit a complete screening in one request",
        description=(
            "For partner systems: the child, the concern, the exploitation types, an answer for every "
            f"active indicator ({INDICATORS_URL}) and the lawful basis for sharing. Nothing is kept "
            "unless the whole screening is complete; a 400 says what is missing, field by field."
        ),
        request=ScreeningSubmitSerializer,
        responses={201: SCREENING_RESPONSE, **errors(400, 403)},
    )
    def post(self, request: SignedInApiRequest) -> Response:
        services.screening_start_check(by=request.user)
        serializer = ScreeningSubmitSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with transaction.atomic():
                screening = services.screening_start(by=request.user, authority=data["authority"])
                services.screening_save_section(
                    screening=screening,
                    by=request.user,
                    version=screening.version,
                    exploitation_types=data["exploitation_types"],
                    **data["child"],
                    **{name: data[name] for name in (*services.CONCERN_FIELDS, *services.SHARING_FIELDS)},
                )
                services.screening_save_answers(screening=screening, by=request.user, answers=data["answers"])
                services.screening_submit(screening=screening, by=request.user)
        except services.ScreeningIncomplete as incomplete:
            raise serializers.ValidationError(
                _problems_by_field(incomplete.problems, set(data["answers"]))
            ) from incomplete
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return _screening_response(
            request.user,
            screening.pk,
            code=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:screenings-detail", kwargs={"pk": screening.pk})},
        )


class ScreeningDetail(APIView):
    @extend_schema(
        summary="One screening (logged)",
        description=(
            "Hub staff and the child's workers get the whole screening. A referrer with no other "
            "relationship gets only what happened to it: status, submitted time, route and feedback."
        ),
        responses={200: SCREENING_RESPONSE, **errors(403, 404)},
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        return _screening_response(request.user, pk)


class ScreeningReviewCreate(APIView):
    @extend_schema(
        summary="Record the hub's review of a screening",
        description=(
            "For a hub coordinator of the screening's area. Say which child it is (`child`, an existing "
            "record's id) or create a record from the referral (`create_child`), unless it is already "
            "linked; the decided level becomes the child's level of concern."
        ),
        request=ReviewInputSerializer,
        responses={201: ScreeningSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        screening, _ = access.get_for_user(request.user, Screening, pk)
        services.screening_review_check(by=request.user, screening=screening)
        serializer = ReviewInputSerializer(data=request.data, context={"screening": screening})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child_id = data.pop("child", None)
        create_child = data.pop("create_child")
        child = (
            _child_to_link(request.user, child_id, screening) if child_id and not screening.child_id else None
        )
        try:
            services.screening_review(
                screening=screening, by=request.user, child=child, create_child=create_child, **data
            )
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        except IntegrityError as exc:
            raise Conflict(
                "The review was not saved: someone else may have just reviewed this screening. "
                "Read the screening again."
            ) from exc
        return _screening_response(request.user, screening.pk, code=status.HTTP_201_CREATED)


def _child_to_link(user: User, child_id: int, screening: Screening) -> Any:
    try:
        child, _ = child_get_for_user(user, child_id, purpose=f"linking screening {screening.pk}")
    except Http404:
        raise serializers.ValidationError(
            {"child": [f"There is no child's record {child_id} that you may see."]}
        ) from None
    return child
