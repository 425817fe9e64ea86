from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from hub.audit import context


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, set the proxy to overwrite REMOTE_ADDR (docs/deployment.md); we never trust
    # a client-supplied X-Forwarded-For for the access log.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives each request an id and makes the actor available to the access log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The id goes to the access log (through the context) and the response; nothing reads it off
        # the request.
        request_id = uuid.uuid4().hex
        # The user is resolved lazily: authentication middleware runs after this one.
        user = SimpleLazyObject(lambda: getattr(request, "user", None))
        token = context.set_current(
            context.RequestContext(request_id=request_id, ip_address=client_ip(request), user=user)
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response
