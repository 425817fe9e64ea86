"""The authentication-code step: a new session key once it is passed, and every wrong code logged."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, make_user
from hub.accounts.models import SignedInSession
from hub.accounts.services import user_disable
from hub.audit.models import AccessLogEntry, LogAction, Outcome

SIGN_IN = reverse("accounts:sign_in")
CODE = reverse("accounts:mfa_verify")
SET_UP = reverse("accounts:mfa_setup")
HOME = reverse("core:home")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def _wrong(device: TOTPDevice) -> str:
    return "000000" if _code(device) != "000000" else "111111"


def _with_cookie(key: str) -> Client:
    """A second browser presenting a session cookie someone captured."""
    other = Client()
    other.cookies["hub-session"] = key
    return other


def test_the_session_key_changes_when_the_code_is_accepted(client, people):
    alice = people["alice"]
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    password_only_key = client.session.session_key

    response = client.post(CODE, {"code": _code(TOTPDevice.objects.get(user=alice))})

    assert response["Location"] == HOME
    assert client.session.session_key != password_only_key
    assert client.get(HOME).status_code == 200
    # The key captured before the code step is dead: it reaches nothing and is gone from the store.
    assert not Session.objects.filter(session_key=password_only_key).exists()
    assert _with_cookie(password_only_key).get(HOME)["Location"].startswith(SIGN_IN)


def test_the_new_key_is_still_ended_when_the_account_is_disabled(client, people):
    alice = people["alice"]
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    client.post(CODE, {"code": _code(TOTPDevice.objects.get(user=alice))})
    key = client.session.session_key
    assert SignedInSession.objects.filter(user=alice, session_key=key).exists()

    user_disable(user=alice, by=people["erin"], reason="left the hub")

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(HOME).status_code == 302


def test_the_session_key_changes_when_an_authenticator_is_set_up(client, people):
    make_user("newcomer", people["bob"].agency, "practitioner", with_device=False)
    client.post(SIGN_IN, {"username": "newcomer", "password": PASSWORD})
    client.get(SET_UP)
    password_only_key = client.session.session_key
    device = TOTPDevice.objects.get(user__username="newcomer", confirmed=False)

    response = client.post(SET_UP, {"code": _code(device)})

    assert response["Location"] == HOME
    assert client.session.session_key != password_only_key
    assert not Session.objects.filter(session_key=password_only_key).exists()
    assert _with_cookie(password_only_key).get(HOME)["Location"].startswith(SIGN_IN)


def test_a_wrong_code_is_logged_as_a_failed_sign_in(client, people):
    alice = people["alice"]
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})

    client.post(CODE, {"code": _wrong(TOTPDevice.objects.get(user=alice))})

    failure = AccessLogEntry.objects.get(action=LogAction.SIGN_IN_FAILED, user_id=alice.pk)
    assert failure.outcome == Outcome.FAILED
    assert failure.username == "alice"
    assert "authentication code not accepted" in failure.detail


def test_a_throttled_code_is_logged_too(client, people):
    alice = people["alice"]
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=alice)
    client.post(CODE, {"code": _wrong(device)})

    # straight after a wrong code the device refuses to check even the right one
    response = client.post(CODE, {"code": _code(device)})

    assert b"Wait a few seconds" in response.content
    details = list(
        AccessLogEntry.objects.filter(action=LogAction.SIGN_IN_FAILED, user_id=alice.pk)
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert len(details) == 2
    assert "too soon after a wrong code" in details[1]


def test_a_wrong_code_while_setting_up_is_logged(client, people):
    newcomer = make_user("newcomer", people["bob"].agency, "practitioner", with_device=False)
    client.post(SIGN_IN, {"username": "newcomer", "password": PASSWORD})
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)

    client.post(SET_UP, {"code": _wrong(device)})

    failure = AccessLogEntry.objects.get(action=LogAction.SIGN_IN_FAILED, user_id=newcomer.pk)
    assert "setting up" in failure.detail


def test_a_malformed_code_is_not_a_failed_attempt(client, people):
    # Nothing was checked: the person is told the format, and the log is not filled with typos.
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    client.post(CODE, {"code": "12ab"})
    assert not AccessLogEntry.objects.filter(action=LogAction.SIGN_IN_FAILED).exists()
