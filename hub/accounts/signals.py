"""Sign-ins, failures and sign-outs go to the access log (security.md item 13)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hub.accounts.models import SignedInSession
from hub.audit.models import LogAction, Outcome
from hub.audit.services import log


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log(action=LogAction.SIGN_IN, actor=user, detail="password accepted")


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    log(
        action=LogAction.SIGN_IN_FAILED,
        outcome=Outcome.FAILED,
        username=str(credentials.get("username", "")),
        detail="password not accepted or account locked",
    )


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log(action=LogAction.SIGN_OUT, actor=user)
        SignedInSession.objects.filter(user=user, session_key=request.session.session_key).delete()
