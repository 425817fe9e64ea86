"""The agenda pack and the minutes as PDF (``hub/panels/pdf.py``). Each copy is made for one reader: it
carries their name, agency and the time it was made on every page, holds only the items they are
entitled to, and its making is a disclosure in the access log: of the meeting, and of each child in the
copy with the reader's real basis for that child."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from hub.accounts import access
from hub.audit.models import LogAction
from hub.audit.services import log_each
from hub.children.models import Child
from hub.panels import briefing, selectors
from hub.panels.models import Attendance, Meeting
from hub.panels.pdf import Document, text


def _recipient(user: Any) -> str:
    return f"{user.get_full_name()} ({user.agency})" if user.agency_id else user.get_full_name()


def _when(at: Any, style: str) -> str:
    return date_format(timezone.localtime(at), style)


def _document(meeting: Meeting, user: Any, what: str) -> Document:
    return Document(
        title=f"{what}: {meeting.label}",
        made_for=_recipient(user),
        made_on=_when(timezone.now(), "j F Y H:i"),
    )


def _response(document: Document, filename: str) -> HttpResponse:
    response = HttpResponse(document.render(), content_type="application/pdf")
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


def _opening(document: Document, meeting: Meeting, heading: str, extra: str = "") -> None:
    place = f"{meeting.place}. " if meeting.place else ""
    chair = meeting.chair.get_full_name() if meeting.chair else "not named"
    document.paragraph(text(meeting.panel.name), "caption")
    document.heading(f"{heading}: {_when(meeting.held_at, 'l j F Y, H:i')}", 1)
    document.paragraph(text(f"{place}Chair: {chair}. {extra}Made for {document.made_for}."))


def agenda_pack(meeting: Meeting, user: Any, *, basis: str) -> HttpResponse:
    """``basis`` is the reader's basis for the meeting (from the logged read of it)."""
    briefings = briefing.brief_meeting(meeting, user, purpose="agenda pack")
    children = [
        (child, b.basis)
        for b in briefings
        if b.item.child_id and not b.restricted and (child := b.item.child) is not None
    ]
    _disclose(meeting, user, basis=basis, children=children, what="agenda pack")
    document = _document(meeting, user, "Agenda pack")
    _opening(document, meeting, "Agenda pack")
    document.heading("Invited", 3)
    document.items(
        f"{attendance.user.get_full_name()}, {attendance.agency}"
        for attendance in meeting.attendances.select_related("user", "agency")
    )
    document.heading("Agenda", 3)
    document.items((b.label for b in briefings), numbered=True)
    for item in briefings:
        document.heading(f"{item.item.order}. {item.label}", 2)
        if item.restricted:
            document.paragraph(text("You are not entitled to see this child's details."), "restricted")
            continue
        if item.item.reason:
            document.paragraph(text(item.item.reason))
        for section in item.sections:
            document.heading(section.title, 4)
            if section.rows:
                document.rows(section.rows)
            elif section.lines:
                document.items(section.lines)
            else:
                document.paragraph(text(section.empty))
    return _response(document, f"agenda-{meeting.pk}.pdf")


def minutes(meeting: Meeting, user: Any, *, basis: str) -> HttpResponse:
    """``basis`` is the reader's basis for the meeting (from the logged read of it)."""
    items = selectors.entitled_items(user, meeting)
    withheld = meeting.items.count() - len(items)
    children = [child for item in items if item.child_id and (child := item.child) is not None]
    decisions = access.decide_many(user, children)
    _disclose(
        meeting,
        user,
        basis=basis,
        children=[(child, decisions[child.pk].justification) for child in children],
        what="minutes",
    )
    document = _document(meeting, user, "Minutes")
    issued = f"Issued {_when(meeting.minutes_issued_at, 'j F Y')}. " if meeting.minutes_issued_at else ""
    _opening(document, meeting, "Minutes", issued)
    attendances = list(meeting.attendances.select_related("user", "agency"))
    for heading, status in (
        ("Present", Attendance.Status.PRESENT),
        ("Apologies", Attendance.Status.APOLOGIES),
    ):
        document.heading(heading, 3)
        names = [f"{a.user.get_full_name()}, {a.agency}" for a in attendances if a.status == status]
        document.items(names or ["None"])
    if withheld:
        are = "is" if withheld == 1 else "are"
        document.paragraph(
            text(
                f"{withheld} item{'s' if withheld != 1 else ''} about children you are not entitled to see "
                f"{are} not in your copy."
            ),
            "restricted",
        )
    decisions_by_item = selectors.item_decisions(items)
    actions_by_item = selectors.items_actions(items)
    for item in items:
        document.heading(f"{item.order}. {item.subject_label}", 2)
        document.heading("Information shared", 4)
        document.paragraph(text(item.information_shared or "Nothing recorded."))
        document.heading("Decisions", 4)
        decisions_made = decisions_by_item[item.pk]
        if decisions_made:
            document.items(
                (
                    f"<b>{text(d.get_kind_display())}{': ' + text(d.level.name) if d.level else ''}</b>. "
                    f"{text(d.detail)}"
                    for d in decisions_made
                ),
                markup=True,
            )
        else:
            document.paragraph("None.")
        document.heading("Actions", 4)
        actions = actions_by_item[item.pk]
        if actions:
            document.items(f"{a.title}: {a.owner_text}, by {date_format(a.due, 'j F Y')}" for a in actions)
        else:
            document.paragraph("None.")
    return _response(document, f"minutes-{meeting.pk}.pdf")
