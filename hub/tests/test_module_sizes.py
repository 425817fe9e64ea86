"""Modules a person can hold in their head (issue 11 item 9): no module of the Hub's own code passes
500 lines, the demo builders included. Tests and migrations are not counted. A module that grows past
the limit is split by what it does, not given an exception."""

from pathlib import Path

HUB = Path(__file__).resolve().parent.parent
LIMIT = 500
NOT_COUNTED = {"tests", "migrations"}


def counted_modules() -> list[Path]:
    return sorted(
        path for path in HUB.rglob("*.py") if not NOT_COUNTED.intersection(path.relative_to(HUB).parts[:-1])
    )


def test_no_module_passes_500_lines():
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in counted_modules()}
    too_long = {str(path.relative_to(HUB.parent)): lines for path, lines in sizes.items() if lines > LIMIT}
    assert too_long == {}, f"split these by what they do (limit {LIMIT} lines): {too_long}"


def test_the_count_sees_the_apps_and_the_demo_and_leaves_out_tests_and_migrations():
    names = {str(path.relative_to(HUB)) for path in counted_modules()}
    assert {
        "plans/services.py",
        "missing/ssda903/importing.py",
        "core/clock.py",
        "demo/panels/planning.py",
    } <= names
    assert not any(part in NOT_COUNTED for name in names for part in Path(name).parts[:-1]), (
        "a test or migration module was counted"
    )
