"""What the screening API sends and what it accepts: a screening (as its list, its outcome for the referrer,
or in full with its answers and review), a partner system's complete screening, and the hub's review."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rest_framework import serializers

from hub.accounts.api_common import (
    HubDateField,
    authority_for,
    past_date,
)
from hub.accounts.models import LawfulBasis
from hub.children.api import LevelSummarySerializer
from hub.children.codes import Sex
from hub.children.validators import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn
from hub.reference.models import ExploitationType, LevelOfConcern, School, ScreeningIndicator
from hub.screening.models import Answer, Route, Screening, ScreeningAnswer, ScreeningReview, SystemConsulted

INDICATORS_URL = "/api/v1/reference/indicators/"


EXPLOITATION_TYPES_URL = "/api/v1/reference/exploitation-types/"


LEARNING_DISABILITY = [
    ("yes", "The child has a learning disability"),
    ("no", "The child has no learning disability"),
    ("not_known", "Not known whether the child has a learning disability"),
]


# ---------------------------------------------------------------------------------------------------
# What callers are sent


class ScreeningListItemSerializer(serializers.ModelSerializer):
    """A screening in a list: what any caller who may see it may know (open one for more)."""

    route = serializers.CharField(source="review.route", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Screening
        fields = ["id", "status", "submitted_at", "route"]


class ScreeningOutcomeSerializer(serializers.ModelSerializer):
    """What a referrer with no other relationship sees: what happened to the referral, not the hub's
    reasoning or findings, nor which record the child has."""

    route = serializers.CharField(source="review.route", read_only=True, allow_null=True, default=None)
    feedback_to_referrer = serializers.CharField(
        source="review.feedback_to_referrer", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Screening
        fields = ["id", "status", "submitted_at", "route", "feedback_to_referrer"]


class AnswerSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    question = serializers.CharField(source="indicator.question", read_only=True)

    class Meta:
        model = ScreeningAnswer
        fields = ["indicator", "question", "answer", "detail", "weight"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.get_full_name", read_only=True)
    decided_level = LevelSummarySerializer(read_only=True)

    class Meta:
        model = ScreeningReview
        fields = [
            "reviewed_at",
            "reviewer",
            "decided_level",
            "rationale",
            "differs_from_suggestion",
            "difference_reason",
            "route",
            "systems_consulted",
            "findings",
            "feedback_to_referrer",
        ]


class ScreeningSerializer(serializers.ModelSerializer):
    """The whole screening, for hub staff and the child's workers."""

    authority = serializers.CharField(source="authority.ons_code", read_only=True, help_text="ONS code")
    school = serializers.CharField(source="school.urn", read_only=True, allow_null=True, default=None)
    exploitation_types: serializers.SlugRelatedField[ExploitationType] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    referrer = serializers.CharField(source="referrer.get_full_name", read_only=True)
    referrer_agency = serializers.CharField(source="referrer_agency.name", read_only=True)
    suggested_level = LevelSummarySerializer(read_only=True, allow_null=True)
    answers = AnswerSerializer(many=True, read_only=True)
    review = ReviewSerializer(read_only=True, allow_null=True, default=None)
    learning_disability = serializers.ChoiceField(
        choices=LEARNING_DISABILITY, read_only=True, allow_blank=True
    )

    class Meta:
        model = Screening
        fields = [
            "id",
            "status",
            "authority",
            "child",
            "first_name",
            "last_name",
            "date_of_birth",
            "date_of_birth_estimated",
            "sex",
            "upn",
            "nhs_number",
            "address",
            "postcode",
            "school",
            "learning_disability",
            "concern",
            "immediate_risk",
            "exploitation_types",
            "actions_taken",
            "answers",
            "lawful_basis",
            "consent_not_sought_reason",
            "referrer",
            "referrer_agency",
            "referrer_phone",
            "created_at",
            "submitted_at",
            "review_due_at",
            "score",
            "suggested_level",
            "suggestion_reasons",
            "review",
            "version",
        ]


# ---------------------------------------------------------------------------------------------------
# What callers send


class ScreeningChildSerializer(serializers.Serializer):
    """The child as the referrer knows them. Names and a date of birth (or an estimate) are needed."""

    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = HubDateField(
        required=False, allow_null=True, input_formats=["%Y-%m-%d"], validators=[past_date]
    )
    date_of_birth_estimated = serializers.BooleanField(required=False, default=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    upn = serializers.CharField(max_length=20, required=False, allow_blank=True, validators=[validate_upn])
    nhs_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, validators=[validate_nhs_number]
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=8, required=False, allow_blank=True)
    school = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text="The school's URN, if the child attends one.",
    )
    learning_disability = serializers.ChoiceField(
        choices=LEARNING_DISABILITY, required=False, allow_blank=True, default=""
    )

    def validate_upn(self, value: str) -> str:
        return normalise_upn(value)

    def validate_nhs_number(self, value: str) -> str:
        return normalise_nhs_number(value)

    def validate_postcode(self, value: str) -> str:
        return " ".join(value.upper().split())


class ScreeningAnswerInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=50, help_text=f"An indicator's code, from {INDICATORS_URL}")
    answer = serializers.ChoiceField(choices=Answer.choices)
    detail = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ScreeningSubmitSerializer(serializers.Serializer):
    authority = serializers.CharField(
        max_length=9,
        required=False,
        allow_blank=True,
        help_text="ONS code of the area the child lives in; needed if your agency serves several.",
    )
    child = ScreeningChildSerializer()
    concern = serializers.CharField(max_length=10000, help_text="What worries you about the child.")
    immediate_risk = serializers.BooleanField(help_text="Is the child at immediate risk of significant harm?")
    exploitation_types = serializers.ListField(
        child=serializers.CharField(max_length=50),
        allow_empty=False,
        max_length=50,
        help_text=f"Codes from {EXPLOITATION_TYPES_URL}",
    )
    actions_taken = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    referrer_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    # many=True hands max_length to the ListSerializer (DRF's LIST_SERIALIZER_KWARGS); the stubs'
    # BaseSerializer.__init__ does not list it.
    answers = ScreeningAnswerInputSerializer(  # type: ignore[call-arg]
        many=True, allow_empty=False, max_length=500, help_text="One answer for each active indicator."
    )
    lawful_basis = serializers.ChoiceField(choices=LawfulBasis.choices)
    consent_not_sought_reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )

    def validate_exploitation_types(self, codes: list[str]) -> list[ExploitationType]:
        found = {item.code: item for item in ExploitationType.objects.filter(active=True, code__in=codes)}
        unknown = sorted(set(codes) - set(found))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown exploitation type: {', '.join(unknown)}. The codes are at {EXPLOITATION_TYPES_URL}"
            )
        return list(found.values())

    def validate_answers(self, answers: list[dict[str, str]]) -> dict[int, tuple[str, str]]:
        codes = [answer["indicator"] for answer in answers]
        indicators = {
            item.code: item for item in ScreeningIndicator.objects.filter(active=True, code__in=codes)
        }
        unknown = sorted(set(codes) - set(indicators))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown indicator: {', '.join(unknown)}. The codes are at {INDICATORS_URL}"
            )
        repeated = sorted(code for code, times in Counter(codes).items() if times > 1)
        if repeated:
            raise serializers.ValidationError(f"Answer each indicator once: {', '.join(repeated)} repeated.")
        return {indicators[a["indicator"]].pk: (a["answer"], a["detail"]) for a in answers}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["authority"] = authority_for(self.context["user"], attrs.get("authority", ""))
        child = attrs["child"]
        urn = child.pop("school", "")
        if urn:
            school = School.objects.filter(authority=attrs["authority"], urn=urn, active=True).first()
            if school is None:
                raise serializers.ValidationError(
                    {"child": {"school": [f"No open school with URN {urn} in {attrs['authority'].name}."]}}
                )
            child["school"] = school
        # The database insists on this too; saying so here gives a message rather than an error.
        if (
            attrs["lawful_basis"] == LawfulBasis.SAFEGUARDING_WITHOUT_CONSENT
            and not attrs["consent_not_sought_reason"].strip()
        ):
            raise serializers.ValidationError(
                {"consent_not_sought_reason": ["Say why consent was not sought"]}
            )
        return attrs


class ReviewInputSerializer(serializers.Serializer):
    child = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        help_text="The id of the child's existing record (in the screening's area, one you may see).",
    )
    create_child = serializers.BooleanField(
        required=False, default=False, help_text="True to create a new record from the referral."
    )
    decided_level = serializers.CharField(
        max_length=50, help_text="A level's code, from /api/v1/reference/levels/"
    )
    rationale = serializers.CharField(max_length=10000)
    route = serializers.ChoiceField(choices=Route.choices)
    systems_consulted = serializers.ListField(
        child=serializers.ChoiceField(choices=SystemConsulted.choices),
        required=False,
        default=list,
        max_length=len(SystemConsulted.values),
    )
    findings = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    difference_reason = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    feedback_to_referrer = serializers.CharField(max_length=5000)

    def validate_decided_level(self, code: str) -> LevelOfConcern:
        level = LevelOfConcern.objects.filter(active=True, code=code).first()
        if level is None:
            codes = ", ".join(LevelOfConcern.objects.filter(active=True).values_list("code", flat=True))
            raise serializers.ValidationError(f"Choose a level of concern: one of {codes}.")
        return level

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        screening: Screening = self.context["screening"]
        child_id, create = attrs.get("child"), attrs["create_child"]
        if child_id and create:
            raise serializers.ValidationError(
                {"create_child": ["Give either an existing child's record or create_child, not both."]}
            )
        if screening.status != Screening.Status.SUBMITTED:
            return attrs  # the review service says why it cannot be reviewed
        if screening.child_id is not None:
            if create or (child_id and child_id != screening.child_id):
                raise serializers.ValidationError(
                    {"child": [f"This screening is already linked to child record {screening.child_id}."]}
                )
        elif not (child_id or create):
            raise serializers.ValidationError(
                {"child": ["Say which child this is: an existing record's id, or create_child: true."]}
            )
        return attrs
