"""Roles in the Django administration: the same rules as the services, and a clear refusal, never a
server error, for a role the person already has (issue 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.accounts.models import RoleAssignment
from hub.accounts.tests.admin_forms import change_form_data
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.roles import Role


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def roles_of(user) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


@pytest.fixture
def erin(client_for, people):
    client = client_for(people["erin"])
    client.raise_request_exception = False  # a server error is an answer to look at, not a crash
    return client


def with_new_role(data: dict[str, str], user, role: str) -> dict[str, str]:
    row = int(data["role_assignments-TOTAL_FORMS"])
    return {
        **data,
        f"role_assignments-{row}-role": role,
        f"role_assignments-{row}-user": str(user.pk),
        "role_assignments-TOTAL_FORMS": str(row + 1),
    }


def test_adding_a_role_given_since_the_page_opened_is_refused_clearly(erin, people):
    bob = people["bob"]
    data = change_form_data(erin.get(change_url(bob)).content.decode())
    # Another administrator gives Bob the role while this page is open.
    RoleAssignment.objects.create(user=bob, role=Role.POLICE_OFFICER)

    response = erin.post(change_url(bob), with_new_role(data, bob, Role.POLICE_OFFICER))

    assert response.status_code == 200
    assert "Bob Tester already has the role Police officer" in response.content.decode()
    assert roles_of(bob) == {Role.PRACTITIONER, Role.POLICE_OFFICER}


def test_adding_a_role_shown_on_the_page_again_is_refused_clearly(erin, people):
    bob = people["bob"]
    data = change_form_data(erin.get(change_url(bob)).content.decode())

    response = erin.post(change_url(bob), with_new_role(data, bob, Role.PRACTITIONER))

    assert response.status_code == 200
    assert "Bob Tester already has the role Case-holding practitioner" in response.content.decode()
    assert roles_of(bob) == {Role.PRACTITIONER}


def test_roles_that_read_across_agencies_are_not_offered_or_accepted(erin, people):
    bob = people["bob"]
    page = erin.get(change_url(bob)).content.decode()
    assert 'value="hub_coordinator"' not in page and 'value="auditor"' not in page
    assert "Role requests" in page

    response = erin.post(change_url(bob), with_new_role(change_form_data(page), bob, Role.HUB_COORDINATOR))

    assert response.status_code == 200
    assert roles_of(bob) == {Role.PRACTITIONER}


def test_other_roles_are_given_through_the_service_and_logged(erin, people):
    bob = people["bob"]
    data = change_form_data(erin.get(change_url(bob)).content.decode())

    response = erin.post(change_url(bob), with_new_role(data, bob, Role.RETURN_INTERVIEWER))

    assert response.status_code == 302
    assert roles_of(bob) == {Role.PRACTITIONER, Role.RETURN_INTERVIEWER}
    entry = AccessLogEntry.objects.filter(action=LogAction.ACCOUNT, record_ids=str(bob.pk)).latest("id")
    assert entry.detail == "roles set to practitioner, return_interviewer by erin in administration"
    assert RoleAssignment.objects.get(user=bob, role=Role.RETURN_INTERVIEWER).granted_by == people["erin"]


def test_a_coordinator_keeps_the_role_through_an_unrelated_edit_and_can_lose_it(erin, people):
    alice = people["alice"]
    data = change_form_data(erin.get(change_url(alice)).content.decode())
    assert data["role_assignments-0-role"] == Role.HUB_COORDINATOR

    assert erin.post(change_url(alice), {**data, "job_title": "Senior coordinator"}).status_code == 302
    assert roles_of(alice) == {Role.HUB_COORDINATOR}

    data = change_form_data(erin.get(change_url(alice)).content.decode())
    assert erin.post(change_url(alice), {**data, "role_assignments-0-DELETE": "on"}).status_code == 302
    assert roles_of(alice) == set()
