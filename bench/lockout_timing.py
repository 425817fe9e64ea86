"""How long a refused sign-in takes, for a locked account, an unlocked one and one that does not exist.

If a locked account answered faster than an unlocked one, anyone could tell that an account is locked
(and so that it exists, and that someone has been guessing at it) from the response time alone. The
three medians should be close: their ratios near 1.

Run from the checkout:

    .venv/bin/python bench/lockout_timing.py [--rounds 15]

It builds a throwaway in-memory database and uses the password hasher the Hub runs with outside tests
(HUB_ENV=development unless you set another), so the figures are those of a real sign-in. It touches
no file and no database of yours.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HUB_ENV", "development")
os.environ["SQLITE_PATH"] = ":memory:"
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from axes.utils import reset  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import get_hasher  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from hub.accounts.models import Agency, Authority  # noqa: E402
from hub.accounts.services import user_create_for_demo_and_tests  # noqa: E402
from hub.core.roles import Role  # noqa: E402

PASSWORD = "a bench password of some length"
WRONG = "not the password at all"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="sign-ins timed for each case (default 15)")
    rounds = parser.parse_args().rounds
    logging.getLogger("axes").setLevel(logging.ERROR)  # one warning per refused sign-in otherwise

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    authority = Authority.objects.create(name="Bench Borough", ons_code="E06999999")
    agency = Agency.objects.create(name="Bench CSC", kind=Agency.Kind.CHILDRENS_SOCIAL_CARE)
    agency.authorities.set([authority])
    for username in ("locked", "unlocked"):
        user_create_for_demo_and_tests(
            username=username,
            first_name=username.capitalize(),
            last_name="Bench",
            agency=agency,
            roles={Role.PRACTITIONER},
            password=PASSWORD,
        )

    client = Client()
    url = reverse("accounts:sign_in")

    def sign_in(username: str, password: str = WRONG) -> Callable[[], object]:
        return lambda: client.post(url, {"username": username, "password": password})

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("locked")()
    sign_in("unlocked")()  # warm the caches and the template once, outside the timings
    reset(username="unlocked")

    unknown_names = (f"nobody-{i}" for i in range(rounds))
    cases: dict[str, Callable[[], object]] = {
        # the right password, refused because the account is locked
        "locked": sign_in("locked", PASSWORD),
        # a wrong password; the failure count is cleared each round so the account never locks
        "unlocked": sign_in("unlocked"),
        # a name nobody has, new each round (unknown names lock too)
        "unknown": lambda: client.post(url, {"username": next(unknown_names), "password": WRONG}),
    }
    results: dict[str, list[float]] = {case: [] for case in cases}
    # The cases take turns, so a change in the machine's load falls on all three alike.
    for _ in range(rounds):
        reset(username="unlocked")
        for case, attempt in cases.items():
            start = time.perf_counter()
            response = attempt()
            results[case].append(time.perf_counter() - start)
            assert getattr(response, "status_code", None) == 200, "every case should be a refused sign-in"
    medians = {case: statistics.median(times) for case, times in results.items()}
    print(f"Password hasher: {get_hasher().algorithm}; {rounds} sign-ins per case; median response time:")
    for case, median in medians.items():
        print(f"  {case:<9} {median * 1000:8.1f} ms")
    print(f"Ratio locked / unlocked: {medians['locked'] / medians['unlocked']:.2f}")
    print(f"Ratio locked / unknown:  {medians['locked'] / medians['unknown']:.2f}")


if __name__ == "__main__":
    main()
