from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from hub.accounts.models import Agency, Authority, RoleAssignment, Team, User
from hub.accounts.services import AccessChangeRefused, user_disable
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.core.admin_site import AdministratorOnly, hub_admin


@admin.register(Authority, site=hub_admin)
class AuthorityAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "ons_code", "population"]
    search_fields = ["name", "ons_code"]


@admin.register(Agency, site=hub_admin)
class AgencyAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    filter_horizontal = ["authorities"]
    search_fields = ["name"]


@admin.register(Team, site=hub_admin)
class TeamAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "agency"]
    list_filter = ["agency"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "granted_by", "granted_at"]
    readonly_fields = ["granted_by", "granted_at"]

    def _editable(self, request: HttpRequest, obj: Any) -> bool:
        # Nobody changes their own roles (security.md item 6).
        return hub_admin.has_permission(request) and (obj is None or obj.pk != request.user.pk)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return hub_admin.has_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)


@admin.register(User, site=hub_admin)
class UserAdmin(AdministratorOnly, SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["agency", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [RoleAssignmentInline]
    actions = ["disable_accounts"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email", "job_title")}),
        ("Agency", {"fields": ("agency", "team", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["agency", "team", "is_active"]  # nobody changes their own agency
        return fields

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_disable(user=obj, by=request.user, reason="disabled in administration")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, RoleAssignment) and instance.granted_by_id is None:
                instance.granted_by = request.user
            instance.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()
        if formset.model is RoleAssignment and (instances or formset.deleted_objects):
            user = form.instance
            roles = ", ".join(sorted(user.role_assignments.values_list("role", flat=True))) or "none"
            log_change(
                record=user,
                action=LogAction.ACCOUNT,
                detail=f"roles set to {roles} by {request.user.get_username()} in administration",
            )

    @admin.action(description="Disable the selected accounts and end their sessions")
    def disable_accounts(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            try:
                user_disable(user=user, by=request.user, reason="disabled in administration")
            except AccessChangeRefused as refused:
                messages.error(request, str(refused))
