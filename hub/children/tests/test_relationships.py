"""The relationships to a child (hub/children/relationships.py): a person of no agency is involved
with no child (an involvement query on an empty agency once matched the children no agency was
involved with), and the per-record check agrees with the query."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import make_user
from hub.accounts import access
from hub.accounts.access import Relationship
from hub.accounts.models import User
from hub.children import relationships
from hub.children.services import allocation_set, child_create
from hub.core import clock
from hub.core.roles import Role


def test_relationships_to_a_child_of_people_of_several_agencies(people, wenmoor):
    alice, bob, charlie = people["alice"], people["bob"], people["charlie"]
    child = child_create(
        authority=wenmoor, by=alice, first_name="Lena", last_name="Okafor", date_of_birth=date(2012, 5, 1)
    )
    allocation_set(child=child, worker=bob, by=alice, start=clock.today() - timedelta(days=3))
    assert relationships.is_related(bob, child, Relationship.ALLOCATED)
    assert not relationships.is_related(charlie, child, Relationship.ALLOCATED)
    assert not relationships.is_related(charlie, child, Relationship.AGENCY_INVOLVED)
    assert list(relationships.allocated_children(bob)) == [child]
    assert not relationships.allocated_children(charlie).exists()
    assert access.decide(bob, child).basis == Relationship.ALLOCATED


def test_someone_of_no_agency_is_involved_with_no_child(people, wenmoor, agencies):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Noor",
        last_name="Haddad",
        date_of_birth=date(2011, 1, 9),
    )
    drifter = make_user("drifter", agencies["csc"], Role.PRACTITIONER)
    User.objects.filter(pk=drifter.pk).update(agency=None)
    drifter.refresh_from_db()
    assert not relationships.is_related(drifter, child, Relationship.AGENCY_INVOLVED)
    assert not access.decide(drifter, child).allowed
