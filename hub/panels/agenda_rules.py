"""The panels app's own agenda rules, one function per rule (``agenda.register_rule`` places them, from
``PanelsConfig.ready()``): each reads the Hub's records for a meeting's ``Window`` and returns its
``Proposal``s, with the reason a person reads."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from hub.children.models import Child
from hub.core.suppression import count_text
from hub.missing.models import MissingEpisode, RepeatMissingAlert
from hub.panels.agenda import Proposal, Window
from hub.panels.models import AgendaItem, Meeting, SepPeriod, SubjectKind
from hub.reference.models import School
from hub.screening.models import Route, ScreeningReview

# Levels at which MEP plans for a child (the strategy's "groomed/targeted or exploited").
MEP_LEVELS = ("groomed-targeted", "exploited")
# A child at those levels comes back to MEP when it has not discussed them for this long.
MEP_REVISIT_DAYS = 84
YOUTH_RISK_TYPES = ("cce", "county-lines", "serious-youth-violence")


def _day(at: datetime) -> str:
    return f"{timezone.localtime(at):%-d %B %Y}"


def _level_name(child: Child) -> str:
    """The child's level of concern, as a reason reads it (the rules propose children at a level)."""
    return child.level.name.lower() if child.level is not None else "no level of concern"


def _children(window: Window) -> Q:
    """Children of the panel's area, and children placed in it by other authorities."""
    return Q(authority_id=window.authority_id) | Q(
        legal_statuses__host_authority_id=window.authority_id, legal_statuses__end__isnull=True
    )


def _routed(window: Window, route: str, rule_code: str) -> list[Proposal]:
    reviews = (
        ScreeningReview.objects.filter(
            route=route,
            reviewed_at__gte=window.since,
            reviewed_at__lt=window.until,
            screening__child__isnull=False,
            screening__authority_id=window.authority_id,
        )
        .select_related("screening__child", "decided_level")
        .order_by("reviewed_at")
    )
    return [
        Proposal(
            SubjectKind.CHILD,
            f"Screening reviewed {_day(review.reviewed_at)}: {review.decided_level.name.lower()}, "
            f"route {Route(review.route).label}.",
            rule_code,
            child=review.screening.child,
        )
        for review in reviews
    ]


def screened_for_marmm(window: Window) -> list[Proposal]:
    return _routed(window, Route.MARMM, "marmm-screening")


def screened_for_mep(window: Window) -> list[Proposal]:
    return _routed(window, Route.MEP, "mep-screening")


def at_mep_levels(window: Window) -> list[Proposal]:
    """Children at groomed/targeted or exploited whom this panel has not discussed lately."""
    recently = (
        AgendaItem.objects.filter(
            meeting__panel=window.meeting.panel,
            meeting__held_at__gte=window.meeting.held_at - timedelta(days=MEP_REVISIT_DAYS),
            meeting__held_at__lt=window.meeting.held_at,
            child__isnull=False,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .values("child_id")
    )
    children = (
        Child.objects.filter(_children(window), level__code__in=MEP_LEVELS)
        .exclude(pk__in=recently)
        .select_related("level")
        .distinct()
        .order_by("-level__rank", "last_name")
    )
    return [
        Proposal(
            SubjectKind.CHILD,
            f"At {_level_name(child)}; not discussed at this panel in the last "
            f"{MEP_REVISIT_DAYS // 7} weeks.",
            "mep-level",
            child=child,
        )
        for child in children
    ]


def repeat_missing(window: Window) -> list[Proposal]:
    alerts = (
        RepeatMissingAlert.objects.filter(child__in=Child.objects.filter(_children(window)), historic=False)
        .filter(Q(raised_at__gte=window.since) | Q(acknowledged_at__isnull=True))
        .select_related("child", "rule")
        .order_by("raised_at")
    )
    if window.meeting.panel.meeting_type.code == "complex-strategy":
        alerts = alerts.filter(strategy_discussion_requested=True)
    return [
        Proposal(
            SubjectKind.CHILD,
            f"Repeat missing: {alert.episodes_in_window} episodes in {alert.rule.days} days "
            f"(alert {_day(alert.raised_at)})"
            + (
                f"; strategy discussion requested by {alert.strategy_discussion_by:%-d %B %Y}."
                if alert.strategy_discussion_requested
                else "."
            ),
            "repeat-missing",
            child=alert.child,
        )
        for alert in alerts
    ]


def monitored_by_sep(window: Window) -> list[Proposal]:
    periods = (
        SepPeriod.objects.filter(end__isnull=True, child__in=Child.objects.filter(_children(window)))
        .select_related("child", "start_decision__item__meeting__panel")
        .order_by("start")
    )
    proposals = []
    for period in periods:
        source = period.start_decision.item.meeting if period.start_decision else None
        escalated = (
            source is not None and source.panel.meeting_type.code != "sep" and source.held_at >= window.since
        )
        reason = (
            f"Escalated from {source.label}: new to SEP monitoring."
            if source is not None and escalated
            else f"Monitored by SEP since {period.start:%-d %B %Y}."
        )
        proposals.append(
            Proposal(
                SubjectKind.CHILD,
                reason,
                "sep-escalated" if escalated else "sep-monitored",
                child=period.child,
            )
        )
    return proposals


def school_reason(since: str, screenings: int, episodes: int) -> str:
    """A school's item at a locality meeting. Its reason is read by every member, school safeguarding
    leads among them, so its counts are written suppressed."""
    return (
        f"Since {since}: {count_text(screenings, 'screening', exact=False)} and "
        f"{count_text(episodes, 'missing episode', exact=False)} among its pupils."
    )


def locality_schools(window: Window) -> list[Proposal]:
    """Schools of the locality whose pupils were screened or went missing since the last meeting,
    and the locality's trends as a theme."""
    panel = window.meeting.panel
    schools = (
        panel.schools.all()
        if panel.schools.exists()
        else School.objects.filter(
            authority_id=window.authority_id,
            locality=panel.meeting_type.code.removeprefix("locality-"),
            active=True,
        )
    )
    pupils_now = Q(pupils__end__isnull=True)
    counted = (
        schools.annotate(
            screenings=Count(
                "pupils__child__screenings",
                filter=pupils_now
                & Q(
                    pupils__child__screenings__submitted_at__gte=window.since,
                    pupils__child__screenings__submitted_at__lt=window.until,
                ),
                distinct=True,
            ),
            episodes=Count(
                "pupils__child__missing_episodes",
                filter=pupils_now
                & Q(
                    pupils__child__missing_episodes__last_seen_at__gte=window.since,
                    pupils__child__missing_episodes__last_seen_at__lt=window.until,
                ),
                distinct=True,
            ),
        )
        .filter(Q(screenings__gt=0) | Q(episodes__gt=0))
        .order_by("-screenings", "-episodes", "name")
    )
    proposals = [
        Proposal(
            SubjectKind.SCHOOL,
            school_reason(_day(window.since), school.screenings, school.episodes),
            "locality-school",
            school=school,
        )
        for school in counted
    ]
    proposals.append(
        Proposal(
            SubjectKind.THEME,
            "Early concerns, trends, potential perpetrators and local areas of concern across the locality.",
            "locality-trends",
            theme="Trends and places of concern in the locality",
        )
    )
    return proposals


def police_priority(window: Window) -> list[Proposal]:
    """Exploited children the police are involved with, and children graded high risk when missing."""
    children = Child.objects.filter(_children(window))
    exploited = children.filter(
        level__code="exploited",
        agency_involvements__agency__kind="police",
        agency_involvements__end__isnull=True,
    ).distinct()
    high = (
        MissingEpisode.objects.filter(child__in=children, risk_grade="high", last_seen_at__gte=window.since)
        .select_related("child")
        .order_by("last_seen_at")
    )
    proposals = [
        Proposal(SubjectKind.CHILD, "Exploited, with police involved.", "dci-exploited", child=child)
        for child in exploited.order_by("last_name")
    ]
    proposals += [
        Proposal(
            SubjectKind.CHILD,
            f"Missing at high risk from {_day(episode.last_seen_at)}.",
            "dci-high-risk-missing",
            child=episode.child,
        )
        for episode in high
    ]
    return proposals


def youth_violence(window: Window) -> list[Proposal]:
    children = (
        Child.objects.filter(
            _children(window),
            level__rank__gte=2,
            screenings__exploitation_types__code__in=YOUTH_RISK_TYPES,
            screenings__review__isnull=False,
        )
        .select_related("level")
        .distinct()
        .order_by("-level__rank", "last_name")
    )
    return [
        Proposal(
            SubjectKind.CHILD,
            f"At {_level_name(child)}, with criminal exploitation, county lines or serious youth "
            "violence named.",
            "youth-risk",
            child=child,
        )
        for child in children
    ]


def placed_across_borders(window: Window) -> list[Proposal]:
    """Children placed in the area by other authorities who went missing since the last meeting."""
    placed = Child.objects.filter(
        legal_statuses__host_authority_id=window.authority_id,
        legal_statuses__end__isnull=True,
    ).exclude(legal_statuses__placing_authority_id=window.authority_id)
    episodes = (
        MissingEpisode.objects.filter(
            child__in=placed, last_seen_at__gte=window.since, last_seen_at__lt=window.until
        )
        .values("child")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    children = {child.pk: child for child in Child.objects.filter(pk__in=[row["child"] for row in episodes])}
    return [
        Proposal(
            SubjectKind.CHILD,
            f"Placed here by another authority; missing {row['n']} time{'s' if row['n'] != 1 else ''} "
            f"since {_day(window.since)}.",
            "cross-border-missing",
            child=children[row["child"]],
        )
        for row in episodes
    ]
