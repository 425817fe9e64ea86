"""The period the places are ranked over (the page's controls and the API's query string, one form for
both): from and to, both days included; either left out is filled from the other, or from the default
(the last 90 days). A day that is not a real date, a day outside the dates the Hub keeps, or a period
that ends before it starts is refused with what to do."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from hub.core import clock
from hub.intelligence.places import DEFAULT_DAYS, default_period


class _DayInput(forms.DateInput):
    input_type = "date"


class _Day(forms.DateField):
    widget = _DayInput(format="%Y-%m-%d")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            input_formats=["%Y-%m-%d"],
            required=False,
            error_messages={"invalid": "Enter a real date as YYYY-MM-DD, like 2026-11-18."},
            **kwargs,
        )

    def clean(self, value: Any) -> date | None:
        day = super().clean(value)
        if day is not None and not clock.EARLIEST_DATE <= day <= clock.LATEST_DATE:
            raise forms.ValidationError(
                f"Enter a date between {clock.EARLIEST_DATE:%Y-%m-%d} and {clock.LATEST_DATE:%Y-%m-%d}."
            )
        return day


class PlacesForm(forms.Form):
    since = _Day(label="From (YYYY-MM-DD)")
    until = _Day(label="To (YYYY-MM-DD)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end of the period must not be before its start: check the dates.")
        return data

    def period(self) -> tuple[date, date]:
        """The period asked for (the form is valid), its gaps filled."""
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until:
            return since, until
        if until:
            return until - timedelta(days=DEFAULT_DAYS - 1), until
        default_since, today = default_period()
        if since:
            return since, max(since, today)
        return default_since, today
