"""Places and people picked on the missing forms (``hub.intelligence.pickers``) become links from the
record, through the pages: the police officer PC (Wenmoor Police) picks on the report and the return;
Rhea (the hub's analyst, who also holds return interviews) on the return interview; Bob (a practitioner,
Wenmoor children's social care) never sees a picker nor a name of the network."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.core.roles import Role
from hub.intelligence import services as intelligence_services
from hub.intelligence.models import Entity, Link
from hub.missing import interview_services, services
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.missing.tests.test_pages import when


@pytest.fixture
def rhea(agencies):
    return make_user("rhea", agencies["hub"], Role.HUB_ANALYST, Role.RETURN_INTERVIEWER)


@pytest.fixture
def known(rhea, wenmoor):
    hotel = intelligence_services.entity_create(
        by=rhea, authority=wenmoor, kind="location", name="Station Hotel", location_type="hotel"
    )
    jay = intelligence_services.entity_create(by=rhea, authority=wenmoor, kind="person", name="Jay Corran")
    return {"hotel": hotel, "jay": jay}


def _report(client, child, *, last_seen, **extra):
    return client.post(
        reverse("missing:report"),
        {
            "child": child.pk,
            "reported_by_kind": "carer",
            **when("reported_at", last_seen + timedelta(hours=1)),
            **when("last_seen_at", last_seen),
            "last_seen_where": "near the station",
            "risk_grade": "high",
            **extra,
        },
    )


def test_a_place_picked_on_the_report_is_linked_from_the_episode(
    client_for, pc, child, known, wenmoor_police
):
    police = client_for(pc)
    page = police.get(reverse("missing:report"), {"child": child.pk}).content.decode()
    assert "Station Hotel" in page and 'name="last_seen_place_entity"' in page
    last_seen = timezone.now() - timedelta(hours=30)
    response = _report(police, child, last_seen=last_seen, last_seen_place_entity=str(known["hotel"].pk))
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(child=child)
    assert episode.last_seen_where == "near the station"  # the words stay as written
    link = Link.objects.get(target=known["hotel"])
    assert link.source.child == child and link.kind == "seen_at"
    assert link.origin == episode and link.origin_type == ContentType.objects.get_for_model(MissingEpisode)
    assert link.origin_label.startswith("Missing episode, last seen")
    assert link.seen_from == timezone.localdate(last_seen) and link.seen_to is None
    assert link.agency == wenmoor_police and link.created_by == pc
    assert (link.grading, link.grade) == ("3x5x2", "1/C/P")


def test_a_future_last_seen_with_a_new_place_writes_nothing(client_for, pc, child, known):
    police = client_for(pc)
    response = _report(
        police,
        child,
        last_seen=timezone.now() + timedelta(days=2),
        last_seen_place_new="The Arches",
        last_seen_place_type="other",
    )
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not MissingEpisode.objects.exists()
    assert not Entity.objects.filter(name="The Arches").exists() and not Link.objects.exists()


def test_a_refused_new_place_refuses_the_report_beside_the_picker(client_for, pc, child):
    police = client_for(pc)
    response = _report(
        police,
        child,
        last_seen=timezone.now() - timedelta(hours=5),
        last_seen_place_new="The Arches",
        last_seen_place_type="other",
        last_seen_place_postcode="QQ99 QQQ",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a full UK postcode" in page
    assert 'id="id_last_seen_place_0-error"' in page
    assert not MissingEpisode.objects.exists() and not Entity.objects.exists() and not Link.objects.exists()


def test_a_place_added_and_a_person_picked_on_the_return(client_for, pc, child, known, wenmoor_police):
    episode = services.episode_report(
        child=child,
        by=pc,
        reported_at=timezone.now() - timedelta(days=3),
        reported_by_kind="carer",
        last_seen_at=timezone.now() - timedelta(days=3, hours=1),
        risk_grade="medium",
    )
    police = client_for(pc)
    found = timezone.now() - timedelta(hours=4)
    response = police.post(
        reverse("missing:record_return", args=[episode.pk]),
        {
            "version": episode.version,
            **when("returned_at", found),
            **when("hub_notified_at", found + timedelta(hours=1)),
            "returned_where": "a flat above the takeaway",
            "found_place_new": "Golden Chicken",
            "found_place_type": "takeaway",
            "found_person_entity": str(known["jay"].pk),
        },
    )
    assert response.status_code == 302
    takeaway = Entity.objects.get(name="Golden Chicken")
    assert takeaway.location_type == "takeaway" and takeaway.created_by == pc
    links = {link.kind: link for link in Link.objects.filter(origin_id=episode.pk)}
    assert set(links) == {"found_at", "associates_with"}
    assert links["found_at"].target == takeaway and links["associates_with"].target == known["jay"]
    assert {link.seen_from for link in links.values()} == {timezone.localdate(found)}
    assert {link.agency for link in links.values()} == {wenmoor_police}


def test_places_and_people_picked_at_the_return_interview(client_for, pc, rhea, child, known, agencies):
    last_seen = timezone.now() - timedelta(days=2)
    episode = services.episode_report(
        child=child,
        by=pc,
        reported_at=last_seen + timedelta(hours=1),
        reported_by_kind="carer",
        last_seen_at=last_seen,
        risk_grade="medium",
    )
    returned = timezone.now() - timedelta(hours=20)
    interview = services.episode_record_return(
        episode=episode, by=pc, version=episode.version, returned_at=returned, hub_notified_at=returned
    )
    interview_services.interview_allocate(
        interview=interview, worker=rhea, by=make_user("cora", agencies["hub"], Role.HUB_COORDINATOR)
    )
    analyst = client_for(rhea)
    page = analyst.get(reverse("missing:interview", args=[interview.pk])).content.decode()
    assert "Jay Corran" in page and 'name="with_person_entity"' in page
    held = timezone.now() - timedelta(hours=2)
    response = analyst.post(
        reverse("missing:interview", args=[interview.pk]),
        {
            "version": ReturnInterview.objects.get(pk=interview.pk).version,
            "outcome": "held",
            **when("interview_at", held),
            "face_to_face": "yes",
            "where_went": "the hotel by the station",
            "went_place_entity": str(known["hotel"].pk),
            "with_person_entity": str(known["jay"].pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    links = Link.objects.filter(origin_type=ContentType.objects.get_for_model(ReturnInterview))
    assert {(link.kind, link.target.name) for link in links} == {
        ("seen_at", "Station Hotel"),
        ("associates_with", "Jay Corran"),
    }
    for link in links:
        assert link.origin_id == interview.pk and link.agency == agencies["hub"]
        assert (link.seen_from, link.seen_to) == (timezone.localdate(last_seen), timezone.localdate(returned))


def test_a_practitioner_never_sees_a_picker_nor_a_name_of_the_network(client_for, people, pc, child, known):
    from hub.children.services import allocation_set

    allocation_set(child=child, worker=people["bob"], by=people["alice"], start=date(2026, 9, 1))
    episode = services.episode_report(
        child=child,
        by=pc,
        reported_at=timezone.now() - timedelta(hours=3),
        reported_by_kind="carer",
        last_seen_at=timezone.now() - timedelta(hours=4),
        risk_grade="medium",
    )
    practitioner = client_for(people["bob"])
    for url in (reverse("missing:episode", args=[episode.pk]),):
        page = practitioner.get(url).content.decode()
        assert "Station Hotel" not in page and "Jay Corran" not in page and "_place_entity" not in page
    # The police officer who may record the return sees the pickers on the same page.
    page = client_for(pc).get(reverse("missing:episode", args=[episode.pk])).content.decode()
    assert "Station Hotel" in page and 'name="found_person_entity"' in page
