from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "HUB_ENV": "production",
    "SECRET_KEY": "test-only-" + "x" * 60,
    "ALLOWED_HOSTS": "hub.example.org",
    "PATH": os.environ.get("PATH", ""),
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_if_the_demo_sign_in_is_switched_on_in_production():
    result = _manage("check", "--deploy", env={**PRODUCTION_ENV, "HUB_DEMO_SIGN_IN": "true"})
    assert result.returncode != 0
    assert "hub.E001" in result.stderr and "HUB_DEMO_SIGN_IN" in result.stderr


def test_production_refuses_to_start_without_its_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_demo_accounts():
    result = _manage("demo_code", "coordinator", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "not available in production" in result.stderr


def test_signed_in_pages_are_never_stored_and_carry_security_headers(client_for, people):
    response = client_for(people["alice"]).get(reverse("core:home"))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_no_inline_script_on_pages(client_for, people, client):
    for response in [
        client.get(reverse("accounts:sign_in")),
        client_for(people["alice"]).get(reverse("core:home")),
    ]:
        page = response.content.decode()
        assert page.count("<script") == page.count('<script type="module" src=') + page.count("<script src=")


def test_database_down_gives_a_clear_503(client_for, people):
    client = client_for(people["alice"])
    with mock.patch(
        "hub.core.views.home_panels", side_effect=OperationalError("connection to server was lost")
    ):
        response = client.get(reverse("core:home"))
    assert response.status_code == 503
    assert b"cannot reach its database" in response.content
    assert response["Retry-After"] == "60"


def test_healthz_reports_the_database(client, db):
    assert client.get(reverse("core:healthz")).json() == {"status": "ok"}
    with mock.patch("hub.core.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("could not connect")
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503


def test_errors_are_pages_in_the_service_style(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-template" in response.content
