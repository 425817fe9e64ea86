"""Forms for plans: starting one, changing its lead, adding an action, closing it, comparing versions
and auditing it. The form for agreeing and reviewing a plan is in ``version_forms``."""

from __future__ import annotations

from typing import Any

from django import forms

from hub.accounts.models import Agency, User
from hub.actions.selectors import owner_agencies
from hub.core import clock
from hub.core.forms import GovukDateField, correction_reason_field, field_of
from hub.plans import contexts
from hub.plans.models import (
    AuditAnswer,
    AuditGrade,
    AuditQuestion,
    CloseReason,
)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        parts = [obj.get_full_name() or obj.get_username(), obj.job_title, str(obj.agency or "")]
        return ", ".join(part for part in parts if part)


class StartForm(forms.Form):
    lead = PersonChoiceField(
        label="Who will lead the plan?",
        help_text="The case holder, who fills the plan in and keeps it up to date.",
        queryset=User.objects.none(),
        empty_label="Choose who will lead it",
        error_messages={
            "required": "Choose who will lead the plan",
            "invalid_choice": "Choose someone from the list",
        },
    )
    started_from = forms.CharField(
        label="Where was the plan decided? (optional)",
        help_text="For example, MEP on 3 March, or a strategy discussion.",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "lead", forms.ModelChoiceField).queryset = leads


class LeadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    lead = PersonChoiceField(
        label="Who leads the plan now?",
        help_text="A case holder or hub coordinator of the plan's area.",
        queryset=User.objects.none(),
        empty_label="Choose who leads it",
        error_messages={
            "required": "Choose who leads the plan",
            "invalid_choice": "Choose someone from the list",
        },
    )
    reason = correction_reason_field(
        required_message="Say why the lead is changing",
        label="Why is the lead changing?",
        help_text="For example, the lead was recorded wrongly, or the case has passed to another worker.",
    )

    def __init__(self, *args: Any, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "lead", forms.ModelChoiceField).queryset = leads


class ContextStartForm(StartForm):
    context = forms.ChoiceField(
        label="What is the plan for?",
        choices=[],
        error_messages={"required": "Choose what the plan is for", "invalid_choice": "Choose from the list"},
    )
    field_order = ["context", "lead", "started_from"]

    def __init__(self, *args: Any, authority_ids: list[int], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority_ids = authority_ids
        self.user = user
        field_of(self, "context", forms.ChoiceField).choices = [
            ("", "Choose a school, place, group or person"),
            *contexts.choices_for(authority_ids, user),
        ]

    def clean_context(self) -> Any:
        record = contexts.resolve(self.cleaned_data["context"], self.authority_ids, self.user)
        if record is None:
            raise forms.ValidationError("Choose from the list")
        return record


class ActionForm(forms.Form):
    title = forms.CharField(
        label="What is to be done?", max_length=500, error_messages={"required": "Say what is to be done"}
    )
    detail = forms.CharField(
        label="More detail (optional)", widget=forms.Textarea, max_length=5000, required=False
    )
    owner_agency = forms.ModelChoiceField(
        label="Which agency will do it?",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={
            "required": "Choose the agency that will do it",
            "invalid_choice": "Choose an agency from the list",
        },
    )
    owner_user = PersonChoiceField(
        label="Who will do it? (optional)",
        help_text="Leave this empty if the agency has not yet named someone: everyone in it sees the action.",
        queryset=User.objects.none(),
        required=False,
        empty_label="No one named yet",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    due = GovukDateField(label="Due date", help_text="For example, 27 3 2027")

    def __init__(self, *args: Any, authority_id: int, people: Any, child: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each school is its own organisation: an action about a child goes to the child's school.
        field_of(self, "owner_agency", forms.ModelChoiceField).queryset = owner_agencies(
            authority_id, child=child
        )
        field_of(self, "owner_user", forms.ModelChoiceField).queryset = people

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        agency, person = cleaned.get("owner_agency"), cleaned.get("owner_user")
        if agency is not None and person is not None and person.agency_id != agency.pk:
            self.add_error(
                "owner_user",
                f"{person.get_full_name()} works for {person.agency}: choose that agency or no one by name",
            )
        due = cleaned.get("due")
        if due is not None and due < clock.today():
            self.add_error("due", "The due date cannot be in the past")
        return cleaned

    def action_values(self) -> dict[str, Any]:
        """What the action services take from a valid form: the title, due date, owner and detail."""
        names = ("title", "due", "owner_user", "owner_agency", "detail")
        return {name: self.cleaned_data[name] for name in names}


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label="Why is the plan closing?",
        choices=CloseReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the plan is closing"},
    )
    note = forms.CharField(
        label="What has happened, and what happens next?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say why the plan is closing and what happens next"},
    )


class CompareForm(forms.Form):
    before = forms.TypedChoiceField(label="Compare version", coerce=int, choices=[])
    after = forms.TypedChoiceField(label="with version", coerce=int, choices=[])

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(number, f"Version {number}") for number in numbers]
        field_of(self, "before", forms.ChoiceField).choices = choices
        field_of(self, "after", forms.ChoiceField).choices = choices
        for name in ("before", "after"):
            self.fields[name].error_messages = {
                "required": "Choose two versions to compare",
                "invalid_choice": "Choose versions of this plan",
            }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("before") is not None and cleaned.get("before") == cleaned.get("after"):
            self.add_error("after", "Choose two different versions")
        return cleaned


class PlanAuditForm(forms.Form):
    grade = forms.ChoiceField(
        label="Overall grade",
        choices=AuditGrade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the overall grade"},
    )
    findings = forms.CharField(
        label="Findings",
        help_text="What is good, what must improve and why.",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Write the audit's findings"},
    )
    field_order = ["grade", "findings"]

    def __init__(self, *args: Any, questions: list[AuditQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=f"{number}. {question.text}",
                help_text=question.guidance,
                choices=AuditAnswer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer question {number}: {question.text}"},
            )
            self.fields[f"q{question.pk}-comment"] = forms.CharField(
                label=f"Comment on question {number} (optional)",
                widget=forms.Textarea,
                max_length=5000,
                required=False,
            )
        self.order_fields([*[name for name in self.fields if name.startswith("q")], "grade", "findings"])

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"q{q.pk}"], self[f"q{q.pk}-comment"]) for q in self.questions]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            q.pk: (self.cleaned_data[f"q{q.pk}"], self.cleaned_data[f"q{q.pk}-comment"])
            for q in self.questions
        }
