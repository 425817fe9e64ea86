from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from hub.audit.models import AccessLogEntry, LogAction
from hub.children.services import child_create
from hub.core import clock
from hub.missing import services


def test_a_childs_missing_page_shows_the_year_and_annex_a(client_for, people, wenmoor):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kai",
        last_name="Brennan",
        date_of_birth=date(2011, 3, 1),
    )
    now = timezone.now()
    for days_ago, code, hours in [(60, "M", 10), (20, "A", 4)]:
        start = now - timedelta(days=days_ago)
        with clock.history(start + timedelta(hours=hours)):  # entered on the day, as it happened
            episode = services.episode_report(
                child=child,
                by=people["alice"],
                reported_at=start,
                reported_by_kind="carer",
                last_seen_at=start,
                risk_grade="medium",
                dfe_code=code,
            )
            services.episode_record_return(
                episode=episode,
                by=people["alice"],
                version=episode.version,
                returned_at=start + timedelta(hours=hours),
                hub_notified_at=start + timedelta(hours=hours),
            )
    alice = client_for(people["alice"])
    page = alice.get(reverse("missing:child_summary", args=[child.pk])).content.decode()
    assert 'Total time missing</dt><dd class="govuk-summary-list__value">14.0 hours' in page
    assert 'Median episode</dt><dd class="govuk-summary-list__value">7.0 hours' in page
    assert (
        'Return interview offered after the last episode</dt><dd class="govuk-summary-list__value">Yes'
        in page
    )
    assert (
        'Return interview accepted after the last episode</dt><dd class="govuk-summary-list__value">No'
        in page
    )
    assert "Report Kai missing" in page
    assert AccessLogEntry.objects.filter(
        action=LogAction.CONSULT, username="alice", record_type="children.child", detail="missing summary"
    ).exists()
    # The tab is on every part of the record.
    assert (
        reverse("missing:child_summary", args=[child.pk])
        in alice.get(reverse("children:detail", args=[child.pk])).content.decode()
    )
    assert (
        client_for(people["charlie"]).get(reverse("missing:child_summary", args=[child.pk])).status_code
        == 404
    )
    assert client_for(people["sam"]).get(reverse("missing:child_summary", args=[child.pk])).status_code == 404
