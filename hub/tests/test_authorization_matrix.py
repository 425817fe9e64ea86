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

AGENCY_FOR_ROLE: dict[str, str] = {
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
            "api",
            "api_method",
            "data",
            "anonymous",
            "default",
            "record",
            "relationships",
            *Role.values,
        }
        assert not unknown, f"{row['name']}: unknown keys {unknown}"
        if "api" in row:
            twin = (row["api"], row.get("api_method", "POST"))
            rows = {(other["name"], other.get("method", "GET")) for other in MATRIX}
            assert twin in rows, f"{row['name']}: its API twin {twin} has no row of its own"
            assert row.get("method") == "POST", f"{row['name']}: only a page's POST has an API twin"


def _outcome(response: Any) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status == 302:
        location = response["Location"]
        to_sign_in = location == SIGN_IN or location.startswith((f"{SIGN_IN}?", "/admin/login/"))
        return "login" if to_sign_in else "redirect"
    return {400: "bad_request", 403: "forbidden", 404: "not_found"}.get(status, str(status))


# What a write's outcome means, so a page (which re-shows its form, 200, or redirects) and the API
# (which answers 400 to an empty body) can be compared: the same person either may do it, or is
# refused because they may not see the record (404), or because they may not do this to it (403).
VERDICT = {
    "ok": "allowed",
    "redirect": "allowed",
    "bad_request": "allowed",
    "not_found": "refused-not-visible",
    "forbidden": "refused-forbidden",
}


def _request(client: Client, row: dict[str, Any], record: Any = None, *, twin: bool = False) -> Any:
    kwargs = {"pk": record.pk} if record is not None and (twin or "record" in row) else {}
    if twin:
        url = reverse(row["api"], kwargs=kwargs)
        method = row.get("api_method", "POST")
    else:
        kwargs.update(row.get("kwargs", {}))
        url = reverse(row.get("example", row["name"]), kwargs=kwargs)
        method = row.get("method", "GET")
    if method == "POST" and twin:
        return client.post(url, data={}, content_type="application/json")
    if method == "POST":
        return client.post(url, data=row.get("data", {}))
    if method == "PATCH":
        return client.patch(url, data={}, content_type="application/json")
    return client.get(url)


def _twin_disagrees(
    client: Client, row: dict[str, Any], record: Any, page_outcome: str, who: str
) -> list[str]:
    """A write with a page and an API route: the API, asked by the same person about the same record,
    must reach the same verdict as the page (allowed, refused-not-visible, refused-forbidden)."""
    if "api" not in row:
        return []
    api_outcome = _outcome(_request(client, row, record, twin=True))
    page, api = VERDICT.get(page_outcome, page_outcome), VERDICT.get(api_outcome, api_outcome)
    if page == api:
        return []
    return [f"{who}: the page gives {page_outcome} ({page}) but {row['api']} gives {api_outcome} ({api})"]


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
        client = verified_client(user)
        got = _outcome(_request(client, row, record))
        if got != expected:
            failures.append(f"{role}: expected {expected}, got {got}")
        failures += _twin_disagrees(client, row, record, got, role)
        for key, related_expected in row.get("relationships", {}).items():
            related_role, relationship = key.split("+")
            if related_role != role:
                continue
            related = make_user(f"matrix-{role}-{relationship}", agencies[AGENCY_FOR_ROLE[role]], role)
            RELATERS[row["record"]](record, related, relationship)
            client = verified_client(related)
            got = _outcome(_request(client, row, record))
            if got != related_expected:
                failures.append(f"{key}: expected {related_expected}, got {got}")
            failures += _twin_disagrees(client, row, record, got, key)
    assert not failures, f"{row['name']}:\n" + "\n".join(failures)
