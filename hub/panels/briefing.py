"""The briefing for each agenda item, drawn from the records the reader may see, so nobody copies from
other systems to prepare. A child's item shows the level and its history, the missing summary, recent
return interviews, SEP monitoring, the plan, actions (overdue first) and what panels decided before;
a school's item shows counts about its pupils, never names. An item about a child the reader may not
see is marked restricted and names no one.

Each section is read for every child of the agenda at once (one or a few queries a section), so a
meeting's briefing and its agenda pack take the same number of queries for 2 items or 40."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch
from django.utils import timezone

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.actions.models import FINISHED, Action
from hub.audit.models import LogAction
from hub.audit.services import log_each
from hub.children.models import Child, LevelOfConcernChange, SchoolPeriod
from hub.core import clock
from hub.core.queries import first_in_each
from hub.core.registry import Anchors, Registry
from hub.core.suppression import suppressed
from hub.intelligence.models import ContextAssessment, ContextCase, Entity, EntityKind, PersonRisk
from hub.missing import rules as missing_rules
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.panels.models import AgendaItem, ItemDecision, Meeting, SepPeriod, SubjectKind
from hub.reference.models import MissingFactor, ScreeningIndicator


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (key, value)
    lines: list[str] = field(default_factory=list)
    empty: str = ""
    # Records of other kinds the section read (a child's plan), each with the reader's basis for it:
    # logged with the child's consultation, in the same write.
    consulted: list[tuple[Any, str]] = field(default_factory=list)


@dataclass
class Briefing:
    item: AgendaItem
    restricted: bool = False
    sections: list[Section] = field(default_factory=list)
    basis: str = ""  # the access log's justification for a child's record

    @property
    def label(self) -> str:
        return "Restricted item" if self.restricted else self.item.subject_label


# A section builder gets the agenda's children the reader may see and the reader, and returns each
# child's section by the child's primary key (a child left out gets no such section). It reads what it
# needs for all the children at once: a fixed number of queries, whatever the number of children.
SectionBuilder = Callable[[Sequence[Child], Any], Mapping[int, Section]]
# A child's sections by key, in the order the briefing shows them. The panels app registers its own
# from ``PanelsConfig.ready()``; another capability adds its part there too (the plans app: "plan").
CHILD_SECTIONS: Registry[SectionBuilder] = Registry("briefing sections")


def register_child_section(
    key: str, builder: SectionBuilder, *, after: Anchors = (), before: Anchors = ()
) -> None:
    CHILD_SECTIONS.add(key, builder, after=after, before=before)


def _when(at: Any) -> str:
    return f"{timezone.localtime(at):%-d %b %Y}"


def _by_child(rows: Iterable[Any], key: str = "child_id") -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def level_sections(children: Sequence[Child], user: Any) -> dict[int, Section]:
    changes = _by_child(
        first_in_each(
            LevelOfConcernChange.objects.filter(child__in=children).select_related("level"),
            group="child_id",
            order_by=["-decided_at", "-pk"],
            limit=5,
        )
    )
    return {
        child.pk: Section(
            "Level of concern",
            rows=[("Now", child.level.name if child.level else "Not set")]
            + [
                (_when(change.decided_at), f"{change.level.name} ({change.source or 'hub'})")
                for change in changes[child.pk]
            ],
        )
        for child in children
    }


def missing_sections(children: Sequence[Child], user: Any) -> dict[int, Section]:
    now = clock.now()
    spans: dict[int, list[missing_rules.EpisodeSpan]] = defaultdict(list)
    for child_id, last_seen_at, returned_at, dfe_code in MissingEpisode.objects.filter(
        child__in=children
    ).values_list("child_id", "last_seen_at", "returned_at", "dfe_code"):
        spans[child_id].append(missing_rules.EpisodeSpan(last_seen_at, returned_at, dfe_code))
    sections = {}
    for child in children:
        summary = missing_rules.summarise(spans[child.pk], now=now)
        rows = [
            ("Episodes in 12 months", str(summary.episodes)),
            ("Total hours missing", str(summary.total_hours)),
            (
                "Median episode",
                f"{summary.median_hours} hours" if summary.median_hours is not None else "None",
            ),
        ]
        if summary.open_episodes:
            rows.insert(0, ("Missing now", "Yes"))
        sections[child.pk] = Section("Missing", rows=rows)
    return sections


def _interview_line(interview: ReturnInterview, *, narrative: bool) -> str:
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
    return "; ".join(parts)


INTERVIEW_FIELDS = (
    "status",
    "notified_at",
    "interview_at",
    "interview_due_at",
    "face_to_face",
    "child_words",
    "episode__child_id",
    "episode__returned_at",
    "late_reason__name",
)


def interviews_sections(children: Sequence[Child], user: Any) -> dict[int, Section]:
    narrative = may_see_fields(user, "narrative")
    interviews = first_in_each(
        ReturnInterview.objects.filter(episode__child__in=children)
        .select_related("episode", "late_reason")
        # Only what a line shows: the episode and the interview hold much more.
        .only(*INTERVIEW_FIELDS)
        .prefetch_related(
            Prefetch("factors", queryset=MissingFactor.objects.only("name")),
            Prefetch("indicators_observed", queryset=ScreeningIndicator.objects.only("name")),
        ),
        group="episode__child_id",
        order_by=["-notified_at", "-pk"],
        limit=3,
    )
    lines: dict[int, list[str]] = defaultdict(list)
    for interview in interviews:
        lines[interview.episode.child_id].append(_interview_line(interview, narrative=narrative))
    return {
        child.pk: Section("Recent return interviews", lines=lines[child.pk], empty="No return interviews.")
        for child in children
    }


def sep_sections(children: Sequence[Child], user: Any) -> dict[int, Section]:
    periods = _by_child(SepPeriod.objects.filter(child__in=children).order_by("child_id", "start", "pk"))
    sections = {}
    for child in children:
        lines = []
        for period in periods[child.pk]:
            until = f"{period.end:%-d %b %Y}" if period.end else "now"
            lines.append(f"{period.start:%-d %b %Y} to {until}: {period.start_reason}")
        sections[child.pk] = Section("SEP monitoring", lines=lines, empty="Never monitored by SEP.")
    return sections


def actions_sections(children: Sequence[Child], user: Any) -> dict[int, Section]:
    today = clock.today()
    actions = _by_child(
        access.visible(user, Action.objects.filter(child__in=children).exclude(status__in=FINISHED))
        .select_related("owner_user", "owner_agency")
        .order_by("due", "pk")
    )
    sections = {}
    for child in children:
        ordered = sorted(actions[child.pk], key=lambda a: (not a.is_overdue(today), a.due))
        lines = []
        for action in ordered:
            late = "OVERDUE: " if action.is_overdue(today) else ""
            lines.append(f"{late}{action.title} ({action.owner_text}, due {action.due:%-d %b %Y})")
        sections[child.pk] = Section("Open actions", lines=lines, empty="No open actions you may see.")
    return sections


def decisions_sections(children: Sequence[Child], user: Any) -> dict[int, Section]:
    decisions = first_in_each(
        ItemDecision.objects.filter(item__child__in=children)
        .select_related("item__meeting__panel")
        .only(
            "kind",
            "detail",
            "recorded_at",
            "item__child_id",
            "item__meeting__held_at",
            "item__meeting__panel__name",
        ),
        group="item__child_id",
        order_by=["-recorded_at", "-pk"],
        limit=5,
    )
    lines: dict[int | None, list[str]] = defaultdict(list)  # by child (every decision's item has one)
    for decision in decisions:
        lines[decision.item.child_id].append(
            f"{decision.item.meeting.label}: {decision.get_kind_display()}. {decision.detail}"
        )
    return {
        child.pk: Section("Earlier panel decisions", lines=lines[child.pk], empty="None recorded.")
        for child in children
    }


def _school_sections(schools: Sequence[Any], user: Any) -> dict[int, Section]:
    """Counts about each school's current pupils, never names: two queries for all the schools. Counts
    are suppressed below the threshold for a reader who does not work cases (the school's own lead)."""
    since = clock.now() - timedelta(days=91)
    by_level: dict[int, list[tuple[str, str]]] = defaultdict(list)
    levels = (
        SchoolPeriod.objects.filter(school__in=schools, end__isnull=True, child__level__rank__gt=0)
        .values_list("school_id", "child__level__name")
        .annotate(pupils=Count("child_id", distinct=True))
        .order_by("school_id", "child__level__name")
    )
    for school_id, level, pupils in levels:
        by_level[school_id].append((f"Pupils at {level.lower()}", suppressed(pupils, user=user)))
    episodes = dict(
        MissingEpisode.objects.filter(
            last_seen_at__gte=since, child__schools__school__in=schools, child__schools__end__isnull=True
        )
        .order_by()
        .values_list("child__schools__school_id")
        .annotate(episodes=Count("pk", distinct=True))
    )
    return {
        school.pk: Section(
            "About its pupils (counts only)",
            rows=by_level[school.pk]
            + [("Missing episodes in the last 3 months", suppressed(episodes.get(school.pk, 0), user=user))],
        )
        for school in schools
    }


def _child_sections_for(children: Sequence[Child], user: Any) -> dict[int, list[Section]]:
    sections: dict[int, list[Section]] = defaultdict(list)
    if not children:
        return sections
    for builder in CHILD_SECTIONS:
        built = builder(children, user)
        for child in children:
            section = built.get(child.pk)
            if section is not None:
                sections[child.pk].append(section)
    return sections


def brief_items(items: Sequence[AgendaItem], user: Any) -> list[Briefing]:
    """Each item's briefing for the reader. Whether the reader may see each child is decided for all
    the children at once, and each section is read for all those they may see."""
    # An item about a child names one, and one about a school names it (agenda_item_names_its_subject).
    children = [
        child for item in items if item.kind == SubjectKind.CHILD and (child := item.child) is not None
    ]
    decisions = access.decide_many(user, children)
    sections = _child_sections_for([child for child in children if decisions[child.pk].allowed], user)
    schools = _school_sections([item.school for item in items if item.kind == SubjectKind.SCHOOL], user)
    cases = _cases([item for item in items if item.kind == SubjectKind.CONTEXT], user)
    briefings = []
    for item in items:
        if item.kind == SubjectKind.CHILD and item.child_id is not None:
            decision = decisions[item.child_id]
            briefings.append(
                Briefing(item, sections=sections[item.child_id], basis=decision.justification)
                if decision.allowed
                else Briefing(item, restricted=True)
            )
        elif item.kind == SubjectKind.SCHOOL and item.school_id is not None:
            briefings.append(Briefing(item, sections=[schools[item.school_id]]))
        elif item.kind == SubjectKind.CONTEXT and item.context_id in cases:
            seen = cases[item.context_id]
            briefings.append(
                Briefing(item, sections=_case_sections(*seen, user))
                if seen is not None
                else Briefing(item, restricted=True)
            )
        else:
            briefings.append(Briefing(item))
    return briefings


def _cases(items: Sequence[AgendaItem], user: Any) -> dict[int, tuple[ContextCase, str] | None]:
    """The places, groups and persons of the items, by id, with the reader's basis for each: None for
    one the reader may not see."""
    entity_type = ContentType.objects.get_for_model(Entity)
    ids = [item.context_id for item in items if item.context_type_id == entity_type.pk and item.context_id]
    found = {case.pk: case for case in ContextCase.objects.filter(pk__in=ids)}
    allowed = access.decide_many(user, list(found.values())) if found else {}
    return {
        pk: (found[pk], allowed[pk].justification) if pk in found and allowed[pk].allowed else None
        for pk in ids
    }


def _case_sections(case: ContextCase, basis: str, user: Any) -> list[Section]:
    """A case's briefing: its latest assessment (a place or a group) or its risk now (a person)."""
    if case.kind == EntityKind.PERSON:
        risk = (
            access.visible(user, PersonRisk.objects.filter(person_id=case.pk))
            .order_by("-assessed_on", "-pk")
            .first()
        )
        if risk is None:
            return [Section("Risk", empty="No risk recorded yet.")]
        return [
            Section(
                "Risk",
                rows=[
                    ("Level", risk.get_level_display()),
                    ("Managed by", risk.get_managed_by_display()),
                    ("Risk to whom, and of what", risk.summary),
                    ("Assessed", f"{risk.assessed_on:%-d %b %Y}"),
                ],
                consulted=[(risk, basis)],
            )
        ]
    assessment = (
        access.visible(user, ContextAssessment.objects.filter(entity_id=case.pk))
        .order_by("-assessed_on", "-pk")
        .first()
    )
    if assessment is None:
        return [Section("Assessment", empty="Not assessed yet.")]
    rows = [
        ("What happens there", assessment.what_happens),
        ("Who is involved", assessment.who),
        ("When", assessment.when),
        ("What makes it unsafe", assessment.risks),
        ("What makes it safer", assessment.protective),
        ("Recommended", assessment.recommendation),
    ]
    return [
        Section(
            f"Assessment of {assessment.assessed_on:%-d %b %Y}",
            rows=[(key, value) for key, value in rows if value],
            consulted=[(assessment, basis)],
        )
    ]


def _log(briefings: Sequence[Briefing], *, detail: str) -> None:
    """One write for everything the briefings read: each child's record with the reader's basis for
    it, and each record a section read with its own."""
    records: list[tuple[Any, str]] = []
    for briefing in briefings:
        if briefing.item.kind == SubjectKind.CHILD and not briefing.restricted:
            records.append((briefing.item.child, briefing.basis))
            records.extend(pair for section in briefing.sections for pair in section.consulted)
        elif briefing.item.kind == SubjectKind.CONTEXT:
            records.extend(pair for section in briefing.sections for pair in section.consulted)
    log_each(action=LogAction.CONSULT, records=records, detail=detail)


def brief(item: AgendaItem, user: Any, *, detail: str = "panel briefing") -> Briefing:
    """One item's briefing for the reader (the item page), its reads logged."""
    [briefing] = brief_items([item], user)
    _log([briefing], detail=detail)
    return briefing


def brief_meeting(meeting: Meeting, user: Any, *, purpose: str) -> list[Briefing]:
    """Every item's briefing for the reader, logging each child's record consulted (and what the
    sections read about it) with the reader's basis for each, one entry a record, in one write."""
    items = list(
        meeting.items.select_related("child", "child__level", "school")
        .prefetch_related("context")
        .order_by("order", "pk")
    )
    briefings = brief_items(items, user)
    _log(briefings, detail=f"{purpose}: {meeting.label}")
    return briefings
