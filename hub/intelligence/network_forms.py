"""What a reader asks of the network (the page's controls and the API's query string, one form for
both): how many steps, which kinds of link, the period the links were seen in, the least sure grade."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from hub.core import clock
from hub.intelligence.models import LinkKind
from hub.intelligence.network import GRADE_NAMES
from hub.intelligence.network_selectors import Filters


class _DayInput(forms.DateInput):
    input_type = "date"


class _IsoDate(forms.DateField):
    widget = _DayInput(format="%Y-%m-%d")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["%Y-%m-%d"], required=False, **kwargs)

    def clean(self, value: Any) -> date | None:
        day = super().clean(value)
        if day is not None and not clock.EARLIEST_DATE <= day <= clock.LATEST_DATE:
            raise forms.ValidationError(
                f"Enter a date between {clock.EARLIEST_DATE:%Y-%m-%d} and {clock.LATEST_DATE:%Y-%m-%d}."
            )
        return day


class NetworkForm(forms.Form):
    steps = forms.TypedChoiceField(
        label="Steps from this record",
        choices=[(1, "1 step"), (2, "2 steps"), (3, "3 steps")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds of link (none ticked: every kind)",
        choices=LinkKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    since = _IsoDate(label="Seen on or after (YYYY-MM-DD)")
    until = _IsoDate(label="Seen on or before (YYYY-MM-DD)")
    min_grade = forms.ChoiceField(
        label="Least sure intelligence grade shown",
        choices=[("", "Any grade")]
        + [
            (grade, f"{grade} or surer (5x5x5: {i} or surer)") for i, grade in enumerate(GRADE_NAMES, start=1)
        ],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end of the period must not be before its start.")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            steps=data.get("steps") or 2,
            kinds=tuple(sorted(data.get("kinds") or ())),
            since=data.get("since"),
            until=data.get("until"),
            min_grade=data.get("min_grade") or "",
        )
