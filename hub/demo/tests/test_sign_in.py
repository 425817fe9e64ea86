"""Trying the demo needs no second terminal: in the demo only, the sign-in page lists the accounts
``load_demo`` made and the code page shows the current code of a demo account, never of any other
account; ``check --deploy`` fails if this is switched on in production."""

from __future__ import annotations

import json

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from hub.demo.area import DemoContext
from hub.demo.people import PEOPLE, load_people
from hub.tests.links import links_on

SIGN_IN = reverse("accounts:sign_in")
CODE = reverse("accounts:mfa_verify")


@pytest.fixture
def demo_people(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.HUB_DEMO_SIGN_IN = True
    load_people(DemoContext(out=lambda text: None))
    return json.loads((tmp_path / "demo-credentials.json").read_text())


def code_of(username: str) -> str:
    return f"{totp(TOTPDevice.objects.get(user__username=username, confirmed=True).bin_key):06d}"


def test_the_sign_in_page_lists_the_demo_accounts_and_the_next_page_shows_the_code(client, demo_people):
    page = client.get(SIGN_IN).content.decode()
    assert 'data-testid="demo-accounts"' in page
    for username, account in demo_people.items():
        assert f'name="username" value="{username}"' in page
        assert account["name"] in page and account["role"] in page
    assert len(demo_people) == len(PEOPLE)

    # Choosing one posts its username and password, as typing them would.
    chair = demo_people["chair"]
    response = client.post(SIGN_IN, {"username": "chair", "password": chair["password"]})
    assert response["Location"] == CODE
    page = client.get(CODE).content.decode()
    assert f'<strong class="hub-code">{code_of("chair")}</strong>' in page
    response = client.post(CODE, {"code": code_of("chair")})
    assert response["Location"] == reverse("core:home")


def test_no_code_is_shown_for_an_account_the_demo_did_not_make(client, people, demo_people):
    # Alice has a password and an authenticator, but is not in the demo credentials file.
    client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})
    page = client.get(CODE).content.decode()
    assert 'data-testid="demo-code"' not in page
    assert code_of("alice") not in page


def test_the_help_is_off_unless_switched_on_and_never_in_production(client, demo_people, settings):
    settings.HUB_DEMO_SIGN_IN = False
    assert 'data-testid="demo-accounts"' not in client.get(SIGN_IN).content.decode()
    settings.HUB_DEMO_SIGN_IN = True
    settings.HUB_ALLOW_DEMO = False  # as production sets it
    assert 'data-testid="demo-accounts"' not in client.get(SIGN_IN).content.decode()
    client.post(SIGN_IN, {"username": "coordinator", "password": demo_people["coordinator"]["password"]})
    assert 'data-testid="demo-code"' not in client.get(CODE).content.decode()


def test_without_a_loaded_demo_the_sign_in_page_lists_nobody(client, db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.HUB_DEMO_SIGN_IN = True
    page = client.get(SIGN_IN)
    assert 'data-testid="demo-accounts"' not in page.content.decode()
    assert [text for _, text in links_on(page) if "demo" in text.lower()] == []


def test_check_deploy_fails_when_it_is_on_in_production(settings):
    settings.PRODUCTION = True
    settings.HUB_DEMO_SIGN_IN = True
    errors = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "hub.E001" in errors
    settings.HUB_DEMO_SIGN_IN = False
    assert "hub.E001" not in [message.id for message in run_checks(include_deployment_checks=True)]


def test_demo_credentials_prints_the_address_the_hub_is_served_on(demo_people, monkeypatch, capsys):
    call_command("demo_credentials", address="127.0.0.1:8123")
    assert "Sign in at http://127.0.0.1:8123" in capsys.readouterr().out
    monkeypatch.setenv("PORT", "9000")  # `make run PORT=9000`, then the command run by hand
    call_command("demo_credentials")
    out = capsys.readouterr().out
    assert "Sign in at http://127.0.0.1:9000" in out and ":8000" not in out
    assert 'Choose an account under "Trying the demo"' in out
