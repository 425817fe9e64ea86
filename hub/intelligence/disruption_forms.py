"""Page input for disruption activity and its messages: record it against a person, group or place, move
it on, correct it. Whether a tactic fits the target, whether the dates can be true and who may do it are
the services' to say (``disruption_services.py``); the page shows their message beside its field."""

from __future__ import annotations

from typing import Any

from django import forms

from hub.accounts.models import Agency
from hub.core.forms import GovukDateField, correction_reason_field, field_of, late_entry_reason_field
from hub.intelligence.models import DisruptionStatus
from hub.reference.models import DisruptionTactic

TEXT_LIMIT = 5000


class TacticChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.legal_basis})"


def _status(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "Choose"), *DisruptionStatus.choices],
        error_messages={"required": "Choose where it stands", "invalid_choice": "Choose where it stands"},
    )


class DisruptionFields(forms.Form):
    """The fields recording and correcting share, with the choices for one target."""

    tactic = TacticChoiceField(
        label="Tactic or order",
        queryset=DisruptionTactic.objects.none(),
        empty_label="Choose the tactic or order",
        error_messages={
            "required": "Choose the tactic or order",
            "invalid_choice": "Choose the tactic or order",
        },
    )
    agency = forms.ModelChoiceField(
        label="Agency acting",
        queryset=Agency.objects.none(),
        empty_label="Choose the agency",
        error_messages={"required": "Choose the agency acting", "invalid_choice": "Choose the agency acting"},
    )
    started_on = GovukDateField(
        label="Date issued, started or applied for", past_only=True, help_text="For example, 27 3 2026"
    )
    expires_on = GovukDateField(label="Expiry date (optional)", required=False)
    status = _status("Where it stands")
    conditions = forms.CharField(
        label="Conditions (optional)",
        help_text="What it prohibits or requires: places, people, times.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_LIMIT,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_LIMIT,
    )

    def __init__(
        self, *args: Any, tactics: list[DisruptionTactic], agencies: list[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "tactic", forms.ModelChoiceField).queryset = DisruptionTactic.objects.filter(
            pk__in=[tactic.pk for tactic in tactics]
        ).order_by("order", "name")
        field_of(self, "agency", forms.ModelChoiceField).queryset = Agency.objects.filter(
            pk__in=[agency.pk for agency in agencies]
        ).order_by("name")


class DisruptionForm(DisruptionFields):
    late_entry_reason = late_entry_reason_field()


class DisruptionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    status = _status("Where it stands now")
    expires_on = GovukDateField(
        label="Expiry date", required=False, help_text="Change it only if the order was varied or extended."
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="What happened: the hearing, the breach, who discharged it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_LIMIT,
    )


class DisruptionCorrectForm(DisruptionFields):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    reason = correction_reason_field()
