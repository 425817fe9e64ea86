from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.core.navigation import HomePanel
from hub.screening.selectors import my_referrals, review_queue


def review_queue_panel(user: Any) -> HomePanel:
    queue = review_queue(user)
    overdue = sum(item.overdue for item in queue)
    shown = queue[:5]
    items = [
        {
            "label": item.screening.subject_name or f"Screening {item.screening.pk}",
            "url": item.url,
            "hint": f"due {timezone.localtime(item.screening.review_due_at):%d %b %H:%M}",
            "tag": "Overdue" if item.overdue else ("Immediate risk" if item.screening.immediate_risk else ""),
            "tag_class": "govuk-tag--red",
        }
        for item in shown
    ]
    return HomePanel(
        title="Screenings to review",
        empty_text="Exploitation screening tools submitted by professionals will appear here, "
        "most urgent first, "
        "with the next-working-day review clock.",
        items=items,
        count=len(queue),
        link_label=f"See the whole queue ({overdue} overdue)" if queue else "",
        link_url=reverse("screening:queue"),
        consulted=[item.screening for item in shown],
        justification="hub review",
    )


def my_referrals_panel(user: Any) -> HomePanel:
    everything = my_referrals(user)
    referrals = list(everything[:10])
    total = everything.count() if len(referrals) == 10 else len(referrals)
    items = [
        {
            "label": screening.subject_name or "Unnamed draft",
            "url": reverse("screening:detail", args=[screening.pk])
            if screening.status != "draft"
            else reverse("screening:task_list", args=[screening.pk]),
            "tag": screening.review.get_route_display()
            if screening.status == "reviewed"
            else screening.get_status_display(),
            "tag_class": "govuk-tag--green" if screening.status == "reviewed" else "govuk-tag--grey",
        }
        for screening in referrals
    ]
    return HomePanel(
        title="Your referrals",
        empty_text="Screenings you submit will appear here with what the hub decided to do.",
        items=items,
        count=total or None,
        link_label="Refer a concern about a child",
        link_url=reverse("screening:start"),
        consulted=referrals,
        justification="referrer",
        more_links=[(f"See all your referrals ({total})", reverse("screening:referrals"))] if total else [],
    )
