"""A child's placements and schools linked from the Intelligence tab (``origin_services.child_places_link``):
Ana (the hub's analyst) links Kai's placement addresses and school, dated by each period; running it again
adds nothing; Bob (Kai's practitioner) and Alice (the hub's coordinator) are refused."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from hub.children.models import AddressPeriod
from hub.children.services import address_add, school_add
from hub.intelligence.models import Entity, Link
from hub.reference.models import School


def _history(child, people, wenmoor):
    alice = people["alice"]
    first = address_add(
        child=child,
        by=alice,
        start=date(2025, 1, 6),
        line1="4 Elm Road",
        town="Wenmoor",
        postcode="mk9 3ej",
        kind=AddressPeriod.Kind.PLACEMENT,
    )
    address_add(
        child=child,
        by=alice,
        start=date(2026, 2, 1),
        line1="Oak House",
        town="Wenmoor",
        kind=AddressPeriod.Kind.PLACEMENT,
    )
    address_add(child=child, by=alice, start=date(2024, 1, 1), line1="9 Home Street")  # a home, not linked
    school = School.objects.create(
        authority=wenmoor,
        urn="990001",
        name="Wenmoor Academy",
        phase="secondary",
        locality="north",
        roll=900,
        postcode="MK9 3EJ",
    )
    period = school_add(child=child, by=alice, school=school, start=date(2024, 9, 4))
    first.refresh_from_db()
    return first, period


def test_an_analyst_links_placements_and_schools_once(client_for, ana, people, child, wenmoor):
    first, school_period = _history(child, people, wenmoor)
    analyst = client_for(ana)
    tab = analyst.get(reverse("intelligence:child", args=[child.pk])).content.decode()
    assert "Link this child's placements and schools" in tab
    response = analyst.post(reverse("intelligence:child_places", args=[child.pk]))
    assert response.status_code == 302
    links = {link.target.name: link for link in Link.objects.filter(source__child=child)}
    assert set(links) == {"4 Elm Road, Wenmoor", "Oak House, Wenmoor", "Wenmoor Academy"}
    elm = links["4 Elm Road, Wenmoor"]
    assert elm.kind == "placed_at" and elm.origin == first and elm.target.location_type == "placement"
    assert (elm.seen_from, elm.seen_to) == (date(2025, 1, 6), date(2026, 2, 1))
    assert elm.target.postcode == "MK9 3EJ" and elm.grade == "1/C/P" and elm.agency == ana.agency
    academy = links["Wenmoor Academy"]
    assert academy.kind == "attends" and academy.origin == school_period and academy.seen_to is None
    assert academy.target.location_type == "school"
    # Twice adds nothing: no new place, no new link.
    places, count = Entity.objects.count(), Link.objects.count()
    analyst.post(reverse("intelligence:child_places", args=[child.pk]))
    assert (Entity.objects.count(), Link.objects.count()) == (places, count)


def test_a_known_place_of_the_same_name_and_postcode_is_linked_not_made_again(ana, people, child, wenmoor):
    from hub.intelligence import origin_services, services

    _history(child, people, wenmoor)
    known = services.entity_create(
        by=ana,
        authority=wenmoor,
        kind="location",
        name="Wenmoor academy",
        location_type="school",
        postcode="MK9 3EJ",
    )
    origin_services.child_places_link(by=ana, child=child)
    assert Link.objects.get(kind="attends").target == known


def test_the_practitioner_and_the_coordinator_are_refused(client_for, people, child, wenmoor):
    _history(child, people, wenmoor)
    for person in (people["bob"], people["alice"]):
        client = client_for(person)
        tab = client.get(reverse("intelligence:child", args=[child.pk])).content.decode()
        assert "placements and schools" not in tab
        assert client.post(reverse("intelligence:child_places", args=[child.pk])).status_code == 403
    assert not Link.objects.exists() and not Entity.objects.exists()
