"""The year's NRM referrals planned in memory: who is referred, when, by whom, for what, and when the
decisions come (``figures``). A child is referred only after the hub has judged them groomed/targeted or
exploited, for the kinds of exploitation the hub saw; each child has one referral."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from hub.accounts.models import Authority
from hub.core.calendar import add_working_days
from hub.demo.nrm import figures
from hub.screening.models import ScreeningReview

LEVELS = ("groomed-targeted", "exploited")


@dataclass
class PlannedReferral:
    child_id: int
    referred_on: date
    types: list[str]
    responder: tuple[str, str]  # (agency key, username of who referred)
    rg: tuple[str, date] | None = None  # (grounds, decided on)
    cg: tuple[str, date] | None = None
    notes: list[str] = field(default_factory=list)


def candidates(authority: Authority) -> list[tuple[int, date, list[str]]]:
    """Each child of the authority the hub judged groomed/targeted or exploited for a kind of
    exploitation that leads to a referral: (child, the day of that first review, the kinds)."""
    first: dict[int, tuple[date, list[str]]] = {}
    reviews = (
        ScreeningReview.objects.filter(screening__child__authority=authority, decided_level__code__in=LEVELS)
        .select_related("screening")
        .prefetch_related("screening__exploitation_types")
        .order_by("reviewed_at", "pk")
    )
    for review in reviews:
        child_id = review.screening.child_id
        types = sorted(t.code for t in review.screening.exploitation_types.all() if t.code in figures.TYPES)
        if child_id is None or child_id in first or not types:
            continue
        first[child_id] = (review.reviewed_at.date(), types)
    return [(child_id, day, types) for child_id, (day, types) in sorted(first.items())]


class Planner:
    def __init__(
        self, rng: random.Random, *, first_day: date, last_day: date, today: date, holidays: frozenset[date]
    ):
        self.rng = rng
        self.first_day = first_day
        self.last_day = min(last_day, today - timedelta(days=1))
        self.today = today
        self.holidays = holidays
        self.used: set[int] = set()

    def _child(self, pool: list[tuple[int, date, list[str]]], by: date) -> tuple[int, list[str]] | None:
        eligible = [(c, types) for c, reviewed, types in pool if c not in self.used and reviewed < by]
        if not eligible:
            return None
        child_id, types = self.rng.choice(eligible)
        self.used.add(child_id)
        return child_id, types

    def _referral(
        self, pool: list[tuple[int, date, list[str]]], on: date, *, later: bool = False
    ) -> PlannedReferral | None:
        """A child referred on ``on`` (or, ``later``, the first day after it someone is at risk)."""
        chosen = self._child(pool, on)
        while chosen is None and later and on < self.last_day - timedelta(days=20):
            on += timedelta(days=1)
            chosen = self._child(pool, on)
        if chosen is None:
            return None
        child_id, types = chosen
        return PlannedReferral(child_id, on, types, self.rng.choice(figures.FIRST_RESPONDERS))

    def year(self, pool: list[tuple[int, date, list[str]]]) -> list[PlannedReferral]:
        """19 referrals whose RG decisions fall in the year, spread over it; two of the positive ones,
        early enough, have their CG decision in the year too."""
        span = (self.last_day - self.first_day).days
        referrals: list[PlannedReferral] = []
        # Spread over the year, the last one late enough that its recovery period runs on the day.
        offsets = [*sorted(self.rng.sample(range(14, span - 20), figures.RG_IN_YEAR - 1)), span - 16]
        negatives = set(self.rng.sample(range(figures.RG_IN_YEAR - 1), figures.RG_NEGATIVE))
        for index, offset in enumerate(offsets):
            referral = self._referral(pool, self.first_day + timedelta(days=offset), later=True)
            if referral is None:
                raise RuntimeError("The demo has too few children at risk for the year's NRM referrals.")
            days = self.rng.choice(figures.RG_WORKING_DAYS)
            decided = min(add_working_days(referral.referred_on, days, self.holidays), self.last_day)
            referral.rg = ("negative" if index in negatives else "positive", decided)
            referrals.append(referral)
        for after in figures.CG_AFTER_RG:
            concluded = next(
                r
                for r in referrals
                if r.rg
                and r.rg[0] == "positive"
                and not r.cg
                and r.rg[1] + timedelta(days=after) <= self.last_day
            )
            assert concluded.rg is not None
            concluded.cg = ("positive", concluded.rg[1] + timedelta(days=after))
        return referrals

    def waiting(self, pool: list[tuple[int, date, list[str]]]) -> list[PlannedReferral]:
        """Referrals of the last working days, their RG decision not yet made."""
        referrals = []
        for working_days in figures.WAITING_RG:
            on = self.today
            for _ in range(working_days):
                on = _working_day_before(on, self.holidays)
            referral = self._referral(pool, on)
            if referral is not None:
                referrals.append(referral)
        return referrals


def _working_day_before(day: date, holidays: frozenset[date]) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5 or day in holidays:
        day -= timedelta(days=1)
    return day
