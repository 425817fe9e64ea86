"""Panels and their membership are set up by administrators in the administrators-only admin."""

from simple_history.admin import SimpleHistoryAdmin

from hub.core.admin_site import AdministratorOnly, hub_admin
from hub.panels.models import Panel


class PanelAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "meeting_type", "authority", "chair", "frequency_days", "active"]
    list_filter = ["meeting_type", "authority", "active"]
    filter_horizontal = ["members", "member_agencies", "schools"]


hub_admin.register(Panel, PanelAdmin)
