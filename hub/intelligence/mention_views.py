"""The page of links the Hub's own records suggest: an analyst or officer confirms each (with its
grading) or dismisses it (with the reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hub.accounts.signed_in import SignedInRequest
from hub.audit.decorators import role_required
from hub.audit.services import log_consultation
from hub.core.errors import RuleRefused
from hub.core.forms import add_refusal
from hub.intelligence import forms, mention_services
from hub.intelligence.access import INTELLIGENCE_WRITERS
from hub.intelligence.mention_selectors import Suggestion, link_suggestions


def key_of(suggestion: Suggestion) -> str:
    mention = suggestion.mention
    return f"{suggestion.origin_type_id}-{mention.origin.pk}-{suggestion.entity.pk}-{mention.kind}"


@login_required
@role_required(*INTELLIGENCE_WRITERS)
@require_http_methods(["GET", "POST"])
def suggestions(request: SignedInRequest) -> HttpResponse:
    rows = link_suggestions(request.user)
    if rows:
        log_consultation(
            records=[row.child for row in rows],
            justification="intelligence work in the record's area",
            detail="suggested links",
        )
    form = forms.SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next((row for row in rows if key_of(row) == data["key"]), None)
        if chosen is None:
            form.add_error(None, "That suggestion has already been answered, or is no longer suggested.")
        else:
            try:
                if data["answer"] == "confirm":
                    mention_services.mention_confirm(
                        by=request.user,
                        child=chosen.child,
                        entity=chosen.entity,
                        kind=chosen.mention.kind,
                        on=chosen.mention.on,
                        origin=chosen.mention.origin,
                        origin_label=chosen.mention.label,
                        source_grade=data["source_grade"],
                        intelligence_grade=data["intelligence_grade"],
                        handling_code=data["handling_code"],
                    )
                    messages.success(request, f"Linked: {chosen.child.full_name} and {chosen.entity.name}.")
                else:
                    mention_services.mention_dismiss(
                        by=request.user,
                        entity=chosen.entity,
                        kind=chosen.mention.kind,
                        origin=chosen.mention.origin,
                        reason=data["reason"],
                    )
                    messages.success(request, "Dismissed: it will not be suggested again.")
            except RuleRefused as refused:
                add_refusal(form, refused)
            else:
                return redirect("intelligence:suggestions")
    return render(
        request,
        "intelligence/suggestions.html",
        {"rows": [(row, key_of(row)) for row in rows], "form": form},
    )
