"""Who starts and audits a plan is decided by the services themselves (issue 11 item 1): each write
refuses, whoever calls it, a person the rule does not allow, and logs the refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.errors import Forbidden, NotVisible, RuleRefused
from hub.core.roles import Role
from hub.plans import action_services, audit_services, services
from hub.plans.models import AuditForm, Plan
from hub.plans.tests.conftest import agree
from hub.reference.models import School


def _refusals(user) -> int:
    return AccessLogEntry.objects.filter(user_id=user.pk, action=LogAction.REFUSED).count()


def test_a_plan_is_started_by_a_case_role_who_sees_the_child(child, people, pele, helen):
    with pytest.raises(Forbidden, match="does not start plans"):
        services.plan_start(child=child, by=people["sam"])  # a school lead
    with pytest.raises(NotVisible):
        services.plan_start(child=child, by=people["charlie"])  # Harrowfield police
    assert _refusals(people["sam"]) == 1 and _refusals(people["charlie"]) == 1
    assert not Plan.objects.filter(child=child).exists()
    with pytest.raises(NotVisible):
        # A panel chair of the area reads its plans, but starts one only for a child they may see.
        services.plan_start_check(by=helen, child=child)
    plan = services.plan_start(child=child, by=pele)  # Wenmoor police, involved with the child
    assert plan.created_by == pele


def _audit(plan, by):
    form = AuditForm.objects.get(code="multi-agency-plan")
    return audit_services.plan_audit_record(
        plan=plan,
        by=by,
        form=form,
        answers={question.pk: ("met", "") for question in form.questions.all()},
        grade="good",
        findings="Clear and owned.",
    )


def test_the_lead_never_audits_their_plan_and_the_check_says_so_once(child, people, agencies, helen):
    plan = services.plan_start(child=child, by=people["alice"], lead=people["alice"])
    with pytest.raises(RuleRefused, match="A draft plan cannot be audited"):
        audit_services.plan_audit_check(by=helen, plan=plan)
    agree(plan, people["alice"])
    plan.refresh_from_db()
    with pytest.raises(RuleRefused, match="You lead this plan"):
        audit_services.plan_audit_check(by=people["alice"], plan=plan)
    with pytest.raises(RuleRefused, match="You lead this plan"):
        _audit(plan, people["alice"])
    with pytest.raises(Forbidden):
        _audit(plan, people["bob"])  # the allocated practitioner: not an auditor's role
    with pytest.raises(NotVisible):
        _audit(plan, make_user("hugo", agencies["other_police"], Role.HUB_COORDINATOR))  # Harrowfield's hub
    audit = _audit(plan, helen)
    due = timezone.localdate() + timedelta(days=7)
    with pytest.raises(Forbidden, match="who may audit the plan"):
        action_services.audit_action_add(audit=audit, by=people["alice"], title="Owners", due=due)
    assert _refusals(people["alice"]) == 1
    action = action_services.audit_action_add(
        audit=audit, by=helen, title="Owners", due=due, owner_user=people["bob"]
    )
    assert action.source == audit


def test_a_plan_for_a_context_is_started_by_hub_or_chair_of_its_area(people, wenmoor, harrowfield, agencies):
    school = School.objects.create(
        authority=wenmoor, urn="999002", name="Wenmoor High", phase="secondary", locality="north", roll=800
    )
    with pytest.raises(Forbidden, match="does not start plans for places"):
        services.plan_start_for_context(context=school, by=people["bob"])  # a practitioner
    harrowfield_hub = make_user("hana", agencies["other_police"], Role.HUB_COORDINATOR)
    with pytest.raises(NotVisible):
        services.plan_start_for_context(context=school, by=harrowfield_hub)
    assert _refusals(people["bob"]) == 1 and _refusals(harrowfield_hub) == 1
    assert not Plan.objects.filter(context_id=school.pk).exists()
    plan = services.plan_start_for_context(context=school, by=people["alice"])
    assert plan.authority == wenmoor and plan.lead == people["alice"]
