from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.accounts import selectors
from hub.accounts.models import RoleGrantRequest
from hub.accounts.roles import Role
from hub.core import clock
from hub.core.navigation import HomePanel

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


@dataclass(frozen=True)
class RoleWork:
    """What a role will find on its home page, before the capability that fills it has any items.

    Each capability replaces its entry (same key) with a builder that lists the real work.
    """

    title: str
    empty_text: str
    roles: frozenset[str]
    order: int

    def builder(self, user: Any) -> HomePanel:
        return HomePanel(title=self.title, empty_text=self.empty_text)


def role_work_panels() -> dict[str, RoleWork]:
    return {
        "screening-review": RoleWork(
            "Screenings to review",
            "Exploitation screening tools submitted by professionals will appear here, most urgent first, "
            "with the next-working-day review clock.",
            frozenset({Role.HUB_COORDINATOR}),
            20,
        ),
        "rfmi-allocation": RoleWork(
            "Return interviews to allocate",
            "Children who have returned from missing will appear here until their return interview "
            "is allocated.",
            frozenset({Role.HUB_COORDINATOR}),
            30,
        ),
        "my-interviews": RoleWork(
            "Your return interviews",
            "Interviews allocated to you will appear here, soonest due first, with their 72-hour clocks.",
            frozenset({Role.RETURN_INTERVIEWER}),
            20,
        ),
        "my-children": RoleWork(
            "Children allocated to you",
            "Children you hold will appear here with their level of concern and plan review dates.",
            frozenset({Role.PRACTITIONER}),
            20,
        ),
        "my-actions": RoleWork(
            "Your actions",
            "Actions given to you at panels and in plans will appear here, overdue first.",
            frozenset({Role.PRACTITIONER, Role.POLICE_OFFICER, Role.PANEL_CHAIR, Role.HUB_COORDINATOR}),
            40,
        ),
        "missing-now": RoleWork(
            "Children missing now",
            "Open missing episodes in your area will appear here, highest risk and longest missing first.",
            frozenset({Role.POLICE_OFFICER, Role.HUB_COORDINATOR}),
            25,
        ),
        "my-meetings": RoleWork(
            "Your meetings",
            "Meetings you chair or attend will appear here with their agendas.",
            frozenset({Role.PANEL_CHAIR}),
            20,
        ),
        "my-referrals": RoleWork(
            "Your referrals",
            "Screenings you submit will appear here with what the hub decided to do.",
            frozenset({Role.SCHOOL_LEAD, Role.PRACTITIONER}),
            30,
        ),
        "linkage-queue": RoleWork(
            "Records to link",
            "Agency records that may be the same child or person will appear here for you to confirm "
            "or reject.",
            frozenset({Role.HUB_ANALYST}),
            20,
        ),
        "profile": RoleWork(
            "Outcome measures",
            "The live problem profile and the strategy's outcome measures will appear here, as counts only.",
            frozenset({Role.PARTNERSHIP_LEAD}),
            20,
        ),
    }
