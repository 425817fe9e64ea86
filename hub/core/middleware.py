from __future__ import annotations

from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreForSignedInMiddleware:
    """Pages seen by a signed-in person are never kept by the browser or a proxy (security.md item 20)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, say so clearly with a 503, never a bare server error.

    Every write runs in a transaction, so nothing is left half-written (security.md item 25).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError) or not _is_unavailable(exception):
            return None
        message = (
            "The Hub cannot reach its database. Nothing you sent was half-saved. Try again in a few minutes."
        )
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(
                render_to_string("503.html", {"message": message}), status=503, content_type="text/html"
            )
        response["Retry-After"] = "60"
        return response


def _is_unavailable(exception: OperationalError | InterfaceError) -> bool:
    text = str(exception).lower()
    return any(
        phrase in text
        for phrase in ("connection", "could not connect", "server closed", "unable to open", "terminating")
    )
