"""The request of a page or an API call behind sign-in, typed: its ``user`` is a Hub ``User``.

django-stubs type ``request.user`` as ``User | AnonymousUser``. Behind ``login_required`` (pages) and
``IsSignedInWithMFA`` (the API's default permission) it is always a signed-in ``User``, so the views
behind them annotate their request with these classes. They are annotations only: Django and DRF make
the request objects, never these classes, and nothing checks ``isinstance`` against them. Pages open to
everyone (sign-in, help) keep ``HttpRequest``.

Modules below accounts (core, audit) cannot import ``User``; they narrow ``request.user`` with
``is_authenticated`` instead."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from hub.accounts.models import User


class SignedInRequest(HttpRequest):
    """A page's request behind ``login_required``."""

    user: User


class SignedInApiRequest(Request):
    """An API call's request behind ``IsSignedInWithMFA``."""

    user: User


def signed_in_user(request: HttpRequest | Request) -> User:
    """The signed-in user of a request whose type cannot say so: a hook Django or DRF declares with a
    plain request (the admin's, a serializer's context). Only signed-in users reach those hooks; an
    anonymous one is refused (403) rather than taken for a user."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user
