"""Re-authentication before a bulk export (security.md item 12, ASVS 7.5.1): a page that hands over many
records at once (the access log's CSV, a network's CSV) asks for the authenticator's current code again
unless it was given in the last few minutes, so an unattended signed-in browser cannot be used to carry
records away. The decorator and the session's record of the moment live here, below every app that
exports; the code itself is checked by ``hub.accounts.reauth.reauthenticate`` on ``accounts:confirm``
(as at sign-in: throttled, a wrong code logged as a failed sign-in step). A new sign-in replaces the
session, and with it the moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from hub.core import clock

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

SESSION_KEY = "hub_reauthenticated_at"
# How long a code given again covers further exports.
WINDOW = timedelta(minutes=5)


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return isinstance(at, int | float) and 0 <= clock.now().timestamp() - at <= WINDOW.total_seconds()


def mark_reauthenticated(session: SessionBase) -> None:
    session[SESSION_KEY] = clock.now().timestamp()


def safe_next(request: HttpRequest, value: str | None) -> str:
    """Where to go once confirmed: a path of this site, or the home page."""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return reverse("core:home")


def reauthentication_required(view: View) -> View:
    """A bulk export: without a code given in the last ``WINDOW``, the reader is asked for one first
    (``accounts:confirm``) and then brought back. Place it after the role check, so a role that never
    exports is refused first."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not recently_reauthenticated(request):
            return redirect(f"{reverse('accounts:confirm')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return cast(View, wrapped)
