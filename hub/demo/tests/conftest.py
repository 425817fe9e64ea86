"""Fixtures shared by the demo's tests."""

from __future__ import annotations

from datetime import datetime

import pytest


@pytest.fixture(scope="session")
def area_fingerprints() -> dict[datetime, dict[str, str]]:
    """Fingerprints of demo areas loaded in this session, by the moment they were loaded on (see
    ``fingerprints.py``): a later test of the same day compares with one instead of loading it again."""
    return {}
