"""Changing who leads a plan, with a reason: by whoever may change the plan, to someone who may lead one
in its area; the plan's history keeps who led it before, who changed it, when and why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.audit.models import AccessLogEntry, LogAction
from hub.core.corrections import corrections_of
from hub.core.errors import FieldRefused, Forbidden, NotVisible, RuleRefused, StaleVersion
from hub.plans import selectors, services
from hub.plans.corrections import plan_lead_set

REASON = "The case has passed to the youth offending team, who see him every week."


def test_the_lead_changes_and_the_history_keeps_who_led_it_before(agreed_plan, people, yusuf):
    plan_lead_set(plan=agreed_plan, by=people["bob"], version=agreed_plan.version, lead=yusuf, reason=REASON)
    agreed_plan.refresh_from_db()
    assert agreed_plan.lead == yusuf
    [change] = corrections_of(agreed_plan, show_narrative=True)
    assert [(c.label, c.before, c.after) for c in change.changes] == [("Lead", "Bob Tester", "Yusuf Tester")]
    assert change.by == "Bob Tester" and change.reason == REASON
    assert AccessLogEntry.objects.filter(
        username="bob",
        action=LogAction.CHANGE,
        record_ids=str(agreed_plan.pk),
        detail="lead changed to yusuf",
    ).exists()
    # The new lead changes the plan from now on; its versions are untouched.
    assert selectors.may_write(yusuf, agreed_plan)
    assert agreed_plan.versions.count() == 1


def test_only_someone_who_may_change_the_plan_changes_its_lead(agreed_plan, people, pele, helen, yusuf):
    with pytest.raises(NotVisible):  # outside: the plan is not one Charlie may see
        plan_lead_set(
            plan=agreed_plan, by=people["charlie"], version=agreed_plan.version, lead=yusuf, reason=REASON
        )
    for other in (pele, helen):  # reads it through the police; chairs a panel
        with pytest.raises(Forbidden):
            plan_lead_set(plan=agreed_plan, by=other, version=agreed_plan.version, lead=yusuf, reason=REASON)
    assert AccessLogEntry.objects.filter(username="charlie", action=LogAction.REFUSED).exists()
    agreed_plan.refresh_from_db()
    assert agreed_plan.lead == people["bob"]


def test_the_new_lead_a_reason_and_an_open_plan_are_needed(agreed_plan, people, yusuf):
    bob = people["bob"]
    with pytest.raises(FieldRefused, match="Say why the lead is changing"):
        plan_lead_set(plan=agreed_plan, by=bob, version=agreed_plan.version, lead=yusuf, reason="")
    for wrong in (people["sam"], people["charlie"], bob):  # cannot lead; another area; already leads
        with pytest.raises(FieldRefused) as refused:
            plan_lead_set(plan=agreed_plan, by=bob, version=agreed_plan.version, lead=wrong, reason=REASON)
        assert refused.value.field == "lead"
    with pytest.raises(StaleVersion):
        plan_lead_set(plan=agreed_plan, by=bob, version=agreed_plan.version - 1, lead=yusuf, reason=REASON)
    closed = services.plan_close(
        plan=agreed_plan, by=bob, version=agreed_plan.version, reason="risk_reduced", note="Safe now."
    )
    with pytest.raises(RuleRefused, match="closed"):
        plan_lead_set(plan=closed, by=bob, version=closed.version, lead=yusuf, reason=REASON)


def test_changing_the_lead_through_the_pages_and_the_api(client_for, agreed_plan, people, pele, yusuf):
    bob = client_for(people["bob"])
    url = reverse("plans:lead", args=[agreed_plan.pk])
    assert url in bob.get(reverse("plans:detail", args=[agreed_plan.pk])).content.decode()
    response = bob.post(url, {"version": agreed_plan.version})
    page = response.content.decode()
    assert "There is a problem" in page and "Choose who leads the plan" in page
    assert "Say why the lead is changing" in page
    response = bob.post(url, {"version": agreed_plan.version, "lead": yusuf.pk, "reason": REASON})
    assert response["Location"] == reverse("plans:detail", args=[agreed_plan.pk])
    page = bob.get(response["Location"]).content.decode()
    assert "Changes to the plan's lead" in page
    assert REASON in page and "was Bob Tester; now Yusuf Tester" in page
    assert client_for(pele).get(url).status_code == 403  # sees the plan, may not change it
    assert client_for(people["charlie"]).get(url).status_code == 404

    api = reverse("api:plans-lead", kwargs={"pk": agreed_plan.pk})
    body = {"version": agreed_plan.version, "lead": people["bob"].pk, "reason": "Back to Bob."}
    assert bob.post(api, body, content_type="application/json").status_code == 409
    response = bob.post(
        api,
        {**body, "version": agreed_plan.version + 1, "lead": people["sam"].pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "lead" in response.json()
    response = bob.post(api, {**body, "version": agreed_plan.version + 1}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["lead"] == "Bob Tester"
