from __future__ import annotations

from django import forms

from hub.audit.models import LogAction


class LogSearchForm(forms.Form):
    user = forms.CharField(label="Username", required=False, max_length=150)
    record_type = forms.CharField(
        label="Record type", required=False, max_length=100, help_text="For example children.child"
    )
    record_id = forms.CharField(label="Record id", required=False, max_length=40)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *LogAction.choices]
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        help_text="For example 27/11/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the start date like 27/11/2026"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        help_text="For example 28/11/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the end date like 28/11/2026"},
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data
