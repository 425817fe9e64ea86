"""The Django admin, for administrators only: reference data, authorities, agencies, teams, users."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from hub.core.roles import Role


class HubAdminSite(admin.AdminSite):
    site_header = "Missing and Exploitation Hub: administration"
    site_title = "Hub administration"
    index_title = "Reference data, agencies and people"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_authenticated
            and user.is_verified()
            and user.has_role(Role.ADMINISTRATOR)
        )

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Signed in with MFA but not an administrator: refuse plainly rather than offer a sign-in.
            if (
                request.user.is_authenticated
                and request.user.is_verified()
                and not self.has_permission(request)
            ):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The admin has no sign-in of its own: everyone signs in (with MFA) through the Hub's page."""
        if request.user.is_authenticated and request.user.is_verified():
            raise PermissionDenied  # signed in, but not an administrator
        return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:sign_in"))


hub_admin = HubAdminSite(name="admin")


class AdministratorOnly:
    """ModelAdmin permissions follow the administrator role, not Django's per-model permissions."""

    def _is_admin(self, request: HttpRequest) -> bool:
        return hub_admin.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Reference data and people are retired (made inactive), never deleted: history depends on them.
        return False
