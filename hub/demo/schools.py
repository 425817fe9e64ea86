"""The demo authority's schools, shaped like the strategy's area: 13 secondary (19,415 pupils),
91 primary (26,532), 6 special (851), a primary (13) and a secondary (139) pupil referral unit.
Names are invented."""

from __future__ import annotations

import random

from hub.demo.area import DemoContext, synthetic_postcode
from hub.reference.models import School

SHAPE = [
    # phase, count, total roll, name pattern
    (School.Phase.SECONDARY, 13, 19_415, "{} Academy"),
    (School.Phase.PRIMARY, 91, 26_532, "{} Primary School"),
    (School.Phase.SPECIAL, 6, 851, "{} School"),
    (School.Phase.PRU_PRIMARY, 1, 13, "{} Primary Learning Centre"),
    (School.Phase.PRU_SECONDARY, 1, 139, "{} Secondary Learning Centre"),
]

_FIRST = [
    "Ash",
    "Bram",
    "Cold",
    "Dun",
    "Elm",
    "Fern",
    "Glen",
    "Hol",
    "Iver",
    "Kes",
    "Lark",
    "Mill",
    "Nor",
    "Oak",
    "Pen",
    "Quar",
    "Rook",
    "Stan",
    "Thorn",
    "Up",
    "Wil",
    "Yar",
]
_SECOND = ["brook", "field", "ford", "hill", "ley", "mead", "ton", "wood", "bridge", "well", "gate", "dale"]


def _names(rng: random.Random, count: int, used: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(_FIRST) + rng.choice(_SECOND)
        if name not in used:
            used.add(name)
            names.append(name)
    return names


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``parts`` rolls that add up to exactly ``total``, none empty."""
    if parts == 1:
        return [total]
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    rolls = [max(1, int(w * scale)) for w in weights]
    rolls[-1] += total - sum(rolls)
    return rolls


def load_schools(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed)
    used: set[str] = set()
    urn = 990_000  # outside the range of real URNs used in England today
    created = 0
    for phase, count, total, pattern in SHAPE:
        for index, (name, roll) in enumerate(
            zip(_names(rng, count, used), _split(rng, total, count), strict=True)
        ):
            urn += 1
            _, was_created = School.objects.get_or_create(
                urn=str(urn),
                defaults={
                    "authority": ctx.authority,
                    "name": pattern.format(name),
                    "phase": phase,
                    "locality": School.Locality.NORTH if index % 2 == 0 else School.Locality.SOUTH,
                    "roll": roll,
                    "postcode": synthetic_postcode(rng),
                },
            )
            created += was_created
    ctx.out(f"Demo schools: {School.objects.filter(authority=ctx.authority).count()} ({created} new).")
