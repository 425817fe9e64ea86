"""The bulk form of the meeting services (``past_services``) leaves what the single-row services leave
when the same meeting is planned, run and minuted one step at a time on its own days, and refuses a bad
row, or someone not allowed a step, with the services' words, writing nothing."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused
from hub.core.roles import Role
from hub.panels import services
from hub.panels.models import AgendaItem, Attendance, DecisionKind, ItemDecision, Meeting, Panel
from hub.panels.past_services import PastDecision, PastItem, PastMeeting, meetings_record_past
from hub.reference.models import MeetingType

UK = ZoneInfo("Europe/London")
REASON = "The panel's year before the Hub, entered as it happened."
HELD = datetime(2026, 6, 9, 13, 30, tzinfo=UK)
PLANNED = HELD - timedelta(days=12)
AGENDA = HELD - timedelta(days=1)
RECORDED = HELD + timedelta(minutes=25)
ATTENDANCE = HELD + timedelta(days=1)
MINUTES = HELD + timedelta(days=2)


@pytest.fixture
def panel(wenmoor, agencies, people):
    """An MEP of the area: chaired by a CSC manager, with a CSC practitioner and a school lead as
    members; a police officer of a neighbouring force comes as a guest."""
    chair = make_user("helen", agencies["csc"], Role.PANEL_CHAIR)
    made, created = services.panel_create_for_demo_and_tests(
        authority=wenmoor,
        name="MEP",
        meeting_type=MeetingType.objects.get(code="mep"),
        chair=chair,
        frequency_days=14,
        members=[people["bob"], people["sam"]],
        agencies=[agencies["csc"], agencies["education"]],
    )
    assert created
    return made


@pytest.fixture
def child(wenmoor, people):
    from hub.children.services import child_create

    return child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Ruby",
        last_name="Quarrie",
        date_of_birth=date(2010, 2, 3),
    )


def record(panel: Panel, child, people) -> PastMeeting:
    alice, helen = people["alice"], panel.chair
    assert helen is not None
    return PastMeeting(
        panel=panel,
        held_at=HELD,
        chair=helen,
        planned_by=alice,
        planned_at=PLANNED,
        place="Civic Offices, committee room 2",
        attendance=[
            (helen, "present"),
            (people["bob"], "present"),
            (people["sam"], "apologies"),
            (people["charlie"], "present"),
        ],
        items=[
            PastItem(
                kind="child",
                added_by=alice,
                added_at=PLANNED + timedelta(days=3),
                child=child,
                reason="At exploited; not discussed at this panel in the last 12 weeks.",
                rule="mep-level",
                information="  Seen at the station with older males twice this month.  ",
                recorded_at=RECORDED,
                recorded_by=alice,
                decisions=[
                    PastDecision(
                        kind=DecisionKind.DISRUPTION, detail=" Police to visit the address. ", by=alice
                    ),
                    PastDecision(
                        kind=DecisionKind.OTHER, detail="School to share attendance weekly.", by=alice
                    ),
                ],
            ),
            PastItem(
                kind="theme",
                added_by=alice,
                added_at=PLANNED + timedelta(days=4),
                theme=" County lines in the north ",
                reason="Raised by the police.",
            ),
        ],
        agenda_issued_at=AGENDA,
        attendance_recorded_at=ATTENDANCE,
        minutes_issued_at=MINUTES,
    )


def minuted_before_it_was_held(past: PastMeeting) -> None:
    past.minutes_issued_at = HELD - timedelta(hours=1)
    past.attendance_recorded_at = HELD - timedelta(hours=2)
    past.items[0].recorded_at, past.items[0].information, past.items[0].decisions = None, "", []


def unproposed_without_a_reason(past: PastMeeting) -> None:
    past.items[0].rule = past.items[0].reason = ""


def theme_escalated_to_sep(past: PastMeeting) -> None:
    past.items[1].decisions = [PastDecision(kind=DecisionKind.ESCALATE_SEP, detail="x", by=past.planned_by)]
    past.items[1].recorded_at = RECORDED


def one_by_one(past: PastMeeting, traveller) -> None:
    """The same meeting through the single-row services, each step on its own day (the clock moved there,
    as a person taking each step at the time)."""
    by = past.planned_by
    if traveller.move_to(past.planned_at, tick=False) is None:
        meeting = services.meeting_schedule(
            panel=past.panel, by=by, held_at=past.held_at, place=past.place, chair=past.chair
        )
        for user, _ in past.attendance:
            services.attendee_add(meeting=meeting, by=by, user=user)
    items = []
    for item in past.items:
        if traveller.move_to(item.added_at, tick=False) is None:
            items.append(
                services.item_add(
                    meeting=meeting,
                    by=item.added_by,
                    kind=item.kind,
                    child=item.child,
                    theme=item.theme,
                    reason=item.reason,
                    rule=item.rule,
                )
            )
    assert past.agenda_issued_at is not None
    if traveller.move_to(past.agenda_issued_at, tick=False) is None:
        meeting = services.agenda_issue(meeting=meeting, by=by)
    for item, row in zip(past.items, items, strict=True):
        if item.recorded_at is None:
            continue
        if traveller.move_to(item.recorded_at, tick=False) is None:
            assert item.recorded_by is not None
            row = services.item_record(
                item=row, by=item.recorded_by, version=row.version, information_shared=item.information
            )
            for decision in item.decisions:
                services.decision_record(item=row, by=decision.by, kind=decision.kind, detail=decision.detail)
    assert past.attendance_recorded_at is not None and past.minutes_issued_at is not None
    if traveller.move_to(past.attendance_recorded_at, tick=False) is None:
        statuses = dict(past.attendance)
        services.attendance_set(
            meeting=meeting,
            by=by,
            statuses={a.pk: statuses[a.user] for a in meeting.attendances.select_related("user")},
        )
    if traveller.move_to(past.minutes_issued_at, tick=False) is None:
        meeting.refresh_from_db()
        services.minutes_issue(meeting=meeting, by=by, version=meeting.version)


def left(panel: Panel) -> dict:
    meetings = Meeting.objects.filter(panel=panel)
    items = AgendaItem.objects.filter(meeting__in=meetings).order_by("order")
    made = {
        "meeting": list(
            meetings.values_list(
                "held_at",
                "place",
                "chair",
                "status",
                "agenda_issued_at",
                "minutes_issued_at",
                "created_by",
                "version",
            )
        ),
        "attendance": sorted(
            Attendance.objects.filter(meeting__in=meetings).values_list("user", "agency", "status")
        ),
        "items": list(
            items.values_list(
                "order",
                "kind",
                "child",
                "theme",
                "reason",
                "rule",
                "added_by",
                "added_at",
                "information_shared",
                "discussed",
                "version",
            )
        ),
        "decisions": list(
            ItemDecision.objects.filter(item__in=items)
            .order_by("pk")
            .values_list("item__order", "kind", "detail", "level", "recorded_by", "recorded_at")
        ),
        # Each record's history starts when it was made (the invitations aside: ``meeting_schedule``
        # inserts its members' without a history row, the bulk form gives every invitation one).
        "made": [
            sorted(
                model.history.filter(history_type="+", **{key: ids}).values_list("history_date", flat=True)
            )
            for model, key, ids in (
                (Meeting, "id__in", meetings.values("pk")),
                (AgendaItem, "meeting__in", meetings),
                (ItemDecision, "item__in", items),
            )
        ],
    }
    # ... and each later change saved by a versioned update (agenda, what was shared, minutes) a
    # "changed" row dated when it was made, with the values then.
    made["changed"] = [
        sorted(
            Meeting.history.filter(history_type="~", id__in=meetings.values("pk")).values_list(
                "history_date", "status", "version"
            )
        ),
        sorted(
            AgendaItem.history.filter(history_type="~", meeting__in=meetings).values_list(
                "history_date", "discussed", "version"
            )
        ),
    ]
    meeting_ids = {str(pk) for pk in meetings.values_list("pk", flat=True)}
    item_ids = {str(pk) for pk in items.values_list("pk", flat=True)}
    # The access log, in the order written (the bulk form writes it in the order the work happened).
    made["log"] = [
        (entry.action, entry.record_type, entry.detail.replace(panel.name, "the panel"))
        for entry in AccessLogEntry.objects.exclude(action=LogAction.REFUSED).order_by("pk")
        if (entry.record_type == "panels.meeting" and entry.record_ids in meeting_ids)
        or (entry.record_type == "panels.agendaitem" and entry.record_ids in item_ids)
    ]
    return made


def second_mep(panel: Panel) -> Panel:
    twin, _ = services.panel_create_for_demo_and_tests(
        authority=panel.authority,
        name="MEP (batched)",
        meeting_type=panel.meeting_type,
        chair=panel.chair,
        frequency_days=14,
        members=list(panel.members.all()),
        agencies=list(panel.member_agencies.all()),
    )
    return twin


def test_the_bulk_form_leaves_what_the_services_leave_one_by_one(panel, child, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK))
    one_by_one(record(panel, child, people), time_machine)
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK))
    twin = second_mep(panel)
    written = meetings_record_past(by=people["alice"], records=[record(twin, child, people)], reason=REASON)
    alone, batched = left(panel), left(twin)
    assert batched == alone
    assert batched["log"].count(("change", "panels.meeting", "charlie invited")) == 1
    assert written.meetings[0].status == Meeting.Status.MINUTES_ISSUED
    assert [len(d) for d in written.decisions[0]] == [2, 0]
    # Entered now by the coordinator, for the reason given; each record dated when it was made.
    history = Meeting.history.get(id=written.meetings[0].pk, history_type="+")
    assert (history.history_user, history.history_change_reason) == (people["alice"], REASON)


@pytest.mark.parametrize(
    "spoil, refusal, words",
    [
        (minuted_before_it_was_held, RuleRefused, "has not happened yet"),
        (lambda r: setattr(r.items[0].decisions[0], "detail", "  "), RuleRefused, "Write the decision"),
        (lambda r: setattr(r.items[1], "theme", ""), RuleRefused, "Name the theme"),
        (
            unproposed_without_a_reason,
            FieldRefused,
            "Say why Ruby",
        ),
        (lambda r: r.attendance.pop(1), RuleRefused, "invited when the meeting was planned"),
        (lambda r: setattr(r, "attendance_recorded_at", None), RuleRefused, "Say when the attendance"),
        (
            lambda r: setattr(r, "agenda_issued_at", PLANNED + timedelta(hours=1)),
            RuleRefused,
            "Add at least one item",
        ),
        (lambda r: r.items.append(r.items[0]), RuleRefused, "already on this agenda"),
        (
            theme_escalated_to_sep,
            RuleRefused,
            "is a decision about a child",
        ),
        (
            lambda r: setattr(r.items[0], "recorded_at", MINUTES + timedelta(days=1)),
            RuleRefused,
            "minutes of this meeting",
        ),
    ],
)
def test_a_bad_row_is_refused_with_the_services_words_and_nothing_is_written(
    panel, child, people, spoil, refusal, words
):
    past = record(panel, child, people)
    spoil(past)
    with pytest.raises(refusal, match=words):
        meetings_record_past(by=people["alice"], records=[past], reason=REASON)
    assert not Meeting.objects.exists()
    assert not ItemDecision.objects.exists()
    with pytest.raises(RuleRefused, match="Say why"):
        meetings_record_past(by=people["alice"], records=[record(panel, child, people)], reason=" ")


def test_someone_not_allowed_a_step_is_refused(panel, child, people):
    past = record(panel, child, people)
    past.planned_by = people["bob"]  # a practitioner member: neither the chair nor a hub coordinator
    with pytest.raises(Forbidden, match="Only the panel's chair and hub coordinators plan its meetings"):
        meetings_record_past(by=people["alice"], records=[past], reason=REASON)
    assert not Meeting.objects.exists()
    refused = AccessLogEntry.objects.filter(action=LogAction.REFUSED).order_by("pk").last()
    assert refused is not None and "Only the panel's chair" in refused.detail
    past = record(panel, child, people)
    past.items[0].decisions[0].by = people["charlie"]  # a guest from another force records a decision
    with pytest.raises((Forbidden, NotVisible)):
        meetings_record_past(by=people["alice"], records=[past], reason=REASON)
    assert not Meeting.objects.exists()


def test_panels_for_the_demo_are_set_up_once_and_refused_where_the_demo_is_not_allowed(
    panel, wenmoor, agencies, people, settings
):
    again, created = services.panel_create_for_demo_and_tests(
        authority=wenmoor,
        name="MEP",
        meeting_type=panel.meeting_type,
        chair=people["alice"],
        frequency_days=7,
        members=[people["alice"]],
        agencies=[agencies["hub"]],
    )
    assert again == panel and not created
    assert (again.chair, again.frequency_days) == (panel.chair, 14)  # found, not changed
    assert set(again.members.all()) == {people["bob"], people["sam"], people["alice"]}  # added, none removed
    settings.HUB_ALLOW_DEMO = False
    with pytest.raises(RuleRefused, match="administrators set panels up in the admin"):
        services.panel_create_for_demo_and_tests(
            authority=wenmoor,
            name="Rogue panel",
            meeting_type=panel.meeting_type,
            chair=None,
            frequency_days=7,
        )
    assert not Panel.objects.filter(name="Rogue panel").exists()


def test_no_page_admin_screen_or_api_reaches_the_bulk_form_or_the_demo_set_up():
    hub = Path(__file__).resolve().parents[2]
    allowed = {"panels/services.py", "panels/past_services.py", "panels/past_action_services.py"}
    reaching = []
    for path in hub.rglob("*.py"):
        relative = path.relative_to(hub).as_posix()
        if relative in allowed or "/tests/" in f"/{relative}" or re.search(r"(^|/)demo(/|\.py$)", relative):
            continue
        names = r"\b(panel_create_for_demo_and_tests|meetings_record_past|item_actions_record_past)\b"
        if re.search(names, path.read_text()):
            reaching.append(relative)
    assert reaching == []
