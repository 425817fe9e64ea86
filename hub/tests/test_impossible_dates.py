"""Dates that cannot be true are refused on every way in (pages, API, imports, services), with a message
that names the field and says what to do; late is allowed with its reason, impossible is not. Each case
was seen accepted before ``hub.core.dates`` held the rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.children.services import child_create
from hub.core import clock, dates
from hub.core.calendar import LONDON
from hub.missing import interview_services
from hub.missing import services as missing
from hub.missing.models import MissingEpisode
from hub.missing.tests.test_pages import when
from hub.missing.tests.test_ssda903 import HEADER, files, run_import, write  # noqa: F401 - fixture
from hub.panels import services as panels
from hub.panels.models import Panel
from hub.reference.models import MeetingType

LATE = "Say why this is being recorded more than 30 days after it happened"


@pytest.fixture
def kai(people, wenmoor):
    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )


def report(child, by, last_seen: datetime, **extra):
    return missing.episode_report(
        child=child,
        by=by,
        reported_at=last_seen + timedelta(hours=1),
        reported_by_kind="carer",
        last_seen_at=last_seen,
        risk_grade="medium",
        **extra,
    )


def test_the_rules_on_their_own(db):
    now = clock.now()
    with pytest.raises(dates.DateRefused, match="must be today or in the past") as refused:
        dates.happened(now + timedelta(hours=1), field="x", what="the date the child went missing")
    assert refused.value.field == "x"
    dates.happened(now + timedelta(minutes=2), field="x", what="x")  # clock skew between machines
    with pytest.raises(dates.DateRefused, match="after the child was born"):
        dates.happened(date(2010, 1, 1), field="x", what="x", born=date(2011, 3, 1))
    with pytest.raises(dates.DateRefused, match="26th birthday"):
        dates.happened(date(2026, 3, 1), field="x", what="x", born=date(2000, 3, 1))
    with pytest.raises(dates.DateRefused, match="real date"):
        dates.happened(date(60, 1, 1), field="x", what="x")
    with pytest.raises(dates.DateRefused, match="within a year"):
        dates.planned(date(2099, 1, 1), field="x", what="x")
    with pytest.raises(dates.DateRefused, match="within the last 26 years"):
        dates.birth(date(1800, 1, 1))
    with pytest.raises(dates.DateRefused, match="today or in the past"):
        dates.birth(clock.today() + timedelta(days=1))
    dates.birth(date(2028, 2, 29).replace(year=2008))  # a leap-day birthday is a real one


def test_a_report_from_ten_years_ago_needs_the_reason_it_is_late(people, kai):
    long_ago = datetime(2016, 11, 1, 20, 0, tzinfo=LONDON)
    with pytest.raises(dates.DateRefused, match=LATE) as refused:
        report(kai, people["alice"], long_ago)
    assert refused.value.field == "late_entry_reason"
    episode = report(kai, people["alice"], long_ago, late_entry_reason="Found in a closed police file.")
    assert episode.late_entry_reason == "Found in a closed police file."


def test_an_episode_cannot_start_before_the_child_was_born(people, kai):
    with pytest.raises(dates.DateRefused, match="after the child was born"):
        report(kai, people["alice"], datetime(2010, 6, 1, 9, tzinfo=LONDON), late_entry_reason="old")
    assert not MissingEpisode.objects.exists()


def test_a_return_cannot_come_before_the_child_went_missing(people, kai):
    now = clock.now()
    episode = report(kai, people["alice"], now - timedelta(hours=10))
    with pytest.raises(dates.DateRefused, match="after the child was last seen") as refused:
        missing.episode_record_return(
            episode=episode,
            by=people["alice"],
            version=episode.version,
            returned_at=now - timedelta(hours=11),
            hub_notified_at=now,
        )
    assert refused.value.field == "returned_at"


def test_an_interview_cannot_be_held_before_the_child_returned(people, kai):
    now = clock.now()
    episode = report(kai, people["alice"], now - timedelta(hours=30))
    interview = missing.episode_record_return(
        episode=episode,
        by=people["alice"],
        version=episode.version,
        returned_at=now - timedelta(hours=20),
        hub_notified_at=now - timedelta(hours=19),
    )
    with pytest.raises(dates.DateRefused, match="after the child returned") as refused:
        interview_services.interview_record(
            interview=interview,
            by=people["alice"],
            version=interview.version,
            interview_at=now - timedelta(hours=40),
            face_to_face=True,
        )
    assert refused.value.field == "interview_at"


def test_decisions_meetings_and_actions_in_2090_or_2099_are_refused(people, wenmoor, kai):
    alice = people["alice"]
    now = clock.now()
    for hours in (300, 100, 1):  # oldest first, as they happened
        report(kai, alice, now - timedelta(days=hours / 24 + 0.5))
        episode = MissingEpisode.objects.get(child=kai, returned_at__isnull=True)
        missing.episode_record_return(
            episode=episode,
            by=alice,
            version=episode.version,
            returned_at=now - timedelta(days=hours / 24 + 0.4),
            hub_notified_at=now - timedelta(days=hours / 24 + 0.3),
        )
    alert = kai.repeat_missing_alerts.first()  # three episodes in 30 days
    assert alert is not None
    with pytest.raises(dates.DateRefused, match="within a year"):
        missing.alert_decide(
            alert=alert,
            by=alice,
            version=alert.version,
            strategy_discussion=True,
            note="n",
            hold_by=date(2090, 1, 1),
        )
    panel = Panel.objects.create(
        authority=wenmoor, meeting_type=MeetingType.objects.get(code="mep"), name="MEP", chair=alice
    )
    with pytest.raises(dates.DateRefused, match="within a year") as refused:
        panels.meeting_schedule(panel=panel, by=alice, held_at=datetime(2099, 1, 1, 10, tzinfo=LONDON))
    assert refused.value.field == "held_at"
    meeting = panels.meeting_schedule(panel=panel, by=alice, held_at=now - timedelta(hours=1))
    item = panels.item_add(meeting=meeting, by=alice, kind="child", child=kai, reason="test")
    with pytest.raises(dates.DateRefused, match="within a year"):
        panels.item_action_add(item=item, by=alice, title="Visit", due=date(2099, 1, 1), owner_user=alice)
    with pytest.raises(dates.DateRefused, match="on or after the meeting"):
        panels.item_action_add(
            item=item, by=alice, title="Visit", due=clock.today() - timedelta(days=3), owner_user=alice
        )


def test_the_episodes_api_refuses_years_2999_and_0060_naming_the_field(client_for, people, kai):
    client = client_for(people["alice"])
    for year in (2999, 60):
        body = {
            "child": kai.pk,
            "reported_at": f"{year:04d}-01-02T10:00:00Z",
            "reported_by_kind": "police",
            "last_seen_at": f"{year:04d}-01-02T09:00:00Z",
            "risk_grade": "high",
            "late_entry_reason": "testing",
        }
        response = client.post(reverse("api:episodes-list"), body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert "last_seen_at" in response.json(), response.json()
    assert not MissingEpisode.objects.exists()


def test_the_page_puts_the_same_message_beside_the_field(client_for, people, kai):
    now = timezone.now()
    response = client_for(people["alice"]).post(
        reverse("missing:report"),
        {
            "child": kai.pk,
            "reported_by_kind": "police",
            **when("reported_at", now + timedelta(days=2, hours=1)),
            **when("last_seen_at", now + timedelta(days=2)),
            "risk_grade": "low",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The date the child was last seen must be today or in the past" in page
    assert 'href="#id_last_seen_at_date_0"' in page  # the error summary links to the field
    assert not MissingEpisode.objects.exists()


def test_an_import_refuses_a_date_of_birth_in_1800_or_too_long_ago(files, people, wenmoor):  # noqa: F811
    rows = [
        HEADER[0],
        ["C001", "1", "01/05/1800", "WBRI", "", "", ""],
        ["C002", "2", "15/08/1950", "BAFR", "", "", ""],
    ]
    write(files, "header.csv", rows)
    result = run_import(files, people, wenmoor)
    errors = {(e.file, e.row, e.column): e.reason for e in result.errors}
    assert "not between 1900 and 2100" in errors[("header.csv", 2, "DOB")]
    assert "within the last 26 years" in errors[("header.csv", 3, "DOB")]
