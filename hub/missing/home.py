"""The missing capability's blocks on the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.core.navigation import HomePanel
from hub.missing import selectors


def _when(at: Any) -> str:
    return f"{timezone.localtime(at):%d %b %H:%M}"


def missing_now_panel(user: Any) -> HomePanel:
    items = selectors.open_episodes(user)
    shown = items[:5]
    return HomePanel(
        title="Children missing now",
        empty_text="Open missing episodes in your area will appear here, highest risk and longest missing "
        "first.",
        items=[
            {
                "label": item.episode.child.full_name,
                "url": reverse("missing:episode", args=[item.episode.pk]),
                "hint": f"missing {item.missing_for}",
                "tag": f"{item.episode.get_risk_grade_display()} risk",
                "tag_class": "govuk-tag--red" if item.episode.risk_grade == "high" else "govuk-tag--grey",
            }
            for item in shown
        ],
        count=len(items),
        link_label="See the missing list" if items else "",
        link_url=reverse("missing:list"),
        consulted=[item.episode for item in shown],
        justification="missing list",
    )


def to_allocate_panel(user: Any) -> HomePanel:
    items = selectors.interviews_waiting(user, unallocated_only=True)
    shown = items[:5]
    return HomePanel(
        title="Return interviews to allocate",
        empty_text="Children who have returned from missing will appear here until their return interview "
        "is allocated.",
        items=[
            {
                "label": item.interview.episode.child.full_name,
                "url": reverse("missing:allocate", args=[item.interview.pk]),
                "hint": f"due {_when(item.interview.interview_due_at)}",
                "tag": "Overdue" if item.overdue else "",
                "tag_class": "govuk-tag--red",
            }
            for item in shown
        ],
        count=len(items),
        link_label="See the missing list" if items else "",
        link_url=reverse("missing:list"),
        consulted=[item.interview for item in shown],
        justification="missing list",
    )


def my_interviews_panel(user: Any) -> HomePanel:
    items = selectors.my_interviews(user)
    shown = items[:5]
    return HomePanel(
        title="Your return interviews",
        empty_text="Interviews allocated to you will appear here, soonest due first, with their 72-hour "
        "clocks.",
        items=[
            {
                "label": item.interview.episode.child.full_name,
                "url": reverse("missing:interview", args=[item.interview.pk]),
                "hint": f"due {_when(item.interview.interview_due_at)}, {item.due_in}",
                "tag": "Overdue" if item.overdue else "",
                "tag_class": "govuk-tag--red",
            }
            for item in shown
        ],
        count=len(items),
        link_label="See all your return interviews" if items else "",
        link_url=reverse("missing:interviews"),
        consulted=[item.interview for item in shown],
        justification="allocated",
    )


def repeat_missing_panel(user: Any) -> HomePanel:
    alerts = selectors.alerts_open(user)
    shown = alerts[:5]
    return HomePanel(
        title="Repeat missing alerts",
        empty_text="Children whose missing episodes reach a repeat-missing rule will appear here until "
        "the hub decides what to do.",
        items=[
            {
                "label": alert.child.full_name,
                "url": reverse("missing:alert", args=[alert.pk]),
                "hint": f"{alert.episodes_in_window} episodes in {alert.rule.days} days, "
                f"raised {_when(alert.raised_at)}",
                "tag": "",
                "tag_class": "",
            }
            for alert in shown
        ],
        count=len(alerts),
        link_label="See all repeat missing alerts" if alerts else "",
        link_url=reverse("missing:alerts"),
        consulted=list(shown),
        justification="hub staff",
    )
