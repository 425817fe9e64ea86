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


def _episodes(child, by, codes):
    now = timezone.now()
    for days_ago, code in zip(range(60, 0, -10), codes, strict=False):
        start = now - timedelta(days=days_ago)
        with clock.history(start + timedelta(hours=3)):
            episode = services.episode_report(
                child=child,
                by=by,
                reported_at=start,
                reported_by_kind="parent",
                last_seen_at=start,
                risk_grade="medium",
                dfe_code=code,
            )
            services.episode_record_return(
                episode=episode,
                by=by,
                version=episode.version,
                returned_at=start + timedelta(hours=3),
                hub_notified_at=start + timedelta(hours=3),
            )


def test_annex_a_explains_why_a_child_not_in_care_has_nothing_in_list_8(client_for, people, wenmoor):
    # Episodes of a child not looked after carry no DfE code, so list 8 (children in care) counts
    # none of them: the tab says so rather than showing 0 and 0 beside the episodes.
    child = child_create(authority=wenmoor, by=people["alice"], first_name="Nia", last_name="Okafor")
    _episodes(child, people["alice"], ["", "", ""])
    page = client_for(people["alice"]).get(reverse("missing:child_summary", args=[child.pk])).content.decode()
    assert 'Episodes</dt><dd class="govuk-summary-list__value">3' in page
    assert "Nia was not looked after during any of the 3 episodes in the last 12 months" in page
    assert "Missing episodes (M)" not in page


def test_annex_a_counts_only_the_episodes_while_looked_after(client_for, people, wenmoor):
    child = child_create(authority=wenmoor, by=people["alice"], first_name="Nia", last_name="Okafor")
    _episodes(child, people["alice"], ["", "M", "A", "M"])
    page = client_for(people["alice"]).get(reverse("missing:child_summary", args=[child.pk])).content.decode()
    assert 'Missing episodes (M) in the last 12 months</dt><dd class="govuk-summary-list__value">2' in page
    assert 'Absent episodes (A) in the last 12 months</dt><dd class="govuk-summary-list__value">1' in page
    assert (
        'Episodes while not looked after (not in list 8)</dt><dd class="govuk-summary-list__value">1' in page
    )
    assert (
        client_for(people["charlie"]).get(reverse("missing:child_summary", args=[child.pk])).status_code
        == 404
    )
