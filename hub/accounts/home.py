from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.accounts import access, selectors
from hub.accounts.models import RoleGrantRequest
from hub.core import clock
from hub.core.measures import Period, figures, year_to
from hub.core.navigation import HomePanel
from hub.core.suppression import sees_exact_counts, threshold

# How long hub coordinators keep seeing a role request on their home page.
TOLD_FOR_DAYS = 30


def account_panel(user: Any) -> HomePanel:
    agency = user.agency
    authorities = ", ".join(agency.authorities.values_list("name", flat=True)) if agency else ""
    items = [
        {"label": f"Roles: {', '.join(user.role_labels()) or 'none yet'}"},
        {"label": f"Agency: {agency.name if agency else 'none: ask your administrator'}"},
    ]
    if authorities:
        items.append({"label": f"Areas you work in: {authorities}"})
    if user.last_login:
        items.append({"label": f"Signed in at {timezone.localtime(user.last_login):%H:%M on %d %B %Y}"})
    return HomePanel(title="Your account", empty_text="", items=items)


def _request_item(grant_request: RoleGrantRequest) -> dict[str, Any]:
    person = grant_request.user
    agency = f" ({person.agency.name})" if person.agency else ""
    return {
        "label": f"{person}{agency}: {grant_request.get_role_display()}",
        "hint": f"asked for by {grant_request.requested_by} on "
        f"{timezone.localtime(grant_request.requested_at):%d %b %Y}"
        + (
            f", {grant_request.get_status_display().lower()} by {grant_request.decided_by}"
            if grant_request.decided_by
            else ""
        ),
        "tag": grant_request.get_status_display(),
        "tag_class": {"approved": "govuk-tag--green", "refused": "govuk-tag--grey"}.get(
            grant_request.status, "govuk-tag--yellow"
        ),
    }


def role_grants_panel(user: Any) -> HomePanel:
    """Hub coordinators are told when someone in their area is to be given a role that reads across
    agencies, and what was decided, so a grant nobody expected is noticed (issue 10)."""
    requests = selectors.role_grant_requests_near(user, since=clock.now() - timedelta(days=TOLD_FOR_DAYS))
    shown = requests[:10]
    return HomePanel(
        title="Roles that see across agencies",
        empty_text=f"When an administrator asks to make someone in your area a hub coordinator, hub analyst, "
        f"auditor or administrator, you will see it here for {TOLD_FOR_DAYS} days, with the decision. "
        "Tell the partnership's administrators if you do not expect a request.",
        items=[_request_item(item) for item in shown],
        count=len(requests),
        consulted=list(shown),
        justification="told of role requests",
    )


def role_requests_panel(user: Any) -> HomePanel:
    waiting = selectors.role_grant_requests_waiting()
    theirs = [item for item in waiting if user.pk not in (item.requested_by_id, item.user_id)]
    return HomePanel(
        title="Role requests waiting for you",
        empty_text="Requests from other administrators to give someone a role that sees across agencies "
        "will appear here for you to approve or refuse.",
        items=[
            {**_request_item(item), "url": reverse("accounts:role_request_decide", args=[item.pk])}
            for item in theirs[:5]
        ],
        count=len(theirs),
        link_label="See all role requests",
        link_url=reverse("accounts:role_requests"),
        consulted=theirs[:5],
        justification="administrator",
    )


def administration_panel(user: Any) -> HomePanel:
    """An administrator's way in to Administration (the Django admin): reference data, agencies, people."""
    return HomePanel(
        title="Administration",
        empty_text="",
        items=[
            {"label": "Agencies, teams and people", "url": reverse("admin:app_list", args=["accounts"])},
            {"label": "Reference data", "url": reverse("admin:app_list", args=["reference"])},
            {"label": "Panels", "url": reverse("admin:app_list", args=["panels"])},
        ],
        link_label="Open Administration",
        link_url=reverse("admin:index"),
    )


def outcome_measures_panel(user: Any) -> HomePanel:
    first, last = year_to(clock.today())
    period = Period(tuple(access.authority_ids(user)), first, last)
    if not period.authority_ids:
        return HomePanel(
            title="Outcome measures",
            empty_text="Your agency serves no area yet, so there is nothing to count: ask your "
            "administrator.",
        )
    caption = f"From {first:%-d %B %Y} to {last:%-d %B %Y}, in the areas your agency serves. Counts only"
    if not sees_exact_counts(user) and threshold() > 1:
        caption += f": a count from 1 to {threshold() - 1} is not shown, so that no child can be singled out"
    return HomePanel(
        title="Outcome measures",
        empty_text="",
        rows=[(figure.label, figure.text(user)) for figure in figures(period)],
        caption=caption + ".",
    )
