"""Input that used to give a server error: a date with a twenty-digit (or a first-century) year on a
page, a year-9999 moment in the API, a JSON body nested 3,000 deep or too large. Each gets a clear
refusal that names what to change (security.md item 21)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from hub.children.models import Child
from hub.children.services import child_create
from hub.core.parsers import MAX_DEPTH, nesting_depth
from hub.missing import services as missing_services
from hub.missing.models import MissingEpisode

CHILDREN = reverse("api:children-list")


@pytest.fixture
def kai(people, wenmoor) -> Child:
    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )


def identity(year: str) -> dict[str, str]:
    return {
        "first_name": "Priya",
        "last_name": "Patel",
        "sex": "2",
        "ethnicity": "WBRI",
        "date_of_birth_day": "4",
        "date_of_birth_month": "5",
        "date_of_birth_year": year,
    }


def report_form(child: Child, year: str) -> dict[str, str]:
    when = {"day": "1", "month": "1", "year": year}
    return {
        "child": str(child.pk),
        "reported_by_kind": "police",
        **{f"reported_at_date_{part}": value for part, value in when.items()},
        "reported_at_time": "10:00",
        **{f"last_seen_at_date_{part}": value for part, value in when.items()},
        "last_seen_at_time": "09:00",
        "risk_grade": "high",
    }


# --- pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("12345678901234567890", "The year of the date of birth must have 4 numbers, like 2012"),
        ("2147483648", "The year of the date of birth must have 4 numbers, like 2012"),
        ("0001", "The date of birth must be between 1900 and 2100"),
        ("١٩٩٩", "The date of birth must be a real date, like 27 3 2012"),
        ("1_99", "The date of birth must be a real date, like 27 3 2012"),
    ],
)
def test_a_page_refuses_an_impossible_year_in_words(client_for, people, year, message):
    response = client_for(people["alice"]).post(reverse("children:create"), identity(year))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Child.objects.exists()


@pytest.mark.parametrize("year", ["99999999999999999999", "0001", "9999"])
def test_the_missing_report_refuses_an_impossible_year_not_a_500(client_for, people, kai, year):
    response = client_for(people["alice"]).post(reverse("missing:report"), report_form(kai, year))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not MissingEpisode.objects.exists()


def test_someone_outside_the_area_is_refused_before_any_date_is_read(client_for, people, kai):
    response = client_for(people["charlie"]).post(reverse("missing:report"), report_form(kai, "0001"))
    assert response.status_code == 404


# --- API dates -----------------------------------------------------------------------------------


def test_a_year_9999_return_is_a_400_naming_the_field(client_for, people, kai):
    now = timezone.now()
    episode = missing_services.episode_report(
        child=kai,
        by=people["alice"],
        reported_at=now - timedelta(hours=2),
        reported_by_kind="carer",
        last_seen_at=now - timedelta(hours=3),
        risk_grade="high",
    )
    response = client_for(people["alice"]).post(
        reverse("api:episodes-return", kwargs={"pk": episode.pk}),
        {
            "returned_at": (now - timedelta(hours=1)).isoformat(),
            "hub_notified_at": "9999-12-31T23:59:59+00:00",
            "version": episode.version,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "hub_notified_at": ["Enter a date between 1 January 1900 and 31 December 2100."]
    }
    assert MissingEpisode.objects.get(pk=episode.pk).is_open


@pytest.mark.parametrize("born", ["1899-12-31", "0001-01-01", "20000000000000000000-01-01"])
def test_an_api_date_of_birth_out_of_range_is_a_400(client_for, people, born):
    body = {"first_name": "Priya", "last_name": "Patel", "date_of_birth": born}
    response = client_for(people["alice"]).post(CHILDREN, body, content_type="application/json")
    assert response.status_code == 400 and "date_of_birth" in response.json()
    assert not Child.objects.exists()


# --- API bodies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[" * 3000 + "]" * 3000,
        '{"a":' * 3000 + "1" + "}" * 3000,
        '{"first_name": ' + "[" * 40 + "]" * 40 + "}",
    ],
)
def test_a_deeply_nested_body_is_a_400_that_says_so(client_for, people, kai, body):
    client = client_for(people["alice"])
    for response in [
        client.post(CHILDREN, body, content_type="application/json"),
        client.patch(
            reverse("api:children-detail", kwargs={"pk": kai.pk}), body, content_type="application/json"
        ),
    ]:
        assert response.status_code == 400
        assert f"nested more than {MAX_DEPTH} levels deep" in response.json()["detail"]
    assert Child.objects.count() == 1


def test_brackets_inside_strings_do_not_count_and_ordinary_bodies_pass(client_for, people):
    name = "[" * 100 + '\\"{' * 50
    assert nesting_depth(json.dumps({"first_name": name, "tags": [[1], {"a": [2]}]})) == 4
    body = {"first_name": "Priya", "last_name": "Patel [known as {Pri}]"}
    response = client_for(people["alice"]).post(CHILDREN, body, content_type="application/json")
    assert response.status_code == 201, response.json()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_larger_than_the_limit_is_a_413(client_for, people):
    body = json.dumps({"first_name": "P" * 2000, "last_name": "Patel"})
    response = client_for(people["alice"]).post(CHILDREN, body, content_type="application/json")
    assert response.status_code == 413
    assert "larger than 1,000 bytes" in response.json()["detail"]
    assert not Child.objects.exists()


def test_someone_outside_gets_no_further_than_a_refusal(client_for, people, kai):
    body = "[" * 3000 + "]" * 3000
    response = client_for(people["charlie"]).patch(
        reverse("api:children-detail", kwargs={"pk": kai.pk}), body, content_type="application/json"
    )
    assert response.status_code in {400, 404}
    assert Child.objects.get(pk=kai.pk).first_name == "Kai"
