"""Forms for planning a meeting, building its agenda, recording attendance, what was shared, decisions
and actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from hub.accounts.models import Agency, User
from hub.core.forms import GovukDateField, correction_reason_field, field_of, late_entry_reason_field
from hub.missing.forms import PersonChoiceField, TimeField, joined
from hub.panels.models import CHILD_ONLY_DECISIONS, NRM_DECISIONS, DecisionKind
from hub.reference.models import LevelOfConcern, School


class ScheduleForm(forms.Form):
    held_on = GovukDateField(label="Date of the meeting", help_text="For example, 27 3 2027")
    held_time = TimeField(label="Start time")
    place = forms.CharField(label="Where (optional)", max_length=200, required=False)
    late_entry_reason = late_entry_reason_field()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        cleaned["held_at"] = joined(cleaned.get("held_on"), cleaned.get("held_time"))
        return cleaned


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = correction_reason_field(
        required_message="Say why the meeting is cancelled",
        label="Why is the meeting cancelled?",
        help_text="Its members will see this on their home page.",
    )


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Named ``held_at_*`` so the service's refusal of ``held_at`` lands beside the date.
    held_at_date = GovukDateField(label="New date of the meeting", help_text="For example, 27 3 2027")
    held_at_time = TimeField(label="New start time")
    reason = correction_reason_field(
        required_message="Say why the meeting is moved",
        label="Why is the meeting moved?",
        help_text="Its members will see this on their home page.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        cleaned["held_at"] = joined(cleaned.get("held_at_date"), cleaned.get("held_at_time"))
        return cleaned


class AddItemForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the item about?",
        choices=[("child", "A child"), ("school", "A school"), ("theme", "A theme")],
        error_messages={"required": "Choose what the item is about"},
    )
    child = forms.CharField(
        label="The child's Hub ID or name", max_length=200, required=False, help_text="For example, 1042"
    )
    school = forms.ModelChoiceField(
        label="School", queryset=School.objects.none(), required=False, empty_label="Choose a school"
    )
    theme = forms.CharField(label="Theme", max_length=300, required=False)
    reason = forms.CharField(
        label="Why is it on the agenda?",
        help_text="Needed for a child the Hub did not propose: every member will be able to read "
        "their record.",
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, authority: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "school", forms.ModelChoiceField).queryset = School.objects.filter(
            authority=authority, active=True
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("kind")
        if kind == "child" and not cleaned.get("child", "").strip():
            self.add_error("child", "Enter the child's Hub ID or name")
        elif kind == "school" and not cleaned.get("school"):
            self.add_error("school", "Choose the school")
        elif kind == "theme" and not cleaned.get("theme", "").strip():
            self.add_error("theme", "Name the theme")
        return cleaned


class AttendanceForm(forms.Form):
    """One radio group per person invited, named by the attendance id."""

    CHOICES = [("present", "Present"), ("apologies", "Sent apologies"), ("absent", "Did not attend")]

    def __init__(self, *args: Any, attendances: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for attendance in attendances:
            self.fields[f"a{attendance.pk}"] = forms.ChoiceField(
                label=f"{attendance.user.get_full_name()}, {attendance.agency}",
                choices=self.CHOICES,
                initial=attendance.status if attendance.status != "invited" else None,
                error_messages={"required": f"Say whether {attendance.user.get_full_name()} came"},
            )

    def statuses(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class SharedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    information_shared = forms.CharField(
        label="Information shared", widget=forms.Textarea, max_length=20000, required=False
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Decision", choices=DecisionKind.choices, error_messages={"required": "Choose the decision"}
    )
    level = forms.ModelChoiceField(
        label="New level of concern (for a change of level)",
        queryset=LevelOfConcern.objects.none(),
        required=False,
        empty_label="Choose a level",
    )
    detail = forms.CharField(
        label="The decision and its reason",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Write the decision and its reason"},
    )

    def __init__(
        self,
        *args: Any,
        about_child: bool = True,
        monitored: bool = False,
        nrm_panel: bool = False,
        **kwargs: Any,
    ) -> None:
        """Only the decisions that can be made about this item are offered: those about a child for a
        child, escalation to SEP for a child SEP does not already monitor, removal for one it does, and
        NRM decisions only at a devolved NRM panel."""
        super().__init__(*args, **kwargs)
        level = field_of(self, "level", forms.ModelChoiceField)
        level.queryset = LevelOfConcern.objects.filter(active=True).order_by("rank")
        offered = set(DecisionKind.values)
        if not nrm_panel:
            offered -= set(NRM_DECISIONS)
        if not about_child:
            offered -= set(CHILD_ONLY_DECISIONS)
        else:
            offered.discard(DecisionKind.ESCALATE_SEP if monitored else DecisionKind.REMOVE_SEP)
        field_of(self, "kind", forms.ChoiceField).choices = [
            (value, label) for value, label in DecisionKind.choices if value in offered
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("kind") == DecisionKind.LEVEL and not cleaned.get("level"):
            self.add_error("level", "Choose the new level of concern")
        return cleaned


class ActionForm(forms.Form):
    title = forms.CharField(
        label="What is to be done", max_length=500, error_messages={"required": "Say what is to be done"}
    )
    owner_user = PersonChoiceField(
        label="Who will do it", queryset=User.objects.none(), required=False, empty_label="No one named yet"
    )
    owner_agency = forms.ModelChoiceField(
        label="Or which agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose an agency",
    )
    due = GovukDateField(label="Due by", help_text="For example, 27 3 2027")

    def __init__(self, *args: Any, people: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "owner_user", forms.ModelChoiceField).queryset = people
        field_of(self, "owner_agency", forms.ModelChoiceField).queryset = agencies

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("owner_user") and not cleaned.get("owner_agency"):
            self.add_error("owner_user", "Choose who will do it, or the agency")
        return cleaned


def local_date(at: datetime) -> Any:
    return timezone.localtime(at).date()
