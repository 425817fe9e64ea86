"""Writes about people and their access. Each is atomic and audited in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import Agency, RoleAssignment, RoleGrantRequest, SignedInSession, Team, User
from hub.audit.models import LogAction, Outcome
from hub.audit.services import log, log_change
from hub.core import clock
from hub.core.roles import APPROVAL_ROLES, Role


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


def mfa_device_for_setup(*, user: User) -> TOTPDevice | None:
    """The unconfirmed authenticator a first sign-in pairs (made on first use, the same one on every
    visit until it is confirmed); ``None`` once the user has a confirmed one, which is never replaced
    here."""
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return None
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


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


def _labels(roles: set[str] | frozenset[str]) -> str:
    return ", ".join(Role(role).label for role in sorted(roles))


def _require_administrator(by: User) -> None:
    if not (by.is_active and by.has_role(Role.ADMINISTRATOR)):
        raise AccessChangeRefused("Only an administrator can change roles.")


def _refuse_unknown(roles: set[str]) -> None:
    unknown = roles - set(Role.values)
    if unknown:
        raise AccessChangeRefused(f"These are not roles the Hub knows: {', '.join(sorted(unknown))}.")


def _refuse_without_approval(roles: set[str]) -> None:
    needing = roles & APPROVAL_ROLES
    if needing:
        raise AccessChangeRefused(
            f"Giving someone the role {_labels(needing)} needs a second administrator's approval. "
            "Ask for it on the Role requests page; another administrator will approve or refuse it."
        )


def user_roles_set(*, user: User, roles: set[str], by: User, where: str = "") -> None:
    """Replace the user's roles. Nobody changes their own (security.md item 6). A role that reads across
    agencies is never added here: it is asked for (``role_grant_request``) and a second administrator
    approves it. Taking any role away is immediate."""
    if by.pk == user.pk:
        raise AccessChangeRefused("You cannot change your own roles. Ask another administrator.")
    _require_administrator(by)
    _refuse_unknown(roles)
    with transaction.atomic():
        # Lock the person, so two administrators changing the same roles at once take turns.
        User.objects.select_for_update().filter(pk=user.pk).first()
        current = set(user.role_assignments.values_list("role", flat=True))
        _refuse_without_approval(roles - current)
        RoleAssignment.objects.filter(user=user, role__in=current - roles).delete()
        for role in sorted(roles - current):
            RoleAssignment.objects.create(user=user, role=role, granted_by=by)
        log_change(
            record=user,
            action=LogAction.ACCOUNT,
            detail=f"roles set to {', '.join(sorted(roles)) or 'none'} by {by.get_username()}"
            + (f" {where}" if where else ""),
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


def _user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    agency: Agency | None,
    roles: set[str],
    password: str | None,
    email: str,
    job_title: str,
    team: Team | None,
    by: User | None,
    how: str,
) -> User:
    _refuse_unknown(roles)
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
        log(
            action=LogAction.ACCOUNT,
            actor=by,
            record_type="accounts.user",
            record_ids=[user.pk],
            detail=f"account created with roles {', '.join(sorted(roles)) or 'none'} {how}",
        )
    return user


def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    agency: Agency | None,
    roles: set[str],
    password: str | None,
    by: User,
    email: str = "",
    job_title: str = "",
    team: Team | None = None,
) -> User:
    """An administrator creates an account. A role that reads across agencies is not given here: create
    the account, then ask for the role (``role_grant_request``) for a second administrator to approve."""
    _require_administrator(by)
    _refuse_without_approval(roles)
    return _user_create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        roles=roles,
        password=password,
        email=email,
        job_title=job_title,
        team=team,
        by=by,
        how=f"by {by.get_username()}",
    )


def user_create_for_demo_and_tests(
    *,
    username: str,
    first_name: str,
    last_name: str,
    agency: Agency | None,
    roles: set[str],
    password: str | None,
    email: str = "",
    job_title: str = "",
    team: Team | None = None,
) -> User:
    """Create an account with any roles at once, with no administrator and no second approval: for the
    demo loaders and the test fixtures only. No page, admin screen or API calls it (a test checks), and
    where the demo is not allowed (production) it refuses: there, the first accounts come from
    ``manage.py bootstrap_account`` and every later grant through a role request."""
    if not settings.HUB_ALLOW_DEMO:
        raise AccessChangeRefused(
            "Demo and test accounts cannot be made here. Create the first accounts with "
            "manage.py bootstrap_account, then give roles through role requests."
        )
    return _user_create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        roles=roles,
        password=password,
        email=email,
        job_title=job_title,
        team=team,
        by=None,
        how="for the demo or tests (no second approval)",
    )


def credentials_set_for_demo_and_tests(*, user: User, password: str, totp_key: str = "") -> TOTPDevice:
    """Give a demo or test account its password and one confirmed authenticator (``totp_key``, or a new
    key): for the demo loaders and test fixtures only, refused where the demo is not allowed, as
    ``user_create_for_demo_and_tests``. Any earlier authenticator is removed."""
    if not settings.HUB_ALLOW_DEMO:
        raise AccessChangeRefused("Demo and test sign-in details cannot be set here.")
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice(user=user, name="Demo authenticator", confirmed=True)
        if totp_key:
            device.key = totp_key
        device.save()
        log(
            action=LogAction.ACCOUNT,
            record_type="accounts.user",
            record_ids=[user.pk],
            detail="password and authenticator set for the demo or tests",
        )
    return device


def _bootstrap_refusal(role: str) -> str:
    # Two administrators are needed before the two-person rule can work at all; one holder of each
    # other such role is enough to start, and the rest are asked for and approved.
    limit = 2 if role == Role.ADMINISTRATOR else 1
    holders = User.objects.filter(is_active=True, role_assignments__role=role).distinct().count()
    if holders < limit:
        return ""
    return (
        f"The Hub already has {holders} active {Role(role).label.lower()}"
        f"{'s' if holders > 1 else ''}, so this role is no longer given from the command line. An "
        "administrator asks for it on the Role requests page, and a second administrator approves it."
    )


def user_bootstrap(
    *,
    username: str,
    first_name: str,
    last_name: str,
    agency: Agency | None,
    roles: set[str],
    password: str | None,
    email: str = "",
    job_title: str = "",
) -> User:
    """Create one of a new Hub's first accounts from the command line (``manage.py bootstrap_account``),
    where no administrator can yet approve anything: the first two administrators, and the first
    holder of each other role that reads across agencies. Refused once those exist."""
    _refuse_unknown(roles)
    problems = [problem for role in sorted(roles & APPROVAL_ROLES) if (problem := _bootstrap_refusal(role))]
    if problems:
        raise AccessChangeRefused(" ".join(problems))
    return _user_create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        roles=roles,
        password=password,
        email=email,
        job_title=job_title,
        team=None,
        by=None,
        how="at set-up from the command line (a first holder: nobody could yet approve)",
    )


# --- role requests: one administrator asks, a second decides --------------------------------------


def _log_request(
    grant_request: RoleGrantRequest, *, by: User, detail: str, outcome: str = Outcome.OK
) -> None:
    log(
        action=LogAction.ACCOUNT,
        actor=by,
        outcome=outcome,
        record_type="accounts.user",
        record_ids=[grant_request.user_id],
        detail=f"role request {grant_request.pk} ({grant_request.get_role_display()} for "
        f"{grant_request.user.get_username()}): {detail}",
    )


def role_grant_request(*, user: User, role: str, reason: str, by: User) -> RoleGrantRequest:
    """Ask for ``user`` to be given ``role`` (one of ``APPROVAL_ROLES``), saying why. Nothing is
    granted until a second administrator approves; hub coordinators see the request on their home page."""
    _require_administrator(by)
    if by.pk == user.pk:
        raise AccessChangeRefused("You cannot ask for a role for yourself. Ask another administrator.")
    if role not in APPROVAL_ROLES:
        label = Role(role).label if role in Role.values else role
        raise AccessChangeRefused(
            f"{label} does not need a second administrator's approval: give it in administration."
        )
    reason = reason.strip()
    if len(reason) < 10:
        raise AccessChangeRefused(f"Say why {user} needs this role: at least a sentence.")
    if not user.is_active:
        raise AccessChangeRefused(f"{user}'s account is disabled. Enable it before asking for a role.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if user.role_assignments.filter(role=role).exists():
            raise AccessChangeRefused(f"{user} already has the role {Role(role).label}.")
        if RoleGrantRequest.objects.filter(
            user=user, role=role, status=RoleGrantRequest.Status.PENDING
        ).exists():
            raise AccessChangeRefused(
                f"A request to make {user} {Role(role).label.lower()} is already waiting for a decision."
            )
        grant_request = RoleGrantRequest.objects.create(
            user=user, role=role, reason=reason, requested_by=by, requested_at=clock.now()
        )
        _log_request(grant_request, by=by, detail=f"asked for by {by.get_username()}: {reason}")
    return grant_request


def role_grant_is_theirs(*, by: User, grant_request: RoleGrantRequest) -> bool:
    """Whether ``by`` asked for the request or is the one it is for: then they may not decide it."""
    return by.pk in (grant_request.requested_by_id, grant_request.user_id)


def role_grant_decide_allowed(*, by: User, grant_request: RoleGrantRequest) -> bool:
    """Who decides a role request (approves or refuses it): an administrator other than whoever asked
    for it and whoever it is for, while it waits. ``role_grant_approve`` and ``role_grant_refuse``
    refuse anyone else; a page asks this to decide whether to show the decision."""
    return (
        by.is_active
        and by.has_role(Role.ADMINISTRATOR)
        and grant_request.is_pending
        and not role_grant_is_theirs(by=by, grant_request=grant_request)
    )


def _require_second_person(grant_request: RoleGrantRequest, by: User, doing: str) -> None:
    _require_administrator(by)
    if role_grant_is_theirs(by=by, grant_request=grant_request):
        why = "you asked for it" if by.pk == grant_request.requested_by_id else "it is for you"
        _log_request(grant_request, by=by, detail=f"{doing} refused: {why}", outcome=Outcome.REFUSED)
        raise AccessChangeRefused(
            f"You cannot {doing} this request because {why}. Another administrator must decide it."
        )


def _lock_pending(grant_request: RoleGrantRequest) -> RoleGrantRequest:
    locked = RoleGrantRequest.objects.select_for_update().select_related("user").get(pk=grant_request.pk)
    if not locked.is_pending:
        raise AccessChangeRefused(
            f"This request has already been {locked.get_status_display().lower()} by {locked.decided_by}."
        )
    return locked


def role_grant_approve(*, grant_request: RoleGrantRequest, by: User) -> RoleGrantRequest:
    """A second administrator approves: the role is granted now, by them."""
    _require_second_person(grant_request, by, "approve")
    with transaction.atomic():
        locked = _lock_pending(grant_request)
        user = locked.user
        if not user.is_active:
            raise AccessChangeRefused(
                f"{user}'s account has been disabled since: refuse the request instead."
            )
        if not user.role_assignments.filter(role=locked.role).exists():
            RoleAssignment.objects.create(user=user, role=locked.role, granted_by=by)
        locked.status = RoleGrantRequest.Status.APPROVED
        locked.decided_by = by
        locked.decided_at = clock.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        _log_request(locked, by=by, detail=f"approved by {by.get_username()}: role granted")
    user.__dict__.pop("_role_codes", None)
    return locked


def role_grant_refuse(*, grant_request: RoleGrantRequest, by: User, reason: str) -> RoleGrantRequest:
    """A second administrator refuses, saying why: nothing is granted."""
    _require_second_person(grant_request, by, "refuse")
    reason = reason.strip()
    if not reason:
        raise AccessChangeRefused("Say why you are refusing the request.")
    with transaction.atomic():
        locked = _lock_pending(grant_request)
        locked.status = RoleGrantRequest.Status.REFUSED
        locked.decided_by = by
        locked.decided_at = clock.now()
        locked.refusal_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
        _log_request(locked, by=by, detail=f"refused by {by.get_username()}: {reason}")
    return locked
