from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

# Paths a password-only (not yet MFA-verified) or anonymous session may reach.
_OPEN_PREFIXES = ("/static/", "/healthz")
_PARTIAL_URL_NAMES = ("accounts:sign_in", "accounts:mfa_verify", "accounts:mfa_setup", "accounts:sign_out")


class SessionLifetimeMiddleware:
    """Ends a session after the idle timeout or the absolute lifetime (security.md item 11)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            started = _parse(request.session.get("hub_started_at"))
            last_seen = _parse(request.session.get("hub_last_seen"))
            expired = None
            if started is None or now - started > settings.HUB_SESSION_ABSOLUTE:
                expired = "You have been signed out because you were signed in for too long. Sign in again."
            elif last_seen is not None and now - last_seen > settings.HUB_SESSION_IDLE:
                minutes = int(settings.HUB_SESSION_IDLE.total_seconds() // 60)
                expired = f"You have been signed out after {minutes} minutes without activity. Sign in again."
            if expired:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": expired}, status=401)
                messages.info(request, expired)
                return redirect(reverse("accounts:sign_in"))
            # Write the session at most once a minute: enough for a 30-minute idle clock, and
            # most requests then make no session write at all.
            if last_seen is None or now - last_seen > timedelta(minutes=1):
                request.session["hub_last_seen"] = now.isoformat()
        return self.get_response(request)


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class RequireMFAMiddleware:
    """A session that passed only the password reaches nothing but the MFA pages (security.md item 9)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._partial_paths: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._partial_paths is None:
            self._partial_paths = tuple(reverse(name) for name in _PARTIAL_URL_NAMES)
        path = request.path
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not (path.startswith(_OPEN_PREFIXES) or path in self._partial_paths)
        ):
            if path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Finish signing in with your authentication code."}, status=403
                )
            return redirect(reverse("accounts:mfa_verify"))
        return self.get_response(request)
