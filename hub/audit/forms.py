from __future__ import annotations

from typing import Any

from django import forms

from hub.audit.models import LogAction
from hub.audit.selectors import record_type_choices


class LogSearchForm(forms.Form):
    user = forms.CharField(label="Username", required=False, max_length=150)
    record_type = forms.ChoiceField(
        label="Record type",
        required=False,
        error_messages={"invalid_choice": "Choose a record type from the list"},
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record_type = self.fields["record_type"]
        assert isinstance(record_type, forms.ChoiceField)
        record_type.choices = [("", "Any record type"), *record_type_choices()]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data
