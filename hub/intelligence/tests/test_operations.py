"""Operations through the real stack: PC Wenmoor (police) starts Operation Kestrel and adds the Station
Hotel, Jay Corran, Kai (a child) and an order; Bob (a practitioner) is made a member and sees what it holds,
never the links' sources or gradings nor Kai's record through it; Ana (hub analyst) and Alice (hub
coordinator) see every operation of the area; Charlie (police of another area), a practitioner who is not a
member and Sam (a school's lead) are refused. Closed, its members keep sight for 90 days, then only hub
staff and the lead. Bad input (dates that cannot be true, closing without an outcome) gets its message."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from conftest import make_user
from hub.accounts.models import Agency
from hub.audit.models import AccessLogEntry
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused
from hub.core.roles import Role
from hub.intelligence import disruption_services
from hub.intelligence import operation_services as ops
from hub.intelligence.models import Operation, OperationEntity, OperationStatus
from hub.reference.models import DisruptionTactic


def _date(prefix: str, when: date | None) -> dict[str, str]:
    if when is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(when.day),
        f"{prefix}_month": str(when.month),
        f"{prefix}_year": str(when.year),
    }


@pytest.fixture
def kestrel(pc, wenmoor, network, people):
    """Operation Kestrel, led by PC, holding Kai, Jay, the hotel and an order against Jay; Bob a member."""
    operation = ops.operation_create(
        by=pc, authority=wenmoor, name="Operation Kestrel", kind="police", started_on=date(2026, 10, 1)
    )
    for name in ("kai", "jay", "hotel"):
        ops.operation_entity_add(by=pc, operation=operation, entity=network[name])
    order = disruption_services.disruption_record(
        by=pc,
        target=network["jay"],
        tactic=DisruptionTactic.objects.get(code="cawn"),
        started_on=date(2026, 11, 1),
        expires_on=date(2027, 5, 1),
        status="in_force",
    )
    ops.operation_disruption_add(by=pc, operation=operation, disruption=order)
    ops.operation_member_add(by=pc, operation=operation, user=people["bob"])
    return operation


def test_an_officer_starts_an_operation_through_the_page(client_for, pc, wenmoor):
    client = client_for(pc)
    assert "Start an operation" in client.get(reverse("intelligence:operations")).content.decode()
    done = client.post(
        reverse("intelligence:operation_new"),
        {"name": "Operation Kestrel", "kind": "police", **_date("started_on", date(2026, 10, 1))},
    )
    operation = Operation.objects.get()
    assert done.status_code == 302 and done.url == reverse("intelligence:operation", args=[operation.pk])
    assert operation.lead == pc and operation.lead_agency == pc.agency and operation.status == "open"
    page = client.get(done.url).content.decode()
    assert "Operation Kestrel" in page and "Police operation" in page


def test_a_practitioner_member_sees_what_it_holds_but_no_source_grading_or_record(
    client_for, kestrel, people
):
    client = client_for(people["bob"])
    listed = client.get(reverse("intelligence:operations")).content.decode()
    assert "Operation Kestrel" in listed and "Start an operation" not in listed
    page = client.get(reverse("intelligence:operation", args=[kestrel.pk])).content.decode()
    assert "Jay Corran" in page and "Station Hotel" in page and "Kai Brennan" in page
    assert "Child Abduction Warning Notice" in page
    # Basic facts only: no link, no source, no grading, no entity page, no forms.
    assert "Links among them" not in page and "2/B/P" not in page
    assert reverse("intelligence:entity", args=[kestrel.entity_items.first().entity_id]) not in page
    assert "Add the member" not in page and "Save where it stands" not in page
    # The child's name links to the child's record, which the child's own policy decides.
    kai = kestrel.entity_items.get(entity__kind="child").entity
    assert reverse("children:detail", args=[kai.child_id]) in page
    assert AccessLogEntry.objects.filter(
        username="bob",
        record_type="intelligence.operation",
        record_ids=str(kestrel.pk),
        justification="operation_member",
    ).exists()
    assert AccessLogEntry.objects.filter(
        username="bob", record_type="intelligence.entity", justification="operation_member"
    ).exists()
    # Never the entities, their links or the intelligence pages through the operation.
    assert client.get(reverse("intelligence:entity", args=[kai.pk])).status_code == 403
    # Bob may see but not change it.
    refused = client.post(reverse("intelligence:operation", args=[kestrel.pk]), {"form": "member"})
    assert refused.status_code == 403


def test_the_child_record_is_not_opened_through_the_operation(client_for, kestrel, wenmoor):
    # A youth justice worker, whose agency is not involved with Kai.
    youth_justice = Agency.objects.create(name="Wenmoor Youth Justice", kind=Agency.Kind.YOUTH_OFFENDING)
    youth_justice.authorities.set([wenmoor])
    other = make_user("olu", youth_justice, Role.PRACTITIONER)
    ops.operation_member_add(by=kestrel.lead, operation=kestrel, user=other)
    client = client_for(other)
    kai = kestrel.entity_items.get(entity__kind="child").entity
    assert client.get(reverse("intelligence:operation", args=[kestrel.pk])).status_code == 200
    assert client.get(reverse("children:detail", args=[kai.child_id])).status_code == 404


def test_hub_staff_and_the_lead_see_it_others_are_refused(client_for, kestrel, ana, people, agencies, pc):
    url = reverse("intelligence:operation", args=[kestrel.pk])
    analyst_page = client_for(ana).get(url).content.decode()
    assert "Links among them" in analyst_page and "2/B/P" in analyst_page  # the links as their policy allows
    assert client_for(people["alice"]).get(url).status_code == 200
    assert client_for(pc).get(url).status_code == 200
    other_officer = make_user("pcwest", pc.agency, Role.POLICE_OFFICER)
    assert client_for(other_officer).get(url).status_code == 404  # not a member: nothing by that route
    assert client_for(people["charlie"]).get(url).status_code == 404
    assert (
        "Operation Kestrel"
        not in client_for(people["charlie"]).get(reverse("intelligence:operations")).content.decode()
    )
    stranger = make_user("nia", agencies["csc"], Role.PRACTITIONER)
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(people["sam"]).get(url).status_code == 403
    assert client_for(people["sam"]).get(reverse("intelligence:operations")).status_code == 403


def test_a_school_lead_or_another_areas_officer_is_not_made_a_member(kestrel, people):
    for person in (people["sam"], people["charlie"]):
        with pytest.raises(FieldRefused, match="whose agency serves"):
            ops.operation_member_add(by=kestrel.lead, operation=kestrel, user=person)


def test_members_see_it_for_90_days_after_it_closes_then_only_hub_staff_and_lead(
    client_for, kestrel, people, ana
):
    ops.operation_update(
        by=kestrel.lead,
        operation=kestrel,
        version=kestrel.version,
        reason="Charges laid.",
        status="closed",
        closed_on=date(2026, 11, 18),
        outcome="Two arrests; a closure order on the hotel.",
    )
    url = reverse("intelligence:operation", args=[kestrel.pk])
    with time_machine.travel(date(2026, 11, 18) + timedelta(days=90), tick=False):
        assert client_for(people["bob"]).get(url).status_code == 200
    with time_machine.travel(date(2026, 11, 18) + timedelta(days=91), tick=False):
        assert client_for(people["bob"]).get(url).status_code == 404
        assert client_for(kestrel.lead).get(url).status_code == 200
        assert client_for(ana).get(url).status_code == 200


def test_closing_needs_an_outcome_and_true_dates(client_for, kestrel, pc, wenmoor):
    url = reverse("intelligence:operation", args=[kestrel.pk])
    form = {
        "form": "status",
        "status-version": kestrel.version,
        "status-status": "closed",
        "status-reason": "Done.",
    }
    page = client_for(pc).post(url, {**form, **_date("status-closed_on", None)}).content.decode()
    assert "Say what the operation achieved (its outcome) before closing it." in page
    before = {**form, "status-outcome": "Arrests.", **_date("status-closed_on", date(2026, 9, 1))}
    page = client_for(pc).post(url, before).content.decode()
    assert "must be after the operation started (1 October 2026)" in page
    future = {**form, "status-outcome": "Arrests.", **_date("status-closed_on", date(2026, 12, 1))}
    assert "must be today or in the past" in client_for(pc).post(url, future).content.decode()
    kestrel.refresh_from_db()
    assert kestrel.status == OperationStatus.OPEN
    started = client_for(pc).post(
        reverse("intelligence:operation_new"),
        {"name": "Operation Merlin", "kind": "police", **_date("started_on", date(2026, 12, 25))},
    )
    assert started.status_code == 200 and "must be today or in the past" in started.content.decode()
    with pytest.raises(FieldRefused, match="already an operation"):
        ops.operation_create(
            by=pc, authority=wenmoor, name="operation kestrel", kind="police", started_on=date(2026, 11, 1)
        )


def test_taking_out_keeps_the_row_with_the_reason_and_closed_holds(kestrel, pc, network):
    item = kestrel.entity_items.get(entity=network["hotel"])
    with pytest.raises(FieldRefused, match="Say why"):
        ops.operation_entity_remove(by=pc, item=item, reason=" ")
    ops.operation_entity_remove(by=pc, item=item, reason="Not connected after all.")
    item.refresh_from_db()
    assert item.removed_by == pc and item.removal_reason == "Not connected after all."
    assert OperationEntity.objects.filter(operation=kestrel).count() == 3  # nothing deleted
    with pytest.raises(RuleRefused, match="already taken out"):
        ops.operation_entity_remove(by=pc, item=item, reason="Again.")
    ops.operation_entity_add(by=pc, operation=kestrel, entity=network["hotel"])  # added again: a new row
    with pytest.raises(RuleRefused, match="already in the operation"):
        ops.operation_entity_add(by=pc, operation=kestrel, entity=network["hotel"])
    kestrel.refresh_from_db()
    ops.operation_update(
        by=pc, operation=kestrel, version=kestrel.version, reason="Done.", status="closed", outcome="Arrests."
    )
    kestrel.refresh_from_db()
    with pytest.raises(RuleRefused, match="reopen it"):
        ops.operation_entity_add(by=pc, operation=kestrel, entity=network["phone"])
    assert kestrel.history.first().history_change_reason == "Done."


def test_who_may_start_and_change_one(kestrel, people, wenmoor, harrowfield, ana, pc):
    with pytest.raises(Forbidden):
        ops.operation_create(
            by=people["bob"], authority=wenmoor, name="X", kind="police", started_on=date(2026, 11, 1)
        )
    with pytest.raises(Forbidden, match="does not serve"):
        ops.operation_create(
            by=pc, authority=harrowfield, name="X", kind="police", started_on=date(2026, 11, 1)
        )
    with pytest.raises(NotVisible):
        ops.operation_change_check(by=people["charlie"], operation=kestrel)
    with pytest.raises(Forbidden):
        ops.operation_change_check(by=people["bob"], operation=kestrel)  # a member who is no writer
    with pytest.raises(Forbidden):
        ops.operation_change_check(by=people["alice"], operation=kestrel)  # a coordinator reads
    ops.operation_change_check(by=ana, operation=kestrel)


def test_the_entity_page_lists_the_operations_the_reader_may_see(client_for, kestrel, network, ana, agencies):
    url = reverse("intelligence:entity", args=[network["jay"].pk])
    assert "Operation Kestrel" in client_for(ana).get(url).content.decode()
    outsider = make_user("pcnorth", kestrel.lead.agency, Role.POLICE_OFFICER)
    page = client_for(outsider).get(url).content.decode()
    assert "Jay Corran" in page and "Operation Kestrel" not in page


def test_the_api_lists_reads_and_changes_operations(client_for, kestrel, pc, people, network):
    api = client_for(pc)
    listed = api.get("/api/v1/intelligence/operations/").json()
    assert [row["name"] for row in listed] == ["Operation Kestrel"]
    detail = client_for(people["bob"]).get(f"/api/v1/intelligence/operations/{kestrel.pk}/").json()
    assert {row["name"] for row in detail["entities"]} == {"Jay Corran", "Station Hotel", "Kai Brennan"}
    assert detail["links"] == [] and not any(row["may_open"] for row in detail["entities"])
    closed = api.patch(
        f"/api/v1/intelligence/operations/{kestrel.pk}/",
        {"version": kestrel.version, "reason": "Done.", "status": "closed"},
        content_type="application/json",
    )
    assert closed.status_code == 400 and "outcome" in closed.json()
    added = api.post(
        f"/api/v1/intelligence/operations/{kestrel.pk}/entities/",
        {"entity": network["phone"].pk},
        content_type="application/json",
    )
    assert added.status_code == 201
    made = api.post(
        "/api/v1/intelligence/operations/",
        {"name": "Operation Merlin", "kind": "multi_agency", "started_on": "2026-12-01"},
        content_type="application/json",
    )
    assert made.status_code == 400 and "started_on" in made.json()
    refused = client_for(people["sam"]).get("/api/v1/intelligence/operations/")
    assert refused.status_code == 403
    assert (
        client_for(people["charlie"]).get(f"/api/v1/intelligence/operations/{kestrel.pk}/").status_code == 404
    )


def test_a_member_reaches_the_operation_from_the_home_page(client_for, kestrel, people, pc):
    """Bob, a social worker who works no intelligence, finds Operation Kestrel on his home page; Sam, a
    school's lead who is in no operation, does not."""
    page = client_for(people["bob"]).get("/").content.decode()
    assert "Your operations" in page and "Operation Kestrel" in page
    assert reverse("intelligence:operation", args=[kestrel.pk]) in page
    assert "Operation Kestrel" not in client_for(people["sam"]).get("/").content.decode()
