"""Writes about missing episodes (report, return, risk grade, repeat-missing alerts). Each is atomic and
audited. Return interviews are written in ``interview_services``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.accounts.models import Agency, Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.children import services as child_services
from hub.children.models import Child
from hub.core import bulk, clock, dates, late
from hub.core.errors import RuleRefused, StaleVersion
from hub.intelligence.origin_services import record_links_at
from hub.intelligence.pickers import Picked
from hub.missing import rules
from hub.missing.checks import (
    alert_decide_check,
    episode_change_check,
    episode_report_check,
    episode_report_new_child_check,
)
from hub.missing.models import (
    DfeMissingCode,
    MissingEpisode,
    RepeatMissingAlert,
    ReportedBy,
    ReturnInterview,
    RiskGrade,
    RiskGradeChange,
)
from hub.reference.models import Clock, RepeatMissingRule

# The event a person enters by hand after it happened, as the record of a late entry names it.
RETURNED = "the date the child returned"


def _clock_hours(code: str) -> int:
    clock = Clock.objects.filter(code=code, active=True).first()
    return clock.amount if clock and clock.unit == Clock.Unit.HOURS else rules.RFMI_HOURS


def clock_hours() -> tuple[int, int]:
    """The hours of the first response's and the interview's clocks (reference data)."""
    return _clock_hours("rfmi-response"), _clock_hours("rfmi-interview")


def interview_clocks(
    notified_at: datetime, hours: tuple[int, int] | None = None
) -> tuple[datetime, datetime]:
    """When the first response and the interview are due, from the hub's notification of the return
    (``hours``: ``clock_hours()``, read once for a batch)."""
    response, interview = hours or clock_hours()
    return rules.rfmi_due(notified_at, response), rules.rfmi_due(notified_at, interview)


def grade_check(grade: str) -> None:
    """A police risk grade is one of the grades."""
    if grade not in RiskGrade.values:
        raise RuleRefused("Choose the police risk grade.")


def report_checks(*, child: Child, reported_at: datetime, last_seen_at: datetime, risk_grade: str) -> None:
    """The rules of a report, whichever way it comes in: a police risk grade, and a last sighting and a
    report that could have happened, the report after the sighting."""
    grade_check(risk_grade)
    born = child.date_of_birth
    dates.happened(last_seen_at, field="last_seen_at", what="the date the child was last seen", born=born)
    dates.happened(
        reported_at,
        field="reported_at",
        what="the date the child was reported missing",
        born=born,
        after=(last_seen_at, "the child was last seen"),
    )


def episode_report_new_child(
    *, by: User, authority: Authority, identity: dict[str, Any], report: dict[str, Any]
) -> MissingEpisode:
    """Record a child who is not yet on the Hub and report them missing, in one transaction: no record
    of a child without the report that made it."""
    if authority.pk not in episode_report_new_child_check(by=by):
        raise RuleRefused("Choose an area your agency serves.")
    with transaction.atomic():
        child = child_services.child_create(authority=authority, by=by, **identity)
        return episode_report(child=child, by=by, **report)


def return_checks(
    *, born: date | None, last_seen_at: datetime, returned_at: datetime, hub_notified_at: datetime | None
) -> None:
    """The rules of a return: after the child was last seen, and the hub told of it after it."""
    dates.happened(
        returned_at,
        field="returned_at",
        what="the date the child returned",
        born=born,
        after=(last_seen_at, "the child was last seen"),
    )
    if hub_notified_at is not None:
        dates.happened(
            hub_notified_at,
            field="hub_notified_at",
            what="the date the hub was told of the return",
            born=born,
            after=(returned_at, "the child returned"),
        )


def dfe_code_check(dfe_code: str) -> None:
    if dfe_code and dfe_code not in DfeMissingCode.values:
        raise RuleRefused("The DfE code must be M (missing) or A (away without authorisation).")


def already_missing(child: Child) -> RuleRefused:
    return RuleRefused(f"{child.full_name} is already recorded as missing: record their return first.")


def police_involvement_start(reported_at: datetime) -> date:
    """A police report makes the police involved with the child from the day of the report."""
    return timezone.localdate(reported_at)


def episode_report(
    *,
    child: Child,
    by: User,
    reported_at: datetime,
    reported_by_kind: str,
    last_seen_at: datetime,
    risk_grade: str,
    last_seen_where: str = "",
    police_reference: str = "",
    dfe_code: str = "",
    placement: str = "",
    late_entry_reason: str = "",
    picks: Sequence[Picked] = (),
) -> MissingEpisode:
    """Record a child reported missing. One open episode per child: a second report while one is open
    is refused with a message saying so (the database enforces it too). ``picks``: places and people
    of the network picked on the form, linked from the episode on the day last seen, in the same step."""
    episode_report_check(by=by, child=child)
    report_checks(child=child, reported_at=reported_at, last_seen_at=last_seen_at, risk_grade=risk_grade)
    late_entry_reason = dates.late_reason_needed(
        last_seen_at, late_entry_reason, field="late_entry_reason", what="the date the child was last seen"
    )
    with transaction.atomic():
        episode = _episode_open(
            child=child,
            by=by,
            grading="initial grading",
            detail=f"reported missing, {risk_grade}",
            reported_at=reported_at,
            reported_by_kind=reported_by_kind,
            last_seen_at=last_seen_at,
            last_seen_where=last_seen_where,
            risk_grade=risk_grade,
            police_reference=police_reference,
            dfe_code=dfe_code,
            placement=placement,
            late_entry_reason=late_entry_reason,
        )
        what = "Missing episode, last seen"
        record_links_at(by=by, child=child, origin=episode, what=what, at=last_seen_at, picks=picks)
    return episode


def _episode_open(*, child: Child, by: User, grading: str, detail: str, **fields: Any) -> MissingEpisode:
    """What every report does, whichever way it comes in: the episode, the first entry of its risk-grade
    history, the police's involvement, the child's "previously missing", the access log and the
    repeat-missing check (as of the episode's own dates)."""
    if child.missing_episodes.filter(returned_at__isnull=True).exists():
        raise already_missing(child)
    with transaction.atomic():
        try:
            with transaction.atomic():
                episode = MissingEpisode.objects.create(child=child, recorded_by=by, **fields)
        except IntegrityError as exc:
            raise already_missing(child) from exc
        RiskGradeChange.objects.create(
            episode=episode,
            grade=episode.risk_grade,
            changed_at=episode.reported_at,
            changed_by=by,
            reason=grading,
        )
        if by.agency is not None and by.agency.kind == Agency.Kind.POLICE:
            child_services.involvement_add(
                child=child,
                by=by,
                agency=by.agency,
                start=police_involvement_start(episode.reported_at),
                reason="missing report",
            )
        if not child.previously_missing:
            Child.objects.filter(pk=child.pk).update(previously_missing=True)
            child.previously_missing = True
            bulk.changed(Child, [Child.objects.get(pk=child.pk)], by=by)
        log_change(record=episode, action=LogAction.COLLECT, detail=detail)
        repeat_missing_check(episode=episode)
    return episode


def episode_record_past(
    *,
    child: Child,
    by: User,
    last_seen_at: datetime,
    returned_at: datetime | None,
    dfe_code: str,
    placement: str,
    reason: str,
    source: str,
) -> MissingEpisode:
    """An episode from another system's past records (an SSDA903 return): entered as it would have been
    on its own days, through what a report and a return do. The report is written as of its start and
    the return as of its end (``clock.history``, carrying ``reason``, why the records come in now, into the
    change history), so the risk-grade history, the repeat-missing check and the history fall on those
    days; an alert whose window had closed by now is recorded as historic. The record holds no police
    risk grade (the episode is "not graded") and no notification of the return, so no interview clocks
    start: these are history, not new reports. ``source`` names the record ("SSDA903 import")."""
    reason = bulk.past_reason_check(reason)
    dfe_code_check(dfe_code)
    born = child.date_of_birth
    dates.happened(last_seen_at, field="last_seen_at", what="the date the child was last seen", born=born)
    if returned_at is not None:
        return_checks(born=born, last_seen_at=last_seen_at, returned_at=returned_at, hub_notified_at=None)
    with transaction.atomic():
        with clock.history(last_seen_at, reason=reason, by=by):
            episode = _episode_open(
                child=child,
                by=by,
                grading=f"not graded: the {source} holds no police risk grade",
                detail=f"{source}, {dfe_code or 'no DfE code'}: {reason}",
                reported_at=last_seen_at,
                reported_by_kind=ReportedBy.OTHER,
                last_seen_at=last_seen_at,
                risk_grade="",
                dfe_code=dfe_code,
                placement=placement,
                late_entry_reason=reason,
            )
        if returned_at is not None:
            episode_return_past(episode=episode, by=by, returned_at=returned_at, reason=reason, source=source)
    return episode


def _episode_save(
    episode: MissingEpisode, *, version: int, by: User, open_only: bool = True, **values: Any
) -> None:
    """Claim the episode as the person last saw it (``version``; for a return, still open), then save the
    new values through the model, so that the change history keeps the episode before and after and
    who changed it. Someone else's change in between is a ``StaleVersion``."""
    claimed = MissingEpisode.objects.filter(pk=episode.pk, version=version)
    if open_only:
        claimed = claimed.filter(returned_at__isnull=True)
    if not claimed.update(version=version + 1):
        raise StaleVersion("this missing episode")
    episode.refresh_from_db()
    for name, value in values.items():
        setattr(episode, name, value)
    tracked: Any = episode  # simple_history reads who changed it from the instance (an untyped package)
    tracked._history_user = by
    try:
        episode.save()
    finally:
        episode.__dict__.pop("_history_user", None)


def episode_return_past(
    *, episode: MissingEpisode, by: User, returned_at: datetime, reason: str, source: str
) -> MissingEpisode:
    """The return of an episode, from past records that hold no notification of it (so no interview
    clocks start), written as of the return."""
    return_checks(
        born=episode.child.date_of_birth,
        last_seen_at=episode.last_seen_at,
        returned_at=returned_at,
        hub_notified_at=None,
    )
    with transaction.atomic(), clock.history(returned_at, reason=reason, by=by):
        _episode_save(episode, version=episode.version, by=by, returned_at=returned_at)
        log_change(record=episode, detail=f"returned ({source}: no notification, no interview clocks)")
    return episode


def risk_grade_set(*, episode: MissingEpisode, grade: str, by: User, reason: str) -> RiskGradeChange:
    episode_change_check(by=by, episode=episode)
    grade_check(grade)
    with transaction.atomic():
        change = RiskGradeChange.objects.create(
            episode=episode,
            grade=grade,
            previous_grade=episode.risk_grade,
            changed_at=clock.now(),
            changed_by=by,
            reason=reason.strip(),
        )
        _episode_save(episode, version=episode.version, by=by, open_only=False, risk_grade=grade)
        log_change(record=episode, detail=f"risk grade {grade}")
    return change


def episode_record_return(
    *,
    episode: MissingEpisode,
    by: User,
    version: int,
    returned_at: datetime,
    hub_notified_at: datetime,
    returned_where: str = "",
    returned_with: str = "",
    return_method: str = "",
    late_entry_reason: str = "",
    picks: Sequence[Picked] = (),
) -> ReturnInterview:
    """Record the return and the hub's notification of it; this starts the two 72-hour clocks of
    the return interview. A return recorded long after it happened needs the reason it is late.
    ``picks``: where the child was found and who with, linked from the episode on the day found."""
    episode_change_check(by=by, episode=episode)
    return_checks(
        born=episode.child.date_of_birth,
        last_seen_at=episode.last_seen_at,
        returned_at=returned_at,
        hub_notified_at=hub_notified_at,
    )
    late_entry_reason = late.asked(returned_at, late_entry_reason, what=RETURNED)
    with transaction.atomic():
        _episode_save(
            episode,
            version=version,
            by=by,
            returned_at=returned_at,
            hub_notified_at=hub_notified_at,
            returned_where=returned_where,
            returned_with=returned_with,
            return_method=return_method,
        )
        response_due_at, interview_due_at = interview_clocks(hub_notified_at)
        interview = ReturnInterview.objects.create(
            episode=episode,
            notified_at=hub_notified_at,
            response_due_at=response_due_at,
            interview_due_at=interview_due_at,
        )
        late.keep(episode, value=returned_at, reason=late_entry_reason, by=by, what=RETURNED)
        log_change(record=episode, detail="returned; return interview clocks started")
        what, child = "Missing episode, found", episode.child
        record_links_at(by=by, child=child, origin=episode, what=what, at=returned_at, picks=picks)
    return interview


def repeat_missing_check(*, episode: MissingEpisode) -> list[RepeatMissingAlert]:
    """Raise one alert for the episode, naming every active rule it brings the child to. A rule already
    named by an alert whose episode lies in that rule's window is not raised again: a later episode
    inside the window joins that alert's list rather than raising another."""
    child = episode.child
    starts = list(child.missing_episodes.values_list("last_seen_at", flat=True))

    def covered(rule: RepeatMissingRule, window_start: datetime) -> bool:
        return (
            RepeatMissingAlert.objects.filter(
                child=child, rules=rule, episode__last_seen_at__gte=window_start
            )
            .exclude(episode=episode)
            .exists()
        )

    fired = rules_met(
        list(RepeatMissingRule.objects.filter(active=True)),
        starts=starts,
        latest=episode.last_seen_at,
        high_risk=child.level is not None and child.level.rank >= HIGH_RISK_RANK,
        covered=covered,
    )
    if not fired:
        return []
    alert = RepeatMissingAlert.objects.filter(episode=episode).first()
    created = alert is None
    if alert is None:
        alert = new_alert(episode=episode, fired=fired, raised_at=clock.now(), entered_at=clock.entered_at())
        alert.save()
    alert.rules.add(*(rule for rule, _ in fired))
    if not created:
        return []
    log_change(record=child, detail=alert_detail(fired, historic=alert.historic))
    return [alert]


# A child at this level of concern or above (groomed/targeted, exploited) is at high exploitation risk.
HIGH_RISK_RANK = 2
Fired = list[tuple[RepeatMissingRule, rules.Trigger]]


def rules_met(
    active: list[RepeatMissingRule],
    *,
    starts: list[datetime],
    latest: datetime,
    high_risk: bool,
    covered: Callable[[RepeatMissingRule, datetime], bool],
) -> Fired:
    """The active rules the episode starting at ``latest`` brings the child to (``starts``: the child's
    episodes' starts, this one among them): the high-risk rules only for a child at high exploitation
    risk, and not a rule an alert already ``covered`` in its window (an alert naming it whose episode
    started at or after the window's start)."""
    fired = []
    for rule in active:
        if rule.high_exploitation_risk_only and not high_risk:
            continue
        trigger = rules.repeat_missing(starts, latest=latest, episodes=rule.episodes, days=rule.days)
        if trigger is not None and not covered(rule, trigger.window_start):
            fired.append((rule, trigger))
    return fired


def new_alert(
    *, episode: MissingEpisode, fired: Fired, raised_at: datetime, entered_at: datetime
) -> RepeatMissingAlert:
    """The alert (unsaved) for an episode that met the ``fired`` rules, the first of them its rule. Entered
    after every window it names had closed (past records): historic, recorded, not queued."""
    first, trigger = fired[0]
    closes = rules.window_closes(episode.last_seen_at, max(rule.days for rule, _ in fired))
    return RepeatMissingAlert(
        rule=first,
        episode=episode,
        child_id=episode.child_id,
        episodes_in_window=trigger.episodes,
        window_start=trigger.window_start,
        raised_at=raised_at,
        historic=closes <= entered_at,
    )


def alert_detail(fired: Fired, *, historic: bool) -> str:
    named = "; ".join(f"{t.episodes} in {rule.days} days" for rule, t in fired)
    return f"repeat missing alert{' (historic)' if historic else ''}: {named}"


def decision_checks(
    *, alert: RepeatMissingAlert, strategy_discussion: bool, note: str, hold_by: date | None
) -> str:
    """The rules of the hub's decision on an alert (as of the clock's now); returns the note."""
    if alert.historic:
        raise RuleRefused("This alert was recorded from past records: there is no decision to make.")
    note = note.strip()
    if not note:
        raise RuleRefused("Say why: what the hub decided and the reason.")
    if strategy_discussion and hold_by is None:
        raise RuleRefused("Enter the date the strategy discussion is to be held by.")
    if strategy_discussion and hold_by is not None:
        dates.planned(hold_by, field="hold_by", what="the date to hold the strategy discussion by")
    return note


def alert_decide(
    *,
    alert: RepeatMissingAlert,
    by: User,
    version: int,
    strategy_discussion: bool,
    note: str,
    hold_by: date | None = None,
) -> RepeatMissingAlert:
    """The hub's decision on a repeat-missing alert: a strategy discussion, to be held by a date, or no
    further action because the child's plan or the response already in place covers it. Either way
    the reason is recorded and the child's chronology shows it."""
    alert_decide_check(by=by, alert=alert)
    note = decision_checks(alert=alert, strategy_discussion=strategy_discussion, note=note, hold_by=hold_by)
    now = clock.now()
    with transaction.atomic():
        if not RepeatMissingAlert.objects.filter(
            pk=alert.pk, version=version, acknowledged_at__isnull=True
        ).update(
            version=version + 1,
            acknowledged_by=by,
            acknowledged_at=now,
            strategy_discussion_requested=strategy_discussion,
            strategy_discussion_by=hold_by if strategy_discussion else None,
            decision_note=note,
        ):
            raise StaleVersion("this repeat missing alert")
        alert.refresh_from_db()
        log_change(
            record=alert,
            detail="strategy discussion requested" if strategy_discussion else "no further action",
        )
    return alert
