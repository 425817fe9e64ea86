"""The agenda pack and the minutes as PDF (WeasyPrint). Each copy is made for one reader: it carries
their name, agency and the time it was made on every page, holds only the items they are entitled to,
and its making is a disclosure in the access log: of the meeting, and of each child in the copy with
the reader's real basis for that child."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from hub.accounts import access
from hub.audit.models import LogAction
from hub.audit.services import log_each
from hub.children.models import Child
from hub.panels import briefing, selectors
from hub.panels.models import Meeting


def _recipient(user: Any) -> str:
    return f"{user.get_full_name()} ({user.agency})" if user.agency_id else user.get_full_name()


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    html = render_to_string(template, context)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _disclose(
    meeting: Meeting, user: Any, *, basis: str, children: list[tuple[Child, str]], what: str
) -> None:
    """The copy's making as disclosures to its reader: the meeting with the reader's basis for it, and
    each child in it with the reader's own basis for that child (allocation, panel membership, hub
    review...), one entry each, written together."""
    records: list[tuple[Any, str]] = [(meeting, basis), *children]
    log_each(
        action=LogAction.DISCLOSE,
        records=records,
        recipient=_recipient(user),
        detail=f"{what}: {meeting.label}",
    )


def agenda_pack(meeting: Meeting, user: Any, *, basis: str) -> HttpResponse:
    """``basis`` is the reader's basis for the meeting (from the logged read of it)."""
    briefings = briefing.brief_meeting(meeting, user, purpose="agenda pack")
    children = [(b.item.child, b.basis) for b in briefings if b.item.child_id and not b.restricted]
    _disclose(meeting, user, basis=basis, children=children, what="agenda pack")
    context = {
        "meeting": meeting,
        "briefings": briefings,
        "attendances": meeting.attendances.select_related("user", "agency"),
        "made_for": _recipient(user),
        "made_at": timezone.localtime(),
    }
    return _pdf("panels/pdf/agenda.html", context, f"agenda-{meeting.pk}.pdf")


def minutes(meeting: Meeting, user: Any, *, basis: str) -> HttpResponse:
    """``basis`` is the reader's basis for the meeting (from the logged read of it)."""
    items = selectors.entitled_items(user, meeting)
    withheld = meeting.items.count() - len(items)
    rows = []
    for item in items:
        rows.append(
            {
                "item": item,
                "decisions": list(item.decisions.select_related("level")),
                "actions": selectors.item_actions(item),
            }
        )
    children = [item.child for item in items if item.child_id]
    decisions = access.decide_many(user, children)
    _disclose(
        meeting,
        user,
        basis=basis,
        children=[(child, decisions[child.pk].justification) for child in children],
        what="minutes",
    )
    context = {
        "meeting": meeting,
        "rows": rows,
        "withheld": withheld,
        "attendances": meeting.attendances.select_related("user", "agency"),
        "made_for": _recipient(user),
        "made_at": timezone.localtime(),
    }
    return _pdf("panels/pdf/minutes.html", context, f"minutes-{meeting.pk}.pdf")
