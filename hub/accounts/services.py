"""Writes about people and their access. Each is atomic and audited in the same transaction."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import Agency, RoleAssignment, SignedInSession, Team, User
from hub.accounts.roles import Role
from hub.audit.models import LogAction, Outcome
from hub.audit.services import log, log_change


class AccessChangeRefused(Exception):
    """A change to roles or agency that the rules forbid; the message says why."""


def session_register(*, request: HttpRequest, user: User) -> None:
    """Remember the session so disabling the account can end it; stamp its start for the lifetime check."""
    now = timezone.now().isoformat()
    request.session["hub_started_at"] = now
    request.session["hub_last_seen"] = now
    if request.session.session_key is None:
        request.session.save()
    SignedInSession.objects.get_or_create(user=user, session_key=request.session.session_key)


def _session_rotate(*, request: HttpRequest, user: User) -> None:
    """A new session key once the second factor is passed: a key seen during the password-only step
    (a shared machine, a proxy log) must not become a fully signed-in session. The old key is deleted
    from the store, and the record that lets disabling the account end its sessions follows the key."""
    old_key = request.session.session_key
    request.session.cycle_key()
    SignedInSession.objects.filter(user=user, session_key=old_key).update(
        session_key=request.session.session_key
    )


def mfa_verify(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    with transaction.atomic():
        otp_login(request, device)
        _session_rotate(request=request, user=user)
        log(action=LogAction.SIGN_IN, actor=user, detail="authentication code accepted")


def mfa_code_refused(*, user: User, setting_up: bool = False, throttled: bool = False) -> None:
    """A wrong authentication code is a failed sign-in step (security.md item 13): logged against the
    account whose password was accepted, so repeated guessing shows in the access log."""
    if throttled:
        why = "authentication code not checked: too soon after a wrong code"
    else:
        why = "authentication code not accepted"
    log(
        action=LogAction.SIGN_IN_FAILED,
        outcome=Outcome.FAILED,
        actor=user,
        detail=f"{why} (setting up an authenticator app)" if setting_up else why,
    )


def mfa_device_confirm(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        _session_rotate(request=request, user=user)
        log(
            action=LogAction.ACCOUNT,
            actor=user,
            record_type="accounts.user",
            record_ids=[user.pk],
            detail="authenticator app set up",
        )


def user_roles_set(*, user: User, roles: set[str], by: User) -> None:
    """Replace the user's roles. Nobody changes their own (security.md item 6)."""
    if by.pk == user.pk:
        raise AccessChangeRefused("You cannot change your own roles. Ask another administrator.")
    if not by.has_role(Role.ADMINISTRATOR):
        raise AccessChangeRefused("Only an administrator can change roles.")
    unknown = roles - set(Role.values)
    if unknown:
        raise AccessChangeRefused(f"These are not roles the Hub knows: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        current = set(user.role_assignments.values_list("role", flat=True))
        RoleAssignment.objects.filter(user=user, role__in=current - roles).delete()
        for role in sorted(roles - current):
            RoleAssignment.objects.create(user=user, role=role, granted_by=by)
        log_change(
            record=user,
            action=LogAction.ACCOUNT,
            detail=f"roles set to {', '.join(sorted(roles)) or 'none'} by {by.get_username()}",
        )
    user.__dict__.pop("_role_codes", None)


def user_disable(*, user: User, by: User, reason: str) -> None:
    """Disable an account and end every session it has, at once (security.md item 5)."""
    if by.pk == user.pk:
        raise AccessChangeRefused("You cannot disable your own account.")
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        SignedInSession.objects.filter(user=user).delete()
        log_change(record=user, action=LogAction.ACCOUNT, detail=f"account disabled: {reason}")


def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    agency: Agency,
    roles: set[str],
    password: str | None,
    email: str = "",
    job_title: str = "",
    team: Team | None = None,
    by: User | None = None,
) -> User:
    """Create an account with its roles. ``by`` is None only for set-up commands (the demo)."""
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            agency=agency,
            team=team,
            job_title=job_title,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        for role in sorted(roles):
            RoleAssignment.objects.create(user=user, role=role, granted_by=by)
        log_change(
            record=user,
            action=LogAction.ACCOUNT,
            detail=f"account created with roles {', '.join(sorted(roles))}",
        )
    return user
