"""``role_required``: a page refused to a role, with the refusal in the access log. It lives with the
log (below accounts) so that the access log's own pages can use it too."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hub.audit.services import log_refusal


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse (403, logged) a signed-in user who holds none of ``roles``. Use after login_required."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            # Behind login_required the user is signed in; ``is_authenticated`` says so to the type checker.
            if not user.is_authenticated or not user.has_role(*roles):
                log_refusal(
                    action=(request.method or "").lower(),
                    detail=f"{request.path} needs one of: {', '.join(roles)}",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
