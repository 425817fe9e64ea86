from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from hub.accounts.models import Agency, Authority, RoleAssignment, Team, User
from hub.accounts.organisations import OrganisationRefused, agency_create, check_new_agency
from hub.accounts.services import AccessChangeRefused, user_disable, user_roles_set
from hub.accounts.signed_in import signed_in_user
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.core.admin_site import AdministratorOnly, hub_admin
from hub.core.roles import APPROVAL_ROLES, Role


@admin.register(Authority, site=hub_admin)
class AuthorityAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "ons_code", "population", "nrm_decisions"]
    search_fields = ["name", "ons_code"]


class AgencyForm(forms.ModelForm):
    """A new agency is checked by the same rules as ``organisations.agency_create`` (a school has one
    organisation, of the kind Education, serving the school's area)."""

    class Meta:
        model = Agency
        fields = ["name", "kind", "school", "authorities"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk is None and not self.errors:
            try:
                check_new_agency(
                    name=cleaned.get("name", ""),
                    kind=cleaned.get("kind", ""),
                    authorities=list(cleaned.get("authorities") or []),
                    school=cleaned.get("school"),
                )
            except OrganisationRefused as refused:
                raise forms.ValidationError(str(refused)) from refused
        return cleaned


@admin.register(Agency, site=hub_admin)
class AgencyAdmin(AdministratorOnly, SimpleHistoryAdmin):
    """Agencies. Each school is its own organisation (choose the school when adding it), and each health
    provider its own agency: access follows the agency, so one agency is one group of people who may
    share what it holds."""

    form = AgencyForm
    list_display = ["name", "kind", "school"]
    list_filter = ["kind"]
    filter_horizontal = ["authorities"]
    search_fields = ["name", "school__urn"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # An organisation stays its school's: a different school is a different organisation.
        return ["school"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = agency_create(
            by=signed_in_user(request),
            name=obj.name,
            kind=obj.kind,
            authorities=form.cleaned_data["authorities"],
            school=obj.school,
        )
        # The page goes on with the agency the service made (its authorities are set again from the form).
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db


@admin.register(Team, site=hub_admin)
class TeamAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["name", "agency"]
    list_filter = ["agency"]


class RoleAssignmentForm(forms.ModelForm):
    """A role row. Roles that read across agencies are not offered (a row already holding one shows it):
    they are asked for on the Role requests page and a second administrator approves."""

    class Meta:
        model = RoleAssignment
        fields = ["role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = self.instance.role if self.instance.pk else None
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [("", "---------")] + [
            (value, label) for value, label in Role.choices if value not in APPROVAL_ROLES or value == held
        ]
        self.fields["role"].help_text = (
            f"{', '.join(Role(role).label for role in sorted(APPROVAL_ROLES))}: ask for these on the Role "
            f"requests page ({reverse('accounts:role_requests')}); a second administrator approves."
        )

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if role in APPROVAL_ROLES and role != (self.instance.role if self.instance.pk else None):
            raise forms.ValidationError(
                f"{Role(role).label} needs a second administrator's approval: ask for it on the Role "
                "requests page"
            )
        return role


class RoleAssignmentFormSet(BaseInlineFormSet):
    """The person's roles as the page leaves them, checked against the database (another administrator
    may have changed them since the page was opened) and saved through ``user_roles_set``."""

    def _held(self) -> set[str]:
        if self.instance.pk is None:
            return set()
        return set(RoleAssignment.objects.filter(user=self.instance).values_list("role", flat=True))

    def _changes(self) -> tuple[set[str], list[forms.ModelForm[Any]]]:
        """The roles this page takes away, and the forms that give one."""
        removed: set[str] = set()
        giving = []
        for form in self.forms:
            if not form.has_changed():
                continue
            original = form.initial.get("role") if form in self.initial_forms else None
            if original:
                removed.add(original)
            if not form.cleaned_data.get(DELETION_FIELD_NAME, False) and form.cleaned_data.get("role"):
                giving.append(form)
        return removed, giving

    def clean(self) -> None:
        if not any(self.errors):
            removed, giving = self._changes()
            held = self._held() - removed
            for form in giving:
                role = form.cleaned_data["role"]
                if role in held:
                    form.add_error(
                        "role",
                        f"{self.instance} already has the role {Role(role).label}. Remove this row (if you "
                        "cannot see the role on the page, another administrator gave it: reload the page)",
                    )
        super().clean()

    def roles_after(self) -> set[str]:
        removed, giving = self._changes()
        return (self._held() - removed) | {form.cleaned_data["role"] for form in giving}


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    formset = RoleAssignmentFormSet
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
        if not change:
            log_change(
                record=obj,
                action=LogAction.ACCOUNT,
                detail=f"account created by {request.user.get_username()} in administration",
            )
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_disable(user=obj, by=signed_in_user(request), reason="disabled in administration")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, RoleAssignmentFormSet):
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        before = formset._held()
        roles = formset.roles_after()
        if roles != before:
            try:
                # The same service as everywhere else: who may change roles, and which need approval.
                user_roles_set(user=user, roles=roles, by=signed_in_user(request), where="in administration")
            except AccessChangeRefused as refused:
                messages.error(request, str(refused))
        after = formset._held()
        # What the admin's own history of the change lists (it reads these from a saved formset).
        formset.new_objects = list(RoleAssignment.objects.filter(user=user, role__in=after - before))
        formset.changed_objects = []
        formset.deleted_objects = [RoleAssignment(user=user, role=role) for role in sorted(before - after)]

    @admin.action(description="Disable the selected accounts and end their sessions")
    def disable_accounts(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            try:
                user_disable(user=user, by=signed_in_user(request), reason="disabled in administration")
            except AccessChangeRefused as refused:
                messages.error(request, str(refused))
