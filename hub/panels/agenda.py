"""The Hub proposes items for a meeting from its own records, by the panel's meeting type. The chair
adds the proposals they want, removes and orders items.

"Since the last meeting" means since the previous meeting of the same panel (a cancelled one does not
count), or, for a panel's first meeting, since its usual interval before this one. Subjects on the
agenda of a meeting cancelled since then are proposed first. Subjects already on the agenda are not
proposed again.

Each rule is an ``AgendaRule`` in the ``RULES`` registry: the panels app registers its own from
``PanelsConfig.ready()``, an app above panels adds its own from its own, placed by name (plans: "plan
review due", after "mep-level" and before "repeat-missing"). The panels app's own rules are in
``agenda_rules``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.children.models import Child
from hub.core import clock
from hub.core.registry import Anchors, Registry
from hub.panels.models import AgendaItem, Meeting, SubjectKind
from hub.reference.models import LevelOfConcern, School


@dataclass(frozen=True)
class Proposal:
    kind: str
    reason: str
    rule: str
    child: Child | None = None
    school: School | None = None
    theme: str = ""

    @property
    def key(self) -> tuple[str, int | str]:
        if self.child is not None:
            return ("child", self.child.pk)
        if self.school is not None:
            return ("school", self.school.pk)
        return ("theme", self.theme.lower())

    @property
    def value(self) -> str:
        """The proposal's identity on the page: a chair's choice names the child, school or theme, never
        a position in a list that may have changed since the page was drawn."""
        kind, identity = self.key
        return f"{kind}:{identity}"

    @property
    def label(self) -> str:
        if self.child is not None:
            return self.child.full_name
        if self.school is not None:
            return self.school.name
        return self.theme


@dataclass(frozen=True)
class Window:
    meeting: Meeting
    since: datetime
    until: datetime

    @property
    def authority_id(self) -> int:
        return self.meeting.panel.authority_id


Rule = Callable[[Window], list[Proposal]]


@dataclass(frozen=True)
class AgendaRule:
    """What the Hub proposes for meetings of these types. ``labels`` are the headings over the groups
    of its proposals on the agenda page, by the code each proposal carries (``Proposal.rule``)."""

    meeting_types: frozenset[str]
    propose: Rule
    labels: Mapping[str, str]


# The rules in order: a subject two rules propose is listed under the first, so the order says which
# reason the chair reads.
RULES: Registry[AgendaRule] = Registry("agenda rules")


def register_rule(
    key: str,
    propose: Rule,
    *,
    meeting_types: tuple[str, ...],
    labels: Mapping[str, str],
    after: Anchors = (),
    before: Anchors = (),
) -> None:
    RULES.add(key, AgendaRule(frozenset(meeting_types), propose, labels), after=after, before=before)


def rules_for(meeting_type: str) -> list[Rule]:
    return [rule.propose for rule in RULES if meeting_type in rule.meeting_types]


def rule_label(code: str) -> str:
    """The heading over the proposals a rule made with this code."""
    for rule in RULES:
        if code in rule.labels:
            return rule.labels[code]
    return code.replace("-", " ").capitalize()


def _previous(meeting: Meeting) -> Meeting | None:
    """The panel's last meeting before this one. A cancelled meeting did not meet, so it does not count:
    "since the last meeting" reaches back past it."""
    return (
        Meeting.objects.filter(panel=meeting.panel, held_at__lt=meeting.held_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-held_at")
        .first()
    )


def window_for(meeting: Meeting) -> Window:
    previous = _previous(meeting)
    since = previous.held_at if previous else meeting.held_at - timedelta(days=meeting.panel.frequency_days)
    return Window(meeting, since, max(meeting.held_at, clock.now()))


def carried_over(meeting: Meeting) -> list[Proposal]:
    """The subjects on the agenda of the panel's meetings cancelled since it last met: they go back to
    the proposals, whatever rule first put them on an agenda (or the chair, by hand). Places, groups and
    persons of concern are added again by hand."""
    cancelled = Meeting.objects.filter(
        panel=meeting.panel, status=Meeting.Status.CANCELLED, held_at__lt=meeting.held_at
    )
    previous = _previous(meeting)
    if previous is not None:
        cancelled = cancelled.filter(held_at__gt=previous.held_at)
    items = (
        AgendaItem.objects.filter(meeting__in=cancelled)
        .exclude(kind=SubjectKind.CONTEXT)
        .select_related("meeting__panel", "child", "school")
        .order_by("meeting__held_at", "order", "pk")
    )
    return [
        Proposal(
            item.kind,
            f"Carried over from {item.meeting.label}, which was cancelled"
            + (f": {item.reason}" if item.reason else "."),
            "carried-over",
            child=item.child,
            school=item.school,
            theme=item.theme,
        )
        for item in items
    ]


def propose(meeting: Meeting) -> list[Proposal]:
    """What the Hub suggests for this meeting, each with its reason: first what a cancelled meeting
    left undiscussed, then the rules' proposals in their order."""
    window = window_for(meeting)
    on_agenda: set[tuple[str, int | str]] = {
        ("child", item.child_id)
        if item.child_id
        else ("school", item.school_id)
        if item.school_id
        else ("theme", item.theme.lower())
        for item in meeting.items.all()
    }
    proposals: list[Proposal] = []
    seen = set(on_agenda)
    for function in [lambda _: carried_over(meeting), *rules_for(meeting.panel.meeting_type.code)]:
        for proposal in function(window):
            if proposal.key not in seen:
                seen.add(proposal.key)
                proposals.append(proposal)
    return proposals


@dataclass(frozen=True)
class ProposalGroup:
    rule: str
    label: str
    proposals: list[Proposal]


def grouped(proposals: list[Proposal]) -> list[ProposalGroup]:
    """Proposals grouped by the rule that made them (the rules' own order), most urgent first within a
    group: the child's level of concern, highest first; the order the rule gave otherwise."""
    ranks = dict(LevelOfConcern.objects.values_list("pk", "rank"))
    groups: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        groups.setdefault(proposal.rule, []).append(proposal)

    def urgency(proposal: Proposal) -> int:
        child = proposal.child
        return -ranks.get(child.level_id, 0) if child is not None and child.level_id is not None else 0

    return [
        ProposalGroup(rule, rule_label(rule), sorted(found, key=urgency)) for rule, found in groups.items()
    ]
