"""Forms for an NRM referral, its decisions, its withdrawal and its correction. Whether a date can be
true, who may decide and who may chair are the services' to say (the API asks the same); the page
shows the service's message beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from hub.accounts.models import Agency, User
from hub.core.forms import GovukDateField, correction_reason_field, field_of, late_entry_reason_field
from hub.nrm.models import DecisionMaker, Grounds
from hub.reference.models import ExploitationType


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency = f" ({obj.agency})" if obj.agency_id else ""
        return f"{obj.get_full_name() or obj.get_username()}{agency}"


def _types() -> QuerySet[ExploitationType]:
    return ExploitationType.objects.filter(active=True).order_by("order", "name")


class ReferForm(forms.Form):
    first_responder = forms.ModelChoiceField(
        label="First responder organisation",
        queryset=Agency.objects.none(),
        empty_label="Choose the organisation",
        error_messages={
            "required": "Choose the organisation that made the referral",
            "invalid_choice": "Choose the organisation that made the referral",
        },
    )
    referrer_name = forms.CharField(
        label="Name of the person who referred",
        max_length=200,
        error_messages={"required": "Enter the name of the person who made the referral"},
    )
    referred_on = GovukDateField(
        label="Date of the referral", help_text="For example, 27 3 2026", past_only=True
    )
    exploitation_types = forms.ModelMultipleChoiceField(
        label="Types of exploitation",
        queryset=ExploitationType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one type of exploitation",
            "invalid_choice": "Choose the types of exploitation from the list",
            "invalid_pk_value": "Choose the types of exploitation from the list",
        },
    )
    summary = forms.CharField(
        label="What the referral says",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Say what the referral says about the child"},
    )
    late_entry_reason = late_entry_reason_field()

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "first_responder", forms.ModelChoiceField).queryset = agencies
        field_of(self, "exploitation_types", forms.ModelMultipleChoiceField).queryset = _types()


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    grounds = forms.ChoiceField(
        label="What was decided?",
        choices=Grounds.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was decided", "invalid_choice": "Choose what was decided"},
    )
    decided_on = GovukDateField(
        label="Date of the decision", help_text="For example, 27 3 2026", past_only=True
    )
    decision_maker = forms.ChoiceField(
        label="Who made the decision?",
        choices=DecisionMaker.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who made the decision",
            "invalid_choice": "Choose who made the decision",
        },
    )
    panel_chair = PersonChoiceField(
        label="Who chaired the panel (a local panel only)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not a panel decision",
        error_messages={"invalid_choice": "Choose the panel's chair from the list"},
    )
    panel_agencies = forms.ModelMultipleChoiceField(
        label="Agencies present at the panel (a local panel only)",
        help_text="Children's social care, police and health must be present.",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose the agencies from the list",
            "invalid_pk_value": "Choose the agencies from the list",
        },
    )
    late_entry_reason = late_entry_reason_field()

    def __init__(self, *args: Any, agencies: QuerySet[Agency], chairs: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "panel_chair", forms.ModelChoiceField).queryset = chairs
        field_of(self, "panel_agencies", forms.ModelMultipleChoiceField).queryset = agencies


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    withdrawn_on = GovukDateField(
        label="Date the referral was withdrawn", help_text="For example, 27 3 2026", past_only=True
    )
    reason = forms.CharField(
        label="Why was it withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Say why the referral is withdrawn"},
    )


class CorrectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    referred_on = GovukDateField(label="Date of the referral", past_only=True)
    referrer_name = forms.CharField(
        label="Name of the person who referred",
        max_length=200,
        error_messages={"required": "Enter the name of the person who made the referral"},
    )
    summary = forms.CharField(
        label="What the referral says",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Say what the referral says about the child"},
    )
    rg_grounds = forms.ChoiceField(
        label="Reasonable grounds decision", choices=Grounds.choices, widget=forms.RadioSelect, required=False
    )
    rg_decided_on = GovukDateField(
        label="Date of the reasonable grounds decision", required=False, past_only=True
    )
    cg_grounds = forms.ChoiceField(
        label="Conclusive grounds decision", choices=Grounds.choices, widget=forms.RadioSelect, required=False
    )
    cg_decided_on = GovukDateField(
        label="Date of the conclusive grounds decision", required=False, past_only=True
    )
    reason = correction_reason_field()
