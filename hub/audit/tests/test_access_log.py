from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from conftest import reauthenticated
from hub.audit.models import AccessLogEntry, ChainHead, LogAction
from hub.audit.services import log, log_many, verify_chain
from hub.audit.tests.tampering import triggers_off

LOG = reverse("audit:log")


def test_reading_a_page_writes_an_entry_before_the_response(client_for, people):
    dana = people["dana"]
    before = AccessLogEntry.objects.count()
    response = client_for(dana).get(LOG, {"user": "alice"})
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(action=LogAction.CONSULT, user_id=dana.pk).latest("id")
    assert AccessLogEntry.objects.count() > before
    assert entry.username == "dana"
    assert entry.agency == "Wenmoor Partnership"
    assert entry.roles == "auditor"
    assert entry.ip_address == "127.0.0.1"
    assert entry.request_id == response["X-Request-ID"]
    assert entry.justification == "audit"
    assert "user=alice" in entry.detail


def test_an_entry_has_every_field_security_asks_for(people):
    entry = log(
        action=LogAction.DISCLOSE,
        record_type="children.child",
        record_ids=[7, 9],
        actor=people["alice"],
        justification="panel",
        recipient="Harrowfield Children's Services",
    )
    entry.refresh_from_db()
    assert entry.at.utcoffset() == timedelta(0)
    assert (entry.user_id, entry.username, entry.roles) == (people["alice"].pk, "alice", "hub_coordinator")
    assert entry.record_ids == "7,9"
    assert entry.outcome == "ok"
    assert entry.recipient == "Harrowfield Children's Services"


def test_update_on_the_log_is_refused_by_the_database(people):
    entry = log(action=LogAction.CONSULT, actor=people["alice"], record_type="children.child", record_ids=[1])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(username="mallory")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_accesslogentry SET detail = 'x'")


def test_delete_on_the_log_is_refused_by_the_database(people):
    entry = log(action=LogAction.CONSULT, actor=people["alice"])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def _without_triggers(statement: str, params: list) -> None:
    """Tamper as someone with the database owner's rights would: drop the guard, change a row."""
    with triggers_off() as cursor:
        cursor.execute(statement, params)


def test_audit_verify_passes_an_intact_chain(people, capsys):
    for _ in range(3):
        log(action=LogAction.CONSULT, actor=people["alice"], record_type="children.child", record_ids=[1])
    call_command("audit_verify")
    assert "Access log intact" in capsys.readouterr().out


def test_audit_verify_names_the_first_changed_entry(people):
    entries = [log(action=LogAction.CONSULT, actor=people["alice"], record_ids=[i]) for i in range(4)]
    _without_triggers("UPDATE audit_accesslogentry SET username = %s WHERE id = %s", ["bob", entries[1].pk])
    with pytest.raises(CommandError, match=f"entry {entries[1].pk} .*changed"):
        call_command("audit_verify")


def test_audit_verify_finds_a_removed_entry(people):
    entries = [log(action=LogAction.CONSULT, actor=people["alice"], record_ids=[i]) for i in range(4)]
    _without_triggers("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[2].pk])
    with pytest.raises(CommandError, match=f"entry {entries[3].pk} .*removed"):
        call_command("audit_verify")


def test_audit_verify_finds_the_newest_entries_removed(people):
    entries = [log(action=LogAction.CONSULT, actor=people["alice"], record_ids=[i]) for i in range(3)]
    _without_triggers("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[-1].pk])
    _checked, bad, problem = verify_chain()
    assert bad is None and "newest entries were removed" in problem


def test_the_chain_links_each_entry_to_the_one_before(people):
    first = log(action=LogAction.CONSULT, actor=people["alice"])
    second = log(action=LogAction.CONSULT, actor=people["bob"])
    assert second.prev_hash == first.entry_hash
    assert ChainHead.objects.get(pk=1).last_hash == second.entry_hash


def test_many_entries_are_appended_in_order_on_the_same_chain(people):
    before = log(action=LogAction.CONSULT, actor=people["alice"])
    written = log_many(
        {
            "action": LogAction.CHANGE,
            "record_type": "children.child",
            "record_ids": [i],
            "detail": f"change {i}",
        }
        for i in range(3)
    )
    after = log(action=LogAction.CONSULT, actor=people["bob"])
    entries = list(AccessLogEntry.objects.filter(pk__gt=before.pk, pk__lt=after.pk).order_by("pk"))
    assert written == 3 and [e.record_ids for e in entries] == ["0", "1", "2"]
    assert entries[0].prev_hash == before.entry_hash and after.prev_hash == entries[-1].entry_hash
    checked, bad, problem = verify_chain()
    assert checked == AccessLogEntry.objects.count() and bad is None, problem


def test_an_entry_rolls_back_with_the_change_it_records(people):
    with pytest.raises(RuntimeError), transaction.atomic():
        log(action=LogAction.CHANGE, actor=people["alice"], record_type="children.child", record_ids=[5])
        raise RuntimeError("the change failed")
    assert not AccessLogEntry.objects.filter(record_type="children.child", record_ids="5").exists()
    call_command("audit_verify")


def test_only_the_auditor_reads_the_log(client_for, people):
    for name in ["alice", "bob", "charlie", "erin", "sam", "pat"]:
        assert client_for(people[name]).get(LOG).status_code == 403, name
        assert client_for(people[name]).get(reverse("audit:log_export")).status_code == 403, name
    refusal = AccessLogEntry.objects.filter(action=LogAction.REFUSED, username="pat").latest("id")
    assert refusal.outcome == "refused"


def test_search_filters_by_user_record_action_and_date(client_for, people):
    log(action=LogAction.CONSULT, actor=people["alice"], record_type="children.child", record_ids=[12, 120])
    log(action=LogAction.CHANGE, actor=people["bob"], record_type="children.child", record_ids=[120])
    client = client_for(people["dana"])
    page = client.get(LOG, {"record_type": "children.child", "record_id": "12"}).context["page"]
    assert [e.username for e in page] == ["alice"]
    page = client.get(LOG, {"record_id": "120", "action": "change"}).context["page"]
    assert [e.username for e in page] == ["bob"]
    page = client.get(LOG, {"user": "bob", "date_from": "01/01/2000", "date_to": "31/12/2099"}).context[
        "page"
    ]
    assert {e.username for e in page} == {"bob"}


def test_bad_dates_get_a_clear_message_not_an_error(client_for, people):
    response = client_for(people["dana"]).get(LOG, {"date_from": "31/02/2026", "date_to": "yesterday"})
    assert response.status_code == 200
    assert b"Enter the start date like 27/11/2026" in response.content
    response = client_for(people["dana"]).get(LOG, {"date_from": "02/01/2026", "date_to": "01/01/2026"})
    assert b"The end date must be the same as or after the start date" in response.content


def test_export_is_csv_neutralised_and_itself_logged(client_for, people):
    log(action=LogAction.CONSULT, actor=people["alice"], detail='=HYPERLINK("http://x")')
    response = reauthenticated(client_for(people["dana"])).get(reverse("audit:log_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["id", "at_utc", "username"]
    details = [row[13] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in details
    export = AccessLogEntry.objects.filter(action=LogAction.DISCLOSE, username="dana").latest("id")
    assert export.justification == "audit export"
    assert export.recipient == "dana"


def test_export_escapes_a_formula_after_a_semicolon_and_keeps_ids_as_numbers(client_for, people):
    log(action=LogAction.CONSULT, actor=people["alice"], detail="seen; -1+cmd|' /C calc'!A0")
    response = reauthenticated(client_for(people["dana"])).get(reverse("audit:log_export"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert "seen;' -1+cmd|' /C calc'!A0" in [row[13] for row in rows[1:]]
    assert all(row[0].isdigit() for row in rows[1:])
    # someone outside the auditor role gets no export
    assert client_for(people["pat"]).get(reverse("audit:log_export")).status_code == 403


def test_auditor_home_reports_break_glass(client_for, people):
    log(
        action=LogAction.BREAK_GLASS,
        actor=people["bob"],
        record_type="children.child",
        record_ids=[3],
        justification="break glass: child missing overnight, carer called out of hours",
    )
    response = client_for(people["dana"]).get(reverse("core:home"))
    assert b"Break-glass access in the last 30 days" in response.content
    assert b"child missing overnight" in response.content


def test_the_log_page_takes_a_fixed_number_of_queries(client_for, people, django_assert_max_num_queries):
    client = client_for(people["dana"])
    for i in range(60):
        log(action=LogAction.CONSULT, actor=people["alice"], record_type="children.child", record_ids=[i])
    with django_assert_max_num_queries(12):
        response = client.get(LOG)
    assert len(response.context["page"].object_list) == 50


def test_the_record_type_is_chosen_by_the_name_people_know(client_for, people):
    log(action=LogAction.CONSULT, actor=people["alice"], record_type="children.child", record_ids=[12, 120])
    log(
        action=LogAction.CONSULT, actor=people["alice"], record_type="missing.missingepisode", record_ids=[12]
    )
    client = client_for(people["dana"])
    page = client.get(LOG).content.decode()
    assert '<select class="govuk-select" id="id_record_type" name="record_type"' in page
    assert '<option value="children.child">Child</option>' in page
    assert '<option value="missing.missingepisode">Missing episode</option>' in page
    assert '<option value="missing.returninterview">Return interview</option>' in page
    assert "historical" not in page.lower()
    response = client.get(LOG, {"record_type": "missing.missingepisode"})
    assert [entry.record_type for entry in response.context["page"]] == ["missing.missingepisode"]
    assert "Missing episode 12" in response.content.decode()
    # The entries list their ids with spaces, so a long list wraps rather than widening the table.
    assert "Child 12, 120" in client.get(LOG, {"record_type": "children.child"}).content.decode()
    # A type typed into the address is refused with the field named, not an error page.
    response = client.get(LOG, {"record_type": "children.kid"})
    assert response.status_code == 200
    assert "Choose a record type from the list" in response.content.decode()
    assert client_for(people["alice"]).get(LOG, {"record_type": "children.child"}).status_code == 403


def test_the_filters_sit_above_the_entries_so_the_why_column_has_room(client_for, people):
    log(action=LogAction.CONSULT, actor=people["alice"], record_type="children.child", record_ids=[1])
    page = client_for(people["dana"]).get(LOG).content.decode()
    assert page.index('aria-label="Filter the access log"') < page.index("<table")
    assert "govuk-grid-column-two-thirds" not in page  # the table is not squeezed into a column
