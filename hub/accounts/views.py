from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts import reauth, selectors, services, sign_in_help
from hub.accounts.forms import SIGN_IN_ERROR, CodeForm, RoleDecisionForm, RoleRequestForm, SignInForm
from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.core import clock
from hub.core import reauth as core_reauth
from hub.core.roles import APPROVAL_ROLE_REACH, Role


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:mfa_verify" if not request.user.is_verified() else "core:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is not None:
            login(request, user)  # a new session id (Django cycles the key at login)
            services.session_register(request=request, user=user)
            request.session["hub_next"] = _next_url(request)
            return redirect("accounts:mfa_verify")
        form.add_error(None, SIGN_IN_ERROR)
    return _sign_in_page(request, form)


def _sign_in_page(request: HttpRequest, form: SignInForm) -> HttpResponse:
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), **sign_in_help.accounts_context()},
    )


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when an account is locked: the same page and words as any failure, so
    nobody learns whether the account exists or is locked."""
    form = SignInForm(request.POST or None)
    form.is_valid()
    form.add_error(None, SIGN_IN_ERROR)
    return _sign_in_page(request, form)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: SignedInRequest) -> HttpResponseBase:
    user = request.user
    if user.is_verified():
        return redirect("core:home")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("accounts:mfa_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            services.mfa_verify(request=request, user=user, device=device)
            return redirect(request.session.pop("hub_next", settings.LOGIN_REDIRECT_URL))
        services.mfa_code_refused(user=user, throttled=not allowed)
        form.add_error(
            "code",
            "That code is not right or has expired. Enter the code your app shows now."
            if allowed
            else "Wait a few seconds before trying again, then enter the code your app shows now.",
        )
    # Where sign-in help is installed, the current code of an account it offers: no second terminal.
    return render(
        request,
        "accounts/mfa_verify.html",
        {"form": form, **sign_in_help.code_context(user.get_username())},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request: SignedInRequest) -> HttpResponseBase:
    """First sign-in: pair an authenticator app. A user who already has one cannot replace it here."""
    user = request.user
    device = services.mfa_device_for_setup(user=user)
    if device is None:
        return redirect("accounts:mfa_verify")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            services.mfa_device_confirm(request=request, user=user, device=device)
            messages.success(
                request, "Your authenticator app is set up. You will need it every time you sign in."
            )
            return redirect(request.session.pop("hub_next", settings.LOGIN_REDIRECT_URL))
        services.mfa_code_refused(user=user, setting_up=True)
        form.add_error(
            "code", "That code is not right. Check the app shows the Hub, then enter the code it shows now."
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app"
    )
    return render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _base32(device.bin_key)},
    )


def _base32(key: bytes) -> str:
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("accounts:sign_in")


# --- role requests: roles that read across agencies need a second administrator ------------------

DECIDED_SHOWN_DAYS = 90


@never_cache
@login_required
@role_required(Role.ADMINISTRATOR)
@require_GET
def role_requests(request: SignedInRequest) -> HttpResponse:
    waiting = selectors.role_grant_requests_waiting()
    decided = selectors.role_grant_requests_decided(since=clock.now() - timedelta(days=DECIDED_SHOWN_DAYS))
    if waiting or decided:
        log_consultation(records=[*waiting, *decided], justification="administrator", detail="role requests")
    return render(
        request,
        "accounts/role_requests.html",
        {"waiting": waiting, "decided": decided, "decided_days": DECIDED_SHOWN_DAYS},
    )


@never_cache
@login_required
@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def role_request_new(request: SignedInRequest) -> HttpResponse:
    form = RoleRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_grant_request(
                user=data["username"], role=data["role"], reason=data["reason"], by=request.user
            )
        except services.AccessChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"Request sent. {data['username']} gets the role only once another administrator approves.",
            )
            return redirect("accounts:role_requests")
    reach = [(field, APPROVAL_ROLE_REACH[Role(field.data["value"])]) for field in form["role"]]
    return render(request, "accounts/role_request_new.html", {"form": form, "roles": reach})


@never_cache
@login_required
@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def role_request_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    grant_request = selectors.role_grant_request_get(pk)
    log_consultation(records=grant_request, justification="administrator", detail="role request")
    yours = services.role_grant_is_theirs(by=request.user, grant_request=grant_request)
    form = RoleDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.role_grant_approve(grant_request=grant_request, by=request.user)
                done = f"Approved. {grant_request.user} is now {grant_request.get_role_display().lower()}."
            else:
                services.role_grant_refuse(
                    grant_request=grant_request, by=request.user, reason=form.cleaned_data["refusal_reason"]
                )
                done = f"Refused. {grant_request.user} has not been given the role."
        except services.AccessChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, done)
            return redirect("accounts:role_requests")
    return render(
        request,
        "accounts/role_request_decide.html",
        {
            "grant_request": grant_request,
            "reach": APPROVAL_ROLE_REACH.get(grant_request.role, ""),
            "form": form,
            "may_decide": services.role_grant_decide_allowed(by=request.user, grant_request=grant_request),
            "yours": yours,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: SignedInRequest) -> HttpResponseBase:
    """Give the authenticator's code again before a bulk export (``reauth.py``), then go on to it."""
    next_url = core_reauth.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if reauth.reauthenticate(request=request, user=request.user, code=form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error(
            "code", "That code is not right or has expired. Wait for the next code, then enter it."
        )
    return render(
        request,
        "accounts/confirm.html",
        {"form": form, "next_url": next_url, **sign_in_help.code_context(request.user.get_username())},
    )
