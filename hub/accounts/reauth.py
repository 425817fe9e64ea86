"""The authenticator's code given again before a bulk export (``hub.core.reauth`` says when it is asked
for): checked as at sign-in, throttled, and logged either way."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.audit.models import LogAction, Outcome
from hub.audit.services import log
from hub.core.reauth import mark_reauthenticated


def reauthenticate(*, request: HttpRequest, user: Any, code: str) -> bool:
    """Check the authenticator's current code again; on success remember the moment in the session."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return False
    allowed, _ = device.verify_is_allowed()
    if allowed and device.verify_token(code.strip()):
        mark_reauthenticated(request.session)
        log(action=LogAction.SIGN_IN, actor=user, detail="authentication code given again before an export")
        return True
    log(
        action=LogAction.SIGN_IN_FAILED,
        outcome=Outcome.FAILED,
        actor=user,
        detail="authentication code not accepted before an export"
        if allowed
        else "authentication code not checked before an export: too soon after a wrong code",
    )
    return False
