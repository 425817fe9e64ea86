"""The demo's people: one account per role, and the secrets printed for them kept across a fresh
database. (Not in the reference package, whose demo
would already hold the accounts.)"""

from __future__ import annotations

import json

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import User
from hub.demo.area import DemoContext
from hub.demo.people import load_people


def test_a_fresh_database_beside_a_kept_credentials_file_keeps_the_printed_secrets(db, settings, tmp_path):
    """``var/hub.sqlite3`` removed but ``var/demo-credentials.json`` kept: the accounts made in the new
    database take the printed password and authenticator key, so the person can still sign in."""
    settings.VAR_DIR = tmp_path
    key = "3132333435363738393031323334353637383930"
    (tmp_path / "demo-credentials.json").write_text(
        json.dumps(
            {
                "coordinator": {
                    "password": "demo-kept-secret",
                    "totp_key": key,
                    "role": "",
                    "name": "",
                    "agency": "",
                }
            }
        )
    )
    load_people(DemoContext(out=lambda text: None))
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.check_password("demo-kept-secret")
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    assert device.key == key and device.verify_token(f"{totp(bytes.fromhex(key)):06d}")
    # The others, absent from the file, are issued fresh secrets that work.
    credentials = json.loads((tmp_path / "demo-credentials.json").read_text())
    assert User.objects.get(username="analyst").check_password(credentials["analyst"]["password"])
