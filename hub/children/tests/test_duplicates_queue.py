"""The hub's queue of possible duplicates: a shared identifier is never disclosed to whoever adds the
second record; hub coordinators decide whether the pair is the same child or different children; a
record in another area is not named; outsiders are refused; every step is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import PossibleDuplicate
from hub.children.services import child_create
from hub.core.roles import Role

QUEUE = reverse("children:duplicates")


@pytest.fixture
def pair(people, wenmoor):
    first = child_create(
        authority=wenmoor, by=people["alice"], first_name="Jonathan", last_name="Smith", upn="A123456789012"
    )
    second = child_create(
        authority=wenmoor, by=people["bob"], first_name="Jon", last_name="Smyth", upn="A123456789012"
    )
    return first, second


def test_a_coordinator_decides_a_pair_is_the_same_child_with_the_reason(client_for, people, pair):
    first, second = pair
    alice = client_for(people["alice"])
    page = alice.get(QUEUE).content.decode()
    assert "The same UPN" in page and "Jonathan Smith" in page and "Jon Smyth" in page
    assert AccessLogEntry.objects.filter(
        username="alice", action=LogAction.CONSULT, record_type="children.child", detail="possible duplicates"
    ).exists()
    duplicate = PossibleDuplicate.objects.get()
    response = alice.post(QUEUE, {"duplicate": duplicate.pk, "decision": "same", "note": ""})
    assert "Say how you know the records are the same child" in response.content.decode()
    response = alice.post(
        QUEUE, {"duplicate": duplicate.pk, "decision": "same", "note": "Same school, same carer."}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.decision, duplicate.decided_by, duplicate.decision_note) == (
        "same",
        people["alice"],
        "Same school, same carer.",
    )
    assert "There are no possible duplicates waiting" in alice.get(QUEUE).content.decode()
    assert AccessLogEntry.objects.filter(
        action=LogAction.CHANGE, record_ids=str(second.pk), detail=f"the same child as record {first.pk}"
    ).exists()


def test_an_analyst_sees_the_queue_but_only_a_coordinator_decides(client_for, people, agencies, pair):
    analyst = client_for(make_user("ana", agencies["hub"], Role.HUB_ANALYST))
    assert "Jon Smyth" in analyst.get(QUEUE).content.decode()
    duplicate = PossibleDuplicate.objects.get()
    response = analyst.post(QUEUE, {"duplicate": duplicate.pk, "decision": "different"})
    assert "Only a hub coordinator decides" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.decided_at is None


def test_people_outside_the_hub_are_refused(client_for, people, pair):
    assert client_for(people["bob"]).get(QUEUE).status_code == 403
    assert client_for(people["charlie"]).get(QUEUE).status_code == 403


def test_a_record_in_another_area_is_not_named(client_for, people, agencies, wenmoor, harrowfield):
    child_create(
        authority=harrowfield,
        by=people["alice"],
        first_name="Kyle",
        last_name="Barnes",
        nhs_number="9434765919",
    )
    child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Kyle",
        last_name="Barnes-Ward",
        nhs_number="9434765919",
    )
    wenmoor_hub = make_user("wendy", agencies["hub"], Role.HUB_COORDINATOR)
    harrowfield_hub = make_user("harry", agencies["other_police"], Role.HUB_COORDINATOR)
    wendy_page = client_for(wenmoor_hub).get(QUEUE).content.decode()
    assert "Kyle Barnes-Ward" in wendy_page and "Harrowfield County Council's area" in wendy_page
    assert (
        "Kyle Barnes," not in wendy_page and "different" not in wendy_page.lower().split("children (")[0][-1:]
    )
    harry_page = client_for(harrowfield_hub).get(QUEUE).content.decode()
    assert ">Kyle Barnes</a>" in harry_page and "Barnes-Ward" not in harry_page
    assert 'value="different"' not in harry_page  # cannot decide without seeing both


def test_the_duplicate_services_decide_who_may_decide_and_dismiss(people, agencies, pair):
    """The rule is the services' (issue 11 item 1): the hub's queue is decided by a hub coordinator who
    sees both records; from a child's record, whoever may change it says it is a different child."""
    from hub.children import services
    from hub.core.errors import Forbidden, NotVisible

    first, _ = pair
    duplicate = PossibleDuplicate.objects.get()
    analyst = make_user("ana", agencies["hub"], Role.HUB_ANALYST)
    other_hub = make_user("hugo", agencies["other_police"], Role.HUB_COORDINATOR)  # Harrowfield's
    assert not services.duplicate_decide_allowed(by=analyst)
    with pytest.raises(Forbidden, match="Only a hub coordinator"):
        services.duplicate_decide(duplicate=duplicate, by=analyst, decision="different")
    with pytest.raises(NotVisible):
        services.duplicate_decide(duplicate=duplicate, by=other_hub, decision="different")
    with pytest.raises(Forbidden):
        services.duplicate_dismiss(child=first, duplicate=duplicate, by=analyst)  # sees it, cannot change it
    refused = AccessLogEntry.objects.filter(action=LogAction.REFUSED, username__in=["ana", "hugo"])
    assert refused.count() == 3
    duplicate.refresh_from_db()
    assert duplicate.decided_at is None
    services.duplicate_dismiss(child=first, duplicate=duplicate, by=people["alice"])
    duplicate.refresh_from_db()
    assert (duplicate.decision, duplicate.decided_by) == ("different", people["alice"])
