"""Deny by default, shown route by route (security.md item 1)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import make_user, verified_client
from hub.accounts.models import Agency
from hub.core.roles import Role
from hub.tests.matrix_records import BUILDERS, RELATERS

MATRIX_PATH = Path(__file__).resolve().parent.parent / "authorization_matrix.toml"
MATRIX: list[dict[str, Any]] = tomllib.loads(MATRIX_PATH.read_text())["route"]
OUTCOMES = {"ok", "login", "redirect", "bad_request", "forbidden", "not_found"}
SIGN_IN = reverse("accounts:sign_in")

AGENCY_FOR_ROLE = {
    Role.HUB_COORDINATOR: Agency.Kind.HUB,
    Role.HUB_ANALYST: Agency.Kind.HUB,
    Role.PRACTITIONER: Agency.Kind.CHILDRENS_SOCIAL_CARE,
    Role.RETURN_INTERVIEWER: Agency.Kind.HUB,
    Role.POLICE_OFFICER: Agency.Kind.POLICE,
    Role.PANEL_CHAIR: Agency.Kind.CHILDRENS_SOCIAL_CARE,
    Role.SCHOOL_LEAD: Agency.Kind.EDUCATION,
    Role.PARTNERSHIP_LEAD: Agency.Kind.PARTNERSHIP,
    Role.AUDITOR: Agency.Kind.PARTNERSHIP,
    Role.ADMINISTRATOR: Agency.Kind.PARTNERSHIP,
}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            # An unnamed route can only be covered by a namespace wildcard ("admin:*").
            names.add(f"{namespace}{pattern.name or f'<unnamed {pattern.pattern}>'}")
    return names


def _covered(name: str) -> bool:
    for row in MATRIX:
        if row["name"] == name:
            return True
        if row["name"].endswith(":*") and name.startswith(row["name"][:-1]):
            return True
    return False


def test_every_route_is_in_the_matrix():
    missing = sorted(name for name in _url_names(get_resolver()) if not _covered(name))
    assert not missing, f"Add these routes to {MATRIX_PATH.name}: {', '.join(missing)}"


def test_every_row_names_a_real_route_with_known_outcomes():
    names = {name for name in _url_names(get_resolver()) if "<unnamed" not in name}
    for row in MATRIX:
        target = row.get("example", row["name"])
        assert target in names, f"{row['name']} in the matrix is not a route"
        for key, value in row.items():
            if key in {"anonymous", "default"} or key in Role.values:
                assert value in OUTCOMES, f"{row['name']}: {key} = {value!r} is not an outcome"
        unknown = set(row) - {
            "name",
            "example",
            "kwargs",
            "method",
            "anonymous",
            "default",
            "record",
            "relationships",
            *Role.values,
        }
        assert not unknown, f"{row['name']}: unknown keys {unknown}"


def _outcome(response: Any) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status == 302:
        location = response["Location"]
        to_sign_in = location == SIGN_IN or location.startswith((f"{SIGN_IN}?", "/admin/login/"))
        return "login" if to_sign_in else "redirect"
    return {400: "bad_request", 403: "forbidden", 404: "not_found"}.get(status, str(status))


def _request(client: Client, row: dict[str, Any], record: Any = None) -> Any:
    kwargs = {"pk": record.pk} if record is not None else {}
    kwargs.update(row.get("kwargs", {}))
    url = reverse(row.get("example", row["name"]), kwargs=kwargs)
    method = row.get("method", "GET")
    if method == "POST":
        return client.post(url)
    if method == "PATCH":
        return client.patch(url, data={}, content_type="application/json")
    return client.get(url)


@pytest.mark.parametrize("row", MATRIX, ids=[f"{row['name']} {row.get('method', 'GET')}" for row in MATRIX])
def test_matrix_row(row, wenmoor, harrowfield):
    agencies = {}
    for kind in set(AGENCY_FOR_ROLE.values()):
        agencies[kind] = Agency.objects.create(name=f"Matrix {kind}", kind=kind)
        agencies[kind].authorities.set([wenmoor])
    record = BUILDERS[row["record"]](wenmoor) if "record" in row else None

    failures = []
    got = _outcome(_request(Client(), row, record))
    if got != row["anonymous"]:
        failures.append(f"anonymous: expected {row['anonymous']}, got {got}")
    for role in Role.values:
        user = make_user(f"matrix-{role}", agencies[AGENCY_FOR_ROLE[role]], role)
        expected = row.get(role, row["default"])
        got = _outcome(_request(verified_client(user), row, record))
        if got != expected:
            failures.append(f"{role}: expected {expected}, got {got}")
        for key, related_expected in row.get("relationships", {}).items():
            related_role, relationship = key.split("+")
            if related_role != role:
                continue
            related = make_user(f"matrix-{role}-{relationship}", agencies[AGENCY_FOR_ROLE[role]], role)
            RELATERS[row["record"]](record, related, relationship)
            got = _outcome(_request(verified_client(related), row, record))
            if got != related_expected:
                failures.append(f"{key}: expected {related_expected}, got {got}")
    assert not failures, f"{row['name']}:\n" + "\n".join(failures)
