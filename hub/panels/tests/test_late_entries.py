"""A meeting recorded as held long ago: the page asks why it is recorded now and keeps the answer (shown
on the meeting's page); one held yesterday is not asked; an impossible date is refused whatever the
reason."""

from __future__ import annotations

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hub.core.models import LateEntry
from hub.panels.models import Meeting

LATE = "Say why this is being recorded more than 30 days after it happened"
WHY = "The meeting's minutes were found in the old shared drive."


def _form(at, **extra):
    local = timezone.localtime(at)
    return {
        "held_on_day": str(local.day),
        "held_on_month": str(local.month),
        "held_on_year": str(local.year),
        "held_time": f"{local:%H:%M}",
        "place": "Civic Centre",
        **extra,
    }


def test_a_meeting_held_long_ago_is_asked_why_and_the_reason_is_kept(client_for, people, mep, chair):
    helen = client_for(chair)
    url = reverse("panels:panel", args=[mep.pk])
    assert 'name="late_entry_reason"' not in helen.get(url).content.decode()
    held = timezone.now() - timedelta(days=60)
    page = html.unescape(helen.post(url, _form(held)).content.decode())
    assert LATE in page and 'name="late_entry_reason"' in page
    assert not Meeting.objects.filter(panel=mep).exists()

    response = helen.post(url, _form(held, late_entry_reason=WHY))
    assert response.status_code == 302
    meeting = Meeting.objects.get(panel=mep)
    kept = LateEntry.objects.get(content_type__model="meeting", object_id=meeting.pk)
    assert kept.reason == WHY and kept.entered_by == chair
    page = html.unescape(helen.get(reverse("panels:meeting", args=[meeting.pk])).content.decode())
    assert "Recorded late" in page and WHY in page and "The date the meeting was held" in page
    # Someone who is not the panel's chair (nor its hub) cannot record one.
    assert client_for(people["charlie"]).post(url, _form(held, late_entry_reason=WHY)).status_code in (
        403,
        404,
    )
    assert Meeting.objects.filter(panel=mep).count() == 1


def test_a_meeting_held_yesterday_is_not_asked_and_an_impossible_date_is_refused(client_for, mep, chair):
    helen = client_for(chair)
    url = reverse("panels:panel", args=[mep.pk])
    page = html.unescape(
        helen.post(url, _form(timezone.now().replace(year=1890), late_entry_reason=WHY)).content.decode()
    )
    assert "There is a problem" in page and not Meeting.objects.filter(panel=mep).exists()
    assert helen.post(url, _form(timezone.now() - timedelta(days=1))).status_code == 302
    assert not LateEntry.objects.exists()
