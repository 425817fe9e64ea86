"""A legal status that started long before it is recorded: the page asks why and keeps the answer (shown
on the child's record); a status recorded as it starts is not asked; a future start is refused whatever
the reason."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.children import services
from hub.children.models import Child, LegalStatusPeriod
from hub.core.models import LateEntry

LATE = "Say why this is being recorded more than 30 days after it happened"
WHY = "The care order was made before the child moved to us; the papers came with him."


@pytest.fixture
def jonathan(people, wenmoor) -> Child:
    return services.child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Jonathan",
        last_name="Smith",
        date_of_birth=date(2011, 5, 3),
    )


def _form(start, **extra):
    return {
        "status": "cin",
        "start_day": str(start.day),
        "start_month": str(start.month),
        "start_year": str(start.year),
        **extra,
    }


def test_a_legal_status_from_long_ago_is_asked_why_and_the_reason_is_kept(client_for, people, jonathan):
    alice = client_for(people["alice"])
    url = reverse("children:add_legal_status", args=[jonathan.pk])
    assert 'name="late_entry_reason"' not in alice.get(url).content.decode()
    start = timezone.localdate() - timedelta(days=200)
    page = html.unescape(alice.post(url, _form(start)).content.decode())
    assert LATE in page and 'name="late_entry_reason"' in page
    assert not LegalStatusPeriod.objects.filter(child=jonathan).exists()

    assert alice.post(url, _form(start, late_entry_reason=WHY)).status_code == 302
    period = LegalStatusPeriod.objects.get(child=jonathan)
    assert LateEntry.objects.get(content_type__model="legalstatusperiod", object_id=period.pk).reason == WHY
    page = html.unescape(alice.get(reverse("children:detail", args=[jonathan.pk])).content.decode())
    assert "Recorded late" in page and WHY in page and "The date the legal status started" in page
    assert client_for(people["charlie"]).post(url, _form(start, late_entry_reason=WHY)).status_code == 404


def test_a_status_recorded_as_it_starts_is_not_asked_and_a_future_one_is_refused(
    client_for, people, jonathan
):
    alice = client_for(people["alice"])
    url = reverse("children:add_legal_status", args=[jonathan.pk])
    future = timezone.localdate() + timedelta(days=3)
    page = html.unescape(alice.post(url, _form(future, late_entry_reason=WHY)).content.decode())
    assert "must be today or in the past" in page
    assert not LegalStatusPeriod.objects.filter(child=jonathan).exists()
    assert alice.post(url, _form(timezone.localdate() - timedelta(days=2))).status_code == 302
    assert not LateEntry.objects.exists()
