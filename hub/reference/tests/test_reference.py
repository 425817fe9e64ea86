from __future__ import annotations

from django.urls import reverse

from hub.reference.models import Clock, LevelOfConcern, MeetingType, RepeatMissingRule, ScreeningIndicator
from hub.reference.selectors import clock_duration, clock_get


def test_defaults_of_the_domain_are_seeded(db):
    assert list(LevelOfConcern.objects.order_by("rank").values_list("code", flat=True)) == [
        "no-current-concern",
        "vulnerable",
        "groomed-targeted",
        "exploited",
    ]
    assert set(MeetingType.objects.values_list("code", flat=True)) >= {
        "marmm",
        "mep",
        "sep",
        "youth-risk",
        "cross-border",
        "locality-north",
        "locality-south",
        "dci-risk",
    }
    assert ScreeningIndicator.objects.get(code="missing").weight == 3
    rule = RepeatMissingRule.objects.get(code="repeat-missing")
    assert (rule.episodes, rule.days) == (3, 30)
    assert clock_duration(clock_get("rfmi-interview")).total_seconds() == 72 * 3600
    assert clock_get("hub-review").unit == Clock.Unit.WORKING_DAYS


def test_every_signed_in_person_can_read_the_definitions(client_for, people):
    response = client_for(people["sam"]).get(reverse("reference:index"))
    assert response.status_code == 200
    assert b"Groomed / targeted" in response.content
    assert b"Return interview: interview held" in response.content


def test_clocks_are_counted_in_words_that_agree_with_the_number(client, client_for, people):
    page = client_for(people["sam"]).get(reverse("reference:index")).content.decode()
    assert "1 working day:" in page or "1 working day<" in page
    assert "1 working days" not in page
    assert "72 hours" in page
    assert [Clock(amount=1, unit=unit).amount_text for unit in Clock.Unit.values] == [
        "1 hour",
        "1 calendar day",
        "1 working day",
    ]
    assert Clock(amount=2, unit=Clock.Unit.WORKING_DAYS).amount_text == "2 working days"
    assert client.get(reverse("reference:index")).status_code == 302  # not signed in


def test_reference_api(client_for, people):
    client = client_for(people["charlie"])
    levels = client.get(reverse("api:reference-levels")).json()
    assert levels[0]["code"] == "no-current-concern"
    indicators = client.get(reverse("api:reference-indicators")).json()
    assert {"code": "missing", "weight": 3}.items() <= indicators[0].items()
    assert "cse" in indicators[0]["exploitation_types"]
    assert client.get(reverse("api:reference-exploitation-types")).status_code == 200


def test_api_me_says_who_is_calling(client_for, people):
    data = client_for(people["alice"]).get(reverse("api:me")).json()
    assert data == {
        "username": "alice",
        "name": "Alice Tester",
        "agency": "Wenmoor Hub",
        "roles": ["hub_coordinator"],
        "authorities": ["E06999001"],
    }


def test_openapi_schema_lists_every_operation(client_for, people):
    response = client_for(people["alice"]).get(reverse("api:schema"))
    assert response.status_code == 200
    text = response.content.decode()
    for path in ["/api/v1/me/", "/api/v1/reference/levels/", "/api/v1/reference/indicators/"]:
        assert path in text


def test_only_administrators_reach_the_admin(client_for, people):
    assert (
        client_for(people["erin"]).get(reverse("admin:reference_screeningindicator_changelist")).status_code
        == 200
    )
    assert (
        client_for(people["alice"]).get(reverse("admin:reference_screeningindicator_changelist")).status_code
        == 403
    )


def test_an_administrator_changes_a_weight_and_the_change_is_kept(client_for, people):
    indicator = ScreeningIndicator.objects.get(code="multiple-phones")
    url = reverse("admin:reference_screeningindicator_change", args=[indicator.pk])
    client = client_for(people["erin"])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["exploitation_types"] = [str(pk) for pk in data.get("exploitation_types", [])]
    data["weight"] = 4
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    indicator.refresh_from_db()
    assert indicator.weight == 4
    assert indicator.history.first().history_user == people["erin"]
