"""Browser journeys: a real Hub server (its own SQLite database with the demo area) driven by
Playwright through Debian's Chromium. Nothing is downloaded: Playwright launches /usr/bin/chromium.

The journeys run on one fixed reference day (``JOURNEY_NOW``): the demo is built as of that day, and the
server and the tests read one clock that starts then and ticks in real time (``e2e/clocked.py``)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django_otp.oath import totp
from time_machine import escape_hatch

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# A working Wednesday morning, well away from bank holidays and clock changes.
JOURNEY_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=ZoneInfo("Europe/London"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def real_time() -> float:
    """Seconds since the epoch by the machine's own clock, whether or not a test has set the clock."""
    # time-machine's escape hatch refuses to answer when no travel is under way (a session fixture
    # starts before any test's clock is set).
    return escape_hatch.time.time() if escape_hatch.is_travelling() else time.time()


@dataclass
class HubServer:
    url: str
    var_dir: Path
    env: dict[str, str]
    epoch: float  # the real time at which the journeys' clock read JOURNEY_NOW

    def now(self) -> datetime:
        """The journeys' clock: JOURNEY_NOW plus the real time since the epoch."""
        return JOURNEY_NOW + timedelta(seconds=real_time() - self.epoch)

    def credentials(self, username: str) -> dict[str, str]:
        return json.loads((self.var_dir / "demo-credentials.json").read_text())[username]

    def code(self, username: str) -> str:
        key = bytes.fromhex(self.credentials(username)["totp_key"])
        return f"{totp(key):06d}"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "e2e/clocked.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The server and the browser live as long as the journeys (package scope), not the session: under
# pytest-xdist a worker goes on to other tests after them, and Playwright's sync API keeps an event loop
# running while it is open, in which Django refuses database calls (SynchronousOnlyOperation).
@pytest.fixture(scope="package")
def hub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubServer]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests need Chromium at {CHROMIUM}: run `apt-get install -y chromium` (.ci/run does)."
        )
    var_dir = tmp_path_factory.mktemp("hub-e2e")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    epoch = real_time()
    env.update(
        {
            "HUB_ENV": "development",
            "HUB_VAR_DIR": str(var_dir),
            "DEBUG": "false",
            "HUB_E2E_CLOCK": f"{JOURNEY_NOW.isoformat()}@{epoch}",
        }
    )
    port = _free_port()
    server = HubServer(url=f"http://127.0.0.1:{port}", var_dir=var_dir, env=env, epoch=epoch)
    server.manage("migrate", "--no-input", "-v0")
    server.manage("load_demo", "--as-of", f"{JOURNEY_NOW:%Y-%m-%d}")
    log = (var_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "e2e/clocked.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"The Hub did not start: see {var_dir / 'server.log'}") from None
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(autouse=True)
def reference_clock(request: pytest.FixtureRequest, time_machine: object) -> object:
    """Journeys that drive the server read its clock (the root conftest's set clock would not match it)."""
    if "hub_server" in request.fixturenames:
        server = request.getfixturevalue("hub_server")
        time_machine.move_to(server.now(), tick=True)
    return time_machine


@pytest.fixture(scope="package")
def browser(hub_server: HubServer) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    # A blocked script or style (CSP) or a JavaScript error is a defect the person would meet.
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


def sign_in(page: object, server: HubServer, username: str) -> None:
    page.goto(f"{server.url}/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(server.credentials(username)["password"])
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Authentication code").fill(server.code(username))
    page.get_by_role("button", name="Sign in").click()
    if page.get_by_text("That code is not right").count():
        # A code is accepted once: if this user signed in moments ago (another test), wait for the
        # authenticator's next 30-second step, as a person would.
        time.sleep(30 - time.time() % 30 + 1)
        page.get_by_label("Authentication code").fill(server.code(username))
        page.get_by_role("button", name="Sign in").click()


def axe_violations(page: object) -> list[dict]:
    """axe-core's violations on the current page (WCAG 2.2 A and AA rules and best practice)."""
    # Evaluated through the DevTools protocol, so the Hub's CSP (no inline script) stays enforced.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;undefined")
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def assert_accessible(page: object) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})" for v in violations
    ]
    assert not violations, f"axe-core found accessibility problems on {page.url}:\n" + "\n".join(summary)
