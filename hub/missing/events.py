"""The missing capability's events in the child's chronology."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from hub.accounts import access
from hub.accounts.access import may_see_fields
from hub.children.chronology import ChronologyEvent, correction_event
from hub.core.corrections import corrections_among, shown
from hub.missing.access import ALERT_ROLES
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview, RiskGrade, RiskGradeChange
from hub.missing.selectors import duration_text


def missing_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    yield from alert_events(child, user)
    narrative = may_see_fields(user, "narrative")
    visible = access.visible(user, MissingEpisode.objects.filter(child=child))
    episodes = visible.select_related(
        "recorded_by", "recorded_by__agency", "interview", "interview__recorded_by"
    ).prefetch_related(
        Prefetch("risk_changes", RiskGradeChange.objects.select_related("changed_by", "changed_by__agency"))
    )
    interview_urls = {}
    for episode in episodes:
        url = reverse("missing:episode", args=[episode.pk])
        if getattr(episode, "interview", None) is not None:
            interview_urls[episode.interview.pk] = url
        recorder = episode.recorded_by
        changes = list(episode.risk_changes.all())
        yield from _risk_grade_corrections(changes, url)
        grade = changes[0].grade if changes else episode.risk_grade
        # An episode from past records (SSDA903 has no police risk grade) is not graded.
        initial = f"{RiskGrade(grade).label.lower()} risk" if grade else "risk not graded"
        yield ChronologyEvent(
            episode.reported_at,
            "missing",
            f"Reported missing ({initial})",
            f"Last seen {episode.last_seen_where}" if episode.last_seen_where else "",
            agency=str(recorder.agency or ""),
            by=recorder.get_full_name(),
            url=url,
        )
        if episode.returned_at is None:
            continue
        yield ChronologyEvent(
            episode.returned_at,
            "missing",
            f"Returned from missing after {duration_text(episode.duration())}",
            episode.returned_where,
            url=url,
        )
        interview = getattr(episode, "interview", None)
        if interview is None:
            continue
        by = interview.recorded_by.get_full_name() if interview.recorded_by else ""
        if interview.status == ReturnInterview.Status.COMPLETED:
            yield ChronologyEvent(
                interview.interview_at,
                "missing",
                "Return interview held" + ("" if interview.face_to_face else " (not face to face)"),
                interview.child_words if narrative else "",
                by=by,
                url=url,
            )
        elif interview.status == ReturnInterview.Status.DECLINED:
            yield ChronologyEvent(
                interview.first_response_at or interview.notified_at,
                "missing",
                "Return interview declined by the child",
                interview.declined_reason if narrative else "",
                by=by,
                url=url,
            )

    yield from _corrections(child, user, visible, narrative, interview_urls)


def _risk_grade_corrections(changes: list[RiskGradeChange], url: str) -> Iterable[ChronologyEvent]:
    """A wrong entry of the risk-grade history is kept and a new entry corrects it: each such entry is
    a correction, at the moment it was recorded."""
    by_id = {change.pk: change for change in changes}
    for change in changes:
        wrong = by_id.get(change.corrects_id) if change.corrects_id is not None else None
        if wrong is None or change.recorded_at is None:
            continue
        corrector = change.changed_by
        yield ChronologyEvent(
            change.recorded_at,
            "missing",
            "Risk grade corrected",
            f"Risk grade: {wrong.get_grade_display()} from {shown(wrong.changed_at)} → "
            f"{change.get_grade_display()} from {shown(change.changed_at)}\nWhy: {change.reason}",
            agency=str(corrector.agency or ""),
            by=corrector.get_full_name(),
            url=url,
        )


def _corrections(
    child: Any, user: Any, episodes: Any, narrative: bool, interview_urls: dict[int, str]
) -> Iterable[ChronologyEvent]:
    """Corrections of the child's episodes and return interviews, each seen by whoever sees the record
    corrected (one query a kind). The episode's grade put right by a corrected risk-grade entry is shown
    once, as that entry."""
    for correction in corrections_among(MissingEpisode, episodes, show_narrative=narrative):
        if {change.field for change in correction.changes} == {"risk_grade"}:
            continue
        url = reverse("missing:episode", args=[correction.record_id])
        yield correction_event(correction, kind="missing", title="Missing episode corrected", url=url)
    interviews = access.visible(user, ReturnInterview.objects.filter(episode__child=child))
    for correction in corrections_among(ReturnInterview, interviews, show_narrative=narrative):
        url = interview_urls.get(correction.record_id, "")
        yield correction_event(correction, kind="missing", title="Return interview corrected", url=url)


def alert_events(child: Any, user: Any) -> Iterable[ChronologyEvent]:
    """Repeat-missing alerts and the hub's decisions on them."""
    narrative = may_see_fields(user, "narrative")
    alerts = access.visible(user, RepeatMissingAlert.objects.filter(child=child)).select_related(
        "rule", "acknowledged_by", "acknowledged_by__agency"
    )
    for alert in alerts:
        url = reverse("missing:alert", args=[alert.pk]) if user.has_role(*ALERT_ROLES) else ""
        yield ChronologyEvent(
            alert.raised_at,
            "missing",
            f"Repeat missing alert: {alert.episodes_in_window} episodes in {alert.rule.days} days"
            + (" (historic: recorded from past records, no decision to make)" if alert.historic else ""),
            alert.rule.name,
            url=url,
        )
        if alert.acknowledged_at is None:
            continue
        decider = alert.acknowledged_by
        yield ChronologyEvent(
            alert.acknowledged_at,
            "missing",
            (
                f"Strategy discussion requested, to be held by {alert.strategy_discussion_by:%d %B %Y}"
                if alert.strategy_discussion_requested
                else "Repeat missing alert reviewed: no further action"
            ),
            alert.decision_note if narrative else "",
            agency=str(decider.agency or "") if decider else "",
            by=decider.get_full_name() if decider else "",
            url=url,
        )
    for correction in corrections_among(RepeatMissingAlert, alerts, show_narrative=narrative):
        url = reverse("missing:alert", args=[correction.record_id]) if user.has_role(*ALERT_ROLES) else ""
        yield correction_event(correction, kind="missing", title="Repeat missing alert corrected", url=url)
