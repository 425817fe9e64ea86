"""The access model, exercised on a real table (authorities stand in for any authority-owned record)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from conftest import make_user
from hub.accounts import access
from hub.accounts.access import Action, Policy, Relationship
from hub.accounts.models import Authority, BreakGlassGrant, LawfulBasis, Share
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.roles import BREAK_GLASS_ROLES, Role


@pytest.fixture
def policy():
    # "allocated" here: the user's own agency name appears in the record's name (a stand-in link).
    # Registered for the test only: authorities have no policy of their own.
    with access.POLICIES.temporarily(
        "accounts.authority",
        Policy(
            model=Authority,
            authority_field="pk",
            read={
                Relationship.HUB_STAFF: {Role.HUB_COORDINATOR, Role.HUB_ANALYST},
                Relationship.ALLOCATED: {Role.PRACTITIONER},
                Relationship.SHARE: {Role.POLICE_OFFICER, Role.PRACTITIONER},
                Relationship.BREAK_GLASS: BREAK_GLASS_ROLES,
            },
            write={
                Relationship.HUB_STAFF: {Role.HUB_COORDINATOR},
                Relationship.ALLOCATED: {Role.PRACTITIONER},
            },
            relationships={
                Relationship.ALLOCATED: lambda user: Q(name__icontains="allocated-to-" + user.username)
            },
        ),
    ) as registered:
        yield registered


def test_hub_staff_see_records_of_the_authorities_they_serve(policy, people, wenmoor, harrowfield):
    alice = people["alice"]
    assert list(access.visible(alice, Authority.objects.all())) == [wenmoor]
    assert access.decide(alice, wenmoor) == access.Decision(True, Relationship.HUB_STAFF)
    assert not access.decide(alice, harrowfield).allowed


def test_deny_by_default_for_someone_outside(policy, people, wenmoor):
    charlie = people["charlie"]  # police in another force area, no share
    assert list(access.visible(charlie, Authority.objects.all())) == []
    with pytest.raises(Http404):
        access.get_for_user(charlie, Authority, wenmoor.pk)
    refusal = AccessLogEntry.objects.filter(action=LogAction.REFUSED, user_id=charlie.pk).latest("id")
    assert refusal.record_type == "accounts.authority"
    assert refusal.record_ids == str(wenmoor.pk)


def test_a_role_without_a_grant_sees_nothing_even_in_its_own_authority(policy, people):
    for name in ["sam", "pat", "dana", "erin"]:
        assert list(access.visible(people[name], Authority.objects.all())) == [], name


def test_missing_records_and_bad_ids_are_404_too(policy, people):
    with pytest.raises(Http404):
        access.get_for_user(people["alice"], Authority, 999_999)
    with pytest.raises(Http404):
        access.get_for_user(people["alice"], Authority, "not-a-number")


def test_a_relationship_grants_what_the_policy_says(policy, people, wenmoor):
    bob = people["bob"]
    assert not access.decide(bob, wenmoor).allowed
    wenmoor.name = "Wenmoor allocated-to-bob"
    wenmoor.save()
    assert access.decide(bob, wenmoor) == access.Decision(True, Relationship.ALLOCATED)
    assert access.decide(bob, wenmoor, Action.WRITE).allowed


def test_read_does_not_imply_write(policy, people, wenmoor, harrowfield):
    assert not access.decide(people["alice"], harrowfield, Action.WRITE).allowed
    analyst_agency = people["alice"].agency
    analyst = make_user("andy", analyst_agency, Role.HUB_ANALYST)
    assert access.decide(analyst, wenmoor).allowed
    assert not access.decide(analyst, wenmoor, Action.WRITE).allowed


def test_a_share_lets_the_recipient_agency_see_until_it_expires(policy, people, wenmoor):
    charlie = people["charlie"]
    share = Share.objects.create(
        content_type=ContentType.objects.get_for_model(Authority),
        object_id=wenmoor.pk,
        shared_with_agency=charlie.agency,
        what="summary",
        purpose="joint missing investigation",
        lawful_basis=LawfulBasis.SAFEGUARDING_WITHOUT_CONSENT,
        consent_not_sought_reason="seeking consent would place the child at risk",
        decided_by=people["alice"],
    )
    assert access.decide(charlie, wenmoor) == access.Decision(True, Relationship.SHARE)
    assert list(access.visible(charlie, Authority.objects.all())) == [wenmoor]
    share.expires_at = timezone.now() - timedelta(minutes=1)
    share.save()
    assert not access.decide(charlie, wenmoor).allowed


def test_a_share_without_consent_must_say_why(people, wenmoor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(
            content_type=ContentType.objects.get_for_model(Authority),
            object_id=wenmoor.pk,
            shared_with_agency=people["charlie"].agency,
            what="summary",
            purpose="x",
            lawful_basis=LawfulBasis.SAFEGUARDING_WITHOUT_CONSENT,
            decided_by=people["alice"],
        )


def test_break_glass_needs_a_reason_is_logged_and_expires(policy, people, wenmoor, settings):
    bob = people["bob"]
    with pytest.raises(ValueError, match="Say why"):
        access.break_glass(user=bob, record=wenmoor, reason="  ")
    grant = access.break_glass(
        user=bob, record=wenmoor, reason="Child missing tonight; carer says he is with an adult here"
    )
    assert access.decide(bob, wenmoor) == access.Decision(True, Relationship.BREAK_GLASS)
    # Break glass opens one record; it never widens lists.
    assert list(access.visible(bob, Authority.objects.all())) == []
    entry = AccessLogEntry.objects.filter(action=LogAction.BREAK_GLASS, user_id=bob.pk).latest("id")
    assert "carer says he is with an adult" in entry.justification
    now = timezone.now()
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        granted_at=now - timedelta(hours=2), expires_at=now - timedelta(hours=1)
    )
    assert not access.decide(bob, wenmoor).allowed


def test_some_roles_may_not_break_glass(policy, people, wenmoor):
    for name in ["sam", "pat"]:
        with pytest.raises(PermissionError):
            access.break_glass(
                user=people[name], record=wenmoor, reason="I would like to look at this record"
            )


def test_a_disabled_account_sees_nothing(policy, people):
    alice = people["alice"]
    alice.is_active = False
    assert list(access.visible(alice, Authority.objects.all())) == []


def test_field_groups(people):
    assert access.may_see_fields(people["alice"], "narrative")
    assert not access.may_see_fields(people["sam"], "narrative")
    assert not access.may_see_fields(people["pat"], "handling_conditions")


def test_an_unregistered_model_is_refused_loudly(people):
    with pytest.raises(LookupError, match="has no access policy"):
        access.policy_for(ContentType)


def test_deciding_many_records_gives_each_the_basis_deciding_one_gives(
    policy, people, wenmoor, harrowfield, django_assert_max_num_queries
):
    bob = people["bob"]
    allocated = Authority.objects.create(name="Northmoor allocated-to-bob", ons_code="E06999003")
    glass = Authority.objects.create(name="Eastmoor", ons_code="E06999004")
    access.break_glass(user=bob, record=glass, reason="Child missing tonight; believed to be in Eastmoor")
    records = [wenmoor, harrowfield, allocated, glass]
    for name in ["alice", "bob", "charlie", "sam"]:
        user = people[name]
        # One query per relationship the user's roles can use, however many records.
        with django_assert_max_num_queries(len(Relationship) + 1):
            many = access.decide_many(user, records)
        assert many == {record.pk: access.decide(user, record) for record in records}, name
    assert access.decide_many(bob, records)[allocated.pk].basis == Relationship.ALLOCATED
    assert access.decide_many(bob, records)[glass.pk].basis == Relationship.BREAK_GLASS
    # Someone outside is refused every one.
    assert not any(decision.allowed for decision in access.decide_many(people["charlie"], records).values())
    assert access.decide_many(bob, []) == {}
