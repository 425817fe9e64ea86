"""The plans capability's block on the home page: plans due for review, overdue first, and drafts to
agree. A lead sees the plans they lead; a hub coordinator sees every plan in their area."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hub.core.navigation import HomePanel
from hub.core.roles import Role
from hub.plans import selectors


def plans_review_panel(user: Any) -> HomePanel:
    coordinator = user.has_role(Role.HUB_COORDINATOR)
    queue = selectors.review_queue(user, mine_only=not coordinator)
    plans = [item.plan for item in queue["overdue"] + queue["due_soon"]] + list(queue["drafts"])
    items = [
        {
            "label": f"Plan for {item.plan.subject_label}",
            "url": reverse("plans:detail", args=[item.plan.pk]),
            "hint": f"review {item.clock_text}, by {item.plan.review_due:%-d %b %Y}",
            "tag": "Overdue" if item.overdue else "",
            "tag_class": "govuk-tag--red",
        }
        for item in queue["overdue"] + queue["due_soon"]
    ]
    items += [
        {
            "label": f"Plan for {plan.subject_label}",
            "url": reverse("plans:detail", args=[plan.pk]),
            "hint": f"started {plan.created_at:%-d %b %Y}, led by {plan.lead.get_full_name()}",
            "tag": "Draft",
            "tag_class": "govuk-tag--grey",
        }
        for plan in queue["drafts"]
    ]
    return HomePanel(
        title="Plans due for review" if coordinator else "Your plans due for review",
        empty_text=(
            "Plans whose review is overdue or due in the next four weeks, and plans waiting to be agreed, "
            "will appear here."
        ),
        items=items[:6],
        count=len(items),
        link_label="See all plans due for review" if coordinator and items else "",
        link_url=reverse("plans:list") if coordinator else "",
        consulted=plans[:6],
        justification="list of plans in the reader's scope" if coordinator else "lead",
    )
