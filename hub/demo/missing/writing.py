"""Writing the planned year. The missing episodes, their risk grades, returns, return interviews and
repeat-missing alerts go through the missing services' bulk forms (``hub.missing.past_services``), which
check every row with the single-row services' rules and write the rows, their change history and the
access log as of each row's own days, with the demo's reason.

The children's side (the children first reported missing, their legal statuses, homes and placements,
and the SSDA903 codes of care episodes) is still inserted with ``bulk_create`` as the children services
would have left it: the change history (one "created" row per record) and the access log (the entries
the services would have written, in the order the work happened, chained as ``log`` chains them) are
written beside it. Fields Django stamps "now" on insert are moved back to when the planned work
happened."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import models

from hub.accounts.models import Agency, Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_many
from hub.children import names
from hub.children.models import (
    AddressPeriod,
    CareEpisode,
    Child,
    LegalStatus,
    LegalStatusPeriod,
)
from hub.core.bulk import BATCH, insert
from hub.demo.missing.plan import Alert, CareSpan, DemoChild, Episode
from hub.demo.missing.timing import london
from hub.missing.past_interview_services import PastInterview, interviews_record_past
from hub.missing.past_services import (
    Grading,
    PastDecision,
    PastEpisode,
    PastEpisodes,
    alerts_decide_past,
    episodes_record_past,
)
from hub.reference.models import LateInterviewReason, MissingFactor, ScreeningIndicator

FALLBACK = {"rcalloway": "officer", "kashdown": "officer", "gmountjoy": "coordinator"}
# Why the year's records are entered at the load, for their change history (the demo's clock dates them).
REASON = "demo area: the year of missing episodes before the reference day"


def bulk(model: type[models.Model], objs: list[Any]) -> list[Any]:
    """The children's side of the year (records, legal statuses, addresses, care episode codes), still
    inserted as the children services would have left them (see the module's docstring)."""
    return insert(model, objs)


class Writer:
    """Writes the plan. ``users`` by username; the access-log entries are collected as the rows are
    written and appended at the end, in the order the work happened."""

    def __init__(
        self, *, authority: Authority, police: Agency, users: dict[str, User], now: datetime
    ) -> None:
        self.authority = authority
        self.police = police
        self.users = users
        self.by = self.user("coordinator")  # who enters the year's records, for their change history
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
        log_many(entry for _, entry in sorted(self.entries, key=lambda item: item[0]))
        written = self.episodes(children)
        episodes = [episode for child in children for episode in child.episodes]
        self.interviews([episode for episode in episodes if episode.interview is not None], written)
        self.alerts(alerts, written)

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
                    previously_missing=False,  # until the first report (``episodes_record_past``)
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

    # episodes, interviews and alerts: through the missing services' bulk forms ------------------------
    def episodes(self, children: list[DemoChild]) -> PastEpisodes:
        """Every episode through ``episodes_record_past``: the report, the risk grades, the return and its
        interview clocks, the police's involvement and the repeat-missing check, as of their own days."""
        records_of = Child.objects.in_bulk([child.pk for child in children])
        episodes = [episode for child in children for episode in child.episodes]
        records = [
            PastEpisode(
                child=records_of[episode.child.pk],
                recorded_by=self.user(episode.recorded_by),
                reported_at=episode.reported_at,
                reported_by_kind=episode.reported_by_kind,
                last_seen_at=episode.last_seen_at,
                gradings=[
                    Grading(grade=change.grade, at=change.at, by=self.user(change.by), reason=change.reason)
                    for change in episode.risks
                ],
                entered_at=min(episode.reported_at + timedelta(minutes=3), self.now),
                last_seen_where=episode.last_seen_where,
                police_reference=episode.police_reference,
                dfe_code=episode.dfe_code,
                placement=episode.placement,
                returned_at=episode.returned_at,
                hub_notified_at=episode.hub_notified_at,
                returned_where=episode.returned_where,
                returned_with=episode.returned_with,
                return_method=episode.return_method,
            )
            for episode in episodes
        ]
        written = episodes_record_past(by=self.by, records=records, reason=REASON)
        for episode, row in zip(episodes, written.episodes, strict=True):
            episode.pk = row.pk
        return written

    def interviews(self, episodes: list[Episode], written: PastEpisodes) -> None:
        late = {reason.code: reason for reason in LateInterviewReason.objects.all()}
        factors = dict(MissingFactor.objects.values_list("code", "pk"))
        indicators = dict(ScreeningIndicator.objects.values_list("code", "pk"))
        records = []
        for episode in episodes:
            planned = episode.interview
            interview = written.interviews[episode.pk]
            planned.pk = interview.pk
            past = PastInterview(
                interview=interview,
                allocated_to=self.user(planned.allocated_to) if planned.allocated_to else None,
                allocated_at=planned.allocated_at if planned.allocated_to else None,
            )
            if planned.recorded_by:
                past.recorded_by = self.user(planned.recorded_by)
                past.values = {
                    "first_response_at": planned.first_response_at,
                    "interview_at": planned.interview_at,
                    "face_to_face": planned.face_to_face,
                    "not_face_to_face_reason": planned.not_face_to_face_reason,
                    "late_reason": late.get(planned.late_reason),
                    "late_detail": planned.late_detail,
                    "declined_reason": planned.declined_reason,
                    "carer_information": planned.carer_information,
                    "where_went": planned.where_went,
                    "who_with": planned.who_with,
                    "travel_there": planned.travel_there,
                    "travel_back": planned.travel_back,
                    "harm": planned.harm,
                    "child_words": planned.child_words,
                    "actions_agreed": planned.actions_agreed,
                    "factors": [factors[code] for code in planned.factors if code in factors],
                    "indicators_observed": [
                        indicators[code] for code in planned.indicators if code in indicators
                    ],
                }
            else:
                past.first_response_at = planned.first_response_at
            records.append(past)
        interviews_record_past(by=self.by, records=records, reason=REASON)

    def alerts(self, planned: list[Alert], written: PastEpisodes) -> None:
        """The hub's decisions on the alerts the service raised; the plan raised the same ones (it follows
        the same rule), and a difference is a fault in the plan."""
        raised = {alert.episode_id: alert for alert in written.alerts}
        expected = {alert.episode.pk: [rule.pk for rule in alert.rules] for alert in planned}
        got = {pk: sorted(alert.rules.values_list("pk", flat=True)) for pk, alert in raised.items()}
        if {pk: sorted(rules) for pk, rules in expected.items()} != got:
            raise RuntimeError("The demo planned other repeat-missing alerts than the service raised.")
        decisions = [
            PastDecision(
                alert=raised[alert.episode.pk],
                by=self.user(alert.acknowledged_by),
                at=alert.acknowledged_at,
                strategy_discussion=alert.strategy_by is not None,
                note=alert.decision_note,
                hold_by=alert.strategy_by,
            )
            for alert in planned
            if alert.acknowledged_at is not None
        ]
        alerts_decide_past(by=self.by, decisions=decisions, reason=REASON)


def other_authorities(codes: Iterable[tuple[str, str]]) -> dict[str, Authority]:
    """The invented authorities that place children here, by GSS code (created if need be)."""
    found = {}
    for code, name in codes:
        found[code], _ = Authority.objects.get_or_create(ons_code=code, defaults={"name": name})
    return found
