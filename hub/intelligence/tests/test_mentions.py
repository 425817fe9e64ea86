"""Links the Hub's own records suggest: a missing episode's words about where Kai was last seen, found
and with whom, matched to the places and people the network holds; nothing is linked until an analyst
confirms, a dismissed suggestion does not come back, and nobody outside sees the suggestions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hub.audit.models import AccessLogEntry
from hub.core.errors import NotVisible
from hub.intelligence import mention_services
from hub.intelligence.mention_selectors import link_suggestions, matches
from hub.intelligence.mention_views import key_of
from hub.intelligence.models import Link
from hub.missing import services as missing_services

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def episode(people, child):
    alice = people["alice"]
    episode = missing_services.episode_report(
        child=child,
        by=alice,
        reported_at=datetime(2026, 11, 14, 22, 0, tzinfo=LONDON),
        reported_by_kind="carer",
        last_seen_at=datetime(2026, 11, 14, 18, 30, tzinfo=LONDON),
        risk_grade="medium",
        last_seen_where="Getting into a car outside the station hotel",
    )
    missing_services.episode_record_return(
        episode=episode,
        by=alice,
        version=episode.version,
        returned_at=datetime(2026, 11, 15, 9, 0, tzinfo=LONDON),
        hub_notified_at=datetime(2026, 11, 15, 9, 30, tzinfo=LONDON),
        returned_where="Found by police at a flat, MK93EJ",
        returned_with="An older man the carer knows as Jay Corran",
    )
    episode.refresh_from_db()
    return episode


def test_words_match_names_as_whole_words_and_postcodes_however_spaced(network):
    hotel, jay = network["hotel"], network["jay"]
    assert matches("seen outside the Station Hotel.", hotel) == "Station Hotel"
    assert matches("found at a flat, mk93ej", hotel) == "MK9 3EJ"
    assert matches("the Station Hotelier's van", hotel) is None
    assert matches("with Jay Corran and others", jay) == "Jay Corran"
    assert matches("with JC", jay) is None  # too short an alias to suggest from free text


def test_the_episode_suggests_three_links_and_nothing_is_linked_until_confirmed(ana, network, episode):
    suggestions = link_suggestions(ana)
    found = {(row.mention.kind, row.entity.name, row.mention.on.isoformat()) for row in suggestions}
    assert found == {
        ("seen_at", "Station Hotel", "2026-11-14"),
        ("found_at", "Station Hotel", "2026-11-15"),
        ("associates_with", "Jay Corran", "2026-11-15"),
    }
    assert not Link.objects.filter(origin_id=episode.pk).exists()
    seen = next(row for row in suggestions if row.mention.kind == "seen_at")
    link = mention_services.mention_confirm(
        by=ana,
        child=seen.child,
        entity=seen.entity,
        kind="seen_at",
        on=seen.mention.on,
        origin=episode,
        origin_label=seen.mention.label,
        source_grade="1",
        intelligence_grade="B",
        handling_code="P",
    )
    assert (link.source, link.target, link.origin, link.seen_from) == (
        network["kai"],
        network["hotel"],
        episode,
        seen.mention.on,
    )
    assert link.origin_label == "Missing episode, last seen 14 November 2026"
    assert len(link_suggestions(ana)) == 2


def test_a_dismissed_suggestion_does_not_come_back(ana, network, episode):
    found = next(row for row in link_suggestions(ana) if row.mention.kind == "associates_with")
    with pytest.raises(Exception, match="Say why"):
        mention_services.mention_dismiss(
            by=ana, entity=found.entity, kind="associates_with", origin=episode, reason=" "
        )
    mention_services.mention_dismiss(
        by=ana,
        entity=found.entity,
        kind="associates_with",
        origin=episode,
        reason="Another Jay: the carer's cousin",
    )
    assert {row.mention.kind for row in link_suggestions(ana)} == {"seen_at", "found_at"}


def test_nobody_outside_sees_the_suggestions_or_answers_them(client_for, people, ana, network, episode):
    assert link_suggestions(people["charlie"]) == []  # an officer of a force outside Wenmoor
    assert client_for(people["bob"]).get(reverse("intelligence:suggestions")).status_code == 403
    assert client_for(people["alice"]).get(reverse("intelligence:suggestions")).status_code == 403
    found = link_suggestions(ana)[0]
    with pytest.raises(NotVisible):
        mention_services.mention_dismiss(
            by=people["charlie"], entity=found.entity, kind=found.mention.kind, origin=episode, reason="r"
        )
    assert AccessLogEntry.objects.filter(username="charlie", action="refused").exists()


def test_an_analyst_confirms_on_the_page(client_for, ana, network, episode):
    client = client_for(ana)
    page = client.get(reverse("intelligence:suggestions"))
    assert page.content.decode().count('data-testid="suggestion"') == 3
    found = next(row for row in link_suggestions(ana) if row.mention.kind == "found_at")
    answered = client.post(
        reverse("intelligence:suggestions"),
        {
            "key": key_of(found),
            "answer": "confirm",
            "source_grade": "1",
            "intelligence_grade": "A",
            "handling_code": "P",
        },
    )
    assert answered.status_code == 302
    assert Link.objects.get(origin_id=episode.pk, kind="found_at").grade == "1/A/P"
    again = client.post(
        reverse("intelligence:suggestions"),
        {
            "key": key_of(found),
            "answer": "confirm",
            "source_grade": "1",
            "intelligence_grade": "A",
            "handling_code": "P",
        },
    )
    assert again.status_code == 200 and "already been answered" in again.content.decode()
    missing_grade = client.post(
        reverse("intelligence:suggestions"),
        {
            "key": key_of(link_suggestions(ana)[0]),
            "answer": "confirm",
            "source_grade": "",
            "intelligence_grade": "A",
            "handling_code": "P",
        },
    )
    assert missing_grade.status_code == 200 and "source grading" in missing_grade.content.decode()
