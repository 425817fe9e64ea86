"""Form pieces in the GOV.UK pattern: a date as day, month and year boxes, and error messages in
plain words that say what to do."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeVar

from django import forms

from hub.core import clock

_DIGITS = re.compile(r"[0-9]+")


class GovukDateWidget(forms.MultiWidget):
    template_name = "govuk/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "month": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "year": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                }
            ),
        }
        super().__init__(widgets, attrs)

    def id_for_label(self, id_: str) -> str:
        # The error summary links to the day box, whose id MultiWidget numbers "_0" (its own answer
        # here is "": a dead link).
        return f"{id_}_0" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # Django marks a field with errors aria-invalid: the boxes turn red, as GOV.UK shows them.
        context["widget"]["invalid"] = (
            str(context["widget"]["attrs"].get("aria-invalid", "")).lower() == "true"
        )
        return context

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """Day, month and year boxes. ``label`` names the date in messages ("Enter the date of birth")."""

    widget = GovukDateWidget

    def __init__(self, *, past_only: bool = False, **kwargs: Any) -> None:
        self.past_only = past_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, require_all_fields=False, **kwargs)

    def _name(self) -> str:
        return str(self.label or "date").lower()

    def clean(self, value: Any) -> date | None:
        day, month, year = ((part or "").strip() for part in (value or ["", "", ""]))
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter the {self._name()}")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"The {self._name()} must include a {' and '.join(missing)}")
        not_real = forms.ValidationError(f"The {self._name()} must be a real date, like 27 3 2012")
        # ASCII digits only, and the year's length checked before it becomes a number: int() takes
        # "1_999" and other scripts' digits, and date() overflows on a twenty-digit year.
        if not all(_DIGITS.fullmatch(part) for part in (day, month, year)):
            raise not_real
        if len(year) != 4:
            raise forms.ValidationError(f"The year of the {self._name()} must have 4 numbers, like 2012")
        try:
            result = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise not_real from None
        if not clock.accepts(result):
            raise forms.ValidationError(
                f"The {self._name()} must be between {clock.EARLIEST_DATE.year} and {clock.LATEST_DATE.year}"
            )
        if self.past_only and result > clock.today():
            raise forms.ValidationError(f"The {self._name()} must be today or in the past")
        return result

    def compress(self, data_list: list[Any]) -> Any:  # clean() does the work
        return data_list


def add_refusal(form: forms.Form, refused: Exception) -> None:
    """Put a service's refusal on the form: beside the field it names (a date's day box for a date split
    into date and time), else at the top. The error summary links to it either way."""
    field = getattr(refused, "field", None)
    for name in (field, f"{field}_date") if field else ():
        if name in form.fields:
            form.add_error(name, str(refused))
            return
    form.add_error(None, str(refused))


def late_entry_reason_field(**kwargs: Any) -> forms.CharField:
    """Why an event is being recorded long after it happened (``hub.core.late``). Optional on the form:
    the service asks for it only when the event is late, and the page shows it once asked
    (``govuk/late_entry.html``)."""
    kwargs.setdefault("label", "Why is this being recorded now?")
    kwargs.setdefault("help_text", "For example, it was only reported to you now, or found in old records.")
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False, **kwargs
    )


def correction_reason_field(
    *, required_message: str = "Say why you are correcting it", **kwargs: Any
) -> forms.CharField:
    """The reason a correction asks for: what was wrong and how the person knows. Everyone who may see
    the record reads it in its corrections."""
    kwargs.setdefault("label", "Why are you correcting it?")
    kwargs.setdefault(
        "help_text",
        "Say what was wrong and how you know. Everyone who can see the record will see this reason.",
    )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": required_message,
            "max_length": "The reason must be 2000 characters or fewer",
        },
        **kwargs,
    )


FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field ``name`` as the kind it is declared (``form.fields`` types each as a plain
    ``Field``), to set what only that kind has: a choice field's choices, a model field's queryset."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
