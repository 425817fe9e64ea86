"""Checking that a UPN, NHS number or child ID is free is a search across the Hub: it tells the asker
that a record exists, even one they may not see. Every check is logged, on the pages and in the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from conftest import make_user
from hub.accounts.models import Agency
from hub.accounts.roles import Role
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import Child
from hub.children.services import child_create

CREATE = reverse("children:create")
API_LIST = reverse("api:children-list")
UPN = "A123456789012"
NHS = "9434765919"


@pytest.fixture
def jonathan(people, wenmoor) -> Child:
    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Jonathan",
        last_name="Smith",
        date_of_birth=date(2011, 5, 3),
        local_child_id="WM1001",
        upn=UPN,
        nhs_number=NHS,
    )


def identity_post(**overrides: str) -> dict[str, str]:
    return {
        "first_name": "John",
        "last_name": "Smyth",
        "sex": "1",
        "ethnicity": "WBRI",
        "date_of_birth_day": "3",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2011",
        **overrides,
    }


def identifier_checks(user) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            action=LogAction.CONSULT, user_id=user.pk, detail__startswith="search: identifier check"
        ).order_by("id")
    )


def test_a_taken_identifier_on_the_page_is_refused_and_the_check_logged(client_for, people, jonathan):
    alice = people["alice"]
    response = client_for(alice).post(CREATE, identity_post(upn="a123 4567 89012", local_child_id="wm1001"))

    page = response.content.decode()
    assert "Another child&#x27;s record already has this UPN" in page
    assert "already has this child ID" in page
    [check] = identifier_checks(alice)
    assert check.record_type == "children.child"
    assert check.record_ids == str(jonathan.pk)
    assert check.justification == "identifier check"
    assert "UPN" in check.detail and "child ID" in check.detail
    assert UPN not in check.detail  # the log names what was checked, not the identifier itself


def test_a_free_identifier_is_still_a_logged_check(client_for, people, jonathan):
    alice = people["alice"]
    response = client_for(alice).post(CREATE, identity_post(nhs_number="401 023 2137"))

    assert response.status_code == 302
    [check] = identifier_checks(alice)
    assert check.record_ids == ""
    assert "NHS number" in check.detail


def test_saving_a_record_with_its_own_identifiers_checks_nothing(client_for, people, jonathan):
    alice = people["alice"]
    form = {
        **identity_post(first_name="Jonathan", last_name="Smith"),
        "upn": UPN,
        "nhs_number": NHS,
        "local_child_id": "WM1001",
        "version": str(jonathan.version),
    }
    response = client_for(alice).post(reverse("children:edit", args=[jonathan.pk]), form)

    assert response.status_code == 302
    assert identifier_checks(alice) == []


def test_a_taken_identifier_in_the_api_is_a_logged_conflict(client_for, people, wenmoor, jonathan):
    alice = people["alice"]
    client = client_for(alice)
    created = client.post(
        API_LIST,
        {"first_name": "Jon", "last_name": "Smyth", "nhs_number": NHS},
        content_type="application/json",
    )
    other = child_create(authority=wenmoor, by=alice, first_name="Kyle", last_name="Barnes")
    changed = client.patch(
        reverse("api:children-detail", kwargs={"pk": other.pk}),
        {"version": other.version, "upn": UPN},
        content_type="application/json",
    )

    assert created.status_code == changed.status_code == 409
    assert "already has this NHS number" in created.json()["detail"]
    assert "already has this UPN" in changed.json()["detail"]
    assert [check.record_ids for check in identifier_checks(alice)] == [str(jonathan.pk), str(jonathan.pk)]


def test_someone_outside_is_told_only_that_the_identifier_is_taken_and_it_is_logged(
    client_for, people, harrowfield, jonathan
):
    # A social worker in Harrowfield, recording a child there: Jonathan is a Wenmoor child.
    agency = Agency.objects.create(name="Harrowfield CSC", kind=Agency.Kind.CHILDRENS_SOCIAL_CARE)
    agency.authorities.set([harrowfield])
    hana = make_user("hana", agency, Role.PRACTITIONER)
    client = client_for(hana)

    response = client.post(
        API_LIST, {"first_name": "Jon", "last_name": "Smyth", "upn": UPN}, content_type="application/json"
    )

    assert response.status_code == 409
    assert "Jonathan" not in response.content.decode()
    assert client.get(reverse("api:children-detail", kwargs={"pk": jonathan.pk})).status_code == 404
    [check] = identifier_checks(hana)
    assert check.record_ids == str(jonathan.pk)  # the auditor can see who learnt the record exists
