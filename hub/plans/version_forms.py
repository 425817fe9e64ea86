"""The form for agreeing and reviewing a plan: its sections, and the factor rows the person changes,
removes and adds to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from hub.core import clock
from hub.core.forms import GovukDateField, late_entry_reason_field
from hub.plans.models import (
    ContextCategory,
    FactorKind,
    PlanFactor,
    RiskRating,
)
from hub.plans.services import FACTOR_TEXT_LIMIT, FactorInput, ReviewClock

MAX_NEW_ROWS = 30


@dataclass(frozen=True)
class Section:
    key: str
    kind: str
    title: str
    row_name: str
    hint: str


SECTIONS = (
    Section(
        "individual",
        FactorKind.INDIVIDUAL_RISK,
        "Individual risk factors",
        "Individual risk factor",
        "What about the child's own life puts them at risk: for example going missing, substance use, "
        "debt, unmet needs.",
    ),
    Section(
        "contextual",
        FactorKind.CONTEXTUAL_RISK,
        "Contextual risk factors",
        "Contextual risk factor",
        "Risks in the child's peers, places, school, online world or family, outside their own choices.",
    ),
    Section(
        "protective",
        FactorKind.PROTECTIVE,
        "Protective and resilience factors",
        "Protective factor",
        "What keeps the child safe and what the plan will strengthen: trusted adults, activities, "
        "education, the child's own strengths.",
    ),
)


def _count(value: Any, default: int) -> int:
    try:
        return max(0, min(MAX_NEW_ROWS, int(value)))
    except (TypeError, ValueError):
        return default


class PlanVersionForm(forms.Form):
    """The first agreement of a plan (``review=False``) or a review. A review starts from the last
    version's factors (``carried``): each can be changed or removed, and new ones added. "Add another"
    buttons post ``add=<section>``; the view then re-shows the form with one more empty row and
    nothing saved (``with_another_row``)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    agreed_on = GovukDateField(label="Date agreed", help_text="For example, 27 3 2027")
    agreed_by = forms.CharField(
        label="Who agreed it?",
        help_text="The meeting, or the people who agreed it: for example, MEP with the child, their mother, "
        "school and police.",
        max_length=300,
        error_messages={"required": "Say who agreed the plan"},
    )
    late_entry_reason = late_entry_reason_field()
    summary = forms.CharField(
        label="What is the plan for?",
        help_text="What should be different for the child when the plan has worked.",
        widget=forms.Textarea,
        max_length=5000,
        required=False,
    )
    child_views = forms.CharField(
        label="The child's views",
        help_text="In their own words where you can. If they have not been asked, say why.",
        widget=forms.Textarea,
        max_length=5000,
        required=False,
    )
    family_views = forms.CharField(
        label="The family's views", widget=forms.Textarea, max_length=5000, required=False
    )
    progress = forms.CharField(
        label="Progress since the last version",
        help_text="What has been done, and what difference it has made.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say what progress has been made since the last version"},
    )
    changes = forms.CharField(
        label="What has changed, and why? (optional)",
        widget=forms.Textarea,
        max_length=5000,
        required=False,
    )
    review_date = GovukDateField(label="Review date")

    def __init__(
        self,
        data: Any = None,
        *,
        review: bool,
        review_clock: ReviewClock,
        carried: list[PlanFactor] | None = None,
        previous_agreed_on: date | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.review = review
        self.review_clock = review_clock
        self.previous_agreed_on = previous_agreed_on
        today = clock.today()
        self.fields["review_date"].help_text = (
            f"At most {review_clock.text} after the date agreed: for a plan agreed today, no later than "
            f"{review_clock.limit(today):%-d %B %Y}."
        )
        if not review:
            del self.fields["progress"]
            del self.fields["changes"]
        source = data if data is not None else (initial or {})
        self.rows: dict[str, list[dict[str, Any]]] = {}
        carried = carried or []
        for section in SECTIONS:
            old = [factor for factor in carried if factor.kind == section.kind]
            default_new = 1 if old else 2
            new = _count(source.get(f"{section.key}-new"), default_new)
            self.fields[f"{section.key}-new"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=new, required=False
            )
            rows = []
            for index in range(len(old) + new):
                factor = old[index] if index < len(old) else None
                rows.append(self._add_row(section, index, factor))
            self.rows[section.key] = rows

    def _add_row(self, section: Section, index: int, factor: PlanFactor | None) -> dict[str, Any]:
        name = f"{section.row_name} {index + 1}"
        prefix = f"{section.key}-{index}"
        self.fields[f"{prefix}-text"] = forms.CharField(
            label=name,
            widget=forms.Textarea,
            max_length=FACTOR_TEXT_LIMIT,
            required=False,
            initial=factor.text if factor else None,
            error_messages={"max_length": f"Keep {name.lower()} under {FACTOR_TEXT_LIMIT} characters"},
        )
        row: dict[str, Any] = {"name": name, "prefix": prefix, "factor": factor, "section": section}
        if section.kind != FactorKind.PROTECTIVE:
            self.fields[f"{prefix}-rating"] = forms.ChoiceField(
                label=f"How serious is {name.lower()}?",
                choices=RiskRating.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=factor.rating if factor else None,
            )
        if section.kind == FactorKind.CONTEXTUAL_RISK:
            self.fields[f"{prefix}-category"] = forms.ChoiceField(
                label=f"Where is {name.lower()}?",
                choices=[("", "Choose where the risk is"), *ContextCategory.choices],
                required=False,
                initial=factor.category if factor else None,
            )
        if factor is not None:
            self.fields[f"{prefix}-remove"] = forms.BooleanField(
                label=f"Remove {name.lower()} from the plan", required=False
            )
        return row

    @classmethod
    def with_another_row(cls, data: Any, *, adding: str, **kwargs: Any) -> PlanVersionForm:
        """The form as typed, unbound (so no errors show yet), with one more row in ``adding``."""
        bound = cls(data, **kwargs)
        initial = {
            name: field.widget.value_from_datadict(data, None, bound.add_prefix(name))
            for name, field in bound.fields.items()
        }
        for section in SECTIONS:
            count = len(bound.rows[section.key]) - sum(
                1 for row in bound.rows[section.key] if row["factor"] is not None
            )
            initial[f"{section.key}-new"] = min(MAX_NEW_ROWS, count + (1 if section.key == adding else 0))
        return cls(None, initial=initial, **kwargs)

    def sections(self) -> list[dict[str, Any]]:
        """Each section with the bound fields of its rows, for the template."""
        laid_out = []
        for section in SECTIONS:
            rows = []
            for row in self.rows[section.key]:
                prefix = row["prefix"]
                rows.append(
                    {
                        **row,
                        "text": self[f"{prefix}-text"],
                        "rating": self[f"{prefix}-rating"] if f"{prefix}-rating" in self.fields else None,
                        "category": self[f"{prefix}-category"]
                        if f"{prefix}-category" in self.fields
                        else None,
                        "remove": self[f"{prefix}-remove"] if f"{prefix}-remove" in self.fields else None,
                    }
                )
            laid_out.append({"section": section, "rows": rows, "new": self[f"{section.key}-new"]})
        return laid_out

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        factors: list[FactorInput] = []
        for section in SECTIONS:
            for row in self.rows[section.key]:
                prefix, name = row["prefix"], row["name"]
                text = (cleaned.get(f"{prefix}-text") or "").strip()
                rating = cleaned.get(f"{prefix}-rating") or ""
                category = cleaned.get(f"{prefix}-category") or ""
                if self.has_error(f"{prefix}-text"):
                    continue
                if row["factor"] is not None and cleaned.get(f"{prefix}-remove"):
                    continue
                if not text:
                    if row["factor"] is not None:
                        self.add_error(f"{prefix}-text", f"Describe {name.lower()}, or tick to remove it")
                    elif rating or category:
                        self.add_error(f"{prefix}-text", f"Describe {name.lower()}")
                    continue
                if section.kind != FactorKind.PROTECTIVE and not rating:
                    self.add_error(f"{prefix}-rating", f"Choose how serious {name.lower()} is")
                if section.kind == FactorKind.CONTEXTUAL_RISK and not category:
                    self.add_error(
                        f"{prefix}-category",
                        f"Choose where {name.lower()} is: peers, places, school, online, family or other",
                    )
                factors.append(
                    FactorInput(
                        section.kind,
                        text,
                        rating,
                        category,
                        row["factor"].thread if row["factor"] is not None else None,
                    )
                )
        if not any(factor.kind != FactorKind.PROTECTIVE for factor in factors) and not self.errors:
            first = next(
                (f"{row['prefix']}-text" for key in ("individual", "contextual") for row in self.rows[key]),
                None,
            )
            self.add_error(first, "Add at least one risk factor: an individual or a contextual risk")
        cleaned["factors"] = factors
        self._clean_dates(cleaned)
        return cleaned

    def _clean_dates(self, cleaned: dict[str, Any]) -> None:
        agreed_on, review_date = cleaned.get("agreed_on"), cleaned.get("review_date")
        today = clock.today()
        if agreed_on is not None:
            if agreed_on > today:
                self.add_error("agreed_on", "The date agreed cannot be in the future")
                return
            if self.previous_agreed_on and agreed_on < self.previous_agreed_on:
                self.add_error(
                    "agreed_on",
                    f"The date agreed cannot be before the last version was agreed "
                    f"({self.previous_agreed_on:%-d %B %Y})",
                )
                return
        if agreed_on is None or review_date is None:
            return
        limit = self.review_clock.limit(agreed_on)
        if review_date <= agreed_on:
            self.add_error("review_date", "The review date must be after the date agreed")
        elif review_date < today:
            self.add_error("review_date", "The review date cannot be in the past")
        elif review_date > limit:
            self.add_error(
                "review_date",
                f"The review date must be no later than {limit:%-d %B %Y}: plans are reviewed at least every "
                f"{self.review_clock.text}",
            )
