"""The children API: search, list, read, record and change, scoped and logged as the pages are."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_user
from hub.accounts.models import Agency
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import Child, PossibleDuplicate
from hub.children.services import allocation_set, child_create, level_set
from hub.core.roles import Role
from hub.reference.models import LevelOfConcern

LIST = reverse("api:children-list")


def detail_url(child: Child) -> str:
    return reverse("api:children-detail", kwargs={"pk": child.pk})


@pytest.fixture
def jonathan(people, wenmoor) -> Child:
    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Jonathan",
        last_name="Smith",
        date_of_birth=date(2011, 5, 4),
        upn="A123456789012",
    )


@pytest.fixture
def harrowfield_child(people, harrowfield) -> Child:
    return child_create(authority=harrowfield, by=people["alice"], first_name="Kyle", last_name="Barnes")


def last_entry(user, action=LogAction.CONSULT) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(user_id=user.pk, action=action).latest("id")


# --- search and list -----------------------------------------------------------------------------


def test_search_tolerates_nicknames_and_spelling(client_for, people, jonathan):
    response = client_for(people["alice"]).get(LIST, {"name": "Jon Smyth"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [result["id"] for result in results] == [jonathan.pk]
    assert results[0]["match"]["score"] >= 0.6
    assert "first name or nickname matches" in results[0]["match"]["reasons"]
    entry = last_entry(people["alice"])
    assert entry.detail == "search: Jon Smyth"
    assert entry.record_ids == str(jonathan.pk)


def test_search_by_identifier_and_date_of_birth(client_for, people, jonathan):
    client = client_for(people["alice"])
    by_upn = client.get(LIST, {"identifier": "a123 4567 89012"}).json()
    assert [result["id"] for result in by_upn["results"]] == [jonathan.pk]
    by_birth = client.get(LIST, {"date_of_birth": "2011-05-04"}).json()
    assert [result["id"] for result in by_birth["results"]] == [jonathan.pk]
    assert client.get(LIST, {"name": "Priya Patel"}).json()["results"] == []


def test_the_list_is_paginated_and_each_page_is_logged(client_for, people, wenmoor, jonathan):
    alice = people["alice"]
    for first, last in [("Amy", "Adams"), ("Ben", "Brown"), ("Cara", "Cole")]:
        child_create(authority=wenmoor, by=alice, first_name=first, last_name=last)
    client = client_for(alice)
    page = client.get(LIST, {"limit": 2}).json()
    assert page["count"] == 4
    assert [child["last_name"] for child in page["results"]] == ["Adams", "Brown"]
    assert page["results"][0]["match"] is None
    assert page["next"].endswith("limit=2&offset=2")
    listed = last_entry(alice)
    assert listed.record_ids == ",".join(str(child["id"]) for child in page["results"])
    assert listed.record_type == "children.child"
    second = client.get(LIST, {"limit": 2, "offset": 2}).json()
    assert [child["last_name"] for child in second["results"]] == ["Cole", "Smith"]
    assert client.get(LIST, {"limit": 1000}).json()["count"] == 4  # at most 100 a page


def test_someone_outside_sees_nothing_and_gets_404(client_for, people, jonathan):
    charlie = people["charlie"]
    client = client_for(charlie)
    assert client.get(LIST).json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert client.get(LIST, {"name": "Jonathan Smith"}).json()["results"] == []
    assert client.get(LIST, {"identifier": "A123456789012"}).json()["results"] == []
    response = client.get(detail_url(jonathan))
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    refusal = last_entry(charlie, LogAction.REFUSED)
    assert refusal.record_ids == str(jonathan.pk)
    patched = client.patch(
        detail_url(jonathan), {"version": 1, "first_name": "X"}, content_type="application/json"
    )
    assert patched.status_code == 404
    jonathan.refresh_from_db()
    assert jonathan.first_name == "Jonathan"


def test_hub_staff_see_only_their_own_authority(client_for, people, jonathan, harrowfield_child):
    client = client_for(people["alice"])
    assert [child["id"] for child in client.get(LIST).json()["results"]] == [jonathan.pk]
    assert client.get(detail_url(harrowfield_child)).status_code == 404


def test_a_school_lead_cannot_read_a_child(client_for, people, jonathan):
    client = client_for(people["sam"])
    assert client.get(detail_url(jonathan)).status_code == 404
    response = client.get(LIST, {"name": "Jonathan Smith"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not see children's records."}
    assert last_entry(people["sam"], LogAction.REFUSED).outcome == "refused"


def test_an_allocated_practitioner_reads_the_record_and_it_is_logged(client_for, people, jonathan):
    bob = people["bob"]
    client = client_for(bob)
    assert client.get(detail_url(jonathan)).status_code == 404
    allocation_set(child=jonathan, worker=bob, by=people["alice"], start=timezone.localdate())
    response = client.get(detail_url(jonathan))
    assert response.status_code == 200
    data = response.json()
    assert data["first_name"] == "Jonathan"
    assert data["authority"] == "E06999001"
    assert data["level"] is None
    assert data["level_history"] == []
    entry = last_entry(bob)
    assert (entry.record_ids, entry.justification) == (str(jonathan.pk), "allocated")
    assert [child["id"] for child in client.get(LIST).json()["results"]] == [jonathan.pk]


def test_anonymous_and_password_only_callers_are_refused(client, people, jonathan):
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(jonathan)).status_code == 403
    client.force_login(people["alice"])  # password only: no authentication code yet
    session = client.session
    session["hub_started_at"] = session["hub_last_seen"] = timezone.now().isoformat()
    session.save()
    response = client.get(detail_url(jonathan))
    assert response.status_code == 403
    assert response.json() == {"detail": "Finish signing in with your authentication code."}


# --- recording a child ---------------------------------------------------------------------------


def test_a_practitioner_records_a_child_and_keeps_sight_of_it(client_for, people):
    client = client_for(people["bob"])
    response = client.post(
        LIST,
        {
            "first_name": "Priya",
            "last_name": "Patel",
            "date_of_birth": "2012-02-29",
            "nhs_number": "943 476 5919",
            "sex": "2",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    child = Child.objects.get(pk=data["id"])
    assert (child.first_name, child.nhs_number, child.authority.ons_code) == (
        "Priya",
        "9434765919",
        "E06999001",
    )
    assert response["Location"] == detail_url(child)
    assert client.get(response["Location"]).status_code == 200
    assert last_entry(people["bob"], LogAction.COLLECT).record_ids == str(child.pk)


@pytest.mark.parametrize("person", ["charlie", "sam", "pat", "dana", "erin"])
def test_roles_that_may_not_write_children_cannot_record_one(client_for, people, person):
    response = client_for(people[person]).post(
        LIST, {"first_name": "Priya", "last_name": "Patel"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role cannot record children."}
    assert not Child.objects.exists()


def test_the_authority_is_needed_when_the_agency_serves_several(client_for, wenmoor, harrowfield):
    agency = Agency.objects.create(name="Two-area hub", kind=Agency.Kind.HUB)
    agency.authorities.set([wenmoor, harrowfield])
    client = client_for(make_user("hana", agency, Role.HUB_COORDINATOR))
    child = {"first_name": "Priya", "last_name": "Patel"}
    response = client.post(LIST, child, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "authority": ["Your agency serves more than one area: say which, one of: E06999001, E10999002."]
    }
    outside = client.post(LIST, {**child, "authority": "E09000001"}, content_type="application/json")
    assert outside.json()["authority"] == [
        "Your agency does not serve E09000001. Use one of: E06999001, E10999002."
    ]
    response = client.post(LIST, {**child, "authority": "e10999002"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["authority"] == "E10999002"


def test_an_identifier_already_on_another_record_is_saved_and_queued_not_disclosed(
    client_for, people, jonathan
):
    """Bob may not see Jonathan: a 409 would tell him the Hub holds a child with that UPN."""
    response = client_for(people["bob"]).post(
        LIST,
        {"first_name": "Jon", "last_name": "Smyth", "upn": "A123456789012"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert "Smith" not in response.content.decode() and "Jonathan" not in response.content.decode()
    newcomer = Child.objects.get(pk=response.json()["id"])
    assert PossibleDuplicate.objects.get(child=newcomer, other=jonathan).reasons == "the same UPN"


# --- changing a record ---------------------------------------------------------------------------


def test_a_change_with_the_version_read_is_saved_and_logged(client_for, people, jonathan):
    client = client_for(people["alice"])
    version = client.get(detail_url(jonathan)).json()["version"]
    response = client.patch(
        detail_url(jonathan),
        {"version": version, "preferred_name": "Jonny", "learning_disability": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["preferred_name"], data["learning_disability"], data["version"]) == (
        "Jonny",
        True,
        version + 1,
    )
    assert data["first_name"] == "Jonathan"  # fields not sent are kept
    change = last_entry(people["alice"], LogAction.CHANGE)
    assert "preferred_name" in change.detail


def test_a_stale_version_is_a_409_and_changes_nothing(client_for, people, jonathan):
    alice_client = client_for(people["alice"])
    read = alice_client.get(detail_url(jonathan)).json()["version"]
    first = alice_client.patch(
        detail_url(jonathan), {"version": read, "last_name": "Smithson"}, content_type="application/json"
    )
    assert first.status_code == 200
    second = alice_client.patch(
        detail_url(jonathan), {"version": read, "last_name": "Smythe"}, content_type="application/json"
    )
    assert second.status_code == 409
    assert second.json()["detail"].startswith("Someone else changed Jonathan Smithson's record")
    jonathan.refresh_from_db()
    assert (jonathan.last_name, jonathan.version) == ("Smithson", read + 1)


def test_a_change_needs_a_version_and_something_to_change(client_for, people, jonathan):
    client = client_for(people["alice"])
    no_version = client.patch(detail_url(jonathan), {"last_name": "Smythe"}, content_type="application/json")
    assert no_version.status_code == 400
    assert "version" in no_version.json()
    nothing = client.patch(detail_url(jonathan), {"version": 1}, content_type="application/json")
    assert nothing.status_code == 400
    assert nothing.json() == {
        "non_field_errors": ["Send at least one field to change, with the version you read."]
    }


def test_someone_who_may_read_but_not_write_is_told_so(client_for, people, agencies, jonathan):
    analyst = make_user("hamid", agencies["hub"], Role.HUB_ANALYST)
    client = client_for(analyst)
    assert client.get(detail_url(jonathan)).status_code == 200
    response = client.patch(
        detail_url(jonathan), {"version": 1, "last_name": "Smythe"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You can see this child's record but your role cannot change it."}
    assert last_entry(analyst, LogAction.REFUSED).detail == "write refused."


# --- malformed input: always a 400 with a message, never a 500 ---------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"first_name": "Priya"}, "last_name"),
        ({"first_name": "", "last_name": "Patel"}, "first_name"),
        ({"first_name": {"a": 1}, "last_name": "Patel"}, "first_name"),
        ({"first_name": ["Priya"], "last_name": "Patel"}, "first_name"),
        ({"first_name": None, "last_name": "Patel"}, "first_name"),
        ({"first_name": "Pri\x00ya", "last_name": "Patel"}, "first_name"),
        ({"first_name": "P" * 101, "last_name": "Patel"}, "first_name"),
        ({"first_name": "Priya", "last_name": "Patel", "date_of_birth": "29/02/2012"}, "date_of_birth"),
        ({"first_name": "Priya", "last_name": "Patel", "date_of_birth": "2011-02-29"}, "date_of_birth"),
        ({"first_name": "Priya", "last_name": "Patel", "date_of_birth": 20120229}, "date_of_birth"),
        ({"first_name": "Priya", "last_name": "Patel", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        (
            {"first_name": "Priya", "last_name": "Patel", "learning_disability": "maybe"},
            "learning_disability",
        ),
        ({"first_name": "Priya", "last_name": "Patel", "sex": "X"}, "sex"),
        ({"first_name": "Priya", "last_name": "Patel", "ethnicity": "ZZZZ"}, "ethnicity"),
        ({"first_name": "Priya", "last_name": "Patel", "upn": "12345"}, "upn"),
        ({"first_name": "Priya", "last_name": "Patel", "nhs_number": "1234567890"}, "nhs_number"),
        ({"first_name": "Priya", "last_name": "Patel", "authority": 12}, "authority"),
    ],
)
def test_wrong_types_and_values_are_400_with_the_field_named(client_for, people, body, field):
    response = client_for(people["alice"]).post(LIST, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    "raw", ["{", "not json", "[]", '"a string"', "null", "42", '{"first_name": "Priya", "last_name": }']
)
def test_malformed_json_is_400(client_for, people, jonathan, raw):
    client = client_for(people["alice"])
    for response in [
        client.post(LIST, raw, content_type="application/json"),
        client.patch(detail_url(jonathan), raw, content_type="application/json"),
    ]:
        assert response.status_code == 400
        assert response.json()


@pytest.mark.parametrize(
    "body", [{"version": "two", "last_name": "X"}, {"version": 0, "last_name": "X"}, {"version": 2**70}]
)
def test_a_malformed_version_is_400(client_for, people, jonathan, body):
    response = client_for(people["alice"]).patch(detail_url(jonathan), body, content_type="application/json")
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        {"date_of_birth": "4 May 2011"},
        {"date_of_birth": "2011-02-30"},
        {"name": "Jon\x00"},
        {"name": "J" * 201},
        {"identifier": "A" * 41},
    ],
)
def test_a_malformed_search_is_400(client_for, people, query):
    response = client_for(people["alice"]).get(LIST, query)
    assert response.status_code == 400
    assert set(response.json()) <= {"name", "date_of_birth", "identifier"}


def test_unsupported_media_and_odd_paging_are_not_errors_of_ours(client_for, people, jonathan):
    client = client_for(people["alice"])
    assert client.post(LIST, "first_name=Priya", content_type="text/plain").status_code == 415
    assert client.get(LIST, {"limit": "lots", "offset": "-3"}).status_code == 200
    assert client.get(reverse("api:children-detail", kwargs={"pk": 10**30})).status_code == 404


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
FIELDS = ["first_name", "last_name", "date_of_birth", "upn", "nhs_number", "sex", "version", "authority"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6) | JSON)
def test_no_body_gives_a_server_error(client_for, people, jonathan, body):
    client = client_for(people["alice"])
    assert client.post(LIST, body, content_type="application/json").status_code < 500
    assert client.patch(detail_url(jonathan), body, content_type="application/json").status_code < 500


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.dictionaries(
        st.sampled_from(["name", "date_of_birth", "identifier", "limit", "offset"]), st.text(max_size=40)
    )
)
def test_no_query_gives_a_server_error(client_for, people, jonathan, query):
    assert client_for(people["alice"]).get(LIST, query).status_code < 500


def test_level_history_is_part_of_the_record(client_for, people, jonathan):
    level_set(
        child=jonathan,
        level=LevelOfConcern.objects.get(code="vulnerable"),
        by=people["alice"],
        rationale="Missing twice this month.",
        at=timezone.now() - timedelta(days=1),
    )
    data = client_for(people["alice"]).get(detail_url(jonathan)).json()
    assert data["level"] == {"code": "vulnerable", "name": "Vulnerable (at risk)"}
    assert data["level_history"][0]["rationale"] == "Missing twice this month."
    assert data["level_history"][0]["decided_by"] == "Alice Tester"


def test_empty_query_parameters_are_ignored(client_for, people, jonathan):
    response = client_for(people["alice"]).get(LIST, {"name": "", "date_of_birth": "", "identifier": " "})
    assert response.status_code == 200
    assert response.json()["results"][0]["match"] is None  # a plain list, not a search


def test_changing_to_an_identifier_already_on_another_record_queues_the_pair(
    client_for, people, wenmoor, jonathan
):
    other = child_create(authority=wenmoor, by=people["alice"], first_name="Kyle", last_name="Barnes")
    response = client_for(people["alice"]).patch(
        detail_url(other), {"version": other.version, "upn": "A123456789012"}, content_type="application/json"
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert (other.upn, other.version) == ("A123456789012", 2)
    assert PossibleDuplicate.objects.filter(child=other, other=jonathan, decided_at__isnull=True).exists()


def _queries(client, url: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, query).status_code == 200
    return len(context.captured_queries)


def test_lists_and_searches_take_the_same_queries_however_many_children(client_for, people, wenmoor):
    client = client_for(people["alice"])
    child_create(authority=wenmoor, by=people["alice"], first_name="Jonathan", last_name="Smith")
    one = [_queries(client, LIST, {}), _queries(client, LIST, {"name": "Jon Smith"})]
    for _ in range(5):
        child_create(authority=wenmoor, by=people["alice"], first_name="Jonathan", last_name="Smith")
    assert [_queries(client, LIST, {}), _queries(client, LIST, {"name": "Jon Smith"})] == one
