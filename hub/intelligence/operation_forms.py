"""Page input for operations and its messages. Whether the dates can be true, whether closing has its
outcome and who may do what are the services' to say (``operation_services.py``); the page shows their
message beside its field."""

from __future__ import annotations

from typing import Any

from django import forms

from hub.accounts.models import Authority, User
from hub.core.forms import GovukDateField, field_of
from hub.intelligence.models import Disruption, OperationKind, OperationStatus

TEXT_LIMIT = 5000


def _kind() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="What kind of operation",
        choices=OperationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a police operation or a multi-agency investigation",
            "invalid_choice": "Choose a police operation or a multi-agency investigation",
        },
    )


class OperationForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="For example, Operation Kestrel.",
        max_length=200,
        error_messages={"required": "Enter the operation's name"},
    )
    kind = _kind()
    started_on = GovukDateField(label="Date it started", help_text="For example, 27 3 2026")
    summary = forms.CharField(
        label="What it is about (optional)",
        help_text="Who and what it pursues, in a few lines. Its members read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TEXT_LIMIT,
    )

    def __init__(self, *args: Any, areas: list[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(areas) > 1:  # an agency serving several areas says whose operation this is
            self.fields["area"] = forms.ChoiceField(
                label="Which area's operation is it?",
                choices=[("", "Choose"), *((str(area.pk), area.name) for area in areas)],
                error_messages={"required": "Choose the area"},
            )

    def area(self, areas: list[Authority]) -> Authority:
        chosen = self.cleaned_data.get("area")
        return next((area for area in areas if str(area.pk) == chosen), areas[0])

    def facts(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("area", None)
        return data


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    status = forms.ChoiceField(
        label="Where it stands now",
        choices=OperationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where it stands", "invalid_choice": "Choose where it stands"},
    )
    closed_on = GovukDateField(
        label="Date it closed (when closing)", required=False, help_text="Leave blank for today."
    )
    outcome = forms.CharField(
        label="Outcome (when closing)",
        help_text="What the operation achieved: arrests, orders, children safeguarded.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_LIMIT,
    )
    reason = forms.CharField(
        label="Why",
        help_text="Kept in the operation's history.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why it stands there now"},
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agency = f" ({obj.agency.name})" if obj.agency else ""
        return f"{obj.get_full_name() or obj.username}, {', '.join(obj.role_labels())}{agency}"


class MemberForm(forms.Form):
    user = PersonChoiceField(
        label="Person to add",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the person to add", "invalid_choice": "Choose the person to add"},
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "user", forms.ModelChoiceField).queryset = (
            User.objects.filter(pk__in=[person.pk for person in people])
            .select_related("agency")
            .order_by("last_name", "first_name", "pk")
        )


class EntityAddForm(forms.Form):
    entity = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class FindForm(forms.Form):
    q = forms.CharField(label="Find a child, person, group, place, vehicle or phone", max_length=200)


class DisruptionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.tactic.name} against {obj.target.name}, from {obj.started_on:%-d %b %Y}"


class DisruptionAddForm(forms.Form):
    disruption = DisruptionChoiceField(
        label="Disruption activity",
        queryset=Disruption.objects.none(),
        empty_label="Choose the order or tactic",
        error_messages={
            "required": "Choose the disruption activity",
            "invalid_choice": "Choose the disruption activity",
        },
    )

    def __init__(self, *args: Any, choices: list[Disruption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "disruption", forms.ModelChoiceField).queryset = (
            Disruption.objects.filter(pk__in=[row.pk for row in choices])
            .select_related("tactic", "target")
            .order_by("-started_on", "-pk")
        )


class RemoveForm(forms.Form):
    item = forms.ChoiceField(
        label="What to take out",
        error_messages={"required": "Choose what to take out", "invalid_choice": "Choose what to take out"},
    )
    reason = forms.CharField(
        label="Why",
        help_text="It stays listed as taken out, with who did it, when and why.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why it is taken out of the operation"},
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "item", forms.ChoiceField).choices = [("", "Choose"), *items]
