"""Forms for the child's record pages. They check what a person typed and say how to fix it; the
services decide what the record may hold, and the database keeps what must always be true."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from hub.accounts.models import Agency, Authority, User
from hub.children.codes import Ethnicity, Sex
from hub.children.models import AddressPeriod, Alias, Child, DuplicateDecision, LegalStatus
from hub.children.services import IDENTITY_FIELDS
from hub.children.validators import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn
from hub.core.errors import Forbidden
from hub.core.forms import GovukDateField, GovukDateWidget, field_of, late_entry_reason_field
from hub.core.roles import RELATED_CASE_ROLES
from hub.reference.models import School


class GovukForm(forms.Form):
    """Each field knows which GOV.UK include renders it (and how wide a text box it needs), so one
    template can lay out any form."""

    input_classes: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # Attributes of the Hub's own that the form template reads off each field.
            field.__dict__.update(
                input_class=self.input_classes.get(name, ""),
                govuk_template=_govuk_template(name, field.widget),
            )


def _govuk_template(name: str, widget: forms.Widget) -> str:
    if name == "late_entry_reason":
        return "govuk/late_entry.html"  # shown once the service asks
    if isinstance(widget, GovukDateWidget):
        return "govuk/date.html"
    if isinstance(widget, forms.RadioSelect):
        return "govuk/radios.html"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "govuk/checkboxes.html"
    if isinstance(widget, forms.Select):
        return "govuk/select.html"
    if isinstance(widget, forms.Textarea):
        return "govuk/textarea.html"
    if isinstance(widget, forms.HiddenInput):
        return ""
    return "govuk/input.html"


# --- finding a child ---------------------------------------------------------------------------


class ChildSearchForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        required=False,
        help_text="First and last name, or one name. Nicknames and other spellings are found too.",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, past_only=True, help_text="For example, 27 3 2011"
    )
    identifier = forms.CharField(
        label="Child ID, UPN, NHS number or police reference", max_length=40, required=False
    )

    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("name", "").strip() or data.get("date_of_birth") or data.get("identifier", ""))


# --- identity ----------------------------------------------------------------------------------

NOT_KNOWN = "unknown"  # the radios cannot offer an empty value, so "not known" has a name of its own
SEX_CHOICES = [
    (Sex.MALE.value, Sex.MALE.label),
    (Sex.FEMALE.value, Sex.FEMALE.label),
    (NOT_KNOWN, "Not known"),
]
FLAGS = {
    "learning_disability": "Has a learning disability",
    "sen_ehcp": "Has SEN support or an education, health and care plan (EHCP)",
    "excluded": "Excluded from school",
    "in_pru": "Attends a pupil referral unit",
    "previously_missing": "Has been missing before",
    "nrm_referred": "Referred to the National Referral Mechanism (NRM)",
}


class ChildIdentityForm(GovukForm):
    """Who the child is. ``version`` carries the version the editor saw (for the stale-edit check)."""

    authority = forms.ModelChoiceField(
        label="Which local authority is responsible for the child?",
        queryset=Authority.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the local authority responsible for the child"},
    )
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the child's first name"}
    )
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    preferred_name = forms.CharField(
        label="Name they like to be called", max_length=100, required=False, help_text="If it is different."
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        past_only=True,
        help_text=(
            "For example, 27 3 2011. If you do not know it, give your best estimate and tick the box below."
        ),
    )
    date_of_birth_estimated = forms.BooleanField(label="This date of birth is an estimate", required=False)
    sex = forms.ChoiceField(label="Sex", choices=SEX_CHOICES, widget=forms.RadioSelect, required=False)
    gender = forms.CharField(
        label="Gender",
        max_length=100,
        required=False,
        help_text="In the child's own words, if they have told you.",
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=[(code, f"{label} ({code})") for code, label in Ethnicity.choices],
        initial=Ethnicity.NOBT,
        help_text="The Department for Education's codes.",
    )
    local_child_id = forms.CharField(
        label="Local authority child ID",
        max_length=40,
        required=False,
        help_text="The child's ID in the authority's children's social care system.",
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=20,
        required=False,
        validators=[validate_upn],
        help_text="13 characters, like A123456789012.",
    )
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=20,
        required=False,
        validators=[validate_nhs_number],
        help_text="10 digits, like 943 476 5919.",
    )
    police_reference = forms.CharField(label="Police person reference", max_length=40, required=False)
    flags = forms.MultipleChoiceField(
        label="Does any of this apply to the child?",
        choices=list(FLAGS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        authorities: QuerySet[Authority] | None = None,
        child: Child | None = None,
        **kwargs: Any,
    ) -> None:
        if child is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(child)
        super().__init__(*args, **kwargs)
        self.child = child
        # The authority is asked only when the person's agency serves several.
        self.only_authority = None
        if authorities is not None and len(authorities) > 1:
            field_of(self, "authority", forms.ModelChoiceField).queryset = authorities
        else:
            self.only_authority = authorities[0] if authorities else None
            del self.fields["authority"]
        if child is None:
            del self.fields["version"]

    @staticmethod
    def initial_for(child: Child) -> dict[str, Any]:
        initial = {name: getattr(child, name) for name in IDENTITY_FIELDS if name not in FLAGS}
        initial["sex"] = child.sex or NOT_KNOWN
        initial["flags"] = [name for name in FLAGS if getattr(child, name)]
        initial["version"] = child.version
        return initial

    def clean_sex(self) -> str:
        sex = self.cleaned_data["sex"]
        return "" if sex == NOT_KNOWN else sex

    # Identifiers are not checked against other records here: saying "another record has this UPN"
    # would tell someone who may not see that child that the Hub holds one. The service saves the
    # record and puts the pair in the hub's duplicates queue.
    def clean_upn(self) -> str:
        return normalise_upn(self.cleaned_data["upn"])

    def clean_nhs_number(self) -> str:
        return normalise_nhs_number(self.cleaned_data["nhs_number"])

    def clean_local_child_id(self) -> str:
        return self.cleaned_data["local_child_id"].strip().upper()

    def clean_police_reference(self) -> str:
        return self.cleaned_data["police_reference"].strip().upper()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_of_birth_estimated") and not data.get("date_of_birth"):
            self.add_error(
                "date_of_birth",
                "Enter an estimated date of birth, or untick 'This date of birth is an estimate'",
            )
        return data

    def chosen_authority(self) -> Authority:
        """The authority a new record belongs to: the one chosen, or the only one there is."""
        chosen: Authority | None = self.cleaned_data.get("authority") or self.only_authority
        if chosen is None:  # the form was given no authorities: the caller's agency serves none
            raise Forbidden("Your agency does not serve any area yet: ask your administrator.")
        return chosen

    def identity(self) -> dict[str, Any]:
        """The cleaned answers as the services take them."""
        data = self.cleaned_data
        identity = {name: data[name] for name in IDENTITY_FIELDS if name not in FLAGS}
        identity.update({name: name in data["flags"] for name in FLAGS})
        return identity


# --- the rest of the record ---------------------------------------------------------------------


class AliasForm(GovukForm):
    input_classes = {"name": "govuk-!-width-two-thirds"}

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the name the child is known by"}
    )
    kind = forms.ChoiceField(
        label="What kind of name is it?",
        choices=Alias.Kind.choices,
        widget=forms.RadioSelect,
        initial=Alias.Kind.ALIAS,
        error_messages={"required": "Choose what kind of name it is"},
    )


class AddressForm(GovukForm):
    input_classes = {"town": "govuk-!-width-two-thirds", "postcode": "govuk-input--width-10"}

    kind = forms.ChoiceField(
        label="What kind of address is it?",
        choices=AddressPeriod.Kind.choices,
        widget=forms.RadioSelect,
        initial=AddressPeriod.Kind.HOME,
        error_messages={"required": "Choose what kind of address it is"},
        help_text="A new address ends the child's current address of the same kind.",
    )
    line1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter the first line of the address"},
    )
    line2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    start = GovukDateField(label="Date they started living here", help_text="For example, 27 3 2024")

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())


class SchoolForm(GovukForm):
    school = forms.ModelChoiceField(
        label="School",
        queryset=School.objects.none(),
        empty_label="Choose a school",
        error_messages={"required": "Choose the school", "invalid_choice": "Choose a school from the list"},
    )
    start = GovukDateField(label="Date they started at this school", help_text="For example, 4 9 2024")

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "school", forms.ModelChoiceField).queryset = School.objects.filter(
            authority=child.authority_id, active=True
        )


class LegalStatusForm(GovukForm):
    status = forms.ChoiceField(
        label="Legal status",
        choices=LegalStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child's legal status"},
        help_text="A new status ends the current one.",
    )
    start = GovukDateField(label="Date this status started", help_text="For example, 27 3 2024")
    placing_authority = forms.ModelChoiceField(
        label="Placing authority (looked-after children only)",
        queryset=Authority.objects.all(),
        required=False,
        empty_label="Not looked after",
        help_text="The authority that looks after the child.",
    )
    host_authority = forms.ModelChoiceField(
        label="Host authority (looked-after children only)",
        queryset=Authority.objects.all(),
        required=False,
        empty_label="Not placed in another authority's area",
        help_text="The authority whose area the child is placed in, if it is not the placing authority.",
    )
    late_entry_reason = late_entry_reason_field()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") and data["status"] != LegalStatus.LOOKED_AFTER:
            for name in ("placing_authority", "host_authority"):
                if data.get(name):
                    self.add_error(
                        name, "Only a looked-after child has a placing or host authority: leave this empty"
                    )
        return data


class InvolvementForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency", "invalid_choice": "Choose an agency from the list"},
    )
    start = GovukDateField(label="Date the agency became involved", help_text="For example, 27 3 2024")
    reason = forms.CharField(
        label="Why is the agency involved? (optional)",
        max_length=300,
        required=False,
        help_text="For example, youth offending order or school nurse support.",
    )

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "agency", forms.ModelChoiceField).queryset = Agency.objects.filter(
            authorities=child.authority_id
        ).order_by("name")


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        parts = [obj.get_full_name() or obj.get_username(), obj.job_title, str(obj.agency or "")]
        return ", ".join(part for part in parts if part)


class AllocateForm(GovukForm):
    worker = WorkerChoiceField(
        label="Allocated worker",
        queryset=User.objects.none(),
        empty_label="Choose a worker",
        help_text="Workers in agencies that serve the child's authority. Their agency becomes involved too.",
        error_messages={"required": "Choose the worker", "invalid_choice": "Choose a worker from the list"},
    )
    start = GovukDateField(label="Date of allocation", help_text="For example, 27 3 2024")

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "worker", forms.ModelChoiceField).queryset = (
            User.objects.filter(
                is_active=True,
                agency__authorities=child.authority_id,
                role_assignments__role__in=RELATED_CASE_ROLES,
            )
            .select_related("agency")
            .distinct()
            .order_by("last_name", "first_name")
        )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="Upload a photo",
        help_text=(
            "A JPG, PNG or WEBP image, smaller than 5 MB. Where and on what camera it was taken are "
            "removed when you upload it."
        ),
        error_messages={"required": "Choose a photo of the child", "empty": "The file you chose is empty"},
    )


class DismissDuplicateForm(forms.Form):
    duplicate = forms.IntegerField()


class DuplicateDecisionForm(forms.Form):
    duplicate = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Are these records the same child?",
        choices=DuplicateDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the records are the same child or different children"},
    )
    note = forms.CharField(
        label="How do you know? (needed for the same child)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


# --- chronology ---------------------------------------------------------------------------------


class ChronologyFilterForm(GovukForm):
    kind = forms.MultipleChoiceField(label="Show", required=False, widget=forms.CheckboxSelectMultiple)
    agency = forms.ChoiceField(label="Agency", required=False)

    def __init__(self, *args: Any, kinds: dict[str, str], agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = list(kinds.items())
        field_of(self, "agency", forms.ChoiceField).choices = [
            ("", "All agencies"),
            *((name, name) for name in agencies),
        ]
