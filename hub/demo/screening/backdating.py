"""Back-dating: the services stamp "now" on what they write; the demo moves those stamps to when the
planned work happened, with queryset updates (the access log keeps the real load time)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from hub.children.models import (
    AddressPeriod,
    AgencyInvolvement,
    Allocation,
    Child,
    LegalStatusPeriod,
    LevelOfConcernChange,
    SchoolPeriod,
)
from hub.core import clock
from hub.demo.area import known
from hub.demo.screening.planned import PlannedChild, PlannedScreening, london_time
from hub.screening.models import Screening, ScreeningReview


def backdate(
    children: list[PlannedChild],
    queue: list[PlannedScreening],
    *,
    involvement_start: dict[tuple[int, int], datetime],
    allocated: dict[int, datetime],
    rng: random.Random,
) -> None:
    """Move the timestamps the services stamped "now" to when the work happened."""
    reviewed_at = _backdate_screenings([s for child in children for s in child.screenings], queue)
    records = {child.record.pk: child for child in children if child.record is not None}
    _backdate_level_history(records, reviewed_at)
    created = _backdate_records(records, rng)
    _backdate_periods(records, created, involvement_start, allocated)


def _backdate_screenings(
    screenings: list[PlannedScreening], queue: list[PlannedScreening]
) -> dict[int, datetime]:
    """Screenings and their reviews; returns when each reviewed screening was reviewed, by its id."""
    Screening.objects.bulk_update(
        [
            Screening(
                pk=s.pk,
                created_at=known(s.created_at, "screening's creation"),
                submitted_at=s.submitted_at,
                review_due_at=s.review_due_at,
            )
            for s in screenings + queue
        ],
        ["created_at", "submitted_at", "review_due_at"],
        batch_size=200,
    )
    reviewed_at = {known(s.pk, "screening"): s.reviewed_at for s in screenings if s.reviewed_at}
    reviews = list(ScreeningReview.objects.filter(screening_id__in=reviewed_at).only("pk", "screening_id"))
    for review in reviews:
        review.reviewed_at = reviewed_at[review.screening_id]
    ScreeningReview.objects.bulk_update(reviews, ["reviewed_at"], batch_size=200)
    return reviewed_at


def _backdate_level_history(records: dict[int, PlannedChild], reviewed_at: dict[int, datetime]) -> None:
    """Each level change is decided when the review that made it was: the review service names the
    screening in the change's source, which is how a change is matched to its review."""
    prefix = "hub review of screening "
    changes = list(
        LevelOfConcernChange.objects.filter(child_id__in=records, source__startswith=prefix).only(
            "pk", "source"
        )
    )
    for change in changes:
        change.decided_at = reviewed_at[int(change.source.removeprefix(prefix))]
    LevelOfConcernChange.objects.bulk_update(changes, ["decided_at"], batch_size=200)


def _backdate_records(records: dict[int, PlannedChild], rng: random.Random) -> dict[int, datetime]:
    """A child's record is created during the hub's first review of them; returns when, by record id."""
    created: dict[int, datetime] = {}
    for pk, child in records.items():
        first = child.screenings[0]
        reviewed = known(first.reviewed_at, "first review")
        created[pk] = max(reviewed - timedelta(minutes=rng.randint(3, 15)), first.submitted_at)
    Child.objects.bulk_update(
        [Child(pk=pk, created_at=at) for pk, at in created.items()], ["created_at"], batch_size=200
    )
    return created


def _backdate_periods(
    records: dict[int, PlannedChild],
    created: dict[int, datetime],
    involvement_start: dict[tuple[int, int], datetime],
    allocated: dict[int, datetime],
) -> None:
    """Addresses, schools, legal statuses, agency involvements and allocations: recorded with the child's
    record, or when the work that added them happened; starting when the planner says they did."""
    loaded_on = clock.today()
    periods: dict[type[models.Model], list[Any]] = defaultdict(list)
    for model in (AddressPeriod, SchoolPeriod, LegalStatusPeriod):
        for period in model.objects.filter(child_id__in=records):
            child = records[period.child_id]
            period.recorded_at = created[period.child_id]
            if isinstance(period, AddressPeriod) and period.kind == AddressPeriod.Kind.HOME:
                period.start = known(child.moved_in, "move to the home")
            elif model is SchoolPeriod:
                period.start = child.school_start or period.start
            periods[model].append(period)
    for involvement in AgencyInvolvement.objects.filter(child_id__in=records):
        at = involvement_start.get((involvement.child_id, involvement.agency_id))
        if involvement.reason == "referred a screening" and at is not None:
            involvement.start = timezone.localtime(at).date()
            involvement.recorded_at = at
        else:
            if involvement.start >= loaded_on:  # stamped "today" by a service
                involvement.start = created[involvement.child_id].date()
            involvement.recorded_at = london_time(involvement.start, 10, 0)
        periods[AgencyInvolvement].append(involvement)
    for allocation in Allocation.objects.filter(pk__in=allocated):
        allocation.recorded_at = allocated[allocation.pk]
        periods[Allocation].append(allocation)
    for kind, rows in periods.items():
        fields = ["start", "recorded_at"] if kind is not Allocation else ["recorded_at"]
        kind._default_manager.bulk_update(rows, fields, batch_size=200)
