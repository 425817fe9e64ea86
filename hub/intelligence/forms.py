"""Page input for intelligence and its messages; who may do what is the services' (``checks.py``)."""

from __future__ import annotations

from typing import Any

from django import forms

from hub.accounts.models import Authority
from hub.core.forms import GovukDateField
from hub.intelligence.models import EntityKind, GradingSystem, GroupType, LinkKind, LocationType
from hub.intelligence.rules import SCALES

RECORDABLE_KINDS = [(value, label) for value, label in EntityKind.choices if value != EntityKind.CHILD]


class SearchForm(forms.Form):
    q = forms.CharField(label="Name, alias, number or registration", required=False, max_length=200)
    kind = forms.ChoiceField(label="What", choices=[("", "Anything"), *EntityKind.choices], required=False)


class EntityForm(forms.Form):
    """The fields of one kind of entity (``kind``): the rest are not shown, so they cannot be sent."""

    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter its name"})
    aliases = forms.CharField(
        label="Other names it is known by (optional)",
        help_text="One a line: street names, nicknames, spellings.",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What someone looking for them would need: appearance, habits, what they are known for.",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, past_only=True)
    group_type = forms.ChoiceField(label="What kind of group", choices=GroupType.choices)
    line_name = forms.CharField(label="The line's name (a county line only)", required=False, max_length=100)
    location_type = forms.ChoiceField(label="What kind of place", choices=LocationType.choices)
    address = forms.CharField(label="Address (optional)", required=False, max_length=300)
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)

    FIELDS_OF_KIND: dict[str, tuple[str, ...]] = {
        EntityKind.PERSON: ("name", "aliases", "date_of_birth", "description"),
        EntityKind.GROUP: ("name", "aliases", "group_type", "line_name", "description"),
        EntityKind.LOCATION: ("name", "location_type", "address", "postcode", "description"),
        EntityKind.VEHICLE: ("name", "description"),
        EntityKind.PHONE: ("name", "description"),
        EntityKind.ORGANISATION: ("name", "aliases", "description"),
    }
    NAME_LABELS: dict[str, str] = {
        EntityKind.PERSON: "Name",
        EntityKind.GROUP: "The group's name",
        EntityKind.LOCATION: "The place's name (a business, a park, 'rear of 12 High Street')",
        EntityKind.VEHICLE: "Registration",
        EntityKind.PHONE: "Phone number",
        EntityKind.ORGANISATION: "The organisation's name",
    }

    def __init__(self, *args: Any, kind: str, areas: list[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = self.FIELDS_OF_KIND[kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["name"].label = self.NAME_LABELS[kind]
        if len(areas) > 1:  # an agency serving several areas says whose intelligence this is
            self.fields["area"] = forms.ChoiceField(
                label="Which area's intelligence is it?",
                choices=[("", "Choose"), *((str(area.pk), area.name) for area in areas)],
                error_messages={"required": "Choose the area"},
            )

    def area(self, areas: list[Authority]) -> Authority:
        chosen = self.cleaned_data.get("area")
        return next((area for area in areas if str(area.pk) == chosen), areas[0])

    def facts(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("area", None)
        aliases = [line.strip() for line in data.pop("aliases", "").splitlines() if line.strip()]
        return {"aliases": aliases, **data}


def _grade_choices(part: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for system, scale in SCALES.items():
        for code, words in getattr(scale, part).items():
            seen.setdefault(code, "")
            seen[code] += f"{'; ' if seen[code] else ''}{system}: {words}"
    return [("", "Choose"), *((code, f"{code} ({words})") for code, words in sorted(seen.items()))]


class LinkForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="How are they linked?",
        choices=[("", "Choose"), *LinkKind.choices],
        error_messages={"required": "Choose how they are linked"},
    )
    direction = forms.ChoiceField(
        label="Which way does it read?",
        choices=[("from", "This record first"), ("to", "The other record first")],
        initial="from",
        help_text="'Jay uses phone 07700 900123' reads from the person to the phone.",
    )
    seen_from = GovukDateField(label="First seen", past_only=True, help_text="For example, 27 3 2026")
    seen_to = GovukDateField(label="Last seen (optional)", past_only=True, required=False)
    grading = forms.ChoiceField(label="Grading system", choices=GradingSystem.choices, initial="3x5x2")
    source_grade = forms.ChoiceField(
        label="Source", choices=_grade_choices("source"), error_messages={"required": "Grade the source"}
    )
    intelligence_grade = forms.ChoiceField(
        label="Intelligence",
        choices=_grade_choices("intelligence"),
        error_messages={"required": "Grade the intelligence"},
    )
    handling_code = forms.ChoiceField(
        label="Handling",
        choices=_grade_choices("handling"),
        error_messages={"required": "Choose the handling code"},
    )
    handling_conditions = forms.CharField(
        label="Handling conditions (with handling code C)",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )
    summary = forms.CharField(
        label="What is known (optional)", widget=forms.Textarea, required=False, max_length=5000
    )


class AliasForm(forms.Form):
    alias = forms.CharField(
        label="Another name", max_length=200, error_messages={"required": "Enter the other name"}
    )


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Review",
        choices=[("retain", "Retain until the next review"), ("dispose", "Dispose of it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to retain it or dispose of it"},
    )
    reason = forms.CharField(
        label="Why", widget=forms.Textarea, max_length=2000, error_messages={"required": "Say why"}
    )
    next_review = GovukDateField(label="Next review (if retained)", required=False)


class SuggestionForm(forms.Form):
    """An answer to one suggested link: which one (``key``, as the page listed it), and confirm with
    the grading, or dismiss with the reason."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    answer = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("dismiss", "Dismiss")], widget=forms.HiddenInput
    )
    source_grade = forms.ChoiceField(label="Source", choices=_grade_choices("source"), required=False)
    intelligence_grade = forms.ChoiceField(
        label="Intelligence", choices=_grade_choices("intelligence"), required=False
    )
    handling_code = forms.ChoiceField(label="Handling", choices=_grade_choices("handling"), required=False)
    reason = forms.CharField(label="Why it does not mean this", required=False, max_length=2000)
