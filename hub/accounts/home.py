from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hub.accounts.roles import Role
from hub.core.navigation import HomePanel


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
