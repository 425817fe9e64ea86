"""The demo area: each app registers a loader from its ``AppConfig.ready()`` (the ``LOADERS`` registry,
each placed after the loaders whose records it reads); ``manage.py load_demo`` runs them in order.

Loaders must be idempotent (running twice changes nothing) and must only ever create synthetic
people: no real child's or person's details anywhere.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hub.core.registry import Anchors, Registry

DemoLoader = Callable[["DemoContext"], None]
T = TypeVar("T")


def known(value: T | None, what: str) -> T:
    """A value a loader's plan has set by the time it is used (its absence is a fault in the plan)."""
    if value is None:
        raise RuntimeError(f"The demo's plan has no {what} where it needs one.")
    return value


@dataclass
class DemoContext:
    """Shared between loaders: the demo authority, its agencies and people, by key."""

    out: Callable[[str], None]
    as_of: date | None = None  # the reference day; the loaders read it through ``clock.today()``
    seed: int = 2019
    authority: Any = None
    agencies: dict[str, Any] | None = None
    users: dict[str, Any] | None = None


def reference_moment(day: date) -> datetime:
    """The moment the demo is built as of: the start of the reference day in London. Everything in the
    area happened before it, so the area is the same whenever on that day it is loaded, and nothing in it
    is in the future for someone who opens it that day."""
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo("Europe/London"))


LOADERS: Registry[DemoLoader] = Registry("demo loaders")


def register(name: str, loader: DemoLoader, *, after: Anchors = (), before: Anchors = ()) -> None:
    LOADERS.add(name, loader, after=after, before=before)


def loaders() -> list[tuple[str, DemoLoader]]:
    return LOADERS.items()


# No UK postcode area starts with Q, so "QW" postcodes can never name a real place.
SYNTHETIC_POSTCODE_AREA = "QW"


def synthetic_postcode(rng: random.Random) -> str:
    """A postcode-shaped string in an area that does not exist (inward letters from Royal Mail's set)."""
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    district = f"{SYNTHETIC_POSTCODE_AREA}{rng.randint(1, 19)}"
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def pronouns(first_name: str, sex: str) -> dict[str, str]:
    """The words demo text is filled with for one child: their name and pronouns (DfE sex code 1 male,
    2 female; anything else "they")."""
    he, him, his = {"1": ("he", "him", "his"), "2": ("she", "her", "her")}.get(sex, ("they", "them", "their"))
    return {
        "Name": first_name,
        "he": he,
        "him": him,
        "his": his,
        "He": he.capitalize(),
        "His": his.capitalize(),
    }
