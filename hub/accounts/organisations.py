"""Organisations (agencies): each school and each health provider is one of its own for access.

Access follows the reader's agency: the actions an agency owns, the screenings its people referred and
the children it is involved with. So an agency must be as small as the group of people who may share
what it holds: one school, not every school of the area; one health provider (school nursing, the
hospital's emergency department, the sexual health service, CAMHS), not the whole of health.

A school's organisation is an education agency tied one-to-one to the school (``Agency.school``),
serving the school's authority. Administrators create agencies here, from the administration pages;
the demo loaders and test fixtures use ``school_organisation_create_for_demo_and_tests``, and for the
authorities, agencies and teams they need, ``authority_create_for_demo_and_tests``,
``agency_create_for_demo_and_tests`` and ``team_create_for_demo_and_tests`` (each idempotent: a second
demo load finds what the first made and changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from hub.accounts.models import Agency, Authority, Team, User
from hub.accounts.services import AccessChangeRefused
from hub.audit.models import LogAction
from hub.audit.services import log
from hub.core.roles import Role
from hub.reference.models import School


class OrganisationRefused(AccessChangeRefused):
    """An agency the rules do not allow (a second organisation for a school, a name already used...)."""


def school_organisation_name(school: School) -> str:
    """The organisation's name: the school's, or with its URN when another agency already has that name."""
    if not Agency.objects.filter(name=school.name).exclude(school=school).exists():
        return school.name
    return f"{school.name} (URN {school.urn})"


def check_new_agency(*, name: str, kind: str, authorities: list[Authority], school: School | None) -> None:
    if not name.strip():
        raise OrganisationRefused("Enter the agency's name.")
    if kind not in Agency.Kind.values:
        raise OrganisationRefused("Choose what kind of agency it is.")
    if school is not None:
        if kind != Agency.Kind.EDUCATION:
            raise OrganisationRefused(f"{school} is a school: its organisation is of the kind Education.")
        existing = Agency.objects.filter(school=school).first()
        if existing is not None:
            raise OrganisationRefused(f"{school} already has its organisation: {existing}.")
        if school.authority_id not in {authority.pk for authority in authorities}:
            raise OrganisationRefused(
                f"{school}'s organisation must serve {school.authority}, the school's area."
            )
    if Agency.objects.filter(name=name).exists():
        raise OrganisationRefused(f"An agency called {name} already exists: choose another name.")
    if not authorities:
        raise OrganisationRefused("Choose the local authorities the agency serves.")


def _create(
    *,
    name: str,
    kind: str,
    authorities: Iterable[Authority],
    school: School | None,
    by: User | None,
    how: str,
) -> Agency:
    serving = list(authorities)
    with transaction.atomic():
        if school is not None:
            # Lock the school, so two administrators cannot give it two organisations at once.
            School.objects.select_for_update().filter(pk=school.pk).first()
        check_new_agency(name=name, kind=kind, authorities=serving, school=school)
        agency = Agency.objects.create(name=name, kind=kind, school=school)
        agency.authorities.set(serving)
        log(
            action=LogAction.ACCOUNT,
            actor=by,
            record_type="accounts.agency",
            record_ids=[agency.pk],
            detail=(
                f"agency created ({Agency.Kind(kind).label}"
                + (f", the organisation of school URN {school.urn}" if school is not None else "")
                + f") {how}"
            ),
        )
    return agency


def _require_administrator(by: User) -> None:
    if not (by.is_active and by.has_role(Role.ADMINISTRATOR)):
        raise OrganisationRefused("Only an administrator can create an agency.")


def agency_create(
    *, by: User, name: str, kind: str, authorities: Iterable[Authority], school: School | None = None
) -> Agency:
    """An administrator creates an agency: a health provider, a team of the council, or a school's own
    organisation (``school`` given; then of the kind Education, serving the school's authority, and the
    only one that school has)."""
    _require_administrator(by)
    return _create(
        name=name.strip(),
        kind=kind,
        authorities=authorities,
        school=school,
        by=by,
        how=f"by {by.get_username()}",
    )


def school_organisation_create(*, school: School, by: User) -> Agency:
    """An administrator gives a school its organisation, named after it and serving its authority."""
    _require_administrator(by)
    return _create(
        name=school_organisation_name(school),
        kind=Agency.Kind.EDUCATION,
        authorities=[school.authority],
        school=school,
        by=by,
        how=f"by {by.get_username()}",
    )


def school_organisation_create_for_demo_and_tests(*, school: School) -> Agency:
    """The school's organisation, with no administrator: for the demo loaders and test fixtures only
    (refused where the demo is not allowed). Returns the one the school has if it has one already."""
    _demo_allowed()
    existing = Agency.objects.filter(school=school).first()
    if existing is not None:
        return existing
    return _create(
        name=school_organisation_name(school),
        kind=Agency.Kind.EDUCATION,
        authorities=[school.authority],
        school=school,
        by=None,
        how="for the demo or tests",
    )


def _demo_allowed() -> None:
    if not settings.HUB_ALLOW_DEMO:
        raise OrganisationRefused("Demo and test organisations cannot be made here.")


def authority_create_for_demo_and_tests(
    *, ons_code: str, name: str, population: int | None = None, under_19_percent: Decimal | str | None = None
) -> Authority:
    """A local authority by its ONS code, with no administrator: for the demo loaders and test fixtures
    only (refused where the demo is not allowed). One with that code already is returned, given the
    name and figures asked for if they differ (saved only then, so a second load changes nothing)."""
    _demo_allowed()
    if not ons_code.strip() or not name.strip():
        raise OrganisationRefused("An authority needs its ONS code and its name.")
    wanted: dict[str, object] = {"name": name.strip()}
    if population is not None:
        wanted["population"] = population
    if under_19_percent is not None:
        wanted["under_19_percent"] = Decimal(str(under_19_percent))
    with transaction.atomic():
        authority = Authority.objects.select_for_update().filter(ons_code=ons_code).first()
        if authority is None:
            authority = Authority.objects.create(ons_code=ons_code, **wanted)
            detail = f"authority created ({ons_code}) for the demo or tests"
        else:
            changed = [key for key, value in wanted.items() if getattr(authority, key) != value]
            if not changed:
                return authority
            for key in changed:
                setattr(authority, key, wanted[key])
            authority.save(update_fields=changed)
            detail = f"authority changed ({ons_code}: {', '.join(changed)}) for the demo or tests"
        log(
            action=LogAction.ACCOUNT,
            actor=None,
            record_type="accounts.authority",
            record_ids=[authority.pk],
            detail=detail,
        )
    return authority


def agency_create_for_demo_and_tests(*, name: str, kind: str, authorities: Iterable[Authority]) -> Agency:
    """An agency by its name, serving ``authorities``, with no administrator: for the demo loaders and
    test fixtures only (refused where the demo is not allowed), under ``agency_create``'s rules. One
    with that name already is returned, serving ``authorities`` (a second load changes nothing)."""
    _demo_allowed()
    serving = list(authorities)
    existing = Agency.objects.filter(name=name.strip()).first()
    if existing is None:
        return _create(
            name=name.strip(),
            kind=kind,
            authorities=serving,
            school=None,
            by=None,
            how="for the demo or tests",
        )
    if not serving:
        raise OrganisationRefused("Choose the local authorities the agency serves.")
    if set(existing.authorities.values_list("pk", flat=True)) != {authority.pk for authority in serving}:
        with transaction.atomic():
            existing.authorities.set(serving)
            log(
                action=LogAction.ACCOUNT,
                actor=None,
                record_type="accounts.agency",
                record_ids=[existing.pk],
                detail="agency's authorities changed for the demo or tests",
            )
    return existing


def team_create_for_demo_and_tests(*, agency: Agency, name: str) -> Team:
    """A team of ``agency`` by its name: for the demo loaders and test fixtures only (refused where the
    demo is not allowed). The agency's team of that name is returned if it has one."""
    _demo_allowed()
    if not name.strip():
        raise OrganisationRefused("Enter the team's name.")
    with transaction.atomic():
        team, created = Team.objects.get_or_create(agency=agency, name=name.strip())
        if created:
            log(
                action=LogAction.ACCOUNT,
                actor=None,
                record_type="accounts.team",
                record_ids=[team.pk],
                detail=f"team created in {agency.name} for the demo or tests",
            )
    return team


def organisation_of(school: School | None) -> Agency | None:
    """The school's own organisation, if it has one."""
    if school is None:
        return None
    return Agency.objects.filter(school=school).first()
