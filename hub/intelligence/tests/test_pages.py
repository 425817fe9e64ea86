"""The intelligence pages through the test client: an analyst finds, records, opens, links and reviews;
a coordinator reads; a practitioner and an officer of another force are refused, and it is logged."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from hub.audit.models import AccessLogEntry
from hub.intelligence.models import Entity, Link


def test_an_analyst_finds_by_an_alias_and_opens_the_record(client_for, ana, network):
    page = client_for(ana).get(reverse("intelligence:index"), {"q": "JC"})
    assert page.status_code == 200
    assert "Jay Corran" in page.content.decode()
    record = client_for(ana).get(reverse("intelligence:entity", args=[network["jay"].pk]))
    text = record.content.decode()
    assert record.status_code == 200
    assert "Station Hotel" in text and "2/B/P" in text and "Wenmoor Hub" in text


def test_an_analyst_records_a_place_and_links_it(client_for, ana, network):
    client = client_for(ana)
    made = client.post(
        reverse("intelligence:entity_new", args=["location"]),
        {"name": "Chicken Palace", "location_type": "takeaway", "postcode": "mk9 2fz", "description": ""},
    )
    place = Entity.objects.get(name="Chicken Palace")
    assert made.status_code == 302 and made.url == reverse("intelligence:entity", args=[place.pk])
    assert place.postcode == "MK9 2FZ"
    found = client.get(reverse("intelligence:link_new", args=[place.pk]), {"q": "Kai"})
    assert "Kai Brennan" in found.content.decode()
    linked = client.post(
        reverse("intelligence:link_new", args=[place.pk]),
        {
            "other": network["kai"].pk,
            "kind": "seen_at",
            "direction": "to",
            "seen_from_day": "12",
            "seen_from_month": "11",
            "seen_from_year": "2026",
            "grading": "3x5x2",
            "source_grade": "1",
            "intelligence_grade": "A",
            "handling_code": "P",
        },
    )
    assert linked.status_code == 302, re.findall(
        r"<li><a href=\"#[^\"]*\">(.*?)</a>", linked.content.decode()
    )
    link = Link.objects.get(target=place)
    assert (link.source, link.kind, link.seen_from) == (network["kai"], "seen_at", date(2026, 11, 12))


def test_bad_input_is_told_what_to_do_and_nothing_is_saved(client_for, ana, network):
    client = client_for(ana)
    page = client.post(
        reverse("intelligence:link_new", args=[network["hotel"].pk]),
        {
            "other": network["phone"].pk,
            "kind": "uses_phone",
            "direction": "from",  # a hotel does not use a phone: the person does
            "seen_from_day": "1",
            "seen_from_month": "11",
            "seen_from_year": "2026",
            "grading": "3x5x2",
            "source_grade": "1",
            "intelligence_grade": "A",
            "handling_code": "P",
        },
    )
    assert page.status_code == 200
    assert "swap the two" in page.content.decode()
    phone = client.post(reverse("intelligence:entity_new", args=["phone"]), {"name": "+44 7700 900123"})
    assert phone.status_code == 200 and "already holds" in phone.content.decode()
    assert Link.objects.count() == 3 and Entity.objects.filter(kind="phone").count() == 1


def test_a_coordinator_reads_but_records_nothing(client_for, people, network):
    client = client_for(people["alice"])
    assert client.get(reverse("intelligence:entity", args=[network["jay"].pk])).status_code == 200
    assert client.get(reverse("intelligence:entity_new", args=["person"])).status_code == 403
    assert client.get(reverse("intelligence:link_new", args=[network["jay"].pk])).status_code == 403


@pytest.mark.parametrize("name", ["bob", "sam", "pat", "dana"])
def test_roles_outside_intelligence_are_refused_the_pages(client_for, people, network, name):
    client = client_for(people[name])
    assert client.get(reverse("intelligence:index")).status_code == 403
    assert client.get(reverse("intelligence:entity", args=[network["jay"].pk])).status_code == 403


def test_an_officer_of_another_force_finds_nothing_and_cannot_open_it(client_for, people, network):
    client = client_for(people["charlie"])
    page = client.get(reverse("intelligence:index"), {"q": "Jay"})
    assert page.status_code == 200 and "Jay Corran" not in page.content.decode()
    assert client.get(reverse("intelligence:entity", args=[network["jay"].pk])).status_code == 404
    assert AccessLogEntry.objects.filter(
        username=people["charlie"].username, action="refused", record_type="intelligence.entity"
    ).exists()


def test_the_review_queue_and_a_review(client_for, ana, network, time_machine):
    time_machine.move_to("2027-11-12 09:00 +00:00", tick=False)
    client = client_for(ana)
    queue = client.get(reverse("intelligence:reviews"))
    assert "Jay Corran" in queue.content.decode()
    jay = network["jay"]
    done = client.post(
        reverse("intelligence:entity", args=[jay.pk]),
        {
            "form": "review",
            "review-version": jay.version,
            "review-decision": "retain",
            "review-reason": "Active on the line this month",
            "review-next_review_day": "12",
            "review-next_review_month": "5",
            "review-next_review_year": "2028",
        },
    )
    assert done.status_code == 302
    jay.refresh_from_db()
    assert jay.review_due == date(2028, 5, 12)


def test_the_childs_tab_shows_links_to_the_intelligence_roles_and_only_a_concern_to_others(
    client_for, people, ana, child, network
):
    url = reverse("intelligence:child", args=[child.pk])
    analyst_view = client_for(ana).get(url).content.decode()
    assert "Station Hotel" in analyst_view and "2/B/P" in analyst_view
    practitioner_view = client_for(people["bob"]).get(url).content.decode()
    assert "Speak to the hub&#x27;s analyst" in practitioner_view
    assert "Station Hotel" not in practitioner_view and "2/B/P" not in practitioner_view
    assert client_for(people["charlie"]).get(url).status_code == 404
    assert client_for(people["bob"]).post(url).status_code == 403


def test_an_analyst_adds_a_child_to_the_network_from_the_record(client_for, people, ana, child):
    url = reverse("intelligence:child", args=[child.pk])
    page = client_for(ana).get(url).content.decode()
    assert "Add Kai to the network" in page
    added = client_for(ana).post(url)
    entity = Entity.objects.get(child=child)
    assert added.status_code == 302 and added.url == reverse("intelligence:entity", args=[entity.pk])
