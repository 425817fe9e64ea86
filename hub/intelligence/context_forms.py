"""Page input for contexts as cases: an assessment, its correction and a person's risk. Who may do what,
and which dates can be true, is the services' (``context_services.py``)."""

from __future__ import annotations

from django import forms

from hub.core.forms import GovukDateField
from hub.intelligence.models import ManagingMeeting, RiskLevel


def _text(label: str, *, required: bool = False, hint: str = "", message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        help_text=hint,
        widget=forms.Textarea,
        required=required,
        max_length=5000,
        error_messages={"required": message} if message else {},
    )


class AssessmentForm(forms.Form):
    assessed_on = GovukDateField(label="Date of the assessment", past_only=True)
    what_happens = _text(
        "What happens there",
        required=True,
        hint="What children do there and what is done to them; for a group, what it does together.",
        message="Say what happens there",
    )
    who = _text("Who is involved", hint="The children, and the adults who are there or who lead it.")
    when = _text("When it happens", hint="Days, times, school holidays, events.")
    risks = _text(
        "What makes it unsafe",
        required=True,
        hint="The risks to children.",
        message="Say what makes it unsafe",
    )
    protective = _text(
        "What makes it safer",
        hint="Protective factors, and the people who could make it safer (staff, managers, neighbours).",
    )
    recommendation = _text(
        "What you recommend",
        required=True,
        hint="For example: a plan, a panel's attention, disruption, work with the owner.",
        message="Say what you recommend",
    )


class AssessmentCorrectForm(AssessmentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why it is being corrected",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why the assessment is being corrected"},
    )


class PersonRiskForm(forms.Form):
    level = forms.ChoiceField(
        label="Level of risk",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level of risk"},
    )
    managed_by = forms.ChoiceField(
        label="Managed by",
        choices=ManagingMeeting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting that manages the risk"},
    )
    assessed_on = GovukDateField(label="Date assessed", past_only=True)
    summary = forms.CharField(
        label="Risk to whom, and of what",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say whom they are a risk to, and of what"},
    )
