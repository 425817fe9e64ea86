"""A locked account is refused after the same work as any other refusal, so its response time does not
tell that it is locked (bench/lockout_timing.py measures the times; a test here would be flaky)."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from conftest import PASSWORD

SIGN_IN = reverse("accounts:sign_in")


def _lock(client, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": username, "password": "wrong password here"})


def _hashes_during(client, username: str, password: str) -> tuple[int, Any]:
    """How many times the password hasher runs while the sign-in page answers."""
    hasher = type(get_hasher())
    with (
        mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode,
        mock.patch.object(hasher, "verify", autospec=True, side_effect=hasher.verify) as verify,
    ):
        response = client.post(SIGN_IN, {"username": username, "password": password})
    return encode.call_count + verify.call_count, response


@pytest.mark.parametrize("username", ["alice", "ghost"])
def test_a_locked_account_still_runs_the_password_hasher(client, people, username):
    _, unlocked = _hashes_during(client, "bob", "wrong password here")
    _lock(client, username)

    hashes, response = _hashes_during(client, username, PASSWORD)

    assert hashes >= 1
    assert b"Enter a correct username and password" in response.content
    assert not response.wsgi_request.user.is_authenticated
    assert unlocked.status_code == response.status_code == 200


def test_the_right_password_does_not_open_a_locked_account(client, people):
    _lock(client, "alice")
    response = client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("core:home")).status_code == 302
