"""The lockout check that runs before the password check (django-axes), made to take as long as it."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked account, after doing the work an unlocked sign-in does.

    django-axes refuses a locked account before any password is hashed, so a locked account answered in
    a few milliseconds where any other refusal takes as long as the password hasher (half a second in
    production): the response time told an onlooker which accounts exist and are locked. Here the
    locked path looks the account up and checks the password just as ``ModelBackend`` would (hashing
    against a dummy for an unknown name, as it does), then discards the answer: a locked account is
    refused even with the right password.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            ModelBackend().authenticate(request, username=username, password=password, **kwargs)
            raise
