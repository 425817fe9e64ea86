"""Writing the planned year through the services' bulk forms, which check every row with the
single-row services' rules and write the rows, their change history and the access log as of each row's
own days, with the demo's reason: the children first reported missing, with their homes, legal statuses
and placements (``hub.children.past_services.children_record_past``), the SSDA903 codes of care
episodes (``care_codes_set_past``), then the missing episodes, their risk grades, returns, return
interviews and repeat-missing alerts (``hub.missing.past_services``).

One write is not a service's: screened children first reported missing before their screening have
their records' ``created_at`` moved back to that report (no service changes when a record was made)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from hub.accounts.models import Agency, Authority, User
from hub.accounts.organisations import authority_create_for_demo_and_tests
from hub.children.models import AddressPeriod, Child, LegalStatus, LegalStatusPeriod
from hub.children.past_services import (
    PastAddress,
    PastCareCodes,
    PastChild,
    PastLegalStatus,
    care_codes_set_past,
    children_record_past,
)
from hub.core.bulk import BATCH
from hub.demo.missing.plan import Alert, CareSpan, DemoChild, Episode, known
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


class Writer:
    """Writes the plan. ``users`` by username."""

    def __init__(
        self, *, authority: Authority, police: Agency, users: dict[str, User], now: datetime
    ) -> None:
        self.authority = authority
        self.police = police
        self.users = users
        self.by = self.user("coordinator")  # who enters the year's records, for their change history
        self.now = now

    def user(self, username: str) -> User:
        return self.users.get(username) or self.users[FALLBACK[username]]

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
            [Child(pk=child.pk, created_at=self._created_at(child)) for child in created_earlier],
            ["created_at"],
            batch_size=BATCH,
        )
        self.care_codes(children, others_in_care)
        written = self.episodes(children)
        episodes = [episode for child in children for episode in child.episodes]
        self.interviews([episode for episode in episodes if episode.interview is not None], written)
        self.alerts(alerts, written)

    # children ---------------------------------------------------------------------------------------------
    def children(self, new: list[DemoChild]) -> None:
        """The new children's records, each with their home and legal status, or their looked-after
        episodes and placements (each move recorded on its day), through ``children_record_past``."""
        records = [self._past_child(child) for child in new]
        written = children_record_past(by=self.by, records=records, reason=REASON)
        for child, row, periods in zip(new, written.children, written.legal_statuses, strict=True):
            child.pk = row.pk
            looked_after = [period for period in periods if period.status == LegalStatus.LOOKED_AFTER]
            for span, period in zip(child.care, looked_after, strict=True):
                if period.end != span.end:
                    raise RuntimeError("The demo planned other care episode ends than the service wrote.")
                span.period_pk = period.pk

    def _past_child(self, child: DemoChild) -> PastChild:
        created_at = self._created_at(child)
        statuses: list[PastLegalStatus] = []
        addresses: list[PastAddress] = []
        if child.home_address and child.home_since is not None:
            addresses.append(
                PastAddress(
                    start=child.home_since,
                    entered_at=created_at,
                    line1=child.home_address,
                    postcode=child.postcode,
                )
            )
        if child.legal_status and child.status_start is not None:
            statuses.append(
                PastLegalStatus(status=child.legal_status, start=child.status_start, entered_at=created_at)
            )
        for index, span in enumerate(child.care):
            if span.period_pk is not None:
                raise RuntimeError("A new child's care episode is already recorded.")
            at = created_at if index == 0 else london(span.start, 11)
            statuses.append(
                PastLegalStatus(
                    status=LegalStatus.LOOKED_AFTER,
                    start=span.start,
                    entered_at=at,
                    placing_authority=span.placing,
                    host_authority=span.host,
                )
            )
            addresses.append(
                PastAddress(
                    start=span.start,
                    entered_at=at,
                    line1=span.line1,
                    postcode=span.postcode,
                    kind=AddressPeriod.Kind.PLACEMENT,
                )
            )
        return PastChild(
            authority=self.authority,
            created_by=self.user(child.created_by),
            entered_at=created_at,
            identity={
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth,
                "sex": child.sex,
                "ethnicity": child.ethnicity,
                "local_child_id": child.local_child_id,
            },
            legal_statuses=statuses,
            addresses=addresses,
        )

    @staticmethod
    def _created_at(child: DemoChild) -> datetime:
        return known(child.created_at, "date for a child's record")

    def care_codes(self, children: list[DemoChild], others_in_care: list[CareSpan]) -> None:
        """The SSDA903 codes of every looked-after episode still without them, through
        ``care_codes_set_past``: a new child's with the episode, a screened child's at their first report,
        and those of screened children who do not go missing at the load."""
        wanted: list[tuple[CareSpan, datetime]] = []
        for child in children:
            for index, span in enumerate(child.care):
                if span.has_codes:
                    continue
                if child.is_new:
                    at = self._created_at(child) if index == 0 else london(span.start, 11)
                else:
                    at = child.episodes[0].reported_at or self.now
                wanted.append((span, at))
        wanted += [(span, self.now) for span in others_in_care]
        periods = LegalStatusPeriod.objects.select_related("child").in_bulk(
            [span.period_pk for span, _ in wanted]
        )
        records = []
        for span, at in wanted:
            period = periods[span.period_pk]
            records.append(
                PastCareCodes(period=period, codes=span.codes, entered_at=max(at, period.recorded_at))
            )
        care_codes_set_past(by=self.by, records=records, reason=REASON)

    # episodes, interviews and alerts: through the missing services' bulk forms ------------------------
    def episodes(self, children: list[DemoChild]) -> PastEpisodes:
        """Every episode through ``episodes_record_past``: the report, the risk grades, the return and its
        interview clocks, the police's involvement and the repeat-missing check, as of their own days."""
        records_of = Child.objects.in_bulk([child.pk for child in children])
        episodes = [episode for child in children for episode in child.episodes]
        records = [
            PastEpisode(
                child=records_of[known(episode.child.pk, "child's record")],
                recorded_by=self.user(episode.recorded_by),
                reported_at=known(episode.reported_at, "report"),
                reported_by_kind=episode.reported_by_kind,
                last_seen_at=episode.last_seen_at,
                gradings=[
                    Grading(grade=change.grade, at=change.at, by=self.user(change.by), reason=change.reason)
                    for change in episode.risks
                ],
                entered_at=min(known(episode.reported_at, "report") + timedelta(minutes=3), self.now),
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
            planned = known(episode.interview, "interview")
            interview = written.interviews[known(episode.pk, "episode")]
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
                alert=raised[known(alert.episode.pk, "episode")],
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
    return {code: authority_create_for_demo_and_tests(ons_code=code, name=name) for code, name in codes}
