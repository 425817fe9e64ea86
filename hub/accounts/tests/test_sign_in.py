from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, make_user
from hub.audit.models import AccessLogEntry, LogAction

SIGN_IN = reverse("accounts:sign_in")
CODE = reverse("accounts:mfa_verify")
HOME = reverse("core:home")


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key):06d}"


def test_it_signs_in_with_password_then_code(client, people):
    alice = people["alice"]
    response = client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == CODE

    response = client.post(CODE, {"code": current_code(alice)})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert AccessLogEntry.objects.filter(action=LogAction.SIGN_IN, user_id=alice.pk).count() == 2


def test_password_alone_reaches_nothing_else(client, people):
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    for url in [HOME, reverse("reference:index"), reverse("audit:log"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == CODE
    assert client.get(reverse("api:me")).status_code == 403


def test_it_refuses_a_wrong_code(client, people):
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    right = current_code(people["alice"])
    wrong = "000000" if right != "000000" else "111111"
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert client.get(HOME).status_code == 302


def test_it_explains_a_malformed_code(client, people):
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    response = client.post(CODE, {"code": "12ab"})
    assert b"Enter the 6 digits shown in your authenticator app" in response.content


def test_it_gives_a_new_session_id_at_sign_in(client, people):
    client.get(SIGN_IN)
    client.session.save()
    before = client.session.session_key
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    assert client.session.session_key != before


def test_same_message_whether_or_not_the_account_exists(client, people):
    wrong_password = client.post(SIGN_IN, {"username": "alice", "password": "wrong password here"})
    no_account = client.post(SIGN_IN, {"username": "nobody-at-all", "password": "wrong password here"})
    assert wrong_password.status_code == no_account.status_code == 200
    assert b"Enter a correct username and password" in wrong_password.content
    assert b"Enter a correct username and password" in no_account.content
    assert AccessLogEntry.objects.filter(action=LogAction.SIGN_IN_FAILED, username="nobody-at-all").exists()


@pytest.mark.parametrize("username", ["alice", "ghost"])
def test_it_locks_out_after_five_failures_with_the_same_message(client, people, username):
    for _ in range(5):
        client.post(SIGN_IN, {"username": username, "password": "wrong password here"})
    # Now even the right password is refused, in the same words as any failure.
    response = client.post(SIGN_IN, {"username": username, "password": PASSWORD})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(HOME).status_code == 302


def test_lockout_of_one_account_leaves_others_alone(client, people):
    for _ in range(6):
        client.post(SIGN_IN, {"username": "alice", "password": "wrong password here"})
    response = client.post(SIGN_IN, {"username": "bob", "password": PASSWORD})
    assert response["Location"] == CODE


def test_first_sign_in_sets_up_an_authenticator(client, people):
    newcomer = make_user("newcomer", people["bob"].agency, "practitioner", with_device=False)
    client.post(SIGN_IN, {"username": "newcomer", "password": PASSWORD})
    response = client.get(CODE)
    assert response["Location"] == reverse("accounts:mfa_setup")
    response = client.get(reverse("accounts:mfa_setup"))
    assert response.status_code == 200
    assert b"<svg" in response.content
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    response = client.post(reverse("accounts:mfa_setup"), {"code": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == HOME
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200


def test_someone_with_an_authenticator_cannot_replace_it_from_the_setup_page(client, people):
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    response = client.get(reverse("accounts:mfa_setup"))
    assert response["Location"] == CODE
    assert TOTPDevice.objects.filter(user=people["alice"]).count() == 1


def test_sign_out_ends_the_server_session(client_for, people):
    client = client_for(people["alice"])
    key = client.session.session_key
    response = client.post(reverse("accounts:sign_out"))
    assert response["Location"] == SIGN_IN
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(HOME).status_code == 302
    assert AccessLogEntry.objects.filter(action=LogAction.SIGN_OUT, user_id=people["alice"].pk).exists()


def test_sign_out_needs_post(client_for, people):
    assert client_for(people["alice"]).get(reverse("accounts:sign_out")).status_code == 405


def test_next_is_kept_but_never_leaves_the_site(client, people):
    client.post(
        SIGN_IN + "?next=https://evil.example/",
        {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"},
    )
    response = client.post(CODE, {"code": current_code(people["alice"])})
    assert response["Location"] == HOME
