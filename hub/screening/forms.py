from __future__ import annotations

from typing import Any

from django import forms

from hub.accounts.models import Authority, LawfulBasis
from hub.children.codes import Sex
from hub.children.validators import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn
from hub.core.forms import GovukDateField, field_of
from hub.reference.models import ExploitationType, LevelOfConcern, School, ScreeningIndicator
from hub.screening.models import Answer, Route, SystemConsulted

YES_NO = [("yes", "Yes"), ("no", "No")]


class ChildSectionForm(forms.Form):
    authority = forms.ModelChoiceField(
        label="Which area does the child live in?",
        queryset=Authority.objects.none(),
        required=False,
        empty_label=None,
    )
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        past_only=True,
        help_text="For example, 27 3 2011. If you do not know it, give your best estimate.",
    )
    date_of_birth_estimated = forms.BooleanField(label="This date of birth is an estimate", required=False)
    sex = forms.ChoiceField(
        label="Sex", choices=[c for c in Sex.choices if c[0]] + [("", "Not known")], required=False
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN), if you know it",
        max_length=20,
        required=False,
        validators=[validate_upn],
    )
    nhs_number = forms.CharField(
        label="NHS number, if you know it", max_length=20, required=False, validators=[validate_nhs_number]
    )
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    school = forms.ModelChoiceField(
        label="School",
        queryset=School.objects.none(),
        required=False,
        empty_label="Not known or not at school",
    )
    learning_disability = forms.ChoiceField(
        label="Does the child have a learning disability?",
        choices=[("yes", "Yes"), ("no", "No"), ("not_known", "Not known")],
        required=False,
    )

    def __init__(self, *args: Any, authorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "authority", forms.ModelChoiceField).queryset = authorities
        field_of(self, "school", forms.ModelChoiceField).queryset = School.objects.filter(
            authority__in=authorities, active=True
        )
        if authorities.count() < 2:
            del self.fields["authority"]

    def clean_upn(self) -> str:
        return normalise_upn(self.cleaned_data["upn"])

    def clean_nhs_number(self) -> str:
        return normalise_nhs_number(self.cleaned_data["nhs_number"])

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())


class ConcernSectionForm(forms.Form):
    concern = forms.CharField(
        label="What worries you about the child?",
        widget=forms.Textarea,
        help_text=(
            "Say what you have seen or been told, when, and by whom. Use the child's words where you can."
        ),
        error_messages={"required": "Describe what worries you about the child"},
    )
    immediate_risk = forms.ChoiceField(
        label="Is the child at immediate risk of significant harm?",
        choices=YES_NO,
        help_text="If yes, also call the police on 999 or the children's social care front door now.",
        error_messages={"required": "Say whether the child is at immediate risk"},
    )
    exploitation_types = forms.ModelMultipleChoiceField(
        label="What kind of exploitation are you worried about?",
        queryset=ExploitationType.objects.none(),
        help_text="Select all that apply.",
        error_messages={"required": "Choose at least one type of exploitation you are worried about"},
    )
    actions_taken = forms.CharField(
        label="What have you done so far?",
        widget=forms.Textarea,
        required=False,
        help_text="For example, spoken to the parents, told the police, made a MASH referral.",
    )
    referrer_phone = forms.CharField(
        label="A phone number the hub can reach you on", max_length=30, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = field_of(self, "exploitation_types", forms.ModelChoiceField)
        types.queryset = ExploitationType.objects.filter(active=True)


class IndicatorsSectionForm(forms.Form):
    """One yes / no / not known question per active indicator, each with optional detail."""

    def __init__(self, *args: Any, indicators: list[ScreeningIndicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"answer_{indicator.pk}"] = forms.ChoiceField(
                label=indicator.question,
                choices=Answer.choices,
                error_messages={"required": f"Answer: {indicator.question[:80]}"},
            )
            self.fields[f"detail_{indicator.pk}"] = forms.CharField(
                label="Details (optional)", required=False, widget=forms.Textarea, max_length=2000
            )

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"answer_{i.pk}"], self[f"detail_{i.pk}"]) for i in self.indicators]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            i.pk: (self.cleaned_data[f"answer_{i.pk}"], self.cleaned_data[f"detail_{i.pk}"])
            for i in self.indicators
        }


class SharingSectionForm(forms.Form):
    lawful_basis = forms.ChoiceField(
        label="On what lawful basis are you sharing this?",
        choices=LawfulBasis.choices,
        help_text="Most referrals about a child at risk rely on safeguarding without consent.",
        error_messages={"required": "Choose the lawful basis for sharing this information"},
    )
    consent_not_sought_reason = forms.CharField(
        label="If you did not seek consent, why not?",
        widget=forms.Textarea,
        required=False,
        help_text=(
            "For example: asking would place the child at greater risk, "
            "or would alert the person harming them."
        ),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("lawful_basis") == LawfulBasis.SAFEGUARDING_WITHOUT_CONSENT
            and not data.get("consent_not_sought_reason", "").strip()
        ):
            self.add_error("consent_not_sought_reason", "Say why consent was not sought")
        return data


class ReviewForm(forms.Form):
    child_choice = forms.ChoiceField(label="Which child is this?", required=False)
    systems_consulted = forms.MultipleChoiceField(
        label="Which agencies' records did you check?",
        choices=SystemConsulted.choices,
        error_messages={"required": "Choose the records you checked"},
    )
    findings = forms.CharField(label="What do the records show?", widget=forms.Textarea, required=False)
    decided_level = forms.ModelChoiceField(
        label="Level of concern",
        queryset=LevelOfConcern.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the level of concern"},
    )
    rationale = forms.CharField(
        label="Why this level?",
        widget=forms.Textarea,
        error_messages={"required": "Give the rationale for the level of concern"},
    )
    difference_reason = forms.CharField(
        label="If you decided a different level from the tool's suggestion, why?",
        widget=forms.Textarea,
        required=False,
    )
    route = forms.ChoiceField(
        label="What happens next?",
        choices=Route.choices,
        error_messages={"required": "Choose what happens next"},
    )
    feedback_to_referrer = forms.CharField(
        label="Feedback for the referrer",
        widget=forms.Textarea,
        help_text="The referrer sees this and the route, not the child's wider record.",
        error_messages={"required": "Write the feedback the referrer will see"},
    )

    def __init__(
        self, *args: Any, child_choices: list[tuple[str, str]], suggested_level_id: int | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.suggested_level_id = suggested_level_id
        decided_level = field_of(self, "decided_level", forms.ModelChoiceField)
        decided_level.queryset = LevelOfConcern.objects.filter(active=True).order_by("rank")
        if child_choices:
            field_of(self, "child_choice", forms.ChoiceField).choices = child_choices
            self.fields["child_choice"].required = True
            self.fields["child_choice"].error_messages["required"] = (
                "Choose the child's record, or create a new one"
            )
        else:
            del self.fields["child_choice"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        level = data.get("decided_level")
        if (
            level
            and self.suggested_level_id
            and level.pk != self.suggested_level_id
            and not data.get("difference_reason", "").strip()
        ):
            self.add_error("difference_reason", "Say why you decided a different level from the suggestion")
        return data
