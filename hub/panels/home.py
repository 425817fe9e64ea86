"""The home page blocks of meetings: those coming up for the user, and those cancelled or moved."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.accounts import access
from hub.audit.services import log_consultation
from hub.core import clock
from hub.core.navigation import HomePanel
from hub.panels import selectors
from hub.panels.models import AgendaItem, SubjectKind


def my_meetings_panel(user: Any) -> HomePanel:
    meetings = selectors.upcoming_for(user, limit=5)
    return HomePanel(
        title="Your meetings",
        empty_text="Meetings you are invited to, and meetings you chair, will appear here.",
        items=[
            {
                "label": meeting.panel.name,
                "url": reverse("panels:meeting", args=[meeting.pk]),
                "hint": f"{timezone.localtime(meeting.held_at):%a %-d %b %H:%M}",
                "tag": "Agenda issued" if meeting.agenda_issued_at else "",
                "tag_class": "govuk-tag--green",
            }
            for meeting in meetings
        ],
        count=len(meetings),
        link_label="See all meetings",
        link_url=reverse("panels:list"),
    )


def added_outside_proposals_panel(user: Any) -> HomePanel:
    """For hub coordinators: children put on an agenda by hand (not proposed by the Hub's rules) in the
    last 30 days. Each gives the meeting's members sight of the child, so the hub sees each one."""
    since = clock.now() - timedelta(days=30)
    items = list(
        AgendaItem.objects.filter(
            kind=SubjectKind.CHILD,
            rule="",
            added_at__gte=since,
            meeting__panel__authority_id__in=access.authority_ids(user),
        )
        .select_related("child", "meeting__panel", "added_by")
        .order_by("-added_at")[:10]
    )
    if items:
        log_consultation(
            records=[child for item in items if (child := item.child) is not None],  # each names its child
            justification="hub_staff",
            detail="home: children added to agendas by hand",
        )
    return HomePanel(
        title="Children added to agendas by hand",
        empty_text="Children a chair adds to an agenda without a Hub proposal will appear here, with "
        "the reason.",
        items=[
            {
                "label": item.subject_label,  # the child's name
                "url": reverse("panels:item", args=[item.pk]),
                "hint": (
                    f"{item.meeting.panel.name}, {timezone.localtime(item.meeting.held_at):%-d %b}: "
                    f"added by {item.added_by.get_full_name()}: {item.reason}"
                ),
            }
            for item in items
        ],
        count=len(items) or None,
    )


def _notice(notice: selectors.MeetingNotice) -> dict[str, Any]:
    meeting = notice.meeting
    if notice.cancelled:
        label, what, tag, colour = meeting.label, "cancelled", "Meeting cancelled", "govuk-tag--orange"
    else:
        moved_to = f"{timezone.localtime(meeting.held_at):%a %-d %b %H:%M}"
        label, what, tag, colour = (
            f"{meeting.panel.name}, now {moved_to}",
            "moved",
            "Meeting moved",
            "govuk-tag--blue",
        )
    return {
        "label": label,
        "url": reverse("panels:meeting", args=[meeting.pk]),
        "hint": f"{what} by {notice.by}: {notice.reason}",
        "tag": tag,
        "tag_class": colour,
    }


def meeting_changes_panel(user: Any) -> HomePanel:
    notices = selectors.meeting_notices_for(user)
    return HomePanel(
        title="Meetings cancelled or moved",
        empty_text=f"Meetings you are invited to will appear here for {selectors.NOTICE_DAYS} days if "
        "they are cancelled or moved.",
        items=[_notice(notice) for notice in notices[:5]],
        count=len(notices),
    )
