"""The screening API: one-request submission for partner systems, the referrer's view of the outcome,
the hub's review, scope and the access log."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import Child, PossibleDuplicate
from hub.children.services import allocation_set, child_create
from hub.core.roles import Role
from hub.reference.models import ScreeningIndicator
from hub.screening.models import Screening

LIST = reverse("api:screenings-list")
YES = ("missing", "older-controlling-adult", "unexplained-money")  # 3 + 3 + 3 = 9: groomed / targeted
OUTCOME_FIELDS = {"id", "status", "submitted_at", "route", "feedback_to_referrer"}


def detail_url(pk: int) -> str:
    return reverse("api:screenings-detail", kwargs={"pk": pk})


def review_url(pk: int) -> str:
    return reverse("api:screenings-review", kwargs={"pk": pk})


def complete(**overrides: Any) -> dict[str, Any]:
    """A complete screening as a partner system would send it."""
    body = {
        "child": {"first_name": "Jonathan", "last_name": "Smith", "date_of_birth": "2011-05-04"},
        "concern": "Seen getting into a car with an older man outside school twice this week.",
        "immediate_risk": False,
        "exploitation_types": ["cse", "cce"],
        "answers": [
            {"indicator": indicator.code, "answer": "yes" if indicator.code in YES else "no", "detail": ""}
            for indicator in ScreeningIndicator.objects.filter(active=True)
        ],
        "lawful_basis": "dpa_sch1_18",
        "consent_not_sought_reason": "Asking the family could alert the man involved.",
    }
    body.update(overrides)
    return body


def review(**overrides: Any) -> dict[str, Any]:
    body = {
        "create_child": True,
        "decided_level": "groomed-targeted",
        "rationale": "Older man, cars and gifts: grooming indicators confirmed by police records.",
        "route": "marmm",
        "systems_consulted": ["police", "csc"],
        "findings": "Police hold two reports of the same car outside the school.",
        "feedback_to_referrer": "Thank you. The child will be discussed at the next MARMM.",
    }
    body.update(overrides)
    return body


def submit(client, **overrides: Any) -> Any:
    return client.post(LIST, complete(**overrides), content_type="application/json")


def logged(user, action=LogAction.CONSULT) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(user_id=user.pk, action=action).latest("id")


@pytest.fixture
def submitted(client_for, people) -> Screening:
    """Sam, a school's safeguarding lead, refers Jonathan through the API."""
    response = submit(client_for(people["sam"]))
    assert response.status_code == 201, response.json()
    return Screening.objects.get(pk=response.json()["id"])


# --- submitting ----------------------------------------------------------------------------------


def test_a_partner_system_submits_a_complete_screening_in_one_request(client_for, people):
    response = submit(
        client_for(people["sam"]),
        child={
            "first_name": "Jonathan",
            "last_name": "Smith",
            "date_of_birth": "2011-05-04",
            "upn": "a123 4567 89012",
            "postcode": "qw1  2ab",
            "learning_disability": "not_known",
        },
    )
    assert response.status_code == 201, response.json()
    screening = Screening.objects.get()
    assert response["Location"] == detail_url(screening.pk)
    # Sam referred the child and holds no other relationship: Sam sees what happens to it, no more.
    assert set(response.json()) == OUTCOME_FIELDS
    assert response.json()["status"] == "submitted"
    assert screening.status == Screening.Status.SUBMITTED
    assert (screening.upn, screening.postcode, screening.referrer) == (
        "A123456789012",
        "QW1 2AB",
        people["sam"],
    )
    assert screening.suggested_level is not None and screening.suggested_level.code == "groomed-targeted"
    assert screening.score == 9
    assert sorted(screening.exploitation_types.values_list("code", flat=True)) == ["cce", "cse"]
    assert screening.answers.count() == ScreeningIndicator.objects.filter(active=True).count()
    assert screening.review_due_at and screening.submitted_at
    assert screening.review_due_at > screening.submitted_at
    assert logged(people["sam"], LogAction.COLLECT).detail == "screening submitted to the hub"


def test_an_incomplete_screening_is_400_field_by_field_and_nothing_is_kept(client_for, people):
    answers = complete()["answers"][2:]
    response = submit(client_for(people["sam"]), child={"first_name": "Jonathan"}, answers=answers)
    assert response.status_code == 400
    errors = response.json()
    assert errors["child"] == [
        "Enter the child's first and last name",
        "Enter the child's date of birth, or an estimate",
    ]
    assert errors["answers"][0] == "Answer the 2 indicator questions left"
    assert errors["answers"][1] == "Not yet answered: missing, older-controlling-adult."
    assert not Screening.objects.exists()
    assert not AccessLogEntry.objects.filter(record_type="screening.screening").exists()


def test_required_parts_are_named_when_missing(client_for, people):
    response = client_for(people["sam"]).post(LIST, {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {
        "child",
        "concern",
        "immediate_risk",
        "exploitation_types",
        "answers",
        "lawful_basis",
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"exploitation_types": ["cse", "sheep"]}, "exploitation_types", "Unknown exploitation type: sheep."),
        ({"exploitation_types": []}, "exploitation_types", "This list may not be empty."),
        ({"exploitation_types": "cse"}, "exploitation_types", 'Expected a list of items but got type "str".'),
        ({"answers": [{"indicator": "flying", "answer": "yes"}]}, "answers", "Unknown indicator: flying."),
        ({"answers": {"missing": "yes"}}, "answers", None),
        ({"answers": [{"indicator": "missing", "answer": "perhaps"}]}, "answers", None),
        (
            {
                "answers": [
                    {"indicator": "missing", "answer": "yes"},
                    {"indicator": "missing", "answer": "no"},
                ]
            },
            "answers",
            "Answer each indicator once: missing repeated.",
        ),
        ({"lawful_basis": "because"}, "lawful_basis", None),
        ({"consent_not_sought_reason": "  "}, "consent_not_sought_reason", "Say why consent was not sought"),
        ({"immediate_risk": "sometimes"}, "immediate_risk", None),
        ({"concern": ""}, "concern", None),
        ({"concern": None}, "concern", None),
        ({"child": "Jonathan Smith"}, "child", None),
        ({"child": {"date_of_birth": "04/05/2011"}}, "child", None),
        ({"child": {"date_of_birth": "2099-01-01"}}, "child", None),
        ({"child": {"school": "999999"}}, "child", None),
        ({"child": {"nhs_number": "1234567890"}}, "child", None),
        ({"child": {"first_name": "Jon\x00"}}, "child", None),
        ({"authority": "E10999002"}, "authority", None),
    ],
)
def test_malformed_parts_are_400_with_the_field_named(client_for, people, overrides, field, message):
    response = submit(client_for(people["sam"]), **overrides)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    if message:
        assert message in str(errors[field])
    assert not Screening.objects.exists()


@pytest.mark.parametrize("raw", ["{", "[]", "null", '"screening"', '{"child": }'])
def test_malformed_json_is_400(client_for, people, submitted, raw):
    alice = client_for(people["alice"])
    assert client_for(people["sam"]).post(LIST, raw, content_type="application/json").status_code == 400
    assert alice.post(review_url(submitted.pk), raw, content_type="application/json").status_code == 400


@pytest.mark.parametrize("person", ["pat", "dana", "erin"])
def test_roles_that_do_not_refer_cannot_submit(client_for, people, person):
    response = submit(client_for(people[person]))
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role cannot refer a concern about a child."}


# --- reading ------------------------------------------------------------------------------------


def test_the_referrer_sees_only_the_outcome(client_for, people, submitted):
    sam = client_for(people["sam"])
    before = sam.get(detail_url(submitted.pk)).json()
    assert before == {
        "id": submitted.pk,
        "status": "submitted",
        "submitted_at": before["submitted_at"],
        "route": None,
        "feedback_to_referrer": None,
    }
    assert (
        client_for(people["alice"])
        .post(review_url(submitted.pk), review(), content_type="application/json")
        .status_code
        == 201
    )
    after = sam.get(detail_url(submitted.pk)).json()
    assert set(after) == OUTCOME_FIELDS
    assert (after["status"], after["route"]) == ("reviewed", "marmm")
    assert after["feedback_to_referrer"] == "Thank you. The child will be discussed at the next MARMM."
    assert "grooming indicators" not in str(after) and "Police hold" not in str(after)
    entry = logged(people["sam"])
    assert (entry.record_ids, entry.justification) == (str(submitted.pk), "referrer")
    listed = sam.get(LIST).json()["results"]
    assert listed == [
        {"id": submitted.pk, "status": "reviewed", "submitted_at": after["submitted_at"], "route": "marmm"}
    ]


def test_hub_staff_see_the_whole_screening_and_reads_are_logged(client_for, people, submitted):
    alice = people["alice"]
    client = client_for(alice)
    listed = client.get(LIST).json()
    assert [item["id"] for item in listed["results"]] == [submitted.pk]
    entry = logged(alice)
    assert (entry.record_type, entry.record_ids) == ("screening.screening", str(submitted.pk))
    data = client.get(detail_url(submitted.pk)).json()
    assert data["concern"].startswith("Seen getting into a car")
    assert data["suggested_level"]["code"] == "groomed-targeted"
    assert data["referrer"] == "Sam Tester"
    assert data["review"] is None
    assert {answer["indicator"] for answer in data["answers"] if answer["answer"] == "yes"} == set(YES)
    entry = logged(alice)
    assert (entry.record_ids, entry.justification) == (str(submitted.pk), "hub_staff")


def test_someone_outside_sees_nothing_and_gets_404(client_for, people, submitted):
    charlie = client_for(people["charlie"])
    assert charlie.get(LIST).json()["results"] == []
    assert charlie.get(detail_url(submitted.pk)).status_code == 404
    assert (
        charlie.post(review_url(submitted.pk), review(), content_type="application/json").status_code == 404
    )
    assert logged(people["charlie"], LogAction.REFUSED).record_ids == str(submitted.pk)
    assert client_for(people["bob"]).get(detail_url(submitted.pk)).status_code == 404  # no relationship


def test_roles_that_never_see_screenings_are_refused_the_list(client_for, people):
    response = client_for(people["pat"]).get(LIST)
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not see screenings."}


# --- the hub's review --------------------------------------------------------------------------


def test_review_end_to_end_creates_the_child_and_changes_the_level(client_for, people, submitted):
    alice = client_for(people["alice"])
    response = alice.post(review_url(submitted.pk), review(), content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "reviewed"
    assert data["review"]["decided_level"]["code"] == "groomed-targeted"
    assert data["review"]["reviewer"] == "Alice Tester"
    child = Child.objects.get(pk=data["child"])
    assert child.level is not None
    assert (child.first_name, child.date_of_birth, child.level.code) == (
        "Jonathan",
        date(2011, 5, 4),
        "groomed-targeted",
    )
    history = alice.get(reverse("api:children-detail", kwargs={"pk": child.pk})).json()["level_history"]
    assert [(change["level"]["code"], change["source"]) for change in history] == [
        ("groomed-targeted", f"hub review of screening {submitted.pk}")
    ]
    # A second referral about the same child, linked to the existing record, moves the level on.
    again = submit(client_for(people["sam"])).json()["id"]
    response = alice.post(
        review_url(again),
        review(
            create_child=False,
            child=child.pk,
            decided_level="exploited",
            difference_reason="Police now hold evidence he is being sexually exploited.",
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    history = alice.get(reverse("api:children-detail", kwargs={"pk": child.pk})).json()["level_history"]
    assert [change["level"]["code"] for change in history] == ["exploited", "groomed-targeted"]
    assert history[0]["previous_level"]["code"] == "groomed-targeted"
    assert Child.objects.count() == 1


def test_a_refused_review_is_400_with_the_rule_and_changes_nothing(client_for, people, submitted):
    alice = client_for(people["alice"])
    response = alice.post(
        review_url(submitted.pk), review(decided_level="vulnerable"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Say why you decided Vulnerable (at risk) when the tool suggested Groomed / targeted."
    }
    submitted.refresh_from_db()
    assert (submitted.status, submitted.child_id) == ("submitted", None)
    assert not Child.objects.exists()
    assert alice.post(review_url(submitted.pk), review(), content_type="application/json").status_code == 201
    twice = alice.post(review_url(submitted.pk), review(), content_type="application/json")
    assert twice.status_code == 400
    assert twice.json() == {"detail": "This screening is not waiting for review."}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"create_child": False}, "child"),
        ({"child": 1, "create_child": True}, "create_child"),
        ({"child": "one", "create_child": False}, "child"),
        ({"child": 10**30, "create_child": False}, "child"),
        ({"decided_level": "panic"}, "decided_level"),
        ({"route": "elsewhere"}, "route"),
        ({"systems_consulted": ["crystal-ball"]}, "systems_consulted"),
        ({"systems_consulted": "police"}, "systems_consulted"),
        ({"rationale": ""}, "rationale"),
        ({"feedback_to_referrer": None}, "feedback_to_referrer"),
        ({"create_child": "please"}, "create_child"),
    ],
)
def test_a_malformed_review_is_400_with_the_field_named(client_for, people, submitted, overrides, field):
    response = client_for(people["alice"]).post(
        review_url(submitted.pk), review(**overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_the_linked_child_must_be_one_the_reviewer_may_see(client_for, people, harrowfield, submitted):
    elsewhere = child_create(
        authority=harrowfield, by=people["alice"], first_name="Jonathan", last_name="Smith"
    )
    response = client_for(people["alice"]).post(
        review_url(submitted.pk),
        review(create_child=False, child=elsewhere.pk),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"child": [f"There is no child's record {elsewhere.pk} that you may see."]}


def test_only_a_hub_coordinator_of_the_area_may_review(client_for, people, agencies, submitted):
    analyst = make_user("hamid", agencies["hub"], Role.HUB_ANALYST)
    refused = client_for(analyst).post(review_url(submitted.pk), review(), content_type="application/json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only a hub coordinator of the screening's area can review it."}
    by_referrer = client_for(people["sam"]).post(
        review_url(submitted.pk), review(), content_type="application/json"
    )
    assert by_referrer.status_code == 403
    assert by_referrer.json() == {"detail": "Only a hub coordinator of the screening's area can review it."}
    assert logged(people["sam"], LogAction.REFUSED).detail == "review refused."
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_an_allocated_worker_sees_the_whole_screening_once_linked(client_for, people, submitted):
    alice, bob = people["alice"], people["bob"]
    client_for(alice).post(review_url(submitted.pk), review(), content_type="application/json")
    submitted.refresh_from_db()
    allocation_set(child=submitted.child, worker=bob, by=alice, start=timezone.localdate())
    data = client_for(bob).get(detail_url(submitted.pk)).json()
    assert data["review"]["rationale"].startswith("Older man")
    assert data["child"] == submitted.child_id
    assert logged(bob).justification == "allocated"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.dictionaries(
        st.sampled_from(
            [
                "authority",
                "child",
                "concern",
                "immediate_risk",
                "exploitation_types",
                "answers",
                "lawful_basis",
            ]
        ),
        JSON,
        max_size=3,
    )
)
def test_no_submission_gives_a_server_error(client_for, people, changes):
    assert submit(client_for(people["sam"]), **changes).status_code < 500


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.dictionaries(
        st.sampled_from(
            ["child", "create_child", "decided_level", "route", "systems_consulted", "rationale"]
        ),
        JSON,
        max_size=3,
    )
)
def test_no_review_gives_a_server_error(client_for, people, submitted, changes):
    response = client_for(people["alice"]).post(
        review_url(submitted.pk), review(**changes), content_type="application/json"
    )
    assert response.status_code < 500


def test_a_record_that_shares_an_identifier_is_made_and_queued_not_disclosed(client_for, people, harrowfield):
    """The Harrowfield record is outside Alice's sight: the review makes Wenmoor's record, says nothing
    of the other, and the pair waits in the duplicates queue."""
    other = child_create(
        authority=harrowfield, by=people["alice"], first_name="Jon", last_name="Smith", upn="A123456789012"
    )
    sent = submit(client_for(people["sam"]), child={**complete()["child"], "upn": "A123456789012"})
    pk = sent.json()["id"]
    response = client_for(people["alice"]).post(review_url(pk), review(), content_type="application/json")
    assert response.status_code == 201
    assert "Harrowfield" not in response.content.decode()
    made = Screening.objects.get(pk=pk).child
    assert PossibleDuplicate.objects.get(child=made, other=other).reasons == "the same UPN"


def test_the_list_takes_the_same_queries_however_many_screenings(client_for, people):
    sam, alice = client_for(people["sam"]), client_for(people["alice"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert alice.get(LIST).status_code == 200
        return len(context.captured_queries)

    submit(sam)
    one = queries()
    for _ in range(4):
        submit(sam)
    assert queries() == one


def test_the_openapi_schema_describes_every_operation(client_for, people):
    schema = client_for(people["alice"]).get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    operations = {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if "children" in path or "screenings" in path
    }
    assert operations == {
        ("/api/v1/children/", "get"),
        ("/api/v1/children/", "post"),
        ("/api/v1/children/{id}/", "get"),
        ("/api/v1/children/{id}/", "patch"),
        ("/api/v1/children/{id}/nrm-referrals/", "get"),
        ("/api/v1/children/{id}/nrm-referrals/", "post"),
        ("/api/v1/screenings/", "get"),
        ("/api/v1/screenings/", "post"),
        ("/api/v1/screenings/{id}/", "get"),
        ("/api/v1/screenings/{id}/review/", "post"),
    }
