from __future__ import annotations

from typing import Any

from django import forms

from hub.accounts.models import User
from hub.accounts.selectors import user_by_username
from hub.core.roles import APPROVAL_ROLES, Role

SIGN_IN_ERROR = (
    "Enter a correct username and password. After 5 wrong attempts the account is locked for 30 minutes."
)


class SignInForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Authentication code",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "Enter the 6 digits shown in your authenticator app, like 123456",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class RoleRequestForm(forms.Form):
    """An administrator asks for someone to be given a role that reads across agencies."""

    username = forms.CharField(
        label="Username of the person",
        max_length=150,
        help_text="Their account must exist already. Create it in administration first if it does not.",
        error_messages={"required": "Enter the username of the person who needs the role"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Which role do they need?",
        choices=[(role.value, role.label) for role in Role if role in APPROVAL_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the role they need"},
    )
    reason = forms.CharField(
        label="Why do they need it?",
        max_length=2000,
        help_text="For example, the post they have started and who asked for their access. The "
        "administrator who decides, the hub coordinators and the auditor will read this.",
        widget=forms.Textarea,
        error_messages={"required": "Say why they need the role"},
    )

    def clean_username(self) -> User:
        user = user_by_username(self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(
                "There is no account with that username. Check the spelling, or create the account "
                "in administration first"
            )
        return user

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Say why they need the role in at least a sentence")
        return reason


class RoleDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve: give them the role now"), ("refuse", "Refuse: do not give the role")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or refuse the request"},
    )
    refusal_reason = forms.CharField(
        label="If you refuse, say why",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="The administrator who asked will read this.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "refuse" and not data.get("refusal_reason", "").strip():
            self.add_error("refusal_reason", "Say why you are refusing the request")
        return data
