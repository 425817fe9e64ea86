"""Roles that read across agencies need a second administrator (issue 10): one asks, another approves or
refuses, hub coordinators are told, and both steps are in the access log.

Erin and Fran are administrators; Bob is a Wenmoor social worker; Alice a Wenmoor hub coordinator.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user
from hub.accounts import access
from hub.accounts.access import Action, Relationship
from hub.accounts.models import Agency, RoleAssignment, RoleGrantRequest
from hub.accounts.services import (
    AccessChangeRefused,
    role_grant_approve,
    role_grant_decide_allowed,
    role_grant_refuse,
    role_grant_request,
    user_create,
    user_roles_set,
)
from hub.audit.models import AccessLogEntry, LogAction, Outcome
from hub.core.roles import APPROVAL_ROLES, CROSS_AGENCY_ROLES, HUB_STAFF_ROLES, Role

REASON = "Bob starts as the second hub coordinator on Monday."
HOME = reverse("core:home")
REQUESTS = reverse("accounts:role_requests")
NEW = reverse("accounts:role_request_new")


def decide_url(grant_request: RoleGrantRequest) -> str:
    return reverse("accounts:role_request_decide", args=[grant_request.pk])


@pytest.fixture
def fran(agencies):
    return make_user("fran", agencies["partnership"], Role.ADMINISTRATOR)


def roles_of(user) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def request_log(user) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            action=LogAction.ACCOUNT,
            record_type="accounts.user",
            record_ids=str(user.pk),
            detail__contains="role request",
        ).order_by("id")
    )


# --- which roles ---------------------------------------------------------------------------------


def test_every_role_that_sees_all_of_an_area_is_a_cross_agency_role():
    """The hub-staff relationship of every access policy shows every record of the authority, whatever agency
    holds it: each role it is granted to must be in CROSS_AGENCY_ROLES, so its grant needs approval."""
    for policy in access.POLICIES:
        for action in (Action.READ, Action.WRITE):
            grants = policy.read if action == Action.READ else policy.write
            roles = set(grants.get(Relationship.HUB_STAFF, ()))
            assert roles <= CROSS_AGENCY_ROLES, (
                f"{policy.model.__name__} {action}: {roles - CROSS_AGENCY_ROLES}"
            )
    assert HUB_STAFF_ROLES | {Role.AUDITOR} <= APPROVAL_ROLES
    assert Role.ADMINISTRATOR in APPROVAL_ROLES


# --- one administrator cannot do it alone -----------------------------------------------------------


def test_one_administrator_cannot_make_a_coordinator_alone(people, agencies):
    bob = people["bob"]
    with pytest.raises(AccessChangeRefused, match="needs a second administrator's approval"):
        user_roles_set(user=bob, roles={Role.PRACTITIONER, Role.HUB_COORDINATOR}, by=people["erin"])
    with pytest.raises(AccessChangeRefused, match="needs a second administrator's approval"):
        user_create(
            username="newcoordinator",
            first_name="New",
            last_name="Coordinator",
            agency=agencies["hub"],
            roles={Role.HUB_COORDINATOR},
            password=None,
            by=people["erin"],
        )
    assert roles_of(bob) == {Role.PRACTITIONER}


@pytest.mark.parametrize("role", sorted(APPROVAL_ROLES))
def test_no_role_that_reads_across_agencies_is_given_directly(people, role):
    with pytest.raises(AccessChangeRefused):
        user_roles_set(user=people["bob"], roles={Role.PRACTITIONER, role}, by=people["erin"])


def test_other_roles_are_still_given_directly_and_any_role_taken_away(people):
    erin = people["erin"]
    user_roles_set(user=people["bob"], roles={Role.PRACTITIONER, Role.RETURN_INTERVIEWER}, by=erin)
    user_roles_set(user=people["alice"], roles=set(), by=erin)
    assert roles_of(people["bob"]) == {Role.PRACTITIONER, Role.RETURN_INTERVIEWER}
    assert roles_of(people["alice"]) == set()


# --- asking and deciding --------------------------------------------------------------------------


def test_a_request_grants_nothing_until_a_second_administrator_approves(people, fran):
    bob, erin = people["bob"], people["erin"]
    grant_request = role_grant_request(user=bob, role=Role.HUB_COORDINATOR, reason=REASON, by=erin)
    assert roles_of(bob) == {Role.PRACTITIONER}

    role_grant_approve(grant_request=grant_request, by=fran)

    assert roles_of(bob) == {Role.PRACTITIONER, Role.HUB_COORDINATOR}
    assert RoleAssignment.objects.get(user=bob, role=Role.HUB_COORDINATOR).granted_by == fran
    grant_request.refresh_from_db()
    assert (grant_request.status, grant_request.decided_by) == (RoleGrantRequest.Status.APPROVED, fran)
    asked, approved = request_log(bob)
    assert (asked.username, approved.username) == ("erin", "fran")
    assert REASON in asked.detail and "approved" in approved.detail


def test_the_asker_cannot_decide_their_own_request_and_the_attempt_is_logged(people):
    bob, erin = people["bob"], people["erin"]
    grant_request = role_grant_request(user=bob, role=Role.HUB_COORDINATOR, reason=REASON, by=erin)

    with pytest.raises(AccessChangeRefused, match="because you asked for it"):
        role_grant_approve(grant_request=grant_request, by=erin)

    assert roles_of(bob) == {Role.PRACTITIONER}
    attempt = request_log(bob)[-1]
    assert attempt.outcome == Outcome.REFUSED and "approve refused" in attempt.detail


def test_the_person_cannot_decide_a_request_for_themselves(people, fran):
    grant_request = role_grant_request(
        user=fran, role=Role.AUDITOR, reason="Covers the auditor's leave.", by=people["erin"]
    )
    with pytest.raises(AccessChangeRefused, match="because it is for you"):
        role_grant_approve(grant_request=grant_request, by=fran)
    assert Role.AUDITOR not in roles_of(fran)


def test_nobody_asks_for_a_role_for_themselves(people):
    erin = people["erin"]
    with pytest.raises(AccessChangeRefused, match="for yourself"):
        role_grant_request(user=erin, role=Role.AUDITOR, reason=REASON, by=erin)


def test_only_an_administrator_asks_or_decides(people, fran):
    with pytest.raises(AccessChangeRefused, match="Only an administrator"):
        role_grant_request(user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=people["alice"])
    grant_request = role_grant_request(user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=fran)
    with pytest.raises(AccessChangeRefused, match="Only an administrator"):
        role_grant_approve(grant_request=grant_request, by=people["alice"])


def test_a_refusal_says_why_and_grants_nothing(people, fran):
    bob = people["bob"]
    grant_request = role_grant_request(user=bob, role=Role.HUB_ANALYST, reason=REASON, by=people["erin"])
    with pytest.raises(AccessChangeRefused, match="Say why"):
        role_grant_refuse(grant_request=grant_request, by=fran, reason="  ")

    role_grant_refuse(grant_request=grant_request, by=fran, reason="Bob stays a social worker.")

    assert roles_of(bob) == {Role.PRACTITIONER}
    assert "refused by fran: Bob stays a social worker." in request_log(bob)[-1].detail


def test_a_request_is_decided_once(people, fran, agencies):
    george = make_user("george", agencies["partnership"], Role.ADMINISTRATOR)
    grant_request = role_grant_request(
        user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=people["erin"]
    )
    role_grant_refuse(grant_request=grant_request, by=fran, reason="Not agreed by the partnership.")
    with pytest.raises(AccessChangeRefused, match="already been refused"):
        role_grant_approve(grant_request=grant_request, by=george)
    assert roles_of(people["bob"]) == {Role.PRACTITIONER}


def test_no_request_for_a_role_already_held_or_already_asked_for(people, fran):
    with pytest.raises(AccessChangeRefused, match="already has the role"):
        role_grant_request(user=people["alice"], role=Role.HUB_COORDINATOR, reason=REASON, by=fran)
    role_grant_request(user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=fran)
    with pytest.raises(AccessChangeRefused, match="already waiting"):
        role_grant_request(user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=people["erin"])


def test_roles_that_need_no_approval_are_not_asked_for(people, fran):
    with pytest.raises(AccessChangeRefused, match="does not need a second administrator"):
        role_grant_request(user=people["bob"], role=Role.PANEL_CHAIR, reason=REASON, by=fran)


# --- the pages ------------------------------------------------------------------------------------


def test_administrators_ask_and_decide_through_the_pages(client_for, people, fran):
    bob = people["bob"]
    erin_client, fran_client = client_for(people["erin"]), client_for(fran)

    assert erin_client.get(NEW).status_code == 200
    response = erin_client.post(NEW, {"username": "BOB", "role": Role.HUB_COORDINATOR, "reason": REASON})
    assert response["Location"] == REQUESTS
    grant_request = RoleGrantRequest.objects.get(user=bob)
    assert "Another administrator decides" in erin_client.get(REQUESTS).content.decode()
    listing = fran_client.get(REQUESTS).content.decode()
    assert decide_url(grant_request) in listing and REASON in listing

    response = fran_client.post(decide_url(grant_request), {"decision": "approve"})

    assert response["Location"] == REQUESTS
    assert Role.HUB_COORDINATOR in roles_of(bob)
    assert "Approved. Bob Tester is now hub coordinator." in fran_client.get(REQUESTS).content.decode()


def test_the_asker_gets_no_decision_form_and_a_posted_decision_is_refused(client_for, people):
    erin = people["erin"]
    grant_request = role_grant_request(user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=erin)
    client = client_for(erin)

    page = client.get(decide_url(grant_request)).content.decode()
    assert "You asked for this role" in page and 'name="decision"' not in page

    response = client.post(decide_url(grant_request), {"decision": "approve"})
    assert response.status_code == 200
    assert "because you asked for it" in response.content.decode()
    assert roles_of(people["bob"]) == {Role.PRACTITIONER}


def test_the_request_form_says_what_to_fix(client_for, people, fran):
    client = client_for(people["erin"])
    empty = client.post(NEW, {}).content.decode()
    assert "Enter the username of the person who needs the role" in empty
    assert "Choose the role they need" in empty and "Say why they need the role" in empty
    unknown = client.post(
        NEW, {"username": "nobody", "role": Role.AUDITOR, "reason": REASON}
    ).content.decode()
    assert "There is no account with that username" in unknown
    held = client.post(
        NEW, {"username": "alice", "role": Role.HUB_COORDINATOR, "reason": REASON}
    ).content.decode()
    assert "already has the role Hub coordinator" in held
    grant_request = role_grant_request(user=people["bob"], role=Role.AUDITOR, reason=REASON, by=fran)
    no_reason = client.post(decide_url(grant_request), {"decision": "refuse"}).content.decode()
    assert "Say why you are refusing the request" in no_reason
    assert not RoleGrantRequest.objects.exclude(status=RoleGrantRequest.Status.PENDING).exists()


def test_someone_who_is_not_an_administrator_is_refused_the_pages(client_for, people, fran):
    grant_request = role_grant_request(user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=fran)
    for name in ("alice", "dana", "bob"):
        client = client_for(people[name])
        assert client.get(REQUESTS).status_code == 403
        assert client.post(decide_url(grant_request), {"decision": "approve"}).status_code == 403
    assert roles_of(people["bob"]) == {Role.PRACTITIONER}


# --- coordinators are told -------------------------------------------------------------------------


def test_coordinators_in_the_area_are_told_of_requests_and_decisions(
    client_for, people, fran, agencies, harrowfield
):
    alice = people["alice"]
    grant_request = role_grant_request(
        user=people["bob"], role=Role.HUB_COORDINATOR, reason=REASON, by=people["erin"]
    )

    home = client_for(alice).get(HOME).content.decode()
    assert "Roles that see across agencies" in home
    assert "Bob Tester (Wenmoor CSC): Hub coordinator" in home and "Waiting for a decision" in home

    role_grant_approve(grant_request=grant_request, by=fran)
    home = client_for(alice).get(HOME).content.decode()
    assert "Approved" in home and "approved by Fran Tester" in home
    assert AccessLogEntry.objects.filter(
        user_id=alice.pk, action=LogAction.CONSULT, record_type="accounts.rolegrantrequest"
    ).exists()

    # A coordinator elsewhere, and someone who is not a coordinator, are not told.
    harrowfield_hub = Agency.objects.create(name="Harrowfield Hub", kind=Agency.Kind.HUB)
    harrowfield_hub.authorities.set([harrowfield])
    elsewhere = make_user("hattie", harrowfield_hub, Role.HUB_COORDINATOR)
    assert "Bob Tester (Wenmoor CSC)" not in client_for(elsewhere).get(HOME).content.decode()
    assert "Roles that see across agencies" not in client_for(people["charlie"]).get(HOME).content.decode()


def test_administrators_see_the_requests_they_may_decide_on_their_home_page(client_for, people, fran):
    grant_request = role_grant_request(
        user=people["bob"], role=Role.HUB_ANALYST, reason=REASON, by=people["erin"]
    )
    assert decide_url(grant_request) in client_for(fran).get(HOME).content.decode()
    assert decide_url(grant_request) not in client_for(people["erin"]).get(HOME).content.decode()


def test_who_may_decide_a_request_is_the_services_answer(people, agencies, fran):
    """The page shows the decision only to whoever the service lets decide (issue 11 item 1): an
    administrator other than the asker and the person it is for, while the request waits."""
    bob, erin = people["bob"], people["erin"]
    grant_request = role_grant_request(user=bob, role=Role.HUB_COORDINATOR, reason=REASON, by=erin)
    assert role_grant_decide_allowed(by=fran, grant_request=grant_request)
    assert not role_grant_decide_allowed(by=erin, grant_request=grant_request)  # asked for it
    assert not role_grant_decide_allowed(by=people["alice"], grant_request=grant_request)  # not an admin
    other_admin = make_user("olga", agencies["other_police"], Role.ADMINISTRATOR)
    assert role_grant_decide_allowed(by=other_admin, grant_request=grant_request)
    with pytest.raises(AccessChangeRefused, match="because you asked for it"):
        role_grant_refuse(grant_request=grant_request, by=erin, reason="No.")
    role_grant_refuse(grant_request=grant_request, by=fran, reason="Not yet in post.")
    grant_request.refresh_from_db()
    assert not role_grant_decide_allowed(by=other_admin, grant_request=grant_request)  # decided
