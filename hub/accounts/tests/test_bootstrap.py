"""Where accounts with cross-agency roles come from without a second administrator: the first accounts of a
new Hub (``manage.py bootstrap_account``), and the demo and tests, never a page, the admin or the API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hub.accounts.models import User
from hub.accounts.services import AccessChangeRefused, user_create_for_demo_and_tests
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.roles import Role

HUB = Path(__file__).resolve().parents[2]
PASSWORD = "a long first password for set-up"


@pytest.fixture
def bootstrap(db, monkeypatch):
    monkeypatch.setenv("HUB_BOOTSTRAP_PASSWORD", PASSWORD)

    def run(username: str, *roles: str) -> User:
        args = ["--username", username, "--first-name", username.capitalize(), "--last-name", "First"]
        for role in roles:
            args += ["--role", role]
        call_command("bootstrap_account", *args, "--no-input")
        return User.objects.get(username=username)

    return run


def test_a_new_hub_gets_two_administrators_and_a_first_coordinator_then_no_more(bootstrap):
    first = bootstrap("ada", Role.ADMINISTRATOR)
    bootstrap("bea", Role.ADMINISTRATOR)
    coordinator = bootstrap("cal", Role.HUB_COORDINATOR)

    assert first.has_role(Role.ADMINISTRATOR) and first.check_password(PASSWORD)
    assert coordinator.has_role(Role.HUB_COORDINATOR)
    with pytest.raises(CommandError, match="Role requests page"):
        bootstrap("dee", Role.ADMINISTRATOR)
    with pytest.raises(CommandError, match="already has 1 active hub coordinator"):
        bootstrap("eve", Role.HUB_COORDINATOR)
    assert not User.objects.filter(username__in=["dee", "eve"]).exists()
    created = AccessLogEntry.objects.filter(
        action=LogAction.ACCOUNT, detail__contains="at set-up from the command line"
    )
    assert created.count() == 3


def test_bootstrap_refuses_a_weak_password(bootstrap, monkeypatch):
    monkeypatch.setenv("HUB_BOOTSTRAP_PASSWORD", "short")
    with pytest.raises(CommandError, match="too short"):
        bootstrap("ada", Role.ADMINISTRATOR)


def test_the_demo_and_test_path_is_refused_where_the_demo_is_not_allowed(db, settings):
    settings.HUB_ALLOW_DEMO = False
    with pytest.raises(AccessChangeRefused, match="bootstrap_account"):
        user_create_for_demo_and_tests(
            username="mallory",
            first_name="M",
            last_name="X",
            agency=None,
            roles={Role.HUB_COORDINATOR},
            password=None,
        )
    assert not User.objects.filter(username="mallory").exists()


def test_no_page_admin_screen_or_api_reaches_the_set_up_paths():
    allowed = {
        "accounts/services.py",
        "accounts/organisations.py",
        "panels/services.py",
        "accounts/management/commands/bootstrap_account.py",
        "tests/matrix_records.py",
    }
    reaching = []
    for path in HUB.rglob("*.py"):
        relative = path.relative_to(HUB).as_posix()
        if relative in allowed or "/tests/" in f"/{relative}" or re.search(r"(^|/)demo(/|\.py$)", relative):
            continue
        if re.search(r"\b(\w+_for_demo_and_tests|user_bootstrap)\b", path.read_text()):
            reaching.append(relative)
    assert reaching == []
