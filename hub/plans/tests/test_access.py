"""Who may see and change a plan (hub/plans/access.py), through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user
from hub.accounts import access
from hub.accounts.access import Action
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.roles import Role
from hub.plans import audit_services, services
from hub.plans.models import AuditForm, Plan
from hub.plans.tests.conftest import agree
from hub.plans.tests.test_pages import review_data


@pytest.fixture
def led_by_alice(child, people):
    """Kai's plan, led by Alice (a hub coordinator); Bob is still Kai's allocated practitioner."""
    plan = services.plan_start(child=child, by=people["alice"], lead=people["alice"])
    agree(plan, people["alice"])
    plan.refresh_from_db()
    return plan


def _status(client, name, plan):
    return client.get(reverse(name, args=[plan.pk])).status_code


def test_a_school_lead_sees_nothing_of_a_childs_plan(client_for, people, led_by_alice, child):
    sam = client_for(people["sam"])
    assert _status(sam, "plans:detail", led_by_alice) == 404
    assert _status(sam, "plans:compare", led_by_alice) == 404
    assert sam.get(reverse("plans:child_plans", args=[child.pk])).status_code == 404
    assert sam.get(reverse("plans:list")).status_code == 403
    assert not access.visible(people["sam"], Plan.objects.all()).exists()


def test_another_authoritys_officer_gets_404_and_the_refusal_is_logged(client_for, people, led_by_alice):
    charlie = client_for(people["charlie"])
    assert _status(charlie, "plans:detail", led_by_alice) == 404
    refusal = AccessLogEntry.objects.filter(action=LogAction.REFUSED, username="charlie").last()
    assert refusal is not None
    assert refusal.record_type == "plans.plan" and refusal.record_ids == str(led_by_alice.pk)
    assert charlie.get(reverse("api:plans-detail", args=[led_by_alice.pk])).status_code == 404
    assert charlie.get(reverse("api:plans-list")).json()["count"] == 0


def test_the_allocated_practitioner_writes_a_plan_they_do_not_lead(client_for, people, led_by_alice):
    assert access.decide(people["bob"], led_by_alice, Action.WRITE).basis == "allocated"
    bob = client_for(people["bob"])
    assert _status(bob, "plans:review", led_by_alice) == 200
    data = review_data(led_by_alice, led_by_alice.versions.get())
    assert bob.post(reverse("plans:review", args=[led_by_alice.pk]), data).status_code == 302
    assert led_by_alice.versions.count() == 2


def test_an_involved_police_officer_reads_but_does_not_change_the_plan(client_for, pele, led_by_alice):
    police = client_for(pele)
    assert _status(police, "plans:detail", led_by_alice) == 200
    # They may see the plan, so its changes are refused (403), not hidden (404): the API's answer too.
    for name in ("plans:review", "plans:close", "plans:action_add"):
        assert _status(police, name, led_by_alice) == 403, name
    assert (
        "Review the plan" not in police.get(reverse("plans:detail", args=[led_by_alice.pk])).content.decode()
    )


def test_an_unrelated_practitioner_sees_nothing(client_for, yusuf, led_by_alice):
    assert _status(client_for(yusuf), "plans:detail", led_by_alice) == 404


def test_a_panel_chair_and_an_analyst_read_every_plan_of_the_area(client_for, helen, agencies, led_by_alice):
    analyst = make_user("ana", agencies["hub"], Role.HUB_ANALYST)
    for reader in (helen, analyst):
        client = client_for(reader)
        assert _status(client, "plans:detail", led_by_alice) == 200
        assert _status(client, "plans:review", led_by_alice) == 403
    assert access.decide(helen, led_by_alice).basis == "panel_member"
    # A panel chair's sight of plans does not open the child's record.
    assert client_for(helen).get(reverse("children:detail", args=[led_by_alice.child_id])).status_code == 404


def test_partnership_leads_auditors_and_administrators_see_no_plan(client_for, people, led_by_alice):
    for name in ("pat", "dana", "erin"):
        assert _status(client_for(people[name]), "plans:detail", led_by_alice) == 404, name


def test_audits_are_seen_by_the_plans_readers_only(client_for, people, pele, helen, led_by_alice):
    form = AuditForm.objects.get(code="multi-agency-plan")
    audit = audit_services.plan_audit_record(
        plan=led_by_alice,
        by=helen,
        form=form,
        answers={question.pk: ("met", "") for question in form.questions.all()},
        grade="good",
        findings="A clear plan.",
    )
    url = reverse("plans:audit_detail", args=[audit.pk])
    assert client_for(pele).get(url).status_code == 200
    assert client_for(people["sam"]).get(url).status_code == 404
    assert client_for(people["charlie"]).get(url).status_code == 404
    # Only coordinators and chairs add actions arising; the lead (Alice) does not audit her own plan.
    assert client_for(pele).get(reverse("plans:audit_action_add", args=[audit.pk])).status_code == 403
    assert (
        client_for(people["alice"]).get(reverse("plans:audit_action_add", args=[audit.pk])).status_code == 403
    )
    assert client_for(helen).get(reverse("plans:audit_action_add", args=[audit.pk])).status_code == 200
    assert client_for(people["alice"]).get(reverse("plans:audit", args=[led_by_alice.pk])).status_code == 302


def test_starting_a_plan_needs_sight_of_the_child(client_for, people, yusuf, child):
    assert client_for(yusuf).get(reverse("plans:start", args=[child.pk])).status_code == 404
    assert client_for(people["sam"]).get(reverse("plans:start", args=[child.pk])).status_code == 403
    assert client_for(people["alice"]).get(reverse("plans:start", args=[child.pk])).status_code == 200
