from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hub.core.admin_site import AdministratorOnly, hub_admin
from hub.reference.models import (
    Clock,
    DisruptionTactic,
    ExploitationType,
    LevelOfConcern,
    MeetingType,
    RepeatMissingRule,
    School,
    ScreeningIndicator,
)


class ReferenceAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]


@admin.register(LevelOfConcern, site=hub_admin)
class LevelOfConcernAdmin(ReferenceAdmin):
    list_display = ["name", "code", "rank", "min_score", "tag_colour", "active"]


@admin.register(ExploitationType, site=hub_admin)
class ExploitationTypeAdmin(ReferenceAdmin):
    list_display = ["name", "code", "cin_factor", "active"]


@admin.register(ScreeningIndicator, site=hub_admin)
class ScreeningIndicatorAdmin(ReferenceAdmin):
    list_display = ["question", "code", "weight", "order", "active"]
    filter_horizontal = ["exploitation_types"]


@admin.register(MeetingType, site=hub_admin)
class MeetingTypeAdmin(ReferenceAdmin):
    list_display = ["name", "code", "usual_frequency", "active"]


@admin.register(Clock, site=hub_admin)
class ClockAdmin(ReferenceAdmin):
    list_display = ["name", "code", "amount", "unit", "active"]


@admin.register(RepeatMissingRule, site=hub_admin)
class RepeatMissingRuleAdmin(ReferenceAdmin):
    list_display = ["name", "episodes", "days", "high_exploitation_risk_only", "active"]


@admin.register(School, site=hub_admin)
class SchoolAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "urn", "phase", "locality", "roll", "authority", "active"]
    list_filter = ["phase", "locality", "authority", "active"]
    search_fields = ["name", "urn", "postcode"]


@admin.register(DisruptionTactic, site=hub_admin)
class DisruptionTacticAdmin(ReferenceAdmin):
    list_display = ["name", "legal_basis", "for_persons", "for_groups", "for_locations", "active"]
