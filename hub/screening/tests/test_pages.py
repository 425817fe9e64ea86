from __future__ import annotations

from django.urls import reverse

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import Child
from hub.core.roles import Role
from hub.reference.models import ExploitationType, LevelOfConcern, ScreeningIndicator
from hub.screening.models import Screening
from hub.screening.tests.helpers import filled_screening


def _post_section(client, screening, section, data):
    screening.refresh_from_db()
    return client.post(
        reverse("screening:section", args=[screening.pk, section]), {"version": screening.version, **data}
    )


def test_a_school_lead_completes_a_screening_through_the_pages(client_for, people):
    client = client_for(people["sam"])
    response = client.post(reverse("screening:start"))
    screening = Screening.objects.get(referrer=people["sam"])
    assert response["Location"] == reverse("screening:task_list", args=[screening.pk])
    page = client.get(response["Location"]).content.decode()
    assert "You have completed 0 of 4 sections" in page

    response = _post_section(
        client,
        screening,
        "child",
        {
            "first_name": "Jonathan",
            "last_name": "Smith",
            "date_of_birth_day": "4",
            "date_of_birth_month": "5",
            "date_of_birth_year": "2011",
            "sex": "1",
            "upn": "",
            "nhs_number": "",
            "learning_disability": "no",
        },
    )
    assert response.status_code == 302
    response = _post_section(
        client,
        screening,
        "concern",
        {
            "concern": "Getting into cars with older men after school.",
            "immediate_risk": "no",
            "exploitation_types": [str(ExploitationType.objects.get(code="cse").pk)],
        },
    )
    assert response.status_code == 302
    answers = {}
    for indicator in ScreeningIndicator.objects.all():
        answers[f"answer_{indicator.pk}"] = (
            "yes" if indicator.code in {"missing", "cars-unknown-adults"} else "no"
        )
        answers[f"detail_{indicator.pk}"] = ""
    assert _post_section(client, screening, "indicators", answers).status_code == 302
    response = _post_section(
        client,
        screening,
        "sharing",
        {
            "lawful_basis": "dpa_sch1_18",
            "consent_not_sought_reason": "Telling the family may alert the man.",
            "next": "check",
        },
    )
    assert response["Location"] == reverse("screening:check", args=[screening.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Check your answers before sending your screening" in page
    response = client.post(reverse("screening:check", args=[screening.pk]))
    assert response["Location"] == reverse("screening:confirmation", args=[screening.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Screening sent to the hub" in page
    screening.refresh_from_db()
    assert screening.status == Screening.Status.SUBMITTED


def test_section_errors_are_clear_and_keep_what_was_typed(client_for, people):
    client = client_for(people["sam"])
    client.post(reverse("screening:start"))
    screening = Screening.objects.get(referrer=people["sam"])
    response = _post_section(
        client,
        screening,
        "child",
        {
            "first_name": "Kai",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2012",
            "nhs_number": "1234567890",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The date of birth must be a real date" in page
    assert "Enter a real 10-digit NHS number" in page
    assert 'value="Kai"' in page
    response = _post_section(client, screening, "sharing", {"lawful_basis": "dpa_sch1_18"})
    assert "Say why consent was not sought" in response.content.decode()


def test_submitting_an_incomplete_screening_links_to_each_section(client_for, people):
    client = client_for(people["sam"])
    client.post(reverse("screening:start"))
    screening = Screening.objects.get(referrer=people["sam"])
    response = client.post(reverse("screening:check", args=[screening.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("screening:section", args=[screening.pk, "concern"]) in page
    assert "Describe what worries you about the child" in page


def test_nobody_else_sees_or_edits_a_draft(client_for, people):
    draft = filled_screening(people["sam"], submit=False)
    for name in ["alice", "bob", "charlie", "pat"]:
        client = client_for(people[name])
        assert client.get(reverse("screening:task_list", args=[draft.pk])).status_code == 404, name
        assert client.get(reverse("screening:section", args=[draft.pk, "concern"])).status_code == 404, name


def test_the_hub_finds_it_top_of_the_queue_and_reviews_it(client_for, people):
    filled_screening(people["sam"], yes=("missing",))  # a lower suggestion
    urgent = filled_screening(
        people["sam"],
        first_name="Jon",
        last_name="Smyth",
        yes=(
            "missing",
            "older-controlling-adult",
            "unexplained-money",
            "sti-pregnancy",
            "cars-unknown-adults",
        ),
    )
    alice = client_for(people["alice"])
    page = alice.get(reverse("screening:queue")).content.decode()
    assert page.index("Jon Smyth") < page.index("Jonathan Smith")
    page = alice.get(reverse("screening:review", args=[urgent.pk])).content.decode()
    assert "The tool suggests" in page
    assert "Exploited" in page
    exploited = LevelOfConcern.objects.get(code="exploited")
    response = alice.post(
        reverse("screening:review", args=[urgent.pk]),
        {
            "child_choice": "new",
            "systems_consulted": ["csc", "police"],
            "findings": "Known to police.",
            "decided_level": exploited.pk,
            "rationale": "Several strong indicators and police intelligence.",
            "route": "mep",
            "feedback_to_referrer": "Thank you. A multi-agency plan will be made.",
        },
    )
    urgent.refresh_from_db()
    assert response["Location"] == reverse("children:detail", args=[urgent.child_id])
    assert urgent.status == Screening.Status.REVIEWED
    assert Child.objects.get(pk=urgent.child_id).level == exploited


def test_the_referrer_sees_the_route_but_not_the_child_record(client_for, people):
    screening = filled_screening(people["sam"])
    alice = client_for(people["alice"])
    alice.post(
        reverse("screening:review", args=[screening.pk]),
        {
            "child_choice": "new",
            "systems_consulted": ["csc"],
            "decided_level": screening.suggested_level_id,
            "rationale": "Confidential: police intelligence about an adult.",
            "route": "marmm",
            "feedback_to_referrer": "Discussed at MARMM on Tuesday; the social worker will contact you.",
        },
    )
    sam = client_for(people["sam"])
    page = sam.get(reverse("screening:detail", args=[screening.pk])).content.decode()
    assert "Discuss at MARMM" in page
    assert "the social worker will contact you" in page
    assert "Confidential: police intelligence" not in page
    screening.refresh_from_db()
    assert sam.get(reverse("children:detail", args=[screening.child_id])).status_code == 404
    entry = AccessLogEntry.objects.filter(
        action=LogAction.CONSULT, username="sam", record_type="screening.screening"
    ).latest("id")
    assert entry.justification == "referrer"


def test_police_of_another_force_see_nothing(client_for, people):
    screening = filled_screening(people["sam"])
    charlie = client_for(people["charlie"])
    assert charlie.get(reverse("screening:detail", args=[screening.pk])).status_code == 404
    assert charlie.get(reverse("screening:queue")).status_code == 403
    assert charlie.get(reverse("screening:review", args=[screening.pk])).status_code == 404


def test_the_queue_takes_a_fixed_number_of_queries(client_for, people, django_assert_max_num_queries):
    for i in range(8):
        filled_screening(people["sam"], first_name=f"Child{i}")
    alice = client_for(people["alice"])
    # One more than the list: which of them the reader may review, in one query.
    with django_assert_max_num_queries(13):
        response = alice.get(reverse("screening:queue"))
    assert len(response.context["items"]) == 8


def test_a_hub_analyst_may_not_review_their_own_referral_on_the_page_or_in_the_api(client_for, agencies):
    """Deciding the level is a hub coordinator's: the analyst's referral waits for one, whichever way
    the analyst asks (the page once let them, through the referrer's right to change their draft)."""
    hamid = make_user("hamid", agencies["hub"], Role.HUB_ANALYST)
    screening = filled_screening(hamid)
    client = client_for(hamid)
    assert client.get(reverse("screening:detail", args=[screening.pk])).status_code == 200
    url = reverse("screening:review", args=[screening.pk])
    assert client.get(url).status_code == 403
    posted = client.post(
        url,
        {
            "child_choice": "new",
            "systems_consulted": ["csc"],
            "decided_level": screening.suggested_level_id,
            "rationale": "My own referral.",
            "route": "marmm",
            "feedback_to_referrer": "Reviewed by myself.",
        },
    )
    assert posted.status_code == 403
    assert "Only a hub coordinator of the screening&#x27;s area can review it." in posted.content.decode()
    api = client.post(
        reverse("api:screenings-review", kwargs={"pk": screening.pk}), {}, content_type="application/json"
    )
    assert api.status_code == 403
    screening.refresh_from_db()
    assert screening.status == Screening.Status.SUBMITTED
    assert AccessLogEntry.objects.filter(username="hamid", action=LogAction.REFUSED).count() == 3
