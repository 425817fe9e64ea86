"""Disruption through the pages: an officer records an order from the person's page and sees it there; bad
input is answered beside its field, never with a server error; an order is moved on and corrected on its
own page; a coordinator reads but is refused the writes; others are refused. The home page's reminder of
orders expiring within the clock, and of those expired with no outcome, on a set clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hub.audit.models import AccessLogEntry
from hub.intelligence import disruption_services as ds
from hub.intelligence.models import Disruption
from hub.reference.models import Clock, DisruptionTactic

LONDON = ZoneInfo("Europe/London")


def _date(prefix: str, when: date | None) -> dict[str, str]:
    if when is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(when.day),
        f"{prefix}_month": str(when.month),
        f"{prefix}_year": str(when.year),
    }


def _record_form(
    tactic: str, agency: int, started: date, expires: date | None, **extra: str
) -> dict[str, str]:
    return {
        "form": "disruption",
        "disruption-tactic": str(DisruptionTactic.objects.get(code=tactic).pk),
        "disruption-agency": str(agency),
        **_date("disruption-started_on", started),
        **_date("disruption-expires_on", expires),
        "disruption-status": "in_force",
        **{f"disruption-{name}": value for name, value in extra.items()},
    }


def _order(by, target, *, expires: date, started: date = date(2026, 11, 1), status: str = "in_force"):
    return ds.disruption_record(
        by=by,
        target=target,
        tactic=DisruptionTactic.objects.get(code="cawn"),
        started_on=started,
        expires_on=expires,
        status=status,
    )


def test_an_officer_records_an_order_from_the_persons_page(client_for, pc, wenmoor_police, network):
    client = client_for(pc)
    url = reverse("intelligence:entity", args=[network["jay"].pk])
    page = client.get(url).content.decode()
    assert "Record disruption against Jay Corran" in page and "Closure order" not in page
    done = client.post(
        url,
        _record_form(
            "cawn", wenmoor_police.pk, date(2026, 11, 12), date(2027, 5, 12), conditions="Not near Kai."
        ),
    )
    assert done.status_code == 302 and done.url == url
    order = Disruption.objects.get()
    assert order.target == network["jay"] and order.conditions == "Not near Kai."
    shown = client.get(url).content.decode()
    assert "Child Abduction Warning Notice" in shown and "12 May 2027" in shown and "In force" in shown
    consulted = AccessLogEntry.objects.filter(
        username="pc", action="consult", record_type="intelligence.disruption"
    )
    assert consulted.filter(record_ids=str(order.pk)).exists()


@pytest.mark.parametrize(
    ("started", "expires", "tactic", "message"),
    [
        (date(2026, 11, 12), date(2026, 11, 1), "cawn", "The expiry date must be after"),
        (date(2026, 12, 12), None, "cawn", "must be today or in the past"),
        (date(2026, 11, 12), date(2036, 12, 1), "cawn", "The expiry date must be between"),
    ],
)
def test_bad_input_is_answered_beside_its_field(
    client_for, pc, wenmoor_police, network, started, expires, tactic, message
):
    url = reverse("intelligence:entity", args=[network["jay"].pk])
    answer = client_for(pc).post(url, _record_form(tactic, wenmoor_police.pk, started, expires))
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "There is a problem" in text and message in text
    assert not Disruption.objects.exists()


def test_nonsense_is_refused_with_a_message_not_a_server_error(client_for, pc, network):
    url = reverse("intelligence:entity", args=[network["hotel"].pk])
    form = {
        "form": "disruption",
        "disruption-tactic": "999999999999999999999999",
        "disruption-agency": "x",
        "disruption-started_on_day": "31",
        "disruption-started_on_month": "2",
        "disruption-started_on_year": "2026",
        "disruption-status": "won",
    }
    answer = client_for(pc).post(url, form)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Choose the tactic or order" in text and "must be a real date" in text
    assert "Choose where it stands" in text


def test_a_coordinator_reads_the_order_but_is_offered_no_form(client_for, people, pc, network):
    order = _order(pc, network["jay"], expires=date(2027, 3, 1))
    alice = client_for(people["alice"])
    page = alice.get(reverse("intelligence:entity", args=[network["jay"].pk])).content.decode()
    assert "Child Abduction Warning Notice" in page and "Record disruption" not in page
    detail = alice.get(reverse("intelligence:disruption", args=[order.pk]))
    assert detail.status_code == 200 and "Where it stands now" not in detail.content.decode()
    refused = alice.post(reverse("intelligence:disruption", args=[order.pk]), {"form": "update"})
    assert refused.status_code == 403
    assert AccessLogEntry.objects.filter(username="alice", action="refused").exists()


def test_others_are_refused_and_it_is_logged(client_for, people, pc, network):
    order = _order(pc, network["jay"], expires=date(2027, 3, 1))
    url = reverse("intelligence:disruption", args=[order.pk])
    assert client_for(people["bob"]).get(url).status_code == 403
    assert client_for(people["charlie"]).get(url).status_code == 404
    assert client_for(people["charlie"]).post(url, {"form": "update"}).status_code == 404
    refused = AccessLogEntry.objects.filter(action="refused", username__in=["bob", "charlie"])
    assert set(refused.values_list("username", flat=True)) == {"bob", "charlie"}


def test_an_order_is_moved_on_and_corrected_on_its_page(client_for, ana, pc, network):
    order = _order(pc, network["jay"], expires=date(2027, 3, 1))
    client = client_for(ana)
    url = reverse("intelligence:disruption", args=[order.pk])
    moved = client.post(
        url,
        {
            "form": "update",
            "update-version": "1",
            "update-status": "breached",
            "update-note": "Seen with Kai.",
            **_date("update-expires_on", date(2027, 3, 1)),
        },
    )
    assert moved.status_code == 302
    order.refresh_from_db()
    assert order.status == "breached" and "Seen with Kai." in order.notes
    stale = client.post(
        url,
        {
            "form": "update",
            "update-version": "1",
            "update-status": "discharged",
            **_date("update-expires_on", date(2027, 3, 1)),
        },
    )
    assert (
        stale.status_code == 200 and "Someone else changed this disruption activity" in stale.content.decode()
    )
    no_reason = client.post(
        url,
        {
            "form": "correct",
            "correct-version": "2",
            "correct-tactic": str(order.tactic_id),
            "correct-agency": str(order.agency_id),
            **_date("correct-started_on", date(2026, 10, 30)),
            **_date("correct-expires_on", date(2027, 3, 1)),
            "correct-status": "breached",
            "correct-reason": "",
        },
    )
    assert no_reason.status_code == 200 and "Say why you are correcting it" in no_reason.content.decode()
    fixed = client.post(
        url,
        {
            "form": "correct",
            "correct-version": "2",
            "correct-tactic": str(order.tactic_id),
            "correct-agency": str(order.agency_id),
            **_date("correct-started_on", date(2026, 10, 30)),
            **_date("correct-expires_on", date(2027, 3, 1)),
            "correct-status": "breached",
            "correct-reason": "The notice was served on 30 October.",
        },
    )
    assert fixed.status_code == 302
    order.refresh_from_db()
    assert order.started_on == date(2026, 10, 30) and order.version == 3
    assert "The notice was served on 30 October." in client.get(url).content.decode()


def test_the_home_page_reminds_of_orders_expiring_and_of_those_with_no_outcome(
    client_for, reference_clock, ana, pc, people, network
):
    soon = _order(pc, network["jay"], expires=date(2026, 12, 10))
    later = _order(pc, network["jay"], expires=date(2027, 3, 1))
    lapsing = _order(pc, network["jay"], expires=date(2026, 11, 20))
    reference_clock.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=LONDON), tick=True)
    page = client_for(ana).get(reverse("core:home")).content.decode()
    assert "Disruption orders expiring" in page
    assert reverse("intelligence:disruption", args=[soon.pk]) in page
    assert reverse("intelligence:disruption", args=[lapsing.pk]) in page
    assert "Expired 20 Nov 2026: record the outcome" in page and "No outcome" in page
    assert reverse("intelligence:disruption", args=[later.pk]) not in page
    consulted = AccessLogEntry.objects.filter(
        username="ana", action="consult", record_type="intelligence.disruption"
    ).latest("id")
    assert set(consulted.record_ids.split(",")) == {str(soon.pk), str(lapsing.pk)}
    # The clock is reference data: at 100 days, the March order is reminded of too.
    Clock.objects.filter(code="disruption-expiry-warning").update(amount=100)
    assert (
        reverse("intelligence:disruption", args=[later.pk])
        in client_for(ana).get(reverse("core:home")).content.decode()
    )
    # Recording how it ended takes it off; a practitioner is never shown the panel.
    ds.disruption_update(by=pc, disruption=lapsing, version=1, status="expired")
    assert (
        reverse("intelligence:disruption", args=[lapsing.pk])
        not in client_for(pc).get(reverse("core:home")).content.decode()
    )
    assert (
        "Disruption orders expiring"
        not in client_for(people["bob"]).get(reverse("core:home")).content.decode()
    )


def test_everyone_reads_the_toolkit_on_the_reference_page(client_for, people):
    page = client_for(people["bob"]).get(reverse("reference:index")).content.decode()
    assert (
        "Hotel information request" in page
        and "s.116 Anti-social Behaviour, Crime and Policing Act 2014" in page
    )
    assert "Used against a person, a group, a place." in page  # a dispersal direction
    assert "Disruption order expiry warning" in page
