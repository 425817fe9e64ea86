"""What the intelligence API reads and sends: entities with their other names, links with their source and
grading (handling conditions only to the roles that read them), disruption activity; and the bodies of
the writes, which the services check (``api.py``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.accounts import access
from hub.accounts.api_common import HubDateField, late_entry_reason_field, past_date
from hub.core.corrections import REASON_LIMIT
from hub.intelligence.disruption_services import TEXT_LIMIT
from hub.intelligence.forms import RECORDABLE_KINDS
from hub.intelligence.models import (
    Disruption,
    DisruptionStatus,
    Entity,
    EntityKind,
    GradingSystem,
    GroupType,
    Link,
    LinkKind,
    LocationType,
)

BIGGEST_ID = 2**63 - 1
BIGGEST_VERSION = 2**31 - 1


def _id(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=BIGGEST_ID, help_text=help_text, **kwargs)


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=BIGGEST_VERSION, help_text="The version you read: refused (409) if stale."
    )


class EntitySerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.ons_code", read_only=True, help_text="ONS code")
    aliases = serializers.SerializerMethodField(help_text="Other names it is known by.")

    class Meta:
        model = Entity
        fields = [
            "id",
            "authority",
            "kind",
            "name",
            "aliases",
            "description",
            "date_of_birth",
            "group_type",
            "line_name",
            "location_type",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "child",
            "review_due",
            "created_at",
            "version",
        ]

    def get_aliases(self, entity: Entity) -> list[str]:
        return [alias.name for alias in entity.aliases.all()]


class EntitySearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Part of a name or another name."
    )
    kind = serializers.ChoiceField(choices=EntityKind.choices, required=False, allow_blank=True)


class EntityCreateSerializer(serializers.Serializer):
    authority = serializers.CharField(
        max_length=9,
        required=False,
        allow_blank=True,
        default="",
        help_text="ONS code of the area whose intelligence it is; needed if your agency serves several.",
    )
    kind = serializers.ChoiceField(choices=RECORDABLE_KINDS)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=50
    )
    date_of_birth = HubDateField(required=False, allow_null=True, default=None, validators=[past_date])
    group_type = serializers.ChoiceField(
        choices=GroupType.choices, required=False, allow_blank=True, default=""
    )
    line_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    location_type = serializers.ChoiceField(
        choices=LocationType.choices, required=False, allow_blank=True, default=""
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, required=False, allow_null=True, default=None
    )


class LinkSerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True, help_text="Whose information it is.")
    handling_conditions = serializers.SerializerMethodField(
        help_text="Shown only to roles that read handling conditions; others see whether there are any."
    )
    has_conditions = serializers.SerializerMethodField()

    class Meta:
        model = Link
        fields = [
            "id",
            "source",
            "source_name",
            "kind",
            "target",
            "target_name",
            "seen_from",
            "seen_to",
            "agency",
            "origin_label",
            "grading",
            "source_grade",
            "intelligence_grade",
            "handling_code",
            "handling_conditions",
            "has_conditions",
            "casts_child_as_exploiter",
            "summary",
            "review_due",
            "version",
        ]

    def get_handling_conditions(self, link: Link) -> str:
        user = self.context.get("user")
        if user is not None and access.may_see_fields(user, "handling_conditions"):
            return link.handling_conditions
        return ""

    def get_has_conditions(self, link: Link) -> bool:
        return bool(link.handling_conditions)


class LinkCreateSerializer(serializers.Serializer):
    other = _id("The id of the other entity (one you may see).")
    direction = serializers.ChoiceField(
        choices=[("from", "this entity first"), ("to", "the other entity first")],
        default="from",
        help_text="'Jay uses phone 07700 900123' reads from the person to the phone.",
    )
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    seen_from = HubDateField()
    seen_to = HubDateField(required=False, allow_null=True, default=None)
    grading = serializers.ChoiceField(choices=GradingSystem.choices, default=GradingSystem.G3X5X2)
    source_grade = serializers.CharField(max_length=1)
    intelligence_grade = serializers.CharField(max_length=1)
    handling_code = serializers.CharField(max_length=1)
    handling_conditions = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DisruptionSerializer(serializers.ModelSerializer):
    target_name = serializers.CharField(source="target.name", read_only=True)
    tactic = serializers.CharField(source="tactic.code", read_only=True, help_text="Its code.")
    tactic_name = serializers.CharField(source="tactic.name", read_only=True)
    legal_basis = serializers.CharField(source="tactic.legal_basis", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    awaiting_outcome = serializers.SerializerMethodField(
        help_text="Past its expiry with no outcome recorded (still applied for, granted or in force)."
    )
    expires_soon = serializers.SerializerMethodField(
        help_text="Running, and expiring within the warning clock."
    )

    class Meta:
        model = Disruption
        fields = [
            "id",
            "target",
            "target_name",
            "tactic",
            "tactic_name",
            "legal_basis",
            "agency",
            "agency_name",
            "started_on",
            "expires_on",
            "status",
            "conditions",
            "notes",
            "awaiting_outcome",
            "expires_soon",
            "created_at",
            "version",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_awaiting_outcome(self, disruption: Disruption) -> bool:
        return disruption.awaiting_outcome()

    @extend_schema_field(serializers.BooleanField())
    def get_expires_soon(self, disruption: Disruption) -> bool:
        return disruption.expires_soon()


class DisruptionCreateSerializer(serializers.Serializer):
    tactic = serializers.SlugField(max_length=50, help_text="A code of v1/reference/disruption-tactics/.")
    agency = _id("The agency acting (one serving the area); yours if left out.", required=False, default=None)
    started_on = HubDateField(help_text="When it was issued, started or applied for.")
    expires_on = HubDateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=DisruptionStatus.choices)
    conditions = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


class DisruptionUpdateSerializer(serializers.Serializer):
    version = _version()
    status = serializers.ChoiceField(choices=DisruptionStatus.choices, help_text="Where it stands now.")
    expires_on = HubDateField(
        required=False,
        allow_null=True,
        help_text="Only if the order was varied or extended; kept if left out.",
    )
    conditions = serializers.CharField(
        max_length=TEXT_LIMIT, required=False, allow_blank=True, help_text="Kept if left out."
    )
    note = serializers.CharField(
        max_length=TEXT_LIMIT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Added, dated, to its notes.",
    )


class DisruptionCorrectSerializer(serializers.Serializer):
    version = _version()
    reason = serializers.CharField(max_length=REASON_LIMIT, help_text="Why: what was wrong and how you know.")
    tactic = serializers.SlugField(max_length=50, required=False)
    agency = _id("The agency acting.", required=False)
    started_on = HubDateField(required=False)
    expires_on = HubDateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=DisruptionStatus.choices, required=False)
    conditions = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True)
