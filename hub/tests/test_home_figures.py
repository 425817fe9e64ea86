"""No placeholder is left on a home page: the partnership lead's "Outcome measures" are counted from
the records of the areas their agency serves (suppressed below the threshold), and the analyst's
"Records to link" lists the possible duplicates in their scope."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.accounts.models import Agency
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import AgencyInvolvement, PossibleDuplicate
from hub.children.services import child_create
from hub.core import clock
from hub.core.roles import Role
from hub.missing import services as missing_services
from hub.screening.models import Screening

HOME = reverse("core:home")


def figures_on(page: str) -> dict[str, str]:
    block = page.split('data-testid="figures"', 1)[1].split("</dl>", 1)[0]
    return dict(re.findall(r'__key">([^<]+)</dt><dd class="govuk-summary-list__value">([^<]+)</dd>', block))


def report_missing(child, by, days_ago: int) -> None:
    reported_at = timezone.now() - timedelta(days=days_ago)
    with clock.history(reported_at):  # entered when it was reported
        missing_services.episode_report(
            child=child,
            by=by,
            reported_at=reported_at,
            reported_by_kind="carer",
            last_seen_at=reported_at - timedelta(hours=3),
            risk_grade="medium",
        )


@pytest.fixture
def records(people, agencies, wenmoor, harrowfield):
    """Six Wenmoor children reported missing this year and one two years ago; two screenings
    submitted; a Harrowfield child missing (not Pat's area)."""
    alice = people["alice"]
    for n in range(7):
        child = child_create(authority=wenmoor, by=alice, first_name=f"Child{n}", last_name=f"Wen{n}")
        report_missing(child, alice, days_ago=800 if n == 6 else 10 + n)
    # Harrowfield's police, involved with Kyle, report him (Wenmoor's hub does not see him).
    kyle = child_create(authority=harrowfield, by=alice, first_name="Kyle", last_name="Barnes")
    AgencyInvolvement.objects.create(
        child=kyle, agency=agencies["other_police"], recorded_by=alice, start=timezone.localdate()
    )
    report_missing(kyle, people["charlie"], 5)
    for _ in range(2):
        Screening.objects.create(
            authority=wenmoor,
            status=Screening.Status.SUBMITTED,
            referrer=people["sam"],
            referrer_agency=agencies["education"],
            submitted_at=timezone.now() - timedelta(days=3),
            review_due_at=timezone.now() - timedelta(days=2),
        )


def test_the_partnership_lead_sees_figures_from_the_records_suppressed(client_for, people, records):
    page = client_for(people["pat"]).get(HOME).content.decode()
    assert "will appear here" not in page
    figures = figures_on(page)
    assert figures == {
        "Screening tools submitted": "fewer than 5",
        "Screening tools reviewed by the hub": "0",
        "Children discussed at MARMM": "0",
        "Children reported missing": "6",
        "Missing episodes": "6",
        "Return interviews held within 72 hours": "none to count",
        "Children at vulnerable, groomed / targeted or exploited whose plan addresses individual and "
        "contextual risk and protective factors": "none to count",
    }
    assert "From 19 November 2025 to 18 November 2026" in page
    assert "a count from 1 to 4 is not shown" in page


def test_only_the_partnership_lead_gets_the_measures(client_for, people, records):
    for name in ("alice", "sam", "charlie"):
        assert 'data-testid="figures"' not in client_for(people[name]).get(HOME).content.decode(), name


def test_a_partnership_lead_of_no_area_is_told_so(client_for, agencies, records):
    loose = Agency.objects.create(name="Unattached partnership", kind=Agency.Kind.PARTNERSHIP)
    page = client_for(make_user("quinn", loose, Role.PARTNERSHIP_LEAD)).get(HOME).content.decode()
    assert "Your agency serves no area yet" in page and 'data-testid="figures"' not in page


def test_the_analyst_sees_records_to_link_in_their_area_only(
    client_for, people, agencies, wenmoor, harrowfield
):
    alice = people["alice"]
    child_create(
        authority=wenmoor, by=alice, first_name="Jonathan", last_name="Smith", date_of_birth=date(2011, 5, 3)
    )
    jon = child_create(
        authority=wenmoor, by=alice, first_name="Jon", last_name="Smith", date_of_birth=date(2011, 5, 3)
    )
    child_create(
        authority=harrowfield, by=alice, first_name="Kyle", last_name="Barnes", date_of_birth=date(2010, 1, 1)
    )
    child_create(
        authority=harrowfield, by=alice, first_name="Kyle", last_name="Barns", date_of_birth=date(2010, 1, 1)
    )
    assert PossibleDuplicate.objects.count() == 2
    ana = make_user("ana", agencies["hub"], Role.HUB_ANALYST)
    page = client_for(ana).get(HOME).content.decode()
    assert "Records to link" in page and "will appear here for you to confirm" not in page
    assert "Jon Smith may be the same child as Jonathan Smith" in page
    assert reverse("children:detail", args=[jon.pk]) in page
    assert "Kyle" not in page
    entry = AccessLogEntry.objects.filter(username="ana", action=LogAction.CONSULT).latest("id")
    assert entry.detail == "home: records to link" and str(jon.pk) in entry.record_ids.split(",")
    # An analyst in Harrowfield sees Harrowfield's pair, not Wenmoor's.
    hal = client_for(make_user("hal", agencies["other_police"], Role.HUB_ANALYST)).get(HOME).content.decode()
    assert "Kyle Barns may be the same child as Kyle Barnes" in hal and "Jonathan" not in hal
    # An analyst with nothing to link is told what will appear.
    loose = Agency.objects.create(name="Unattached hub", kind=Agency.Kind.HUB)
    nell = client_for(make_user("nell", loose, Role.HUB_ANALYST)).get(HOME).content.decode()
    assert "No records in your area look like the same child" in nell
