"""The demo area as a whole: its authority and schools, one person per role, idempotent loading."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import Authority, User
from hub.core.roles import Role
from hub.demo import area
from hub.reference.models import School


@pytest.fixture(scope="module")
def loaded_demo(reference_demo):
    """The reference day's demo, loaded once for the package (see ``conftest.py``). Each test runs in its
    own savepoint (pytest-django's ``db``), so what one test writes (sessions, a verified code, another
    load) is gone for the next. Returns the directory holding the demo credentials."""
    return reference_demo.var_dir


@pytest.fixture
def demo(loaded_demo, db, settings):
    settings.VAR_DIR = loaded_demo
    return loaded_demo


def test_demo_area_is_shaped_like_the_strategy(demo):
    authority = Authority.objects.get(ons_code="E06999001")
    assert authority.population == 264_479
    schools = School.objects.filter(authority=authority)
    expected = {
        School.Phase.SECONDARY: (13, 19_415),
        School.Phase.PRIMARY: (91, 26_532),
        School.Phase.SPECIAL: (6, 851),
        School.Phase.PRU_PRIMARY: (1, 13),
        School.Phase.PRU_SECONDARY: (1, 139),
    }
    for phase, (count, roll) in expected.items():
        of_phase = schools.filter(phase=phase)
        assert of_phase.count() == count, phase
        assert of_phase.aggregate(total=Sum("roll"))["total"] == roll, phase


def test_one_demo_user_per_role_each_with_a_working_code(demo):
    credentials = json.loads((demo / "demo-credentials.json").read_text())
    held: set[str] = set()
    for username, entry in credentials.items():
        user = User.objects.get(username=username)
        assert user.check_password(entry["password"])
        held |= user.role_codes
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.verify_token(f"{totp(bytes.fromhex(entry['totp_key'])):06d}")
    assert held == set(Role.values)
    assert (demo / "demo-credentials.json").stat().st_mode & 0o077 == 0


def test_load_demo_is_idempotent(demo):
    counts = (User.objects.count(), School.objects.count(), TOTPDevice.objects.count())
    before = (demo / "demo-credentials.json").read_text()
    call_command("load_demo")
    call_command("load_demo", if_empty=True)
    assert (User.objects.count(), School.objects.count(), TOTPDevice.objects.count()) == counts
    assert (demo / "demo-credentials.json").read_text() == before


def test_demo_code_prints_the_current_code(demo, capsys):
    call_command("demo_code", "coordinator")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    assert TOTPDevice.objects.get(user__username="coordinator").verify_token(code)


def test_each_role_sees_what_will_appear_on_its_home_page(demo):
    from django.urls import reverse

    from conftest import verified_client

    expectations = {
        "coordinator": "Screenings to review",
        "interviewer": "Your return interviews",
        "practitioner": "Children allocated to you",
        "schoollead": "Your referrals",
        "partnership": "Outcome measures",
        "analyst": "Records to link",
        "chair": "Your meetings",
        "officer": "Children missing now",
    }
    for username, heading in expectations.items():
        page = verified_client(User.objects.get(username=username)).get(reverse("core:home")).content.decode()
        assert heading in page, username
    school = (
        verified_client(User.objects.get(username="schoollead")).get(reverse("core:home")).content.decode()
    )
    assert "Screenings to review" not in school


def test_the_loaders_run_in_the_order_each_builds_on_the_last():
    assert [name for name, _ in area.loaders()] == [
        "people",
        "schools",
        "screenings",
        "missing",
        "panels",
        "intelligence",
        "nrm",
        "cases",
        "namesakes",
    ]
