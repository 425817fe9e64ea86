"""Forms for missing reports, returns, risk grading, allocation and the return interview. Each date is
a GOV.UK date input with a time box ("HH:MM") beside it; ``clean`` joins them into a local time."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from hub.accounts.models import User
from hub.core import clock
from hub.core.forms import GovukDateField, correction_reason_field, field_of, late_entry_reason_field
from hub.intelligence.pickers import PickerFormMixin
from hub.missing.models import DfeMissingCode, ReportedBy, RiskGrade
from hub.reference.models import LateInterviewReason, MissingFactor, ScreeningIndicator

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
YES_NO = [("yes", "Yes"), ("no", "No")]


class TimeField(forms.CharField):
    """A 24-hour time typed as HH:MM ("21:30"); ``label`` names it in messages."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("help_text", "Use the 24-hour clock, for example 21:30")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> time | None:
        text = (value or "").strip()
        if not text:
            if self.required:
                raise forms.ValidationError(f"Enter the {str(self.label).lower()}")
            return None
        match = TIME_PATTERN.match(text)
        if not match:
            raise forms.ValidationError(
                f"The {str(self.label).lower()} must be a time on the 24-hour clock, like 21:30"
            )
        return time(int(match.group(1)), int(match.group(2)))


def joined(day: date | None, at: time | None) -> datetime | None:
    if day is None or at is None:
        return None
    return timezone.make_aware(datetime.combine(day, at))


class WhenMixin:
    """Joins ``<name>_date`` and ``<name>_time`` into ``cleaned_data[name]``. Whether the moment can be
    true (not in the future, after the child's birth, in order) is the service's to say, as it is for
    the API and imports (``hub.core.dates``); the page shows its message beside the field."""

    when_fields: tuple[str, ...] = ()

    def join_times(self, cleaned: dict[str, Any]) -> None:
        for name in self.when_fields:
            cleaned[name] = joined(cleaned.get(f"{name}_date"), cleaned.get(f"{name}_time"))


# The places and people a form's pickers offer (``hub.intelligence.pickers``), beside its free text:
# field -> (label, entity kind, link from the child). Shown only to those who may record intelligence.
REPORT_PICKERS = {"last_seen_place": ("The place they were last seen, if known", "location", "seen_at")}
RETURN_PICKERS = {
    "found_place": ("The place they were found, if known", "location", "found_at"),
    "found_person": ("A person of concern they were with, if known", "person", "associates_with"),
}
INTERVIEW_PICKERS = {
    "went_place": ("A place they went to, if known", "location", "seen_at"),
    "with_person": ("A person of concern they were with, if known", "person", "associates_with"),
}


class ReportForm(PickerFormMixin, WhenMixin, forms.Form):
    when_fields = ("reported_at", "last_seen_at")

    reported_by_kind = forms.ChoiceField(label="Who reported the child missing?", choices=ReportedBy.choices)
    reported_at_date = GovukDateField(label="Date reported", help_text="For example, 27 3 2026")
    reported_at_time = TimeField(label="Time reported")
    last_seen_at_date = GovukDateField(label="Date last seen", help_text="For example, 27 3 2026")
    last_seen_at_time = TimeField(label="Time last seen")
    last_seen_where = forms.CharField(label="Where were they last seen?", max_length=300, required=False)
    risk_grade = forms.ChoiceField(label="Police risk grade", choices=RiskGrade.choices)
    police_reference = forms.CharField(label="Police reference", max_length=40, required=False)
    dfe_code = forms.ChoiceField(
        label="For a looked-after child: missing or away from placement?",
        choices=[*DfeMissingCode.choices, ("", "Not looked after, or not known")],
        required=False,
    )
    placement = forms.CharField(label="Placement at the time", max_length=300, required=False)
    late_entry_reason = forms.CharField(
        label="If the child was last seen more than 30 days ago, why is it being recorded now?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_pickers(user, REPORT_PICKERS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self.join_times(cleaned)
        return cleaned

    def report(self) -> dict[str, Any]:
        """The answers as ``services.episode_report`` takes them."""
        data = self.cleaned_data
        names: tuple[str, ...] = ("reported_at", "reported_by_kind", "last_seen_at", "risk_grade")
        names += ("last_seen_where", "police_reference", "dfe_code", "placement", "late_entry_reason")
        return {**{name: data[name] for name in names}, "picks": self.picks()}


class ReturnForm(PickerFormMixin, WhenMixin, forms.Form):
    when_fields = ("returned_at", "hub_notified_at")

    version = forms.IntegerField(widget=forms.HiddenInput)
    returned_at_date = GovukDateField(label="Date found or returned", help_text="For example, 27 3 2026")
    returned_at_time = TimeField(label="Time found or returned")
    hub_notified_at_date = GovukDateField(label="Date the hub was told", help_text="For example, 27 3 2026")
    hub_notified_at_time = TimeField(label="Time the hub was told")
    returned_where = forms.CharField(label="Where were they found?", max_length=300, required=False)
    returned_with = forms.CharField(label="Who were they with?", max_length=300, required=False)
    return_method = forms.CharField(label="How were they found or returned?", max_length=300, required=False)
    late_entry_reason = late_entry_reason_field()

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_pickers(user, RETURN_PICKERS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self.join_times(cleaned)
        return cleaned


class RiskForm(forms.Form):
    grade = forms.ChoiceField(label="New police risk grade", choices=RiskGrade.choices)
    reason = forms.CharField(label="Why has the grade changed?", max_length=500)


class PersonChoiceField(forms.ModelChoiceField):
    """A person, named with their agency."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.agency})"


class FactorsChoiceField(forms.ModelMultipleChoiceField):
    """Push and pull factors, each with its kind."""

    def label_from_instance(self, obj: MissingFactor) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class AllocateForm(forms.Form):
    worker = PersonChoiceField(
        label="Return interviewer", queryset=None, empty_label="Choose a return interviewer"
    )

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "worker", forms.ModelChoiceField).queryset = workers


class InterviewForm(PickerFormMixin, WhenMixin, forms.Form):
    when_fields = ("interview_at",)

    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Did the interview take place?",
        choices=[("held", "Yes, the interview was held"), ("declined", "No, the child declined")],
    )
    interview_at_date = GovukDateField(label="Date of the interview", required=False)
    interview_at_time = TimeField(label="Time of the interview", required=False)
    face_to_face = forms.ChoiceField(label="Was it face to face?", choices=YES_NO, required=False)
    not_face_to_face_reason = forms.CharField(
        label="Why was it not face to face?", widget=forms.Textarea, max_length=5000, required=False
    )
    declined_reason = forms.CharField(
        label="The child's reason for declining", widget=forms.Textarea, max_length=5000, required=False
    )
    carer_information = forms.CharField(
        label="What carers said", widget=forms.Textarea, max_length=5000, required=False
    )
    late_reason = forms.ModelChoiceField(
        label="Why was it later than 72 hours?",
        queryset=LateInterviewReason.objects.none(),
        required=False,
        empty_label="It was not late",
    )
    late_detail = forms.CharField(
        label="More about the delay", widget=forms.Textarea, max_length=5000, required=False
    )
    late_entry_reason = late_entry_reason_field()
    where_went = forms.CharField(
        label="Where did the child go?", widget=forms.Textarea, max_length=5000, required=False
    )
    who_with = forms.CharField(
        label="Who were they with?", widget=forms.Textarea, max_length=5000, required=False
    )
    travel_there = forms.CharField(label="How did they travel?", max_length=300, required=False)
    travel_back = forms.CharField(label="How did they get back?", max_length=300, required=False)
    factors = FactorsChoiceField(
        label="Push and pull factors", queryset=MissingFactor.objects.none(), required=False
    )
    harm = forms.CharField(label="Harm suffered", widget=forms.Textarea, max_length=5000, required=False)
    indicators_observed = forms.ModelMultipleChoiceField(
        label="Signs of exploitation seen", queryset=ScreeningIndicator.objects.none(), required=False
    )
    child_words = forms.CharField(
        label="The child's own words", widget=forms.Textarea, max_length=10000, required=False
    )
    actions_agreed = forms.CharField(
        label="Actions agreed", widget=forms.Textarea, max_length=5000, required=False
    )
    start_screening = forms.BooleanField(
        label="Start a screening with the signs of exploitation I saw",
        help_text="You will check it, add what you know and submit it to the hub. The signs you ticked are "
        "answered yes, and the concern is written from this interview.",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        due_at: datetime,
        may_start_screening: bool = False,
        user: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_pickers(user, INTERVIEW_PICKERS)
        self.due_at = due_at
        # When a decline was recorded (a correction judges lateness as of then, not now).
        self.declined_at: datetime | None = None
        if not may_start_screening:
            del self.fields["start_screening"]
        field_of(self, "late_reason", forms.ModelChoiceField).queryset = LateInterviewReason.objects.filter(
            active=True
        )
        field_of(self, "factors", forms.ModelChoiceField).queryset = MissingFactor.objects.filter(active=True)
        indicators = field_of(self, "indicators_observed", forms.ModelChoiceField)
        indicators.queryset = ScreeningIndicator.objects.filter(active=True)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self.join_times(cleaned)
        outcome = cleaned.get("outcome")
        if outcome == "held":
            if not cleaned.get("interview_at") and not self.has_error("interview_at_date"):
                if cleaned.get("interview_at_date") is None:
                    self.add_error("interview_at_date", "Enter the date of the interview")
                if cleaned.get("interview_at_time") is None and not self.has_error("interview_at_time"):
                    self.add_error("interview_at_time", "Enter the time of the interview")
            if not cleaned.get("face_to_face"):
                self.add_error("face_to_face", "Say whether the interview was face to face")
            elif cleaned["face_to_face"] == "no" and not cleaned.get("not_face_to_face_reason", "").strip():
                self.add_error("not_face_to_face_reason", "Say why the interview was not face to face")
        elif outcome == "declined" and not cleaned.get("declined_reason", "").strip():
            self.add_error("declined_reason", "Give the child's reason for declining")
        if cleaned.get("start_screening"):
            if outcome != "held":
                self.add_error(
                    "start_screening", "A screening can only be started from an interview that was held"
                )
            elif not cleaned.get("indicators_observed"):
                self.add_error(
                    "start_screening", "Tick the signs of exploitation you saw, or do not start a screening"
                )
        finished = cleaned.get("interview_at") if outcome == "held" else self.declined_at or clock.now()
        if finished and finished > self.due_at and not cleaned.get("late_reason"):
            self.add_error("late_reason", "This was later than 72 hours after the return: choose the reason")
        return cleaned

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        data = self.cleaned_data
        held = data["outcome"] == "held"
        values = {
            name: data[name]
            for name in (
                "carer_information",
                "late_reason",
                "late_detail",
                "where_went",
                "who_with",
                "travel_there",
                "travel_back",
                "harm",
                "child_words",
                "actions_agreed",
            )
        }
        if self.picker_names:
            values["picks"] = self.picks()
        values["factors"] = list(data["factors"])
        values["indicators_observed"] = list(data["indicators_observed"])
        if "late_entry_reason" in self.fields:
            values["late_entry_reason"] = data["late_entry_reason"]
        if held:
            values["interview_at"] = data["interview_at"]
            values["face_to_face"] = data["face_to_face"] == "yes"
            values["not_face_to_face_reason"] = (
                data["not_face_to_face_reason"] if not values["face_to_face"] else ""
            )
        else:
            values["declined_reason"] = data["declined_reason"]
        return values


class AlertDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="What has the hub decided?",
        choices=[
            ("strategy", "Hold a strategy discussion"),
            ("none", "No further action: the child's plan or the response in place covers it"),
        ],
        error_messages={"required": "Choose what the hub has decided"},
    )
    hold_by = GovukDateField(
        label="Hold the strategy discussion by",
        help_text="For example, 27 3 2026",
        required=False,
    )
    note = forms.CharField(
        label="The reason for the decision",
        help_text="Say what is known about the episodes and why this is the right response.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Give the reason for the decision"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == "strategy":
            hold_by = cleaned.get("hold_by")
            if hold_by is None and not self.has_error("hold_by"):
                self.add_error("hold_by", "Enter the date the strategy discussion is to be held by")
        return cleaned


class ChildSearchForm(forms.Form):
    name = forms.CharField(label="Child's name or identifier", max_length=200, required=False)


# --- corrections ------------------------------------------------------------------------------------


def _time_text(at: datetime | None) -> str:
    return f"{timezone.localtime(at):%H:%M}" if at else ""


def _day(at: datetime | None) -> date | None:
    return timezone.localtime(at).date() if at else None


def when_initial(**moments: datetime | None) -> dict[str, Any]:
    """Initial values for date and time boxes: ``name_date`` and ``name_time`` for each moment."""
    initial: dict[str, Any] = {}
    for name, at in moments.items():
        initial[f"{name}_date"] = _day(at)
        initial[f"{name}_time"] = _time_text(at)
    return initial


class EpisodeCorrectForm(WhenMixin, forms.Form):
    """The episode's dates and times as recorded, to be put right; the return's only once recorded."""

    when_fields = ("last_seen_at", "reported_at", "returned_at", "hub_notified_at")

    version = forms.IntegerField(widget=forms.HiddenInput)
    last_seen_at_date = GovukDateField(label="Date last seen", help_text="For example, 27 3 2026")
    last_seen_at_time = TimeField(label="Time last seen")
    reported_at_date = GovukDateField(label="Date reported", help_text="For example, 27 3 2026")
    reported_at_time = TimeField(label="Time reported")
    returned_at_date = GovukDateField(label="Date found or returned", help_text="For example, 27 3 2026")
    returned_at_time = TimeField(label="Time found or returned")
    hub_notified_at_date = GovukDateField(label="Date the hub was told", help_text="For example, 27 3 2026")
    hub_notified_at_time = TimeField(label="Time the hub was told")
    late_entry_reason = ReportForm.base_fields["late_entry_reason"]
    reason = correction_reason_field()

    def __init__(self, *args: Any, returned: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not returned:
            for name in (
                "returned_at_date",
                "returned_at_time",
                "hub_notified_at_date",
                "hub_notified_at_time",
            ):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self.join_times(cleaned)
        return cleaned

    @classmethod
    def initial_for(cls, episode: Any) -> dict[str, Any]:
        return {
            "version": episode.version,
            "late_entry_reason": episode.late_entry_reason,
            **when_initial(
                last_seen_at=episode.last_seen_at,
                reported_at=episode.reported_at,
                returned_at=episode.returned_at,
                hub_notified_at=episode.hub_notified_at,
            ),
        }


class RiskCorrectForm(WhenMixin, forms.Form):
    when_fields = ("changed_at",)

    version = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(
        label="The police risk grade",
        choices=RiskGrade.choices,
        error_messages={"required": "Choose the police risk grade"},
    )
    changed_at_date = GovukDateField(label="Date the grade applied from", help_text="For example, 27 3 2026")
    changed_at_time = TimeField(label="Time the grade applied from")
    reason = correction_reason_field()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self.join_times(cleaned)
        return cleaned


class InterviewCorrectForm(InterviewForm):
    """The interview as recorded, to be put right: the same questions, and why it is corrected."""

    reason = correction_reason_field()

    def __init__(self, *args: Any, interview: Any, **kwargs: Any) -> None:
        super().__init__(*args, due_at=interview.interview_due_at, **kwargs)
        self.declined_at = interview.first_response_at
        # Lateness was asked when the interview was first recorded; a correction gives its own reason.
        del self.fields["late_entry_reason"]

    @classmethod
    def initial_for(cls, interview: Any) -> dict[str, Any]:
        held = interview.status == "completed"
        face_to_face = {True: "yes", False: "no"}.get(interview.face_to_face, "")
        return {
            "version": interview.version,
            "outcome": "held" if held else "declined",
            **when_initial(interview_at=interview.interview_at),
            "face_to_face": face_to_face,
            "late_reason": interview.late_reason_id,
            "factors": list(interview.factors.values_list("pk", flat=True)),
            "indicators_observed": list(interview.indicators_observed.values_list("pk", flat=True)),
            **{
                name: getattr(interview, name)
                for name in (
                    "not_face_to_face_reason",
                    "declined_reason",
                    "carer_information",
                    "late_detail",
                    "where_went",
                    "who_with",
                    "travel_there",
                    "travel_back",
                    "harm",
                    "child_words",
                    "actions_agreed",
                )
            },
        }


class AlertCorrectForm(AlertDecisionForm):
    reason = correction_reason_field()

    @classmethod
    def initial_for(cls, alert: Any) -> dict[str, Any]:
        return {
            "version": alert.version,
            "decision": "strategy" if alert.strategy_discussion_requested else "none",
            "hold_by": alert.strategy_discussion_by,
            "note": alert.decision_note,
        }
