"""Demo authority, agencies and one person per role. All names are invented.

Passwords and authenticator keys are random for each installation and kept in
``var/demo-credentials.json`` (never committed); ``manage.py demo_credentials`` prints them and
``manage.py demo_code USER`` prints a user's current authentication code.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import Agency, Authority, User
from hub.accounts.organisations import (
    agency_create_for_demo_and_tests,
    authority_create_for_demo_and_tests,
    school_organisation_create_for_demo_and_tests,
    team_create_for_demo_and_tests,
)
from hub.accounts.services import credentials_set_for_demo_and_tests, user_create_for_demo_and_tests
from hub.core.roles import Role
from hub.demo.area import DemoContext
from hub.demo.schools import load_schools
from hub.reference.models import School

DEMO_AUTHORITY: dict[str, Any] = {
    "name": "Wenmoor Borough Council",
    "ons_code": "E06999001",  # deliberately not a real GSS code
    "population": 264_479,
    "under_19_percent": "27.4",
}
NEIGHBOUR_AUTHORITY = {"name": "Harrowfield County Council", "ons_code": "E10999002"}

# key: (name, kind, serves the neighbour too)
AGENCIES = {
    "hub": ("Wenmoor Missing and Exploitation Hub", Agency.Kind.HUB, False),
    "csc": ("Wenmoor Children's Social Care", Agency.Kind.CHILDRENS_SOCIAL_CARE, False),
    "police": ("Vale Valley Police", Agency.Kind.POLICE, True),
    "yot": ("Wenmoor Youth Offending Team", Agency.Kind.YOUTH_OFFENDING, False),
    "youth": ("Wenmoor Youth Service", Agency.Kind.YOUTH_SERVICE, False),
    # Each health provider is an organisation of its own (and each school: see ``school_organisations``).
    "health": ("Wenmoor Community Health NHS Trust", Agency.Kind.HEALTH, False),  # school nursing
    "hospital": ("Wenmoor General Hospital NHS Trust", Agency.Kind.HEALTH, False),  # its emergency department
    "sexual-health": ("Wenmoor Sexual Health Service", Agency.Kind.HEALTH, False),
    "camhs": ("Wenmoor Child and Adolescent Mental Health Service", Agency.Kind.HEALTH, False),
    "voluntary": ("Safe Steps Children's Charity", Agency.Kind.VOLUNTARY, False),
    "partnership": ("Wenmoor Safeguarding Partnership", Agency.Kind.PARTNERSHIP, False),
    "neighbour": ("Harrowfield Children's Services", Agency.Kind.OTHER_AUTHORITY, None),
}

# username: (first, last, agency key, roles, job title)
PEOPLE = {
    "coordinator": ("Priya", "Lindqvist", "hub", {Role.HUB_COORDINATOR}, "Hub coordinator"),
    "analyst": ("Tomasz", "Ellery", "hub", {Role.HUB_ANALYST}, "Intelligence analyst"),
    "practitioner": ("Grace", "Adeyemi-Holt", "csc", {Role.PRACTITIONER}, "Social worker"),
    "interviewer": ("Leon", "Marchetti", "hub", {Role.RETURN_INTERVIEWER}, "Return interview worker"),
    "officer": ("Sam", "Okonkwo-Reid", "police", {Role.POLICE_OFFICER}, "Missing persons coordinator"),
    "chair": ("Helen", "Strachan", "csc", {Role.PANEL_CHAIR}, "Head of service, panel chair"),
    # A school lead's agency is their school's own organisation (``SCHOOL_LEADS``), not a shared one.
    "schoollead": ("Martin", "Feeney", "school", {Role.SCHOOL_LEAD}, "Designated safeguarding lead"),
    "partnership": (
        "Ruth",
        "Banerjee",
        "partnership",
        {Role.PARTNERSHIP_LEAD},
        "Partnership business manager",
    ),
    "auditor": ("Ines", "Varga", "partnership", {Role.AUDITOR}, "Data protection officer"),
    "admin": ("Kofi", "Brannigan", "partnership", {Role.ADMINISTRATOR}, "System administrator"),
    # A second administrator: roles that see across agencies are asked for by one and approved by another.
    "admin2": ("Nadia", "Osei", "partnership", {Role.ADMINISTRATOR}, "System administrator"),
}


# The demo's school safeguarding leads, one at each of the first secondary schools (by URN), in order.
SCHOOL_LEADS = ["schoollead", "jpellow", "dramsaran", "chutchens"]


def lead_schools(authority: Authority) -> dict[str, School]:
    """Each demo school lead's school: the i-th lead at the i-th secondary school (by URN)."""
    secondaries = list(
        School.objects.filter(authority=authority, active=True, phase=School.Phase.SECONDARY).order_by("urn")
    )
    if not secondaries:
        return {}
    return {lead: secondaries[i % len(secondaries)] for i, lead in enumerate(SCHOOL_LEADS)}


def school_key(school_id: int) -> str:
    """The key of a school's organisation among the demo's agencies (``demo_agencies``)."""
    return f"school:{school_id}"


def school_organisations(ctx: DemoContext) -> dict[int, Agency]:
    """Every demo school's own organisation, by school id (made through the service when missing)."""
    schools = School.objects.filter(authority=ctx.authority).select_related("authority").order_by("urn")
    found = {
        agency.school_id: agency
        for agency in Agency.objects.filter(school__in=schools)
        if agency.school_id is not None
    }
    for school in schools:
        if school.pk not in found:
            found[school.pk] = school_organisation_create_for_demo_and_tests(school=school)
    return found


def demo_agencies(ctx: DemoContext) -> dict[str, Agency]:
    """The demo's agencies by key: ``ctx.agencies`` and each school's organisation (``school_key``)."""
    agencies = dict(ctx.agencies or {})
    for agency in Agency.objects.filter(school__authority=ctx.authority).order_by("school__urn"):
        if agency.school_id is not None:
            agencies[school_key(agency.school_id)] = agency
    return agencies


def staff_agency(ctx: DemoContext, username: str, agency_key: str) -> Agency:
    """The agency a demo person works for: a school lead's school's organisation, else the keyed one."""
    if agency_key == "school":
        school = lead_schools(ctx.authority)[username]
        return Agency.objects.get(school=school)
    return (ctx.agencies or {})[agency_key]


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.json"


def read_credentials() -> dict[str, dict[str, str]]:
    path = credentials_path()
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def _write_credentials(data: dict[str, dict[str, str]]) -> None:
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(data, handle, indent=2)


def load_people(ctx: DemoContext) -> None:
    authority = authority_create_for_demo_and_tests(
        ons_code=DEMO_AUTHORITY["ons_code"],
        name=DEMO_AUTHORITY["name"],
        population=DEMO_AUTHORITY["population"],
        under_19_percent=DEMO_AUTHORITY["under_19_percent"],
    )
    neighbour = authority_create_for_demo_and_tests(
        ons_code=NEIGHBOUR_AUTHORITY["ons_code"], name=NEIGHBOUR_AUTHORITY["name"]
    )
    agencies: dict[str, Agency] = {}
    for key, (name, kind, also_neighbour) in AGENCIES.items():
        if also_neighbour is None:
            serving = [neighbour]
        else:
            serving = [authority, neighbour] if also_neighbour else [authority]
        agencies[key] = agency_create_for_demo_and_tests(name=name, kind=kind, authorities=serving)
    team_create_for_demo_and_tests(agency=agencies["hub"], name="Missing and Exploitation Hub team")
    team_create_for_demo_and_tests(agency=agencies["csc"], name="Adolescent safeguarding team")
    ctx.authority = authority
    ctx.agencies = agencies
    # The schools come first (their own loader finds them made), so each has its organisation before
    # its staff are added: each school is an organisation of its own for access.
    load_schools(ctx)
    school_organisations(ctx)

    credentials = read_credentials()
    users: dict[str, User] = {}
    changed = False
    with transaction.atomic():
        for username, (first, last, agency_key, roles, title) in PEOPLE.items():
            user = User.objects.filter(username=username).first()
            created = user is None
            if user is None:
                user = user_create_for_demo_and_tests(
                    username=username,
                    first_name=first,
                    last_name=last,
                    agency=staff_agency(ctx, username, agency_key),
                    roles=set(roles),
                    password=None,
                    job_title=title,
                    email=f"{username}@example.org",
                )
            if username not in credentials:
                # New install, or the credentials file was removed: issue fresh demo secrets.
                password = "demo-" + secrets.token_urlsafe(9)
                device = credentials_set_for_demo_and_tests(user=user, password=password)
                credentials[username] = {
                    "password": password,
                    "totp_key": device.key,
                    "role": ", ".join(Role(r).label for r in sorted(roles)),
                    "name": f"{first} {last}",
                    "agency": user.agency.name if user.agency else "",
                }
                changed = True
            elif created or not user.has_usable_password():
                # A fresh database beside a kept credentials file (var/hub.sqlite3 removed, say): the
                # accounts take the secrets already printed, so what the person has still signs them in.
                stored = credentials[username]
                credentials_set_for_demo_and_tests(
                    user=user, password=stored["password"], totp_key=stored["totp_key"]
                )
            users[username] = user
    if changed:
        _write_credentials(credentials)
    ctx.users = users
    ctx.out(
        f"Demo people: {len(users)} accounts in {len(agencies)} agencies, "
        f"and each school its own organisation."
    )


def demo_rows() -> list[dict[str, Any]]:
    credentials = read_credentials()
    return [{"username": name, **credentials[name]} for name in PEOPLE if name in credentials]


def current_code(username: str) -> str | None:
    """The current authentication code of a demo account: one listed in this installation's demo
    credentials file. ``None`` for any other account, and always in production."""
    if not settings.HUB_ALLOW_DEMO or username not in read_credentials():
        return None
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        return None
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def demo_sign_in_on() -> bool:
    """Whether the sign-in pages help someone trying the demo (never in production)."""
    return bool(settings.HUB_ALLOW_DEMO and settings.HUB_DEMO_SIGN_IN)


def sign_in_rows() -> list[dict[str, Any]]:
    """The demo accounts to offer on the sign-in page: none unless the demo is loaded and the
    setting is on."""
    return demo_rows() if demo_sign_in_on() else []
