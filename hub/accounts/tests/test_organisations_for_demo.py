"""The demo's and the tests' authorities, agencies and teams come through services: made once, found
again unchanged on a second load, and refused where the demo is not allowed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hub.accounts.models import Agency, Authority, Team
from hub.accounts.organisations import (
    OrganisationRefused,
    agency_create_for_demo_and_tests,
    authority_create_for_demo_and_tests,
    team_create_for_demo_and_tests,
)
from hub.audit.models import AccessLogEntry


def make_all() -> tuple[Authority, Agency, Team]:
    authority = authority_create_for_demo_and_tests(
        ons_code="E06999101", name="Ashcombe Council", population=120_000, under_19_percent="23.5"
    )
    neighbour = authority_create_for_demo_and_tests(ons_code="E06999102", name="Brindle Council")
    agency = agency_create_for_demo_and_tests(
        name="Ashcombe Hub", kind=Agency.Kind.HUB, authorities=[authority, neighbour]
    )
    team = team_create_for_demo_and_tests(agency=agency, name="Duty team")
    return authority, agency, team


def test_made_once_and_found_again_unchanged(db):
    authority, agency, team = make_all()
    assert (authority.population, authority.under_19_percent) == (120_000, Decimal("23.5"))
    assert set(agency.authorities.values_list("ons_code", flat=True)) == {"E06999101", "E06999102"}
    counts = (
        Authority.history.count(),
        Agency.history.count(),
        Team.history.count(),
        AccessLogEntry.objects.count(),
    )
    assert counts[-1] == 4  # two authorities, the agency and the team, each logged once when made
    again = make_all()
    assert again == (authority, agency, team)
    assert (
        Authority.history.count(),
        Agency.history.count(),
        Team.history.count(),
        AccessLogEntry.objects.count(),
    ) == counts


def test_a_changed_figure_or_area_is_saved_and_logged(db):
    authority, agency, _ = make_all()
    authority_create_for_demo_and_tests(ons_code="E06999101", name="Ashcombe Council", population=121_000)
    authority.refresh_from_db()
    assert authority.population == 121_000
    agency_create_for_demo_and_tests(name="Ashcombe Hub", kind=Agency.Kind.HUB, authorities=[authority])
    assert list(agency.authorities.all()) == [authority]
    assert list(AccessLogEntry.objects.order_by("pk").values_list("detail", flat=True))[-2:] == [
        "authority changed (E06999101: population) for the demo or tests",
        "agency's authorities changed for the demo or tests",
    ]


def test_an_agency_keeps_agency_create_rules(db):
    with pytest.raises(OrganisationRefused, match="local authorities"):
        agency_create_for_demo_and_tests(name="Nowhere Hub", kind=Agency.Kind.HUB, authorities=[])
    authority = authority_create_for_demo_and_tests(ons_code="E06999101", name="Ashcombe Council")
    with pytest.raises(OrganisationRefused, match="what kind"):
        agency_create_for_demo_and_tests(name="Odd Hub", kind="guild", authorities=[authority])
    assert not Agency.objects.exists()


def test_refused_where_the_demo_is_not_allowed(db, settings):
    settings.HUB_ALLOW_DEMO = False
    with pytest.raises(OrganisationRefused, match="cannot be made here"):
        authority_create_for_demo_and_tests(ons_code="E06999101", name="Ashcombe Council")
    assert not Authority.objects.exists()
    settings.HUB_ALLOW_DEMO = True
    authority = authority_create_for_demo_and_tests(ons_code="E06999101", name="Ashcombe Council")
    settings.HUB_ALLOW_DEMO = False
    with pytest.raises(OrganisationRefused, match="cannot be made here"):
        agency_create_for_demo_and_tests(name="Ashcombe Hub", kind=Agency.Kind.HUB, authorities=[authority])
    assert not Agency.objects.exists()
