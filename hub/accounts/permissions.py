"""DRF permission for every API call; kept apart from api.py so DRF's settings can import it early."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission


class IsSignedInWithMFA(BasePermission):
    """Every API call needs a signed-in, MFA-verified, active user (security.md item 9)."""

    message = "Sign in with your password and authentication code first."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_verified())
