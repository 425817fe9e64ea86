"""Re-authentication before a bulk export (security.md item 12): the auditor asked for the access log's
CSV gives her authenticator's code again, then gets the file; a wrong code is refused and logged; the
code covers five minutes; the way back never leaves the site."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.audit.models import AccessLogEntry, LogAction

pytestmark = pytest.mark.django_db


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_the_auditor_gives_her_code_again_before_the_export(client_for, people, time_machine):
    dana = client_for(people["dana"])
    export = reverse("audit:log_export")
    asked = dana.get(export)
    assert asked.status_code == 302
    confirm = asked["Location"]
    assert confirm.startswith(reverse("accounts:confirm"))
    page = dana.get(confirm).content.decode()
    assert "Confirm it is you" in page and export in page

    wrong = dana.post(reverse("accounts:confirm"), {"code": "000000", "next": export})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert AccessLogEntry.objects.filter(
        username="dana", action=LogAction.SIGN_IN_FAILED, detail__contains="before an export"
    ).exists()
    assert dana.get(export).status_code == 302  # still asked

    time_machine.shift(timedelta(seconds=31))  # the throttle after a wrong code, and a new code
    right = dana.post(reverse("accounts:confirm"), {"code": _code(people["dana"]), "next": export})
    assert right.status_code == 302 and right["Location"] == export
    response = dana.get(export)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")

    # The code covers five minutes of exports, then it is asked for again.
    time_machine.shift(timedelta(minutes=6))
    assert dana.get(export).status_code == 302


def test_the_way_back_stays_on_the_site_and_a_refused_role_is_not_asked(client_for, people):
    dana = client_for(people["dana"])
    right = dana.post(
        reverse("accounts:confirm"), {"code": _code(people["dana"]), "next": "https://elsewhere.example/"}
    )
    assert right.status_code == 302 and right["Location"] == reverse("core:home")
    # A role that never exports is refused before any code is asked for.
    assert client_for(people["pat"]).get(reverse("audit:log_export")).status_code == 403
