"""The page where the hub or the police raise a place, group or person of concern for a panel's agenda
(``cases.py`` checks who may and which meetings take it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.core.errors import RuleRefused
from hub.core.forms import add_refusal
from hub.intelligence.access import CASE_WRITERS
from hub.intelligence.contexts import case_get_for_user
from hub.panels import cases
from hub.panels.models import Meeting


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


class RaiseForm(forms.Form):
    meeting = MeetingChoice(
        label="Which meeting?",
        queryset=Meeting.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the meeting", "invalid_choice": "Choose a meeting from the list"},
    )
    reason = forms.CharField(
        label="What is the panel asked to consider?",
        help_text="What the panel should know and decide: the children linked, the pattern, your proposal.",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say what the panel is asked to consider"},
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, MeetingChoice)
        field.queryset = meetings


@login_required
@role_required(*CASE_WRITERS)
@require_http_methods(["GET", "POST"])
def raise_case(request: SignedInRequest, pk: int) -> HttpResponse:
    case, _ = case_get_for_user(request.user, pk)
    cases.case_raise_check(by=request.user, entity=case)
    meetings = cases.meetings_to_raise_for(case)
    # Raised from an emerging context's alert: its words start the reason.
    form = RaiseForm(
        request.POST or None, meetings=meetings, initial={"reason": request.GET.get("reason", "")[:2000]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = cases.case_raise(
                by=request.user,
                entity=case,
                meeting=form.cleaned_data["meeting"],
                reason=form.cleaned_data["reason"],
            )
        except RuleRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"{case.name} is on the agenda of {item.meeting.label}.")
            return redirect("intelligence:case", pk=case.pk)
    return render(
        request, "panels/raise_case.html", {"case": case, "form": form, "any_meetings": meetings.exists()}
    )
