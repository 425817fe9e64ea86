from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import OperationalError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "HUB_ENV": "production",
    "SECRET_KEY": "test-only-" + "x" * 60,
    "ALLOWED_HOSTS": "hub.example.org",
    "PATH": os.environ.get("PATH", ""),
}


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """Production settings with the access log's signing key in place, as docs/deployment.md makes it."""
    key = tmp_path / "audit-signing-key.pem"
    key.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key.chmod(0o600)
    return {
        **PRODUCTION_ENV,
        "HUB_AUDIT_SIGNING_KEY_FILE": str(key),
        "HUB_AUDIT_CHECKPOINT_FILE": str(tmp_path / "audit-checkpoints.jsonl"),
    }


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings(production_env):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_if_the_demo_sign_in_is_switched_on_in_production(production_env):
    result = _manage("check", "--deploy", env={**production_env, "HUB_DEMO_SIGN_IN": "true"})
    assert result.returncode != 0
    assert "hub.E001" in result.stderr and "HUB_DEMO_SIGN_IN" in result.stderr


def test_production_refuses_to_start_without_its_secret_key(production_env):
    env = {k: v for k, v in production_env.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_access_log_signing_key(production_env):
    env = {k: v for k, v in production_env.items() if k != "HUB_AUDIT_SIGNING_KEY_FILE"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set the environment variable HUB_AUDIT_SIGNING_KEY_FILE" in result.stderr


def test_check_deploy_fails_when_the_signing_key_file_is_missing(production_env, tmp_path):
    env = {**production_env, "HUB_AUDIT_SIGNING_KEY_FILE": str(tmp_path / "nowhere.pem")}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "audit.E001" in result.stderr and "nowhere.pem does not exist" in result.stderr
    assert not (tmp_path / "nowhere.pem").exists()


def test_production_refuses_demo_accounts(production_env):
    result = _manage("demo_code", "coordinator", env=production_env)
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
