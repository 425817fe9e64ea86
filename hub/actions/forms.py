"""The form that moves an action on."""

from __future__ import annotations

from typing import Any

from django import forms

from hub.actions.models import ActionStatus
from hub.core.forms import GovukDateField


class ActionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="Where is the action now?",
        choices=ActionStatus.choices,
        error_messages={"required": "Choose where the action is now"},
    )
    outcome = forms.CharField(
        label="What was done, or why it is no longer needed",
        widget=forms.Textarea,
        max_length=5000,
        required=False,
    )
    due = GovukDateField(
        label="New due date (optional)",
        help_text="Only if the date has been agreed again. For example, 27 3 2027",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        status = cleaned.get("status")
        if status == ActionStatus.DONE and not cleaned.get("outcome", "").strip():
            self.add_error("outcome", "Say what was done")
        elif status == ActionStatus.CANCELLED and not cleaned.get("outcome", "").strip():
            self.add_error("outcome", "Say why the action is no longer needed")
        return cleaned
