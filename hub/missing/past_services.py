"""The bulk forms of the missing services, for past records written in batches (the demo's year): each
row is checked with the same rules as the single-row services (``services``, ``interview_services``),
then the rows are inserted in batches with their change history (dated when each change happened,
carrying who entered them and why) and their access-log entries. What a report does besides its row is
done here too: the first risk grading, the police's involvement, the child's "previously missing", a
return's interview clocks and the repeat-missing check as of each episode's own dates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from django.db import transaction

from hub.accounts.models import Agency, User
from hub.audit.models import LogAction
from hub.audit.services import Timed, log_in_order, timed_entry
from hub.children.models import AgencyInvolvement, Child, LevelOfConcernChange
from hub.core import bulk, clock
from hub.core.errors import RuleRefused
from hub.missing import services
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview, RiskGradeChange
from hub.reference.models import RepeatMissingRule


@dataclass
class Grading:
    """A police risk grade given to an episode: the first at the report, then each regrading."""

    grade: str
    at: datetime
    by: User
    reason: str


@dataclass
class PastEpisode:
    """One episode as it was reported and followed on its own days. ``entered_at`` is when the report
    reached the Hub (the episode's ``created_at``); a return with ``hub_notified_at`` starts the return
    interview's clocks."""

    child: Child
    recorded_by: User
    reported_at: datetime
    reported_by_kind: str
    last_seen_at: datetime
    gradings: list[Grading]
    entered_at: datetime
    last_seen_where: str = ""
    police_reference: str = ""
    dfe_code: str = ""
    placement: str = ""
    returned_at: datetime | None = None
    hub_notified_at: datetime | None = None
    returned_where: str = ""
    returned_with: str = ""
    return_method: str = ""


@dataclass
class PastEpisodes:
    episodes: list[MissingEpisode]  # in the order of the records
    interviews: dict[int, ReturnInterview]  # by episode id: the returns notified to the hub
    alerts: list[RepeatMissingAlert]


def _check(record: PastEpisode) -> None:
    if not record.gradings:
        raise RuleRefused("An episode needs its police risk grade.")
    services.report_checks(
        child=record.child,
        reported_at=record.reported_at,
        last_seen_at=record.last_seen_at,
        risk_grade=record.gradings[0].grade,
    )
    services.dfe_code_check(record.dfe_code)
    for grading in record.gradings[1:]:
        services.grade_check(grading.grade)
    if record.returned_at is not None:
        services.return_checks(
            born=record.child.date_of_birth,
            last_seen_at=record.last_seen_at,
            returned_at=record.returned_at,
            hub_notified_at=record.hub_notified_at,
        )


def _check_one_open(records: list[PastEpisode]) -> None:
    """One open episode per child: each report comes after the child's previous episode ended."""
    by_child: dict[int, list[PastEpisode]] = defaultdict(list)
    for record in records:
        by_child[record.child.pk].append(record)
    open_now = set(
        MissingEpisode.objects.filter(child__in=list(by_child), returned_at__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    for child_id, mine in by_child.items():
        if child_id in open_now:
            raise services.already_missing(mine[0].child)
        mine.sort(key=lambda r: r.reported_at)
        for before, after in pairwise(mine):
            if before.returned_at is None or before.returned_at > after.last_seen_at:
                raise services.already_missing(after.child)


def episodes_record_past(*, by: User, records: list[PastEpisode], reason: str) -> PastEpisodes:
    """Episodes from past records, each as ``episode_report``, ``risk_grade_set`` and
    ``episode_record_return`` would have left it on its own days, written in batches."""
    reason = bulk.past_reason_check(reason)
    for record in records:
        _check(record)
    _check_one_open(records)
    entries: list[Timed] = []
    with transaction.atomic():
        rows = []
        for record in records:
            returned = record.returned_at is not None
            row = MissingEpisode(
                child=record.child,
                reported_at=record.reported_at,
                reported_by_kind=record.reported_by_kind,
                recorded_by=record.recorded_by,
                police_reference=record.police_reference,
                risk_grade=record.gradings[-1].grade,
                dfe_code=record.dfe_code,
                placement=record.placement,
                last_seen_at=record.last_seen_at,
                last_seen_where=record.last_seen_where,
                returned_at=record.returned_at,
                returned_where=record.returned_where,
                returned_with=record.returned_with,
                return_method=record.return_method,
                hub_notified_at=record.hub_notified_at,
                created_at=record.entered_at,
                version=len(record.gradings) + int(returned),
            )
            row._history_date = record.entered_at  # type: ignore[attr-defined]
            rows.append(row)
        rows = bulk.insert(MissingEpisode, rows, by=by, reason=reason)
        changes = []
        for record, row in zip(records, rows, strict=True):
            previous = ""
            for index, grading in enumerate(record.gradings):
                changes.append(
                    RiskGradeChange(
                        episode=row,
                        grade=grading.grade,
                        previous_grade=previous,
                        changed_at=grading.at,
                        changed_by=grading.by,
                        reason=grading.reason.strip(),
                    )
                )
                previous = grading.grade
                if index == 0:
                    detail = f"reported missing, {grading.grade}"
                    entries.append(timed_entry(record.reported_at, LogAction.COLLECT, row, detail))
                else:
                    entries.append(
                        timed_entry(grading.at, LogAction.CHANGE, row, f"risk grade {grading.grade}")
                    )
        bulk.insert(RiskGradeChange, changes, by=by, reason=reason)
        interviews = _interview_clocks(records, rows, entries, by=by, reason=reason)
        _police_involvement(records, entries, by=by, reason=reason)
        # "Previously missing" as ``episode_report`` saves it, from the child's first episode here: a
        # "changed" history row dated then.
        first: dict[int, datetime] = {}
        for record in records:
            first[record.child.pk] = min(record.reported_at, first.get(record.child.pk, record.reported_at))
        newly = list(Child.objects.filter(pk__in=first, previously_missing=False))
        Child.objects.filter(pk__in=[child.pk for child in newly]).update(previously_missing=True)
        for child in newly:
            child.previously_missing = True
            child._history_date = first[child.pk]  # type: ignore[attr-defined]
        bulk.history(Child, newly, by=by, reason=reason, update=True)
        for record in records:
            record.child.previously_missing = True
        alerts = _repeat_missing(records, rows, entries, by=by, reason=reason)
        log_in_order(entries)
    return PastEpisodes(episodes=rows, interviews=interviews, alerts=alerts)


def _interview_clocks(
    records: list[PastEpisode], rows: list[MissingEpisode], entries: list[Timed], *, by: User, reason: str
) -> dict[int, ReturnInterview]:
    """A return the hub was told of starts the interview's clocks (as ``episode_record_return``)."""
    interviews = []
    hours = services.clock_hours()
    for record, row in zip(records, rows, strict=True):
        if record.returned_at is None:
            continue
        if record.hub_notified_at is None:
            entries.append(
                timed_entry(record.returned_at, LogAction.CHANGE, row, "returned (no notification)")
            )
            continue
        response_due_at, interview_due_at = services.interview_clocks(record.hub_notified_at, hours)
        interview = ReturnInterview(
            episode=row,
            notified_at=record.hub_notified_at,
            response_due_at=response_due_at,
            interview_due_at=interview_due_at,
        )
        interview._history_date = record.hub_notified_at  # type: ignore[attr-defined]
        interviews.append(interview)
        detail = "returned; return interview clocks started"
        entries.append(timed_entry(record.hub_notified_at, LogAction.CHANGE, row, detail))
    interviews = bulk.insert(ReturnInterview, interviews, by=by, reason=reason)
    return {interview.episode_id: interview for interview in interviews}


def _police_involvement(records: list[PastEpisode], entries: list[Timed], *, by: User, reason: str) -> None:
    """A police report makes the reporter's force involved with the child, unless it already is."""
    children = {record.child.pk for record in records}
    involved = set(
        AgencyInvolvement.objects.filter(child__in=children, end__isnull=True).values_list(
            "child_id", "agency_id"
        )
    )
    rows = []
    for record in sorted(records, key=lambda r: r.reported_at):
        agency = record.recorded_by.agency
        if agency is None or agency.kind != Agency.Kind.POLICE or (record.child.pk, agency.pk) in involved:
            continue
        involved.add((record.child.pk, agency.pk))
        rows.append(
            AgencyInvolvement(
                child=record.child,
                agency=agency,
                start=services.police_involvement_start(record.reported_at),
                reason="missing report",
                recorded_by=record.recorded_by,
                recorded_at=record.reported_at,
            )
        )
        entries.append(
            timed_entry(record.reported_at, LogAction.CHANGE, record.child, f"agency involved: {agency.name}")
        )
    for row in rows:
        row._history_date = row.recorded_at  # type: ignore[attr-defined]
    bulk.insert(AgencyInvolvement, rows, by=by, reason=reason)


def _levels(children: set[int]) -> dict[int, list[tuple[datetime, int]]]:
    levels: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for child_id, decided, rank in (
        LevelOfConcernChange.objects.filter(child__in=children)
        .order_by("decided_at", "pk")
        .values_list("child_id", "decided_at", "level__rank")
    ):
        levels[child_id].append((decided, rank))
    return levels


def _rank_on(levels: list[tuple[datetime, int]], moment: datetime) -> int:
    rank = -1
    for decided, level_rank in levels:
        if decided <= moment:
            rank = level_rank
    return rank


def _repeat_missing(
    records: list[PastEpisode], rows: list[MissingEpisode], entries: list[Timed], *, by: User, reason: str
) -> list[RepeatMissingAlert]:
    """``repeat_missing_check`` for each episode in the order reported, as of its report: the child's
    episodes reported by then, their level of concern then, the alerts raised by then."""
    active = list(RepeatMissingRule.objects.filter(active=True))
    children = {record.child.pk for record in records}
    levels = _levels(children)
    starts: dict[int, list[datetime]] = defaultdict(list)
    for child_id, start in (
        MissingEpisode.objects.filter(child__in=children)
        .exclude(pk__in=[row.pk for row in rows])
        .values_list("child_id", "last_seen_at")
    ):
        starts[child_id].append(start)
    # The newest start of an alerted episode per child and rule: a rule is covered in a window that holds it.
    alerted: dict[tuple[int, int], datetime] = {}
    named = RepeatMissingAlert.rules.through.objects.filter(repeatmissingalert__child__in=children)
    for child_id, rule_id, start in named.values_list(
        "repeatmissingalert__child_id", "repeatmissingrule_id", "repeatmissingalert__episode__last_seen_at"
    ):
        alerted[(child_id, rule_id)] = max(start, alerted.get((child_id, rule_id), start))
    raised: list[tuple[RepeatMissingAlert, services.Fired]] = []
    for record, row in sorted(zip(records, rows, strict=True), key=lambda pair: pair[0].reported_at):
        child_id = record.child.pk
        starts[child_id].append(record.last_seen_at)

        def covered(rule: RepeatMissingRule, window_start: datetime, child_id: int = child_id) -> bool:
            newest = alerted.get((child_id, rule.pk))
            return newest is not None and newest >= window_start

        fired = services.rules_met(
            active,
            starts=starts[child_id],
            latest=record.last_seen_at,
            high_risk=_rank_on(levels[child_id], record.reported_at) >= services.HIGH_RISK_RANK,
            covered=covered,
        )
        if not fired:
            continue
        for rule, _ in fired:
            alerted[(child_id, rule.pk)] = record.last_seen_at
        alert = services.new_alert(
            episode=row, fired=fired, raised_at=record.reported_at, entered_at=record.entered_at
        )
        alert._history_date = record.reported_at  # type: ignore[attr-defined]
        raised.append((alert, fired))
        detail = services.alert_detail(fired, historic=alert.historic)
        entries.append(timed_entry(record.reported_at, LogAction.CHANGE, record.child, detail))
    alerts = bulk.insert(RepeatMissingAlert, [alert for alert, _ in raised], by=by, reason=reason)
    through = RepeatMissingAlert.rules.through
    through.objects.bulk_create(
        [
            through(repeatmissingalert_id=alert.pk, repeatmissingrule_id=rule.pk)
            for alert, (_, fired) in zip(alerts, raised, strict=True)
            for rule, _ in fired
        ],
        batch_size=bulk.BATCH,
    )
    return alerts


# -- decisions on alerts ---------------------------------------------------------------------------------


@dataclass
class PastDecision:
    alert: RepeatMissingAlert
    by: User
    at: datetime
    strategy_discussion: bool
    note: str
    hold_by: date | None = None


def _decision_check(decision: PastDecision) -> str:
    """``alert_decide``'s checks as of the decision; returns the note."""
    if decision.alert.acknowledged_at is not None:
        raise RuleRefused("That alert has already been decided.")
    if decision.at < decision.alert.raised_at:
        raise RuleRefused("A decision on an alert comes after the alert.")
    with clock.history(decision.at):
        return services.decision_checks(
            alert=decision.alert,
            strategy_discussion=decision.strategy_discussion,
            note=decision.note,
            hold_by=decision.hold_by,
        )


def alerts_decide_past(*, by: User, decisions: list[PastDecision], reason: str) -> None:
    """The hub's decisions on alerts, each as ``alert_decide`` would have left it on its day."""
    reason = bulk.past_reason_check(reason)
    notes = [_decision_check(decision) for decision in decisions]
    entries: list[Timed] = []
    for decision, note in zip(decisions, notes, strict=True):
        alert = decision.alert
        alert.acknowledged_by = decision.by
        alert.acknowledged_at = decision.at
        alert.decision_note = note
        alert.strategy_discussion_requested = decision.strategy_discussion
        alert.strategy_discussion_by = decision.hold_by if decision.strategy_discussion else None
        alert.version += 1
        alert._history_date = decision.at  # type: ignore[attr-defined]
        detail = "strategy discussion requested" if decision.strategy_discussion else "no further action"
        entries.append(timed_entry(decision.at, LogAction.CHANGE, alert, detail))
    fields = [
        "acknowledged_by",
        "acknowledged_at",
        "decision_note",
        "strategy_discussion_requested",
        "strategy_discussion_by",
        "version",
    ]
    with transaction.atomic():
        bulk.update(RepeatMissingAlert, [d.alert for d in decisions], fields, by=by, reason=reason)
        log_in_order(entries)
