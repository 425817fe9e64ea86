"""The bulk forms of the children services (``past_services``) leave what the single-row services leave
when the same records are entered one by one on their own days (the rows, their change history, the
late entries and the access log), refuse a bad row with the same words and write nothing, and refuse
whoever may not enter a child's past records."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hub.audit.models import AccessLogEntry
from hub.children import services
from hub.children.models import (
    AddressPeriod,
    AgencyInvolvement,
    CareEpisode,
    Child,
    LegalStatus,
    LegalStatusPeriod,
    PossibleDuplicate,
)
from hub.children.past_services import (
    PastAddress,
    PastCareCodes,
    PastChild,
    PastLegalStatus,
    care_codes_set_past,
    children_record_past,
)
from hub.core import clock
from hub.core.dates import DateRefused
from hub.core.errors import Forbidden, RuleRefused
from hub.core.models import LateEntry

UK = ZoneInfo("Europe/London")
REASON = "The year before the Hub, entered as it happened."
RECORDED = datetime(2026, 3, 4, 10, 15, tzinfo=UK)  # the child's record, first status and placement
MOVED = datetime(2026, 7, 20, 11, tzinfo=UK)  # the placement move, recorded that day
CODED = datetime(2026, 7, 21, 9, tzinfo=UK)  # the move's SSDA903 codes
FIRST_PLACED = date(2025, 1, 6)  # long before the record: a late entry
CODES = {"rne": "P", "ls": "C2", "cin": "N1", "place": "U4", "home_post": "WM1"}


def record_for(first_name: str, bob, wenmoor, harrowfield) -> PastChild:
    return PastChild(
        authority=wenmoor,
        created_by=bob,
        entered_at=RECORDED,
        identity={
            "first_name": first_name,
            "last_name": "Okafor" if first_name == "Ade" else "Lindqvist",
            "date_of_birth": date(2010, 9, 1) if first_name == "Ade" else date(2011, 2, 14),
            "sex": "1",
            "local_child_id": f"LA-{first_name}",
        },
        legal_statuses=[
            PastLegalStatus(
                status=LegalStatus.LOOKED_AFTER,
                start=FIRST_PLACED,
                entered_at=RECORDED,
                placing_authority=harrowfield,
                host_authority=wenmoor,
            ),
            PastLegalStatus(
                status=LegalStatus.LOOKED_AFTER,
                start=MOVED.date(),
                entered_at=MOVED,
                placing_authority=harrowfield,
                host_authority=wenmoor,
            ),
        ],
        addresses=[
            PastAddress(
                start=FIRST_PLACED,
                entered_at=RECORDED,
                line1="Foster placement",
                postcode="wm1 2ab",
                kind=AddressPeriod.Kind.PLACEMENT,
            ),
            PastAddress(
                start=MOVED.date(),
                entered_at=MOVED,
                line1="Beech House children's home",
                postcode="WM3 9ZZ",
                kind=AddressPeriod.Kind.PLACEMENT,
            ),
        ],
    )


def one_by_one(record: PastChild, by, traveller) -> Child:
    """The same record through the single-row services, each part entered on its own day (the clock
    there, as a person entering it at the time), with who enters the past records and why."""

    def on(at: datetime):
        traveller.move_to(at, tick=False)
        return clock.history(at, reason=REASON, by=by)

    with on(record.entered_at):
        child = services.child_create(authority=record.authority, by=record.created_by, **record.identity)
    periods = []
    for status, address in zip(record.legal_statuses, record.addresses, strict=True):
        with on(status.entered_at):
            periods.append(
                services.legal_status_add(
                    child=child,
                    by=record.created_by,
                    status=status.status,
                    start=status.start,
                    placing_authority=status.placing_authority,
                    host_authority=status.host_authority,
                    late_entry_reason=REASON,
                )
            )
            services.address_add(
                child=child,
                by=record.created_by,
                start=address.start,
                line1=address.line1,
                postcode=address.postcode,
                kind=address.kind,
            )
    with on(CODED):
        services.care_codes_set(period=periods[-1], by=by, codes=CODES)
    return child


def history(model, **lookup) -> list[tuple]:
    """The change history of the rows, by when each change happened (changes of the same moment, such
    as a period closed as the next begins, in any order)."""
    changes = (
        (
            row.history_type,
            row.history_date,
            row.history_user_id,
            row.history_change_reason,
            getattr(row, "end", 0),
        )
        for row in model.history.filter(**lookup)
    )
    return sorted(changes, key=lambda change: (change[1], repr(change)))


def left(child: Child) -> dict:
    """What the records of ``child`` left, without ids or the child's own name."""
    child.refresh_from_db()
    statuses = LegalStatusPeriod.objects.filter(child=child).order_by("start")
    return {
        "child": (
            child.date_of_birth,
            child.created_at,
            child.created_by_id,
            child.version,
            child.previously_missing,
            bool(child.first_name_key and child.last_name_key),
        ),
        "statuses": list(
            statuses.values_list(
                "status", "start", "end", "placing_authority", "host_authority", "recorded_by", "recorded_at"
            )
        ),
        "addresses": list(
            AddressPeriod.objects.filter(child=child)
            .order_by("start")
            .values_list("kind", "line1", "postcode", "start", "end", "recorded_by", "recorded_at")
        ),
        "involved": list(
            AgencyInvolvement.objects.filter(child=child).values_list(
                "agency", "start", "reason", "recorded_by", "recorded_at"
            )
        ),
        "codes": list(
            CareEpisode.objects.filter(period__child=child).values_list("rne", "ls", "place", "home_post")
        ),
        "history": [
            history(Child, id=child.pk),
            history(LegalStatusPeriod, child_id=child.pk),
            history(AddressPeriod, child_id=child.pk),
            history(AgencyInvolvement, child_id=child.pk),
            history(CareEpisode, period_id__in=list(statuses.values_list("pk", flat=True))),
        ],
        "late": list(
            LateEntry.objects.filter(object_id__in=list(statuses.values_list("pk", flat=True)))
            .order_by("happened_at")
            .values_list("event", "happened_at", "entered_at", "entered_by", "reason")
        ),
        "log": list(
            AccessLogEntry.objects.filter(record_type="children.child", record_ids=str(child.pk))
            .order_by("pk")
            .values_list("action", "detail")
        ),
    }


def test_the_bulk_form_leaves_what_the_services_leave_one_by_one(wenmoor, harrowfield, people, time_machine):
    alice, bob = people["alice"], people["bob"]
    alone = one_by_one(record_for("Ade", bob, wenmoor, harrowfield), alice, time_machine)
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=UK), tick=False)
    written = children_record_past(
        by=alice, records=[record_for("Ade", bob, wenmoor, harrowfield)], reason=REASON
    )
    batched = written.children[0]
    first, moved = written.legal_statuses[0]
    care_codes_set_past(
        by=alice, records=[PastCareCodes(period=moved, codes=CODES, entered_at=CODED)], reason=REASON
    )
    assert left(batched) == left(alone)
    assert (first.end, moved.end) == (MOVED.date(), None)
    assert [a.end for a in written.addresses[0]] == [MOVED.date(), None]
    # The bulk form compares each child with those before it: the second Ade may be the first.
    assert list(PossibleDuplicate.objects.values_list("child", "other")) == [(batched.pk, alone.pk)]
    assert left(batched)["late"], "the first placement began long before it was recorded"
    assert left(batched)["involved"][0][2] == "recorded the child"


def test_children_in_one_batch_are_compared_with_those_entered_before_them(wenmoor, harrowfield, people):
    alice, bob = people["alice"], people["bob"]
    earlier = record_for("Ade", bob, wenmoor, harrowfield)
    later = record_for("Ade", bob, wenmoor, harrowfield)
    later.entered_at = earlier.entered_at + timedelta(hours=2)
    for status in later.legal_statuses:
        status.entered_at = max(status.entered_at, later.entered_at)
    for address in later.addresses:
        address.entered_at = max(address.entered_at, later.entered_at)
    other = record_for("Lena", bob, wenmoor, harrowfield)
    written = children_record_past(by=alice, records=[later, other, earlier], reason=REASON)
    first_ade, lena, second_ade = written.children[2], written.children[1], written.children[0]
    assert list(PossibleDuplicate.objects.values_list("child", "other", "score")) == [
        (second_ade.pk, first_ade.pk, 1.0)
    ]
    assert not PossibleDuplicate.objects.filter(child=lena).exists()


def spoil_status(record: PastChild, **values) -> None:
    for name, value in values.items():
        setattr(record.legal_statuses[1], name, value)


@pytest.mark.parametrize(
    "spoil, error, words",
    [
        (
            lambda r: spoil_status(r, status=LegalStatus.CHILD_IN_NEED),
            RuleRefused,
            "Only a looked-after child has a placing or host authority",
        ),
        (lambda r: spoil_status(r, start=date(2010, 1, 1)), DateRefused, "after the child was born"),
        (
            lambda r: spoil_status(r, start=MOVED.date() + timedelta(days=1)),
            DateRefused,
            "today or in the past",
        ),
        (lambda r: spoil_status(r, status="fostered"), RuleRefused, "Choose the legal status"),
        (
            lambda r: spoil_status(r, entered_at=RECORDED - timedelta(days=1)),
            RuleRefused,
            "recorded after the child's record",
        ),
        (lambda r: r.identity.update(date_of_birth=date(2026, 5, 1)), DateRefused, "date of birth"),
        (lambda r: r.identity.update(shoe_size="5"), TypeError, "shoe_size"),
        (
            lambda r: spoil_status(r, entered_at=datetime(2026, 12, 1, 9, tzinfo=UK)),
            RuleRefused,
            "moments that have passed",
        ),
    ],
)
def test_a_bad_row_is_refused_with_the_services_words_and_nothing_is_written(
    wenmoor, harrowfield, people, spoil, error, words
):
    records = [record_for(name, people["bob"], wenmoor, harrowfield) for name in ("Ade", "Lena")]
    spoil(records[1])
    with pytest.raises(error, match=words):
        children_record_past(by=people["alice"], records=records, reason=REASON)
    assert not Child.objects.exists()
    assert not AccessLogEntry.objects.filter(record_type="children.child").exists()


def test_who_may_enter_past_records(wenmoor, harrowfield, people):
    record = record_for("Ade", people["bob"], wenmoor, harrowfield)
    with pytest.raises(Forbidden, match="cannot record children"):  # a police officer
        children_record_past(by=people["charlie"], records=[record], reason=REASON)
    with pytest.raises(Forbidden, match="cannot record children"):  # an auditor
        children_record_past(by=people["dana"], records=[record], reason=REASON)
    elsewhere = record_for("Ade", people["bob"], harrowfield, wenmoor)
    with pytest.raises(Forbidden, match="an area your agency serves"):  # Wenmoor's hub, in Harrowfield
        children_record_past(by=people["alice"], records=[elsewhere], reason=REASON)
    recorded_by_stranger = record_for("Ade", people["charlie"], wenmoor, harrowfield)
    with pytest.raises(Forbidden, match="charlie's agency does not serve"):
        children_record_past(by=people["alice"], records=[recorded_by_stranger], reason=REASON)
    with pytest.raises(RuleRefused, match="Say why"):
        children_record_past(by=people["alice"], records=[record], reason="  ")
    assert not Child.objects.exists()


def test_care_codes_meet_the_single_row_rules(wenmoor, harrowfield, people):
    alice = people["alice"]
    written = children_record_past(
        by=alice, records=[record_for("Ade", people["bob"], wenmoor, harrowfield)], reason=REASON
    )
    first, moved = written.legal_statuses[0]
    child = written.children[0]
    in_need = services.legal_status_add(
        child=child, by=alice, status=LegalStatus.CHILD_IN_NEED, start=date.today()
    )
    refused = [
        (
            PastCareCodes(period=in_need, codes=CODES, entered_at=CODED),
            RuleRefused,
            "Only a looked-after period",
        ),
        (
            PastCareCodes(period=moved, codes={**CODES, "colour": "red"}, entered_at=CODED),
            TypeError,
            "colour",
        ),
        (
            PastCareCodes(period=moved, codes=CODES, entered_at=RECORDED),
            RuleRefused,
            "set after the episode is recorded",
        ),
    ]
    for bad, error, words in refused:
        with pytest.raises(error, match=words):
            care_codes_set_past(
                by=alice,
                records=[PastCareCodes(period=first, codes=CODES, entered_at=CODED), bad],
                reason=REASON,
            )
        assert not CareEpisode.objects.exists()
    with pytest.raises(Forbidden):
        care_codes_set_past(
            by=people["charlie"],
            records=[PastCareCodes(period=first, codes=CODES, entered_at=CODED)],
            reason=REASON,
        )
    care_codes_set_past(
        by=alice, records=[PastCareCodes(period=first, codes=CODES, entered_at=CODED)], reason=REASON
    )
    with pytest.raises(RuleRefused, match="already"):
        care_codes_set_past(
            by=alice, records=[PastCareCodes(period=first, codes=CODES, entered_at=CODED)], reason=REASON
        )
    assert CareEpisode.objects.get().period == first
