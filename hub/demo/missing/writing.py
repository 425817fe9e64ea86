"""Writing the planned year in bulk: a thousand episodes through the services one by one would take
minutes, so the rows are inserted with ``bulk_create``, as the services would have left them.

What the services do besides the rows is done here too: the change history (one "created" row per
record, stamped at the load, as the screening demo's are), the access log (the entries the services would
have written, in the order the work happened, chained as ``log`` chains them), the police involvement a
police report adds, and the child's "previously missing" flag. Fields Django stamps "now" on insert are
moved back to when the planned work happened."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import models

from hub.accounts.models import Agency, Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_many
from hub.children import names
from hub.children.models import (
    AddressPeriod,
    AgencyInvolvement,
    CareEpisode,
    Child,
    LegalStatus,
    LegalStatusPeriod,
)
from hub.demo.missing.plan import Alert, CareSpan, DemoChild, Episode
from hub.demo.missing.timing import local_date, london
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview, RiskGradeChange
from hub.reference.models import LateInterviewReason, MissingFactor, ScreeningIndicator

BATCH = 500
FALLBACK = {"rcalloway": "officer", "kashdown": "officer", "gmountjoy": "coordinator"}


def bulk(model: type[models.Model], objs: list[Any]) -> list[Any]:
    """Insert ``objs`` with the values they were given (even in fields Django stamps "now" on insert)
    and a "created" history row each, if the model keeps history."""
    stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    planned = [{name: getattr(obj, name) for name in stamped} for obj in objs]
    rows = model.objects.bulk_create(objs, batch_size=BATCH)
    if stamped:
        for row, values in zip(rows, planned, strict=True):
            for name, value in values.items():
                if value is not None:
                    setattr(row, name, value)
        model.objects.bulk_update(rows, stamped, batch_size=BATCH)
    history = getattr(model, "history", None)
    if history is not None:
        history.bulk_history_create(rows, batch_size=BATCH)
    return rows


def bulk_m2m(
    model: type[models.Model], name: str, pairs: list[tuple[Any, int]], history_rows: dict[int, Any]
) -> None:
    """Rows of ``model``'s many-to-many field ``name`` as (object, related id), and their history rows
    attached to each object's "created" history row (``history_rows`` by object id)."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = through.objects.bulk_create(
        [through(**{f"{source}_id": obj.pk, f"{target}_id": related}) for obj, related in pairs],
        batch_size=BATCH,
    )
    if not history_rows:
        return
    # simple-history names a many-to-many field's history model "<HistoricalModel>_<field>"
    historical = next(iter(history_rows.values()))._meta
    m2m_history = apps.get_model(historical.app_label, f"{historical.object_name}_{name}")
    m2m_history.objects.bulk_create(
        [
            m2m_history(
                id=row.pk,
                history=history_rows[getattr(row, f"{source}_id")],
                **{
                    f"{source}_id": getattr(row, f"{source}_id"),
                    f"{target}_id": getattr(row, f"{target}_id"),
                },
            )
            for row in rows
        ],
        batch_size=BATCH,
    )


class Writer:
    """Writes the plan. ``users`` by username; the access-log entries are collected as the rows are
    written and appended at the end, in the order the work happened."""

    def __init__(
        self, *, authority: Authority, police: Agency, users: dict[str, User], now: datetime
    ) -> None:
        self.authority = authority
        self.police = police
        self.users = users
        self.now = now
        self.entries: list[tuple[datetime, dict[str, Any]]] = []

    def user(self, username: str) -> User:
        return self.users.get(username) or self.users[FALLBACK[username]]

    def note(self, at: datetime, action: str, record_type: str, pk: int, detail: str) -> None:
        self.entries.append(
            (at, {"action": action, "record_type": record_type, "record_ids": [pk], "detail": detail})
        )

    def write(
        self,
        children: list[DemoChild],
        alerts: list[Alert],
        others_in_care: list[CareSpan],
        created_earlier: list[DemoChild],
    ) -> None:
        """Everything, in order; ``others_in_care`` are screened children's looked-after episodes that
        have no missing episode but need their SSDA903 codes all the same; ``created_earlier`` screened
        children whose records now date from their first missing report."""
        self.children([child for child in children if child.is_new])
        Child.objects.bulk_update(
            [Child(pk=child.pk, created_at=child.created_at) for child in created_earlier],
            ["created_at"],
            batch_size=BATCH,
        )
        self.care_and_homes(children)
        self.codes_only(others_in_care)
        self.police_involvement(children)
        episodes = [episode for child in children for episode in child.episodes]
        self.episodes(episodes)
        self.interviews([episode for episode in episodes if episode.interview is not None])
        self.alerts(alerts)
        reused = [child.pk for child in children if not child.is_new]
        Child.objects.filter(pk__in=reused, previously_missing=False).update(previously_missing=True)
        log_many(entry for _, entry in sorted(self.entries, key=lambda item: item[0]))

    # children ---------------------------------------------------------------------------------------------
    def children(self, new: list[DemoChild]) -> None:
        rows = bulk(
            Child,
            [
                Child(
                    authority=self.authority,
                    first_name=child.first_name,
                    last_name=child.last_name,
                    first_name_key=names.first_name_key(child.first_name),
                    last_name_key=names.sound_key(child.last_name),
                    date_of_birth=child.date_of_birth,
                    sex=child.sex,
                    ethnicity=child.ethnicity,
                    local_child_id=child.local_child_id,
                    previously_missing=True,
                    created_by=self.user(child.created_by),
                    created_at=child.created_at,
                )
                for child in new
            ],
        )
        for child, row in zip(new, rows, strict=True):
            child.pk = row.pk
            self.note(child.created_at, LogAction.COLLECT, "children.child", row.pk, "child record created")

    def care_and_homes(self, children: list[DemoChild]) -> None:
        """New children's homes and legal statuses; every looked-after episode with its placement address
        and SSDA903 codes (screened children's periods get their codes here)."""
        periods, addresses, spans = [], [], []
        for child in children:
            by = self.user(child.created_by) if child.is_new else None
            if child.is_new and child.home_address:
                addresses.append(
                    self._address(child, child.home_since, None, child.home_address, child.postcode)
                )
                self.note(child.created_at, LogAction.CHANGE, "children.child", child.pk, "address added")
            if child.is_new and child.legal_status:
                periods.append(
                    LegalStatusPeriod(
                        child_id=child.pk,
                        status=child.legal_status,
                        start=child.status_start,
                        recorded_by=by,
                        recorded_at=child.created_at,
                    )
                )
                self._legal_status_note(child, child.created_at, child.legal_status)
            for index, span in enumerate(child.care):
                if span.period_pk is not None:
                    continue
                at = child.created_at if index == 0 else london(span.start, 11)
                period = LegalStatusPeriod(
                    child_id=child.pk,
                    status=LegalStatus.LOOKED_AFTER,
                    start=span.start,
                    end=span.end,
                    placing_authority=span.placing,
                    host_authority=span.host,
                    recorded_by=by,
                    recorded_at=at,
                )
                periods.append(period)
                spans.append((span, period))
                addresses.append(
                    self._address(
                        child,
                        span.start,
                        span.end,
                        span.line1,
                        span.postcode,
                        AddressPeriod.Kind.PLACEMENT,
                        at,
                    )
                )
                self._legal_status_note(child, at, LegalStatus.LOOKED_AFTER)
                self.note(at, LogAction.CHANGE, "children.child", child.pk, "address added")
        bulk(LegalStatusPeriod, periods)
        bulk(AddressPeriod, addresses)
        for span, period in spans:
            span.period_pk = period.pk
        coded = []
        for child in children:
            for span in child.care:
                if not span.has_codes:
                    coded.append(CareEpisode(period_id=span.period_pk, **span.codes))
                    if not child.is_new:
                        detail = f"SSDA903 codes for the looked-after episode from {span.start:%d/%m/%Y}"
                        self.note(
                            child.episodes[0].reported_at,
                            LogAction.CHANGE,
                            "children.child",
                            child.pk,
                            detail,
                        )
        bulk(CareEpisode, coded)

    def codes_only(self, spans: list[CareSpan]) -> None:
        bulk(CareEpisode, [CareEpisode(period_id=span.period_pk, **span.codes) for span in spans])
        for span in spans:
            detail = f"SSDA903 codes for the looked-after episode from {span.start:%d/%m/%Y}"
            self.note(self.now, LogAction.CHANGE, "children.child", span.child_pk, detail)

    def _address(
        self,
        child: DemoChild,
        start: Any,
        end: Any,
        line1: str,
        postcode: str,
        kind: str = AddressPeriod.Kind.HOME,
        at: datetime | None = None,
    ) -> AddressPeriod:
        return AddressPeriod(
            child_id=child.pk,
            kind=kind,
            line1=line1,
            postcode=postcode,
            start=start,
            end=end,
            recorded_by=self.user(child.created_by) if child.is_new else self.user("coordinator"),
            recorded_at=at or child.created_at,
        )

    def _legal_status_note(self, child: DemoChild, at: datetime, status: str) -> None:
        detail = f"legal status: {LegalStatus(status).label}"
        self.note(at, LogAction.CHANGE, "children.child", child.pk, detail)

    def police_involvement(self, children: list[DemoChild]) -> None:
        """A police report makes the police involved with the child (as ``episode_report`` does)."""
        rows = []
        for child in children:
            if child.police_involved:
                continue
            first = next(
                (e for e in child.episodes if self.user(e.recorded_by).agency_id == self.police.pk), None
            )
            if first is None:
                continue
            rows.append(
                AgencyInvolvement(
                    child_id=child.pk,
                    agency=self.police,
                    start=local_date(first.reported_at),
                    reason="missing report",
                    recorded_by=self.user(first.recorded_by),
                    recorded_at=first.reported_at,
                )
            )
            self.note(
                first.reported_at,
                LogAction.CHANGE,
                "children.child",
                child.pk,
                f"agency involved: {self.police.name}",
            )
        bulk(AgencyInvolvement, rows)

    # episodes ---------------------------------------------------------------------------------------------
    def episodes(self, episodes: list[Episode]) -> None:
        rows = bulk(MissingEpisode, [self._episode(episode) for episode in episodes])
        changes = []
        for episode, row in zip(episodes, rows, strict=True):
            episode.pk = row.pk
            first = episode.risks[0]
            self.note(
                episode.reported_at,
                LogAction.COLLECT,
                "missing.missingepisode",
                row.pk,
                f"reported missing, {first.grade}",
            )
            for change in episode.risks:
                changes.append(
                    RiskGradeChange(
                        episode_id=row.pk,
                        grade=change.grade,
                        previous_grade=change.previous,
                        changed_at=change.at,
                        changed_by=self.user(change.by),
                        reason=change.reason,
                    )
                )
                if change is not first:
                    self.note(
                        change.at,
                        LogAction.CHANGE,
                        "missing.missingepisode",
                        row.pk,
                        f"risk grade {change.grade}",
                    )
            if episode.returned_at is not None:
                detail = "returned; return interview clocks started"
                self.note(episode.hub_notified_at, LogAction.CHANGE, "missing.missingepisode", row.pk, detail)
        bulk(RiskGradeChange, changes)

    def _episode(self, episode: Episode) -> MissingEpisode:
        returned = episode.returned_at is not None
        return MissingEpisode(
            child_id=episode.child.pk,
            reported_at=episode.reported_at,
            reported_by_kind=episode.reported_by_kind,
            recorded_by=self.user(episode.recorded_by),
            police_reference=episode.police_reference,
            risk_grade=episode.risk_grade,
            dfe_code=episode.dfe_code,
            placement=episode.placement,
            last_seen_at=episode.last_seen_at,
            last_seen_where=episode.last_seen_where,
            returned_at=episode.returned_at,
            returned_where=episode.returned_where,
            returned_with=episode.returned_with,
            return_method=episode.return_method,
            hub_notified_at=episode.hub_notified_at,
            created_at=min(episode.reported_at + timedelta(minutes=3), self.now),
            version=len(episode.risks) + int(returned),
        )

    # interviews -------------------------------------------------------------------------------------------
    def interviews(self, episodes: list[Episode]) -> None:
        late = {reason.code: reason for reason in LateInterviewReason.objects.all()}
        factors = dict(MissingFactor.objects.values_list("code", "pk"))
        indicators = dict(ScreeningIndicator.objects.values_list("code", "pk"))
        rows = bulk(ReturnInterview, [self._interview(episode, late) for episode in episodes])
        history = getattr(ReturnInterview, "history", None)
        created = {}
        if history is not None:
            for row in history.filter(id__in=[row.pk for row in rows], history_type="+"):
                created[row.id] = row
        factor_pairs, indicator_pairs = [], []
        for episode, row in zip(episodes, rows, strict=True):
            interview = episode.interview
            interview.pk = row.pk
            factor_pairs += [(row, factors[code]) for code in interview.factors if code in factors]
            indicator_pairs += [
                (row, indicators[code]) for code in interview.indicators if code in indicators
            ]
            if interview.allocated_to:
                detail = f"allocated to {self.user(interview.allocated_to).get_username()}"
                self.note(interview.allocated_at, LogAction.CHANGE, "missing.returninterview", row.pk, detail)
            if interview.recorded_by:
                detail = "declined" if interview.declined_reason else "interview recorded"
                self.note(interview.finished_at, LogAction.CHANGE, "missing.returninterview", row.pk, detail)
        bulk_m2m(ReturnInterview, "factors", factor_pairs, created)
        bulk_m2m(ReturnInterview, "indicators_observed", indicator_pairs, created)

    def _interview(self, episode: Episode, late: dict[str, LateInterviewReason]) -> ReturnInterview:
        interview = episode.interview
        allocated = bool(interview.allocated_to)
        return ReturnInterview(
            episode_id=episode.pk,
            status=interview.status,
            notified_at=interview.notified_at,
            response_due_at=interview.response_due_at,
            interview_due_at=interview.due_at,
            allocated_to=self.user(interview.allocated_to) if allocated else None,
            allocated_at=interview.allocated_at,
            first_response_at=interview.first_response_at,
            interview_at=interview.interview_at,
            face_to_face=interview.face_to_face,
            not_face_to_face_reason=interview.not_face_to_face_reason,
            late_reason=late.get(interview.late_reason),
            late_detail=interview.late_detail,
            declined_reason=interview.declined_reason,
            carer_information=interview.carer_information,
            where_went=interview.where_went,
            who_with=interview.who_with,
            travel_there=interview.travel_there,
            travel_back=interview.travel_back,
            harm=interview.harm,
            child_words=interview.child_words,
            actions_agreed=interview.actions_agreed,
            recorded_by=self.user(interview.recorded_by) if interview.recorded_by else None,
            version=1 + int(allocated) + int(bool(interview.recorded_by)),
        )

    # alerts -----------------------------------------------------------------------------------------------
    def alerts(self, alerts: list[Alert]) -> None:
        rows = []
        for alert in alerts:
            row = RepeatMissingAlert(
                child_id=alert.child.pk,
                rule=alert.rule,
                episode_id=alert.episode.pk,
                episodes_in_window=alert.episodes_in_window,
                window_start=alert.window_start,
                raised_at=alert.raised_at,
            )
            if alert.acknowledged_at is not None:
                row.acknowledged_by = self.user(alert.acknowledged_by)
                row.acknowledged_at = alert.acknowledged_at
                row.decision_note = alert.decision_note
                row.version = 2
                if alert.strategy_by is not None:
                    row.strategy_discussion_requested = True
                    row.strategy_discussion_by = alert.strategy_by
            rows.append(row)
        rows = bulk(RepeatMissingAlert, rows)
        through = RepeatMissingAlert.rules.through
        through.objects.bulk_create(
            [
                through(repeatmissingalert_id=row.pk, repeatmissingrule_id=rule.pk)
                for alert, row in zip(alerts, rows, strict=True)
                for rule in alert.rules
            ],
            batch_size=500,
        )
        for alert, row in zip(alerts, rows, strict=True):
            detail = f"repeat missing alert: {alert.episodes_in_window} in {alert.rule.days} days"
            self.note(alert.raised_at, LogAction.CHANGE, "children.child", alert.child.pk, detail)
            if alert.acknowledged_at is not None:
                self.note(
                    alert.acknowledged_at,
                    LogAction.CHANGE,
                    "missing.repeatmissingalert",
                    row.pk,
                    "strategy discussion requested" if alert.strategy_by else "no further action",
                )


def other_authorities(codes: Iterable[tuple[str, str]]) -> dict[str, Authority]:
    """The invented authorities that place children here, by GSS code (created if need be)."""
    found = {}
    for code, name in codes:
        found[code], _ = Authority.objects.get_or_create(ons_code=code, defaults={"name": name})
    return found
