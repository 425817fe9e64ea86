"""The partnership's plan audit forms, edited by administrators in the Hub's admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hub.core.admin_site import AdministratorOnly, hub_admin
from hub.plans.models import AuditForm, AuditQuestion


class AuditQuestionInline(AdministratorOnly, admin.TabularInline):
    model = AuditQuestion
    fields = ["order", "text", "guidance", "active"]
    extra = 1


@admin.register(AuditForm, site=hub_admin)
class AuditFormAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    inlines = [AuditQuestionInline]
