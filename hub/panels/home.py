"""The home page block of meetings coming up for the user."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.core.navigation import HomePanel
from hub.panels import selectors


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
