"""The briefing for each agenda item, drawn from the records the reader may see, so nobody copies from
other systems to prepare. A child's item shows the level and its history, the missing summary, recent
return interviews, SEP monitoring, the plan, actions (overdue first) and what panels decided before;
a school's item shows counts about its pupils, never names. An item about a child the reader may not
see is marked restricted and names no one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.actions.models import FINISHED, Action
from hub.audit.services import log_consultation
from hub.children.models import Child
from hub.core import clock
from hub.core.suppression import suppressed
from hub.missing import rules as missing_rules
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.panels.models import AgendaItem, ItemDecision, Meeting, SepPeriod, SubjectKind


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (key, value)
    lines: list[str] = field(default_factory=list)
    empty: str = ""


@dataclass
class Briefing:
    item: AgendaItem
    restricted: bool = False
    sections: list[Section] = field(default_factory=list)
    basis: str = ""  # the access log's justification for a child's record

    @property
    def label(self) -> str:
        return "Restricted item" if self.restricted else self.item.subject_label


SectionBuilder = Callable[[Child, Any], Section | None]
_child_sections: list[tuple[int, SectionBuilder]] = []


def register_child_section(builder: SectionBuilder, *, order: int) -> None:
    """Another capability adds its part of a child's briefing (the plans app adds the plan)."""
    if all(existing is not builder for _, existing in _child_sections):
        _child_sections.append((order, builder))


def _when(at: Any) -> str:
    return f"{timezone.localtime(at):%-d %b %Y}"


def level_section(child: Child, user: Any) -> Section:
    changes = list(child.level_changes.select_related("level").order_by("-decided_at")[:5])
    return Section(
        "Level of concern",
        rows=[("Now", child.level.name if child.level else "Not set")]
        + [
            (_when(change.decided_at), f"{change.level.name} ({change.source or 'hub'})")
            for change in changes
        ],
    )


def missing_section(child: Child, user: Any) -> Section:
    now = clock.now()
    episodes = list(child.missing_episodes.all())
    summary = missing_rules.summarise(
        [missing_rules.EpisodeSpan(e.last_seen_at, e.returned_at, e.dfe_code) for e in episodes], now=now
    )
    rows = [
        ("Episodes in 12 months", str(summary.episodes)),
        ("Total hours missing", str(summary.total_hours)),
        ("Median episode", f"{summary.median_hours} hours" if summary.median_hours is not None else "None"),
    ]
    if summary.open_episodes:
        rows.insert(0, ("Missing now", "Yes"))
    return Section("Missing", rows=rows)


def interviews_section(child: Child, user: Any) -> Section:
    narrative = may_see_fields(user, "narrative")
    interviews = (
        ReturnInterview.objects.filter(episode__child=child)
        .select_related("episode", "late_reason")
        .prefetch_related("factors", "indicators_observed")
        .order_by("-notified_at")[:3]
    )
    lines = []
    for interview in interviews:
        parts = [f"Return {_when(interview.episode.returned_at)}: {interview.get_status_display().lower()}"]
        if interview.interview_at:
            parts.append("face to face" if interview.face_to_face else "not face to face")
            if interview.interview_at > interview.interview_due_at:
                parts.append(f"late ({interview.late_reason})" if interview.late_reason else "late")
        factors = ", ".join(factor.name for factor in interview.factors.all())
        if factors:
            parts.append(f"factors: {factors}")
        signs = ", ".join(indicator.name for indicator in interview.indicators_observed.all())
        if signs:
            parts.append(f"signs seen: {signs}")
        if narrative and interview.child_words:
            parts.append(f'in their words: "{interview.child_words}"')
        lines.append("; ".join(parts))
    return Section("Recent return interviews", lines=lines, empty="No return interviews.")


def sep_section(child: Child, user: Any) -> Section:
    periods = list(SepPeriod.objects.filter(child=child).order_by("start"))
    lines = []
    for period in periods:
        until = f"{period.end:%-d %b %Y}" if period.end else "now"
        lines.append(f"{period.start:%-d %b %Y} to {until}: {period.start_reason}")
    return Section("SEP monitoring", lines=lines, empty="Never monitored by SEP.")


def actions_section(child: Child, user: Any) -> Section:
    today = clock.today()
    actions = access.visible(
        user, Action.objects.filter(child=child).exclude(status__in=FINISHED)
    ).select_related("owner_user", "owner_agency")
    ordered = sorted(actions, key=lambda a: (not a.is_overdue(today), a.due))
    lines = []
    for action in ordered:
        late = "OVERDUE: " if action.is_overdue(today) else ""
        lines.append(f"{late}{action.title} ({action.owner_text}, due {action.due:%-d %b %Y})")
    return Section("Open actions", lines=lines, empty="No open actions you may see.")


def decisions_section(child: Child, user: Any) -> Section:
    decisions = (
        ItemDecision.objects.filter(item__child=child)
        .select_related("item__meeting__panel")
        .order_by("-recorded_at")[:5]
    )
    lines = [
        f"{decision.item.meeting.label}: {decision.get_kind_display()}. {decision.detail}"
        for decision in decisions
    ]
    return Section("Earlier panel decisions", lines=lines, empty="None recorded.")


for _order, _builder in (
    (10, level_section),
    (20, missing_section),
    (30, interviews_section),
    (40, sep_section),
    (60, actions_section),
    (70, decisions_section),
):
    register_child_section(_builder, order=_order)


def _school_section(item: AgendaItem, user: Any) -> Section:
    """Counts about the school's pupils, suppressed below the threshold for a reader who does not work
    cases (the school's own safeguarding lead among them)."""
    since = clock.now() - timedelta(days=91)
    pupils = Child.objects.filter(schools__school=item.school, schools__end__isnull=True).distinct()
    by_level: dict[str, int] = {}
    for child in pupils.select_related("level"):
        if child.level and child.level.rank > 0:
            by_level[child.level.name] = by_level.get(child.level.name, 0) + 1
    episodes = MissingEpisode.objects.filter(child__in=pupils, last_seen_at__gte=since).count()
    rows = [(f"Pupils at {name.lower()}", suppressed(n, user=user)) for name, n in sorted(by_level.items())]
    rows.append(("Missing episodes in the last 3 months", suppressed(episodes, user=user)))
    return Section("About its pupils (counts only)", rows=rows)


def brief(item: AgendaItem, user: Any) -> Briefing:
    if item.kind == SubjectKind.CHILD:
        decision = access.decide(user, item.child)
        if not decision.allowed:
            return Briefing(item, restricted=True)
        sections = [
            builder(item.child, user) for _, builder in sorted(_child_sections, key=lambda pair: pair[0])
        ]
        return Briefing(
            item,
            sections=[section for section in sections if section is not None],
            basis=decision.justification,
        )
    if item.kind == SubjectKind.SCHOOL:
        return Briefing(item, sections=[_school_section(item, user)])
    return Briefing(item)


def brief_meeting(meeting: Meeting, user: Any, *, purpose: str) -> list[Briefing]:
    """Every item's briefing for the reader, logging the children's records consulted."""
    items = list(meeting.items.select_related("child", "child__level", "school").order_by("order", "pk"))
    briefings = [brief(item, user) for item in items]
    by_basis: dict[str, list[Child]] = {}
    for briefing in briefings:
        if briefing.item.kind == SubjectKind.CHILD and not briefing.restricted:
            by_basis.setdefault(briefing.basis, []).append(briefing.item.child)
    for basis, children in by_basis.items():
        log_consultation(records=children, justification=basis, detail=f"{purpose}: {meeting.label}")
    return briefings
