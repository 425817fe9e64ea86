"""What the earlier demo loaders left, read once into memory: each child's level history, screenings and
their routes, missing episodes with what the return interviews heard, repeat-missing alerts, schools,
care, police involvement and allocated worker. The planner works from this alone, so the meetings agree
with the records without querying them again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.db.models import Q

from hub.accounts.models import Authority
from hub.children.models import (
    AgencyInvolvement,
    Allocation,
    Child,
    LegalStatus,
    LegalStatusPeriod,
    LevelOfConcernChange,
    SchoolPeriod,
)
from hub.demo.area import pronouns
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview
from hub.reference.models import School
from hub.screening.models import Screening, ScreeningReview

MEP_LEVELS = ("groomed-targeted", "exploited")
RANK = {"": -1, "no-current-concern": 0, "vulnerable": 1, "groomed-targeted": 2, "exploited": 3}


@dataclass(eq=False)
class EpisodeFact:
    last_seen_at: datetime
    returned_at: datetime | None
    risk_grade: str
    last_seen_where: str
    returned_where: str
    where_went: str = ""
    who_with: str = ""


@dataclass(eq=False)
class AlertFact:
    pk: int
    raised_at: datetime
    acknowledged_at: datetime | None
    requested: bool
    discussion_by: date | None
    episodes_in_window: int
    days: int


@dataclass(eq=False)
class ReviewFact:
    screening_pk: int
    reviewed_at: datetime
    level: str
    previous: str  # the level before this review ("" for the first)
    route: str
    types: list[str]
    referrer: str


@dataclass(eq=False)
class KnownChild:
    pk: int
    first_name: str
    last_name: str
    sex: str
    learning_disability: bool
    levels: list[tuple[datetime, str]] = field(default_factory=list)
    reviews: list[ReviewFact] = field(default_factory=list)
    submitted: list[datetime] = field(default_factory=list)  # every screening submitted about them
    episodes: list[EpisodeFact] = field(default_factory=list)
    alerts: list[AlertFact] = field(default_factory=list)
    schools: list[tuple[date, date | None, School]] = field(default_factory=list)
    placed_in: list[tuple[date, date | None]] = field(default_factory=list)
    looked_after: bool = False
    police_since: date | None = None
    worker: str = ""  # the allocated worker's username, if any

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def level_on(self, moment: datetime) -> str:
        """The level of concern code in force at ``moment``; "" before any."""
        current = ""
        for decided, code in self.levels:
            if decided <= moment:
                current = code
        return current

    def types_on(self, moment: datetime) -> set[str]:
        return {code for review in self.reviews if review.reviewed_at <= moment for code in review.types}

    def episodes_between(self, start: datetime, end: datetime) -> list[EpisodeFact]:
        return [e for e in self.episodes if start <= e.last_seen_at < end]

    def school_on(self, day: date) -> School | None:
        for start, end, school in self.schools:
            if start <= day and (end is None or day < end):
                return school
        return None

    def placed_in_on(self, day: date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.placed_in)

    def mep_spans(self) -> list[tuple[datetime, datetime | None]]:
        """When the child was at groomed/targeted or exploited: (from, until) with None for "still"."""
        spans: list[tuple[datetime, datetime | None]] = []
        start = None
        for decided, code in self.levels:
            if code in MEP_LEVELS and start is None:
                start = decided
            elif code not in MEP_LEVELS and start is not None:
                spans.append((start, decided))
                start = None
        if start is not None:
            spans.append((start, None))
        return spans

    def words(self) -> dict[str, str]:
        return {
            **pronouns(self.first_name, self.sex),
            "carer": "carers" if self.looked_after else "family",
            "home": "the placement" if self.looked_after else "home",
        }


def read_children(authority: Authority) -> dict[int, KnownChild]:
    """Every child of the authority with what the demo's records say about them, by id."""
    children = {
        row["pk"]: KnownChild(
            row["pk"], row["first_name"], row["last_name"], row["sex"], row["learning_disability"]
        )
        for row in Child.objects.filter(authority=authority)
        .order_by("pk")
        .values("pk", "first_name", "last_name", "sex", "learning_disability")
    }
    for child_id, decided, code in (
        LevelOfConcernChange.objects.filter(child__authority=authority)
        .order_by("decided_at", "pk")
        .values_list("child_id", "decided_at", "level__code")
    ):
        children[child_id].levels.append((decided, code))
    _screenings(authority, children)
    _missing(authority, children)
    for child_id, start, end, school_id in (
        SchoolPeriod.objects.filter(child__authority=authority)
        .order_by("start", "pk")
        .values_list("child_id", "start", "end", "school")
    ):
        # The school's id for now: the next lines put the school in its place.
        children[child_id].schools.append((start, end, cast("School", school_id)))
    schools = {school.pk: school for school in School.objects.filter(authority=authority)}
    for child in children.values():
        child.schools = [
            (start, end, schools[cast(int, pk)]) for start, end, pk in child.schools if pk in schools
        ]
    for child_id, start, end, host, placing in (
        LegalStatusPeriod.objects.filter(child__authority=authority, status=LegalStatus.LOOKED_AFTER)
        .order_by("start", "pk")
        .values_list("child_id", "start", "end", "host_authority_id", "placing_authority_id")
    ):
        children[child_id].looked_after = True
        if host == authority.pk and placing != authority.pk:
            children[child_id].placed_in.append((start, end))
    for child_id, start in (
        AgencyInvolvement.objects.filter(child__authority=authority, agency__kind="police")
        .order_by("start", "pk")
        .values_list("child_id", "start")
    ):
        if children[child_id].police_since is None:
            children[child_id].police_since = start
    for child_id, username in (
        Allocation.objects.filter(child__authority=authority, end__isnull=True)
        .order_by("start", "pk")
        .values_list("child_id", "worker__username")
    ):
        children[child_id].worker = username
    return children


def _screenings(authority: Authority, children: dict[int, KnownChild]) -> None:
    types: dict[int, list[str]] = defaultdict(list)
    for screening_id, code in (
        Screening.objects.filter(authority=authority, child__isnull=False, exploitation_types__isnull=False)
        .order_by("pk", "exploitation_types__code")
        .values_list("pk", "exploitation_types__code")
    ):
        types[screening_id].append(code)
    for child_id, submitted in (
        Screening.objects.filter(authority=authority, child__isnull=False, submitted_at__isnull=False)
        .order_by("submitted_at")
        .values_list("child_id", "submitted_at")
    ):
        children[child_id].submitted.append(cast(datetime, submitted))  # submitted_at__isnull=False
    reviews = (
        ScreeningReview.objects.filter(screening__authority=authority, screening__child__isnull=False)
        .order_by("reviewed_at", "pk")
        .values_list(
            "screening_id",
            "screening__child_id",
            "reviewed_at",
            "decided_level__code",
            "route",
            "screening__referrer__username",
        )
    )
    for screening_id, child_id, reviewed_at, level, route, referrer in reviews:
        child = children[child_id]
        previous = child.reviews[-1].level if child.reviews else ""
        child.reviews.append(
            ReviewFact(screening_id, reviewed_at, level, previous, route, types[screening_id], referrer)
        )


def _missing(authority: Authority, children: dict[int, KnownChild]) -> None:
    heard = {
        episode_id: (where, who)
        for episode_id, where, who in ReturnInterview.objects.filter(
            Q(episode__child__authority=authority) & ~Q(where_went="")
        ).values_list("episode_id", "where_went", "who_with")
    }
    row: Mapping[str, Any]  # an episode's values, then an alert's
    for row in (
        MissingEpisode.objects.filter(child__authority=authority)
        .order_by("last_seen_at", "pk")
        .values(
            "pk",
            "child_id",
            "last_seen_at",
            "returned_at",
            "risk_grade",
            "last_seen_where",
            "returned_where",
        )
    ):
        where, who = heard.get(row["pk"], ("", ""))
        children[row["child_id"]].episodes.append(
            EpisodeFact(
                row["last_seen_at"],
                row["returned_at"],
                row["risk_grade"],
                row["last_seen_where"],
                row["returned_where"],
                where,
                who,
            )
        )
    for row in (
        RepeatMissingAlert.objects.filter(child__authority=authority)
        .order_by("raised_at", "pk")
        .values(
            "pk",
            "child_id",
            "raised_at",
            "acknowledged_at",
            "strategy_discussion_requested",
            "strategy_discussion_by",
            "episodes_in_window",
            "rule__days",
        )
    ):
        children[row["child_id"]].alerts.append(
            AlertFact(
                row["pk"],
                row["raised_at"],
                row["acknowledged_at"],
                row["strategy_discussion_requested"],
                row["strategy_discussion_by"],
                row["episodes_in_window"],
                row["rule__days"],
            )
        )
