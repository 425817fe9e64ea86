"""The children API: search and list the children in the caller's scope, read one, record one, change
a record's identity. The same selectors, services and access policy as the pages; every read is
logged before the response is sent.
"""

from __future__ import annotations

from typing import Any

from django.db import models
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
    HubDateField,
    ListPagination,
    authority_for,
    errors,
    logged_page,
    past_date,
    require_role,
    roles_granted,
)
from hub.accounts.signed_in import SignedInApiRequest
from hub.children import services
from hub.children.access import CHILD_POLICY
from hub.children.codes import Ethnicity, Sex
from hub.children.models import Child, LevelOfConcernChange
from hub.children.selectors import (
    SearchResult,
    child_get_for_user,
    child_search,
    children_visible,
)
from hub.children.validators import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn
from hub.core.errors import RuleRefused, StaleVersion

# ---------------------------------------------------------------------------------------------------
# Children

CHILD_READ_ROLES = roles_granted(CHILD_POLICY.read)


class LevelSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class ChildSummarySerializer(serializers.ModelSerializer):
    """A child in a list or search: enough to tell children apart, no more."""

    authority = serializers.CharField(source="authority.ons_code", read_only=True, help_text="ONS code")
    level = LevelSummarySerializer(read_only=True, allow_null=True, help_text="Current level of concern")
    match = MatchSerializer(
        source="search_match",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="For a search: how well the child matches, and why. Null in a plain list.",
    )

    class Meta:
        model = Child
        fields = [
            "id",
            "authority",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "date_of_birth_estimated",
            "level",
            "match",
        ]


class LevelChangeSerializer(serializers.ModelSerializer):
    level = LevelSummarySerializer(read_only=True)
    previous_level = LevelSummarySerializer(read_only=True, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.get_full_name", read_only=True)

    class Meta:
        model = LevelOfConcernChange
        fields = ["level", "previous_level", "decided_at", "decided_by", "rationale", "source"]


class ChildSerializer(serializers.ModelSerializer):
    """One child's record: identity, identifiers, flags, current level and its history."""

    authority = serializers.CharField(source="authority.ons_code", read_only=True, help_text="ONS code")
    level = LevelSummarySerializer(read_only=True, allow_null=True)
    level_history = LevelChangeSerializer(source="level_changes", many=True, read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "authority",
            *services.IDENTITY_FIELDS,
            "level",
            "level_history",
            "created_at",
            "version",
        ]


class ChildIdentitySerializer(serializers.Serializer):
    """The identity fields a caller may send; every one optional here (a change sends only some)."""

    first_name = serializers.CharField(max_length=100, required=False)
    middle_names = serializers.CharField(max_length=200, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False)
    preferred_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = HubDateField(
        required=False, allow_null=True, input_formats=["%Y-%m-%d"], validators=[past_date]
    )
    date_of_birth_estimated = serializers.BooleanField(required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    gender = serializers.CharField(max_length=100, required=False, allow_blank=True)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False)
    local_child_id = serializers.CharField(max_length=40, required=False, allow_blank=True)
    upn = serializers.CharField(max_length=20, required=False, allow_blank=True, validators=[validate_upn])
    nhs_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, validators=[validate_nhs_number]
    )
    police_reference = serializers.CharField(max_length=40, required=False, allow_blank=True)
    learning_disability = serializers.BooleanField(required=False)
    sen_ehcp = serializers.BooleanField(required=False)
    excluded = serializers.BooleanField(required=False)
    in_pru = serializers.BooleanField(required=False)
    previously_missing = serializers.BooleanField(required=False)
    nrm_referred = serializers.BooleanField(required=False)

    def validate_upn(self, value: str) -> str:
        return normalise_upn(value)

    def validate_nhs_number(self, value: str) -> str:
        return normalise_nhs_number(value)


class ChildCreateSerializer(ChildIdentitySerializer):
    authority = serializers.CharField(
        max_length=9,
        required=False,
        allow_blank=True,
        help_text="ONS code of the authority the child belongs to; needed if your agency serves several.",
    )
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["authority"] = authority_for(self.context["user"], attrs.get("authority", ""))
        return attrs


class ChildChangeSerializer(ChildIdentitySerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read: the change is refused if stale."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:
            raise serializers.ValidationError(
                {"version": ["Send the version of the record you read, so no one's change is lost."]}
            )
        if len(attrs) == 1:
            raise serializers.ValidationError("Send at least one field to change, with the version you read.")
        return attrs


class ChildSearchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    date_of_birth = HubDateField(required=False, input_formats=["%Y-%m-%d"])
    identifier = serializers.CharField(max_length=40, required=False, allow_blank=True)

    def is_a_search(self) -> bool:
        data = self.validated_data
        return bool(data.get("name", "").strip() or data.get("date_of_birth") or data.get("identifier"))


class ChildList(GenericAPIView):
    pagination_class = ListPagination
    serializer_class = ChildSummarySerializer

    @extend_schema(
        summary="Search or list the children you may see",
        description=(
            "With `name`, `date_of_birth` or `identifier`: a search, best match first, tolerant of "
            "spelling and nicknames; it returns at most `limit` matches (`offset` does not apply). "
            "Without them: every child in your scope, by name, `limit` at a time. Both are logged."
        ),
        parameters=[ChildSearchSerializer],
        responses={200: ChildSummarySerializer(many=True), **errors(400, 403)},
    )
    def get(self, request: SignedInApiRequest) -> Response:
        require_role(request, CHILD_READ_ROLES, "Your role does not see children's records.")
        query = ChildSearchSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if query.is_a_search():
            paginator = self.paginator
            assert isinstance(paginator, ListPagination)  # pagination_class
            limit = paginator.get_limit(request) or paginator.default_limit
            results = child_search(request.user, limit=limit, **query.validated_data)
            return self._search_response(results)
        queryset = (
            children_visible(request.user)
            .select_related("level", "authority")
            .order_by("last_name", "first_name", "pk")
        )
        page = logged_page(self, request, Child, queryset, detail="API list of children")
        return self.get_paginated_response(ChildSummarySerializer(page, many=True).data)

    def _search_response(self, results: list[SearchResult]) -> Response:
        children = []
        for result in results:
            # What ChildSummarySerializer's ``match`` reads, an attribute of this response's own.
            vars(result.child)["search_match"] = {
                "score": round(result.score, 3),
                "reasons": list(result.reasons),
            }
            children.append(result.child)
        models.prefetch_related_objects(children, "authority")
        return Response(
            {
                "count": len(children),
                "next": None,
                "previous": None,
                "results": ChildSummarySerializer(children, many=True).data,
            }
        )

    @extend_schema(
        summary="Record a child",
        request=ChildCreateSerializer,
        responses={201: ChildSerializer, **errors(400, 403, 409)},
    )
    def post(self, request: SignedInApiRequest) -> Response:
        services.child_create_check(by=request.user)
        serializer = ChildCreateSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        identity = dict(serializer.validated_data)
        authority = identity.pop("authority")
        try:
            child = services.child_create(authority=authority, by=request.user, **identity)
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return Response(
            ChildSerializer(child).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:children-detail", kwargs={"pk": child.pk})},
        )


class ChildDetail(APIView):
    @extend_schema(
        summary="One child's record (logged)", responses={200: ChildSerializer, **errors(403, 404)}
    )
    def get(self, request: SignedInApiRequest, pk: int) -> Response:
        child, _ = child_get_for_user(request.user, pk, purpose="API")
        return Response(ChildSerializer(_with_history(child)).data)

    @extend_schema(
        summary="Change a child's identity",
        description=(
            "Send only the fields to change, with the `version` you read. If someone else saved the "
            "record since, nothing is changed and the answer is 409: read it again and re-apply."
        ),
        request=ChildChangeSerializer,
        responses={200: ChildSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: SignedInApiRequest, pk: int) -> Response:
        child, _ = access.get_for_user(request.user, Child, pk)
        services.child_change_check(by=request.user, child=child)
        serializer = ChildChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        try:
            child = services.child_update(child=child, by=request.user, version=version, **changes)
        except StaleVersion as stale:
            raise Conflict(str(stale)) from stale
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return Response(ChildSerializer(_with_history(child)).data)


def _with_history(child: Child) -> Child:
    models.prefetch_related_objects(
        [child], "level_changes__level", "level_changes__previous_level", "level_changes__decided_by"
    )
    return child
