"""Reads about plans. Those for a person are scoped through the access policy and a read of one
record writes the access log before anything is rendered. ``plans_due_for_meeting``, ``current_plan``
and ``plan_coverage`` also serve other capabilities (the panels' agenda, the problem profile), which
scope their own readers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import Authority, User
from hub.actions.models import FINISHED
from hub.actions.models import Action as PlanAction
from hub.children.models import Child, LevelOfConcernChange
from hub.core import clock
from hub.core.measures import Figure, Period
from hub.plans import rules
from hub.plans.access import LEAD_ROLES
from hub.plans.models import (
    OPEN_STATUSES,
    FactorKind,
    Plan,
    PlanAudit,
    PlanFactor,
    PlanStatus,
    PlanVersion,
)
from hub.reference.models import LevelOfConcern

# The levels of concern at which every child should have a plan (domain.md, outcome measures).
COVERAGE_LEVELS = ("vulnerable", "groomed-targeted", "exploited")
# How far ahead the review clock warns.
DUE_SOON_DAYS = 28

PLAN_RELATED = ("child", "child__level", "authority", "lead", "lead__agency", "created_by", "closed_by")


def plan_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = "plan"
) -> tuple[Plan, Decision]:
    return access.get_logged(
        user, Plan, pk, action=action, queryset=Plan.objects.select_related(*PLAN_RELATED), purpose=purpose
    )


def audit_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = "plan audit"
) -> tuple[PlanAudit, Decision]:
    return access.get_logged(
        user,
        PlanAudit,
        pk,
        action=action,
        queryset=PlanAudit.objects.select_related(
            "plan", "plan__child", "plan__authority", "plan__lead", "plan_version", "form", "auditor"
        ),
        purpose=purpose,
    )


def may_write(user: User, plan: Plan) -> bool:
    return access.decide(user, plan, Action.WRITE).allowed


def current_plan(child: Child) -> Plan | None:
    """The child's open plan (a draft waiting to be agreed, or active), if there is one. Not scoped:
    the caller has already decided the reader may see the child."""
    return (
        Plan.objects.filter(child=child, status__in=OPEN_STATUSES)
        .select_related("lead", "lead__agency")
        .first()
    )


def _due_for_review(authority: Authority, before: date) -> QuerySet[Plan]:
    plans = Plan.objects.filter(authority=authority, status=PlanStatus.ACTIVE, review_due__lte=before)
    return plans.select_related("child", "child__level", "lead").order_by("review_due", "pk")


def plans_due_for_review(reader: User, *, authority: Authority, before: date) -> QuerySet[Plan]:
    """The active plans of the authority that ``reader`` may see whose review is due on or before
    ``before`` (overdue ones included), soonest due first."""
    return access.visible(reader, _due_for_review(authority, before))


def plans_due_for_meeting(authority: Authority, before: date) -> QuerySet[Plan]:
    """Every active plan of the authority due for review on or before ``before``: what the Hub proposes
    for a meeting's agenda. Not a reader's list: the agenda's proposals are shown only to whoever runs
    the meeting, who reads them all (the panels' agenda page logs that consultation)."""
    return _due_for_review(authority, before)


def versions_of(plan: Plan) -> list[PlanVersion]:
    return list(plan.versions.select_related("recorded_by", "recorded_by__agency").order_by("-number"))


def version_of(plan: Plan, number: Any) -> PlanVersion | None:
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return (
        plan.versions.filter(number=number)
        .select_related("recorded_by", "recorded_by__agency")
        .prefetch_related("factors")
        .first()
    )


def latest_version(plan: Plan) -> PlanVersion | None:
    if plan.current_number < 1:
        return None
    return version_of(plan, plan.current_number)


def factors_by_kind(version: PlanVersion | None) -> dict[str, list[PlanFactor]]:
    grouped: dict[str, list[PlanFactor]] = {kind: [] for kind in FactorKind.values}
    if version is not None:
        for factor in version.factors.all():
            grouped[factor.kind].append(factor)
    return grouped


def as_rule_factors(version: PlanVersion | None) -> list[rules.Factor]:
    if version is None:
        return []
    return [
        rules.Factor(factor.thread, factor.kind, factor.text, factor.rating, factor.category)
        for factor in version.factors.all()
    ]


VERSION_FIELDS = (
    ("summary", "What the plan is for"),
    ("child_views", "The child's views"),
    ("family_views", "The family's views"),
    ("review_date", "Review date"),
    ("agreed_by", "Who agreed it"),
)


@dataclass(frozen=True)
class Comparison:
    before: PlanVersion
    after: PlanVersion
    by_kind: dict[str, list[rules.FactorChange]]
    fields: list[rules.FieldChange]

    def count(self, status: str) -> int:
        return sum(change.status == status for changes in self.by_kind.values() for change in changes)

    @property
    def added(self) -> int:
        return self.count(rules.ADDED)

    @property
    def removed(self) -> int:
        return self.count(rules.REMOVED)

    @property
    def changed(self) -> int:
        return self.count(rules.CHANGED)


def compare_versions(before: PlanVersion, after: PlanVersion) -> Comparison:
    changes = rules.compare_factors(as_rule_factors(before), as_rule_factors(after))
    by_kind: dict[str, list[rules.FactorChange]] = {kind: [] for kind in FactorKind.values}
    for change in changes:
        by_kind[change.kind].append(change)
    values = [{name: getattr(version, name) for name, _ in VERSION_FIELDS} for version in (before, after)]
    return Comparison(before, after, by_kind, rules.compare_fields(values[0], values[1], VERSION_FIELDS))


def plan_actions(plan_or_audit: Any) -> QuerySet[PlanAction]:
    """The actions agreed in a plan (or arising from an audit): part of the plan, so shown to whoever
    may read it."""
    return (
        PlanAction.objects.filter(
            source_type=ContentType.objects.get_for_model(plan_or_audit), source_id=plan_or_audit.pk
        )
        .select_related("owner_user", "owner_agency")
        .order_by("due", "pk")
    )


def latest_versions(plans: Sequence[Plan]) -> dict[int, PlanVersion]:
    """The current version of each of many plans, with its factors, by plan: two queries in all."""
    versions = PlanVersion.objects.filter(plan__in=plans, number=F("plan__current_number")).prefetch_related(
        "factors"
    )
    return {version.plan_id: version for version in versions}


def open_actions_of(plans: Sequence[Plan]) -> dict[int, list[PlanAction]]:
    """The unfinished actions agreed in each of many plans, by plan, in one query."""
    grouped: dict[int, list[PlanAction]] = defaultdict(list)
    actions = PlanAction.objects.filter(
        source_type=ContentType.objects.get_for_model(Plan), source_id__in=[plan.pk for plan in plans]
    ).exclude(status__in=FINISHED)
    for action in actions.order_by("due", "pk"):
        if action.source_id is not None:  # always: filtered on it above
            grouped[action.source_id].append(action)
    return grouped


def actions_user_may_open(user: User, actions: list[PlanAction]) -> set[int]:
    """Which of these actions the user may open (their own, their agency's, hub staff...)."""
    if not actions:
        return set()
    return set(
        access.visible(user, PlanAction.objects.filter(pk__in=[a.pk for a in actions])).values_list(
            "pk", flat=True
        )
    )


def audits_of(plan: Plan) -> list[PlanAudit]:
    return list(plan.audits.select_related("auditor", "auditor__agency", "plan_version", "form"))


def plans_for_child(user: User, child: Child) -> list[Plan]:
    return list(
        access.visible(user, Plan.objects.filter(child=child)).select_related(
            "lead", "lead__agency", "closed_by"
        )
    )


def lead_candidates(authority_ids: list[int]) -> QuerySet[User]:
    """People who may lead a plan in these authorities: case holders and hub coordinators of agencies
    serving them."""
    return (
        User.objects.filter(
            is_active=True, agency__authorities__in=authority_ids, role_assignments__role__in=LEAD_ROLES
        )
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name")
    )


def owner_candidates(authority_id: int) -> QuerySet[User]:
    """People an action may be given to: anyone active in an agency serving the authority."""
    return (
        User.objects.filter(is_active=True, agency__authorities=authority_id)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name")
    )


@dataclass
class ReviewItem:
    plan: Plan
    overdue: bool
    days: int  # days overdue, or days until due

    @property
    def clock_text(self) -> str:
        if self.overdue:
            return f"{self.days} day{'s' if self.days != 1 else ''} overdue"
        if self.days == 0:
            return "due today"
        return f"due in {self.days} day{'s' if self.days != 1 else ''}"


def review_items(plans: Any, today: date) -> list[ReviewItem]:
    items = []
    for plan in plans:
        gap = (plan.review_due - today).days
        items.append(ReviewItem(plan, plan.review_overdue(today), abs(gap)))
    return items


def review_queue(user: User, *, today: date | None = None, mine_only: bool = False) -> dict[str, Any]:
    """The plans the user may see (or leads) whose review is overdue or due within DUE_SOON_DAYS, and
    drafts waiting to be agreed."""
    today = today or clock.today()
    plans = access.visible(user, Plan.objects.all())
    if mine_only:
        plans = plans.filter(lead=user)
    due = plans.filter(status=PlanStatus.ACTIVE, review_due__lte=today + timedelta(days=DUE_SOON_DAYS))
    items = review_items(
        due.select_related("child", "child__level", "lead").order_by("review_due", "pk"), today
    )
    drafts = list(
        plans.filter(status=PlanStatus.DRAFT).select_related("child", "lead").order_by("created_at", "pk")
    )
    return {
        "overdue": [item for item in items if item.overdue],
        "due_soon": [item for item in items if not item.overdue],
        "drafts": drafts,
    }


# --- coverage (domain.md outcome measure) -----------------------------------------------------------


@dataclass(frozen=True)
class LevelCoverage:
    code: str
    name: str
    children: int
    with_plan: int
    addressed: int


@dataclass
class PlanCoverage:
    """Children at vulnerable, groomed/targeted or exploited on a date, how many had an active plan,
    and how many of those plans addressed individual and contextual risk and protective factors
    (at least one of each in the version current on that date)."""

    on: date
    children: int = 0
    with_plan: int = 0
    addressed: int = 0
    by_level: list[LevelCoverage] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        """Addressed as a whole percentage of the children, or None when there are none."""
        return round(100 * self.addressed / self.children) if self.children else None


def _levels_on(authority: Authority, end: datetime) -> dict[int, int]:
    """Each child's level of concern (its id) as decided before ``end``."""
    levels: dict[int, int] = {}
    changes = (
        LevelOfConcernChange.objects.filter(child__authority=authority, decided_at__lt=end)
        .order_by("child_id", "decided_at", "id")
        .values_list("child_id", "level_id")
    )
    for child_id, level_id in changes:
        levels[child_id] = level_id
    return levels


def plan_coverage(authority: Authority, on: date | None = None) -> PlanCoverage:
    """The plan coverage measure for an authority on a date (today by default), from the levels of
    concern decided and the plan versions agreed by the end of that day. A plan counts while it was
    agreed and not yet closed on the date. Counts only: the caller suppresses small numbers where
    its readers need that."""
    on = on or clock.today()
    end = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    levels = {
        level.pk: level for level in LevelOfConcern.objects.filter(code__in=COVERAGE_LEVELS).order_by("rank")
    }
    child_levels = {child: level for child, level in _levels_on(authority, end).items() if level in levels}
    coverage = PlanCoverage(on=on, children=len(child_levels))

    plans = Plan.objects.filter(
        authority=authority, child_id__in=list(child_levels), versions__agreed_on__lte=on
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    current: dict[int, tuple[int, int]] = {}  # child -> (version number, version id)
    for child_id, number, version_id in (
        PlanVersion.objects.filter(plan__in=plans.values("pk"), agreed_on__lte=on)
        .values_list("plan__child_id", "number", "pk")
        .order_by("plan__child_id", "number")
    ):
        current[child_id] = (number, version_id)
    kinds: dict[int, set[str]] = defaultdict(set)
    for version_id, kind in (
        PlanFactor.objects.filter(version_id__in=[v for _, v in current.values()])
        .values("version_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("version_id", "kind")
    ):
        kinds[version_id].add(kind)
    every_kind = set(FactorKind.values)
    addressed = {child for child, (_, version_id) in current.items() if kinds[version_id] >= every_kind}

    for level in levels.values():
        members = [child for child, level_id in child_levels.items() if level_id == level.pk]
        coverage.by_level.append(
            LevelCoverage(
                level.code,
                level.name,
                len(members),
                sum(child in current for child in members),
                sum(child in addressed for child in members),
            )
        )
    coverage.with_plan = len(current)
    coverage.addressed = len(addressed)
    return coverage


def coverage_figures(period: Period) -> list[Figure]:
    """The plan coverage measure on the period's last day, over its authorities."""
    covers = [
        plan_coverage(authority, period.last)
        for authority in Authority.objects.filter(pk__in=period.authority_ids)
    ]
    return [
        Figure(
            "Children at vulnerable, groomed / targeted or exploited whose plan addresses individual and "
            "contextual risk and protective factors",
            sum(cover.addressed for cover in covers),
            of=sum(cover.children for cover in covers),
        )
    ]
