"""Shared test fixtures: two authorities, agencies and named people.

- Alice: hub coordinator in the Wenmoor hub (serves Wenmoor).
- Bob: case-holding practitioner in Wenmoor children's social care.
- Charlie: police officer in another force, serving only Harrowfield: outside Wenmoor.
- Dana: auditor; Erin: administrator; Sam: school safeguarding lead; Pat: partnership lead.
- PC: police officer in Wenmoor Police (``wenmoor_police``, serving Wenmoor), made only where a test asks.

Every test runs on a set clock (``REFERENCE_NOW``, ticking from there), so none depends on the day the
suite runs; a test that needs another moment moves it with ``time_machine.move_to``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import Agency, Authority, User
from hub.accounts.services import user_create_for_demo_and_tests
from hub.core.roles import Role
from hub.demo.area import reference_moment

PASSWORD = "correct horse battery staple"

# An ordinary working Wednesday: no bank holiday near, no clock change near.
REFERENCE_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))


# Tests that share an expensive fixture of wider scope than one test run whole on one pytest-xdist worker
# (``make test`` runs two), so the fixture is built once and not once a worker: the reference demo area (a
# package fixture), the demo built on each awkward day with the same-day comparison that reuses one of
# them (``area_fingerprints``), and the browser journeys' server with its own demo area (a session
# fixture). Every other test is a unit of its own. xdist's ``xdist_group`` mark cannot do this with
# pytest 9 (xdist 3.8 renames ``item._nodeid``, which pytest 9 no longer reads), so the grouping is a
# scheduler of our own, through xdist's documented hook.
XDIST_GROUPS = {
    "hub/demo/tests/reference/": "demo-reference",
    "hub/demo/tests/test_days.py": "demo-days",
    "hub/demo/tests/test_same_day.py": "demo-days",
    "e2e/": "browser-journeys",
}


def xdist_unit(nodeid: str) -> str:
    """The unit of work a test belongs to: its group, or the test alone."""
    path = nodeid.split("::", 1)[0]
    return next((group for prefix, group in XDIST_GROUPS.items() if path.startswith(prefix)), nodeid)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupedScheduling(LoadScopeScheduling):
        # Units are handed out largest first (xdist's default for scopes), so the groups start at once.
        def _split_scope(self, nodeid: str) -> str:
            return xdist_unit(nodeid)

    return GroupedScheduling(config, log)


@pytest.fixture(autouse=True)
def reference_clock(time_machine):
    """The clock every test starts from; it ticks, as real time does."""
    time_machine.move_to(REFERENCE_NOW, tick=True)
    return time_machine


@pytest.fixture(scope="session")
def audit_signing_key_file(tmp_path_factory) -> Path:
    """One signing key for the whole run (made on first use), outside the checkout's var/."""
    return tmp_path_factory.mktemp("audit-key") / "audit-signing-key.pem"


@pytest.fixture(autouse=True)
def audit_checkpoint_files(settings, tmp_path, audit_signing_key_file) -> Path:
    """Each test's access-log checkpoints go to a file of its own, never to a developer's var/, so no
    test meets a checkpoint of another database. Returns the checkpoint file's path."""
    settings.HUB_AUDIT_SIGNING_KEY_FILE = audit_signing_key_file
    settings.HUB_AUDIT_VERIFY_KEY_FILE = ""
    settings.HUB_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    settings.HUB_AUDIT_WITNESS_URL = ""
    return settings.HUB_AUDIT_CHECKPOINT_FILE


@pytest.fixture
def wenmoor(db) -> Authority:
    return Authority.objects.create(name="Wenmoor Borough Council", ons_code="E06999001")


@pytest.fixture
def harrowfield(db) -> Authority:
    return Authority.objects.create(name="Harrowfield County Council", ons_code="E10999002")


def _agency(name: str, kind: str, *authorities: Authority) -> Agency:
    agency = Agency.objects.create(name=name, kind=kind)
    agency.authorities.set(authorities)
    return agency


@pytest.fixture
def wenmoor_police(wenmoor) -> Agency:
    return _agency("Wenmoor Police", Agency.Kind.POLICE, wenmoor)


@pytest.fixture
def pc(wenmoor_police) -> User:
    return make_user("pc", wenmoor_police, Role.POLICE_OFFICER)


@pytest.fixture
def agencies(wenmoor, harrowfield) -> dict[str, Agency]:
    return {
        "hub": _agency("Wenmoor Hub", Agency.Kind.HUB, wenmoor),
        "csc": _agency("Wenmoor CSC", Agency.Kind.CHILDRENS_SOCIAL_CARE, wenmoor),
        "other_police": _agency("Harrowfield Police", Agency.Kind.POLICE, harrowfield),
        "education": _agency("Wenmoor Schools", Agency.Kind.EDUCATION, wenmoor),
        "partnership": _agency("Wenmoor Partnership", Agency.Kind.PARTNERSHIP, wenmoor),
    }


def make_user(username: str, agency: Agency, *roles: str, with_device: bool = True) -> User:
    first = username.capitalize()
    user = user_create_for_demo_and_tests(
        username=username,
        first_name=first,
        last_name="Tester",
        agency=agency,
        roles=set(roles),
        password=PASSWORD,
    )
    if with_device:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def people(agencies) -> dict[str, User]:
    return {
        "alice": make_user("alice", agencies["hub"], Role.HUB_COORDINATOR),
        "bob": make_user("bob", agencies["csc"], Role.PRACTITIONER),
        "charlie": make_user("charlie", agencies["other_police"], Role.POLICE_OFFICER),
        "dana": make_user("dana", agencies["partnership"], Role.AUDITOR),
        "erin": make_user("erin", agencies["partnership"], Role.ADMINISTRATOR),
        "sam": make_user("sam", agencies["education"], Role.SCHOOL_LEAD),
        "pat": make_user("pat", agencies["partnership"], Role.PARTNERSHIP_LEAD),
    }


def verified_client(user: User) -> Client:
    """A client signed in with password and authentication code, as the sign-in pages would leave it."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    now = timezone.now().isoformat()
    session["hub_started_at"] = now
    session["hub_last_seen"] = now
    session.save()
    return client


def reauthenticated(client: Client) -> Client:
    """The client as ``accounts:confirm`` leaves it: the authenticator's code just given again, so a bulk
    export goes ahead (``hub.core.reauth``)."""
    from hub.core.reauth import mark_reauthenticated

    session = client.session
    mark_reauthenticated(session)
    session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return verified_client


@dataclass
class DemoLoad:
    day: date  # the reference day the demo was built from
    built_as_of: datetime  # the start of that day: everything in the area happened before it
    output: str
    var_dir: Path  # where the load kept its files (the demo credentials)


@contextmanager
def _demo_area(django_db_blocker, var_dir: Path, *, on: datetime = REFERENCE_NOW) -> Iterator[DemoLoad]:
    """Load the whole demo as someone would on ``on``'s day (half an hour before ``on``), in a transaction
    rolled back afterwards: the access log's triggers refuse deletes, so nothing may be left behind for
    other modules. Tests inside then run in their own savepoints (pytest-django's ``db``)."""
    day = on.date()
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var_dir), transaction.atomic():
        _number_from_what_is_there()
        out = io.StringIO()
        with time_machine.travel(on - timedelta(minutes=30), tick=True):
            call_command("load_demo", "--as-of", day.isoformat(), stdout=out)
        yield DemoLoad(day=day, built_as_of=reference_moment(day), output=out.getvalue(), var_dir=var_dir)
        transaction.set_rollback(True)


def _number_from_what_is_there() -> None:
    """New rows take the ids a fresh database would give them, as SQLite does after a rollback. PostgreSQL's
    sequences do not roll back, so without this a second load in one session numbers its rows differently,
    and what the demo derives from ids (whose plan a coordinator leads, a screening's number) with them."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(scope="session")
def demo_area(django_db_setup, django_db_blocker):
    """``with demo_area(var_dir, on=...) as load:`` loads the demo area for a module's tests."""

    def load(var_dir: Path, *, on: datetime = REFERENCE_NOW):
        return _demo_area(django_db_blocker, var_dir, on=on)

    return load
