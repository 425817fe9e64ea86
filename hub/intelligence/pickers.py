"""Place and person pickers for the forms of the Hub's own records (a missing report, a return, a return
interview): beside the record's free text, which stays as it is, the person chooses a place or a person
of concern the network already holds, or adds a new one, and the record's service links the child to it
(``origin_services.record_links_from``). Free text is never read into intelligence here.

A picker is added only for someone who may record intelligence (``checks.intelligence_record_allowed``:
the hub's analysts and police officers, the intelligence roles who may write a link); for everyone else
the form is exactly as it was, so no entity's name reaches a practitioner's or a school's page. Without
JavaScript the picker is a select of the entities the person may see (found through
``selectors.entity_search``: access-scoped and logged, at most ``PICKER_LIMIT``) and boxes for a new
one. (A typed autocomplete over a search endpoint is still to come.)"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django import forms

from hub.accounts.models import User
from hub.intelligence import checks, selectors
from hub.intelligence.models import EntityKind, LocationType

# How many known entities a picker lists; more than this and the person filters by name first.
PICKER_LIMIT = 300


@dataclass(frozen=True)
class Picked:
    """A picker's answer: a known entity (its id, checked visible) or a new one to record."""

    field: str  # the form's field, so a refusal is shown beside it
    kind: str  # the entity's kind: person or location
    link_kind: str  # the link it makes from the child: "seen_at", "found_at", "associates_with"
    entity_id: int | None = None
    name: str = ""
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)


class EntityPickerWidget(forms.MultiWidget):
    template_name = "intelligence/widgets/picker.html"

    def __init__(self, *, kind: str, choices: list[tuple[str, str]]) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "entity": forms.Select(choices=choices),
            "new": forms.TextInput(),
        }
        if kind == EntityKind.LOCATION:
            widgets["type"] = forms.Select(choices=[("", "Choose the kind of place"), *LocationType.choices])
            widgets["postcode"] = forms.TextInput()
        else:
            widgets["about"] = forms.TextInput()
        self.kind = kind
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        return [None] * len(self.widgets)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["kind_label"] = "place" if self.kind == EntityKind.LOCATION else "person"
        subs = context["widget"]["subwidgets"]
        context["adding"] = bool(subs[1].get("value"))
        return context


class EntityPickerField(forms.MultiValueField):
    """Choose a known place or person of concern, or add a new one (a name and, for a place, its kind
    and postcode; for a person, what is known of them). Empty when neither is given."""

    def __init__(self, *, user: User, kind: str, link_kind: str, **kwargs: Any) -> None:
        found = selectors.entity_search(user, "", kind=kind, limit=PICKER_LIMIT)
        noun = "place" if kind == EntityKind.LOCATION else "person"
        choices = [("", f"No known {noun} chosen"), *((str(e.pk), _label(e)) for e in found)]
        self.user, self.kind, self.link_kind = user, kind, link_kind
        fields: list[forms.Field] = [
            forms.ChoiceField(choices=choices, required=False),
            forms.CharField(max_length=200, required=False),
        ]
        if kind == EntityKind.LOCATION:
            fields.append(forms.CharField(required=False))
            fields.append(forms.CharField(max_length=10, required=False))
        else:
            fields.append(forms.CharField(max_length=300, required=False))
        super().__init__(
            fields=fields,
            widget=EntityPickerWidget(kind=kind, choices=choices),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> Picked | None:
        if not data_list:
            return None
        chosen, new = data_list[0], (data_list[1] or "").strip()
        if chosen and new:
            raise forms.ValidationError("Choose a known one or add a new one, not both")
        if chosen:
            return Picked(field="", kind=self.kind, link_kind=self.link_kind, entity_id=int(chosen))
        if not new:
            if any((value or "").strip() for value in data_list[2:]):
                raise forms.ValidationError("Enter the new one's name, or choose a known one")
            return None
        if self.kind == EntityKind.LOCATION:
            if not data_list[2]:
                raise forms.ValidationError("Choose what kind of place the new one is")
            facts = {"location_type": data_list[2], "postcode": data_list[3] or ""}
        else:
            facts = {"description": data_list[2] or ""}
        return Picked(field="", kind=self.kind, link_kind=self.link_kind, name=new, facts=facts)


def _label(entity: Any) -> str:
    return f"{entity.name}, {entity.postcode}" if entity.postcode else entity.name


def pickers_allowed(user: User | None) -> bool:
    """Whether a form shows pickers to ``user``: only to whoever may record intelligence."""
    return user is not None and checks.intelligence_record_allowed(by=user)


class PickerFormMixin:
    """A form that offers pickers: ``add_pickers`` adds them for a person who may record intelligence,
    and ``picks`` gives their answers, each naming its field."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_pickers(self, user: User | None, specs: dict[str, tuple[str, str, str]]) -> None:
        """``specs``: field name -> (label, entity kind, link kind)."""
        self.picker_names: list[str] = []
        if not pickers_allowed(user):
            return
        assert user is not None
        for name, (label, kind, link_kind) in specs.items():
            self.fields[name] = EntityPickerField(user=user, kind=kind, link_kind=link_kind, label=label)
            self.picker_names.append(name)

    def picks(self) -> list[Picked]:
        answers = []
        for name in self.picker_names:
            picked = self.cleaned_data.get(name)
            if picked is not None:
                answers.append(
                    Picked(
                        field=name,
                        kind=picked.kind,
                        link_kind=picked.link_kind,
                        entity_id=picked.entity_id,
                        name=picked.name,
                        facts=picked.facts,
                    )
                )
        return answers
