"""A police officer reports a child missing who is not yet on the Hub, making the child's record in the
same step; a record that shares an identifier with one the officer cannot see is saved without saying
so and queued for the hub; a report the rules refuse leaves no record behind; others are refused."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from hub.children.models import Child, PossibleDuplicate
from hub.children.services import child_create
from hub.missing.models import MissingEpisode
from hub.missing.tests.test_pages import when

URL = reverse("missing:report_new_child")


def answers(**extra):
    now = timezone.now()
    return {
        "child-first_name": "Tyler",
        "child-last_name": "Okafor",
        "child-date_of_birth_day": "4",
        "child-date_of_birth_month": "9",
        "child-date_of_birth_year": "2012",
        "child-sex": "1",
        "child-ethnicity": "NOBT",
        "child-police_reference": "WP-22",
        "reported_by_kind": "carer",
        **when("reported_at", now - timedelta(hours=2)),
        **when("last_seen_at", now - timedelta(hours=5)),
        "risk_grade": "high",
        **extra,
    }


def test_the_officer_adds_the_child_and_the_report_together(client_for, pc, wenmoor):
    response = client_for(pc).post(URL, answers())
    episode = MissingEpisode.objects.get()
    assert response["Location"] == reverse("missing:episode", args=[episode.pk])
    child = episode.child
    assert (child.full_name, child.date_of_birth, child.authority) == (
        "Tyler Okafor",
        date(2012, 9, 4),
        wenmoor,
    )
    assert episode.risk_grade == "high" and episode.recorded_by == pc
    # The officer's agency is involved, so the officer goes on to see the record.
    assert client_for(pc).get(reverse("children:detail", args=[child.pk])).status_code == 200


def test_a_shared_identifier_is_queued_for_the_hub_not_disclosed(client_for, pc, people, wenmoor):
    hidden = child_create(
        authority=wenmoor, by=people["alice"], first_name="Ty", last_name="Okafor", police_reference="WP-22"
    )
    # (A police reference is not an identifier the Hub matches on; the NHS number is.)
    hidden.nhs_number = "9434765919"
    hidden.save()
    response = client_for(pc).post(URL, answers(**{"child-nhs_number": "943 476 5919"}))
    assert response.status_code == 302
    page = client_for(pc).get(response["Location"]).content.decode()
    assert "Ty Okafor" not in page
    assert PossibleDuplicate.objects.filter(other=hidden, reasons__contains="NHS number").exists()


def test_a_refused_report_leaves_no_record_and_keeps_the_answers(client_for, pc):
    future = timezone.now() + timedelta(days=3)
    response = client_for(pc).post(
        URL, answers(**when("last_seen_at", future), **when("reported_at", future))
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "must be today or in the past" in page
    assert 'value="Tyler"' in page
    assert not Child.objects.exists() and not MissingEpisode.objects.exists()


def test_missing_child_details_are_in_the_one_error_summary(client_for, pc):
    page = client_for(pc).post(URL, answers(**{"child-first_name": ""})).content.decode()
    assert 'href="#id_child-first_name">Enter the child&#x27;s first name' in page


def test_others_are_refused(client_for, people):
    assert client_for(people["bob"]).get(URL).status_code == 403
    assert client_for(people["sam"]).post(URL, answers()).status_code == 403
    assert not Child.objects.exists()
