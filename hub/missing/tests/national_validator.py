"""Running the DfE's national SSDA903 validator (``csc-validator-be-903``) on an export, for the tests.

The validator pins old pandas and numpy, so it lives in a virtual environment of its own; HUB_903_VALIDATOR
names that environment's python (``make test`` sets it). Without it the tests that need it are skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

# Run in the validator's environment: argv is the directory, the collection year and the rules to run.
# The year's ruleset is lacYYYY_YY; a year newer than the installed validator knows is checked with the
# newest ruleset it has.
SCRIPT = """
import importlib, json, pkgutil, sys
from pathlib import Path
import lac_validator.rules
from lac_validator.lac_validator import LacValidator
directory, year, selected = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
wanted = f"lac{year - 1}_{year % 100:02d}"
known = sorted(m.name for m in pkgutil.iter_modules(lac_validator.rules.__path__) if m.name.startswith("lac"))
ruleset = wanted if wanted in known else known[-1]
files = [
    {"name": name, "file_content": (Path(directory) / name).read_bytes(), "description": "This year"}
    for name in ("header.csv", "episodes.csv", "missing.csv")
]
registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
v = LacValidator(metadata={"collectionYear": str(year), "localAuthority": "E06000001"}, files=files,
                 registry=registry, selected_rules=selected)
failed = {}
for table, df in v.ds_results.items():
    if not hasattr(df, "columns"):
        continue
    for column in df.columns:
        if column.startswith("ERR_"):
            n = int(df[column].fillna(False).astype(bool).sum())
            if n:
                failed[column[4:]] = failed.get(column[4:], 0) + n
report = {"ruleset": ruleset, "failed": failed, "done": v.dones, "skipped": v.skips, "crashed": v.fails}
print(json.dumps(report))
"""
# The validator's rules about the missing file (and the internal checks that tie it to the header).
MISSING_RULES = [str(n) for n in (*range(564, 587), 1004, 1005, 1006)] + ["INT04", "INT13"]


def validator_python() -> str:
    """The validator environment's python, or skip the test."""
    python = os.environ.get("HUB_903_VALIDATOR")
    if not python:
        pytest.skip(
            "HUB_903_VALIDATOR is not set: it names the python of a separate venv with csc-validator-be-903 "
            "(which pins old pandas/numpy, so it is not installed in the project's venv)"
        )
    return python


def validate(directory: Path, year: int, python: str, rules: list[str] = MISSING_RULES) -> dict:
    """The validator's report on the export in ``directory`` for the collection year ending 31 March
    ``year``: the rules that failed (with how many rows), and those done, skipped and crashed."""
    completed = subprocess.run(
        [python, "-c", SCRIPT, str(directory), str(year), ",".join(rules)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])
