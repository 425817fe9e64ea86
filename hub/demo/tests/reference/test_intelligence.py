"""The demo's intelligence and NRM referrals: persons of concern, an organised crime group and two county
lines with their phones, the four kinds of hotspot, links from the children's own records dated inside
them, graded links with handling conditions, an emerging context on the reference day, a peer group,
disruption orders (some expiring soon, some ended), the strategy's 19 RG and 2 CG decisions in the year
with a queue of clocks; all invisible to a practitioner; loading again changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import verified_client
from hub.accounts.models import Authority, User
from hub.demo.intelligence import figures
from hub.demo.screening import demo_year
from hub.intelligence.emerging import emerging_contexts
from hub.intelligence.models import Disruption, DisruptionStatus, Entity, EntityKind, GroupType, Link
from hub.intelligence.selectors import entities_visible, links_visible
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.nrm import selectors as nrm_selectors
from hub.nrm.models import Grounds, NrmReferral
from hub.nrm.rules import ClockState
from hub.screening.models import Screening


@pytest.fixture(scope="module")
def loaded(reference_demo):
    return reference_demo


@pytest.fixture
def demo(loaded, db, settings):
    settings.VAR_DIR = loaded.var_dir
    return loaded


def _authority() -> Authority:
    return Authority.objects.get(ons_code="E06999001")


def test_persons_groups_lines_and_hotspots(demo):
    entities = Entity.objects.filter(authority=_authority())
    persons = entities.filter(kind=EntityKind.PERSON)
    assert persons.count() == len(figures.PERSONS) >= 5
    assert all(p.date_of_birth and p.description for p in persons)
    assert persons.filter(aliases__isnull=False).distinct().count() >= 5
    lines = entities.filter(kind=EntityKind.GROUP, group_type=GroupType.COUNTY_LINE)
    assert sorted(lines.values_list("line_name", flat=True)) == ["Blaze", "Dex"]
    for line in lines:
        assert line.links_out.filter(kind="uses_phone", target__kind=EntityKind.PHONE).exists()
        assert line.links_in.filter(kind="member_of", source__kind=EntityKind.PERSON).exists()
        assert line.links_in.filter(kind="controls").exists()
    assert entities.filter(group_type=GroupType.ORGANISED_CRIME_GROUP).count() == 1
    for kind in ("hotel", "takeaway", "park", "station"):
        place = entities.get(kind=EntityKind.LOCATION, location_type=kind)
        assert place.postcode.startswith("QW") and place.latitude and place.longitude
        assert place.links_in.filter(source__kind=EntityKind.CHILD).exists(), kind


def test_children_are_linked_from_their_own_records_inside_their_dates(demo):
    links = Link.objects.filter(authority=_authority(), source__kind=EntityKind.CHILD).select_related(
        "source__child"
    )
    origins: dict[type, int] = {MissingEpisode: 0, ReturnInterview: 0, Screening: 0}
    for link in links:
        record, child = link.origin, link.source.child
        assert record is not None
        assert child is not None and child.date_of_birth is not None
        assert child.date_of_birth <= link.seen_from <= (link.seen_to or link.seen_from) < demo.day
        origins[type(record)] += 1
        if isinstance(record, MissingEpisode):
            assert record.child_id == child.pk and record.returned_at is not None
            seen, back = timezone.localdate(record.last_seen_at), timezone.localdate(record.returned_at)
            assert seen <= link.seen_from <= back
        elif isinstance(record, ReturnInterview):
            episode = record.episode
            assert episode.child_id == child.pk and record.interview_at is not None
            assert timezone.localdate(episode.last_seen_at) == link.seen_from
            assert link.seen_to == timezone.localdate(episode.returned_at)
            assert link.seen_to <= timezone.localdate(record.interview_at)
        else:
            assert isinstance(record, Screening)
            assert record.child_id == child.pk and record.submitted_at is not None
            assert link.seen_from == timezone.localdate(record.submitted_at)
        assert link.origin_label
    assert all(count >= 3 for count in origins.values()), origins


def test_links_with_handling_conditions_an_emerging_context_and_the_peer_group(demo):
    conditioned = Link.objects.filter(authority=_authority(), handling_code="C")
    assert conditioned.count() >= 2 and all(link.handling_conditions for link in conditioned)
    analyst = User.objects.get(username="analyst")
    found = emerging_contexts(analyst, today=demo.day)
    assert any(
        alert.rule.code == "place-several-schools" and alert.entity.name == "Wenmoor bus station"
        for alert in found
    ), [alert.summary for alert in found]
    group = Entity.objects.get(name=figures.PEER_GROUP_NAME, group_type=GroupType.PEER_GROUP)
    members = group.links_in.filter(kind="member_of", source__kind=EntityKind.CHILD)
    assert 4 <= members.values("source").distinct().count() <= 5
    assert all(isinstance(link.origin, MissingEpisode) for link in members)


def test_disruption_some_expiring_soon_some_ended(demo):
    orders = Disruption.objects.filter(authority=_authority()).select_related("target")
    assert {order.target.kind for order in orders} == {"person", "group", "location"}
    assert sum(order.expires_soon(demo.day) for order in orders) >= 2
    ended = orders.filter(
        status__in=[DisruptionStatus.EXPIRED, DisruptionStatus.DISCHARGED, DisruptionStatus.BREACHED]
    )
    assert ended.count() >= 3 and all(order.notes for order in ended)
    assert not any(order.awaiting_outcome(demo.day) for order in orders)


def test_the_strategys_nrm_decisions_in_the_year_and_the_queue(demo):
    first_day, last_day = demo_year(demo.day)
    referrals = NrmReferral.objects.filter(authority=_authority())
    assert referrals.filter(rg_decided_on__range=(first_day, last_day)).count() == 19
    assert referrals.filter(cg_decided_on__range=(first_day, last_day)).count() == 2
    for referral in referrals.exclude(cg_decided_on=None):
        rg_on, cg_on = referral.rg_decided_on, referral.cg_decided_on
        assert referral.rg_grounds == Grounds.POSITIVE and rg_on is not None and cg_on is not None
        assert cg_on >= rg_on + timedelta(days=30)
    assert referrals.values("child").distinct().count() == referrals.count()
    queue = nrm_selectors.clock_queue(User.objects.get(username="coordinator"), today=demo.day)
    states = [row.clock.state for row in queue]
    assert states.count(ClockState.RG_OVERDUE) >= 1 and states.count(ClockState.RG_DUE) >= 1


def test_a_practitioner_sees_none_of_the_intelligence(demo):
    practitioner = User.objects.get(username="practitioner")
    assert Link.objects.filter(authority=_authority()).count() > 100
    assert not entities_visible(practitioner).exists()
    assert not links_visible(practitioner).exists()
    assert not emerging_contexts(practitioner, today=demo.day)
    client = verified_client(practitioner)
    assert client.get(reverse("intelligence:index")).status_code in (403, 404)
    analyst = verified_client(User.objects.get(username="analyst"))
    found = analyst.get(reverse("intelligence:index"), {"q": "bus station peer"}).content.decode()
    assert figures.PEER_GROUP_NAME in found


def test_loading_again_changes_nothing(demo):
    def counts():
        return (
            Entity.objects.count(),
            Link.objects.count(),
            Disruption.objects.count(),
            NrmReferral.objects.count(),
        )

    before = counts()
    call_command("load_demo")
    assert counts() == before
