from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from hub.actions.models import Action
from hub.audit.models import AccessLogEntry, LogAction
from hub.core.errors import Forbidden, RuleRefused, StaleVersion
from hub.core.roles import Role
from hub.plans import action_services, audit_services, selectors, services
from hub.plans.models import AuditForm, Plan, PlanFactor, PlanStatus, PlanVersion
from hub.plans.services import FactorInput
from hub.plans.tests.conftest import FACTORS, agree
from hub.reference.models import Clock, School


def test_a_plan_starts_as_a_draft_led_by_the_allocated_worker(child, people):
    plan = services.plan_start(child=child, by=people["alice"], source_label="MEP 3 March")
    assert plan.status == PlanStatus.DRAFT and plan.lead == people["bob"]
    assert plan.current_number == 0 and plan.review_due is None
    assert plan.started_from == "MEP 3 March" and plan.authority_id == child.authority_id
    assert AccessLogEntry.objects.filter(
        action=LogAction.COLLECT, record_type="plans.plan", record_ids=str(plan.pk)
    ).exists()
    # A meeting deciding again on a child with an open plan gets the same plan back.
    assert services.plan_start(child=child, by=people["alice"]) == plan
    assert selectors.current_plan(child) == plan


def test_the_database_allows_one_open_plan_per_child(child, people):
    services.plan_start(child=child, by=people["bob"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            authority_id=child.authority_id, child=child, lead=people["bob"], created_by=people["bob"]
        )


def test_a_lead_must_be_a_case_holder_serving_the_area(child, people):
    with pytest.raises(RuleRefused, match="cannot lead a plan"):
        services.plan_start(child=child, by=people["alice"], lead=people["sam"])
    with pytest.raises(RuleRefused, match="does not serve this area"):
        services.plan_start(child=child, by=people["alice"], lead=people["charlie"])


def test_agreeing_makes_version_one_with_its_factors_and_review_clock(child, people):
    plan = services.plan_start(child=child, by=people["bob"])
    version = agree(plan, people["bob"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.current_number == 1
    assert version.number == 1 and plan.review_due == version.review_date
    assert version.review_limit == version.agreed_on + timedelta(weeks=12)
    kinds = list(version.factors.values_list("kind", "category", "rating"))
    assert kinds.count(("individual", "", "high")) == 1
    assert ("contextual", "peers", "high") in kinds and ("protective", "", "") in kinds
    with pytest.raises(RuleRefused, match="already been agreed"):
        agree(plan, people["bob"])


def test_the_review_date_is_at_most_twelve_weeks_after_agreement(child, people):
    plan = services.plan_start(child=child, by=people["bob"])
    with pytest.raises(RuleRefused, match="at least every 12 weeks"):
        agree(plan, people["bob"], review_in=85)
    version = agree(plan, people["bob"], review_in=84)
    assert version.review_date == version.review_limit


def test_the_review_clock_follows_the_reference_data(child, people):
    Clock.objects.filter(code="plan-review").update(amount=42)
    plan = services.plan_start(child=child, by=people["bob"])
    with pytest.raises(RuleRefused, match="at least every 6 weeks"):
        agree(plan, people["bob"], review_in=43)
    assert agree(plan, people["bob"], review_in=42).review_limit == timezone.localdate() + timedelta(days=42)


def test_dates_that_cannot_be_right_are_refused(child, people):
    plan = services.plan_start(child=child, by=people["bob"])
    today = timezone.localdate()
    with pytest.raises(RuleRefused, match="cannot be in the future"):
        agree(plan, people["bob"], agreed_on=today + timedelta(days=1))
    with pytest.raises(RuleRefused, match="after the date the plan was agreed"):
        agree(plan, people["bob"], review_in=0)
    # Agreed 80 days ago: the 12 weeks end in 4 days, and the review date may not be in the past.
    with pytest.raises(RuleRefused, match="cannot be in the past"):
        agree(plan, people["bob"], agreed_on=today - timedelta(days=80), review_in=2)


def test_a_plan_needs_a_risk_and_each_factor_its_details(child, people):
    plan = services.plan_start(child=child, by=people["bob"])
    with pytest.raises(RuleRefused, match="at least one risk factor"):
        agree(plan, people["bob"], factors=[FactorInput("protective", "Loves football")])
    with pytest.raises(RuleRefused, match="how serious"):
        agree(plan, people["bob"], factors=[FactorInput("individual", "Goes missing")])
    with pytest.raises(RuleRefused, match="choose where"):
        agree(plan, people["bob"], factors=[FactorInput("contextual", "The park", "low")])
    assert not plan.versions.exists()


def review(plan, by, factors, **extra):
    values: dict[str, Any] = {
        "agreed_on": timezone.localdate(),
        "agreed_by": "MEP review",
        "review_date": timezone.localdate() + timedelta(days=70),
        "progress": "Kai has not been missing for three weeks.",
    }
    values.update(extra)
    return services.plan_review(plan=plan, by=by, version=plan.version, factors=factors, **values)


def test_a_review_is_a_new_version_and_the_last_one_stays_as_it_was(agreed_plan, people):
    first = agreed_plan.versions.get()
    old = {factor.text: factor for factor in first.factors.all()}
    carried = services.factor_inputs_from(first)
    missing = next(c for c in carried if c.text.startswith("Goes missing"))
    factors = [
        # changed: the missing risk reduced
        FactorInput("individual", "Goes missing overnight, most weekends", "low", thread=missing.thread),
        # removed: the debt (not sent); unchanged: the two contextual risks and the protective factor
        *[c for c in carried if c.kind != "individual"],
        # added
        FactorInput("protective", "Started at the boxing club on Tuesdays"),
    ]
    second = review(agreed_plan, people["bob"], factors)
    agreed_plan.refresh_from_db()
    assert second.number == 2 and agreed_plan.current_number == 2
    assert agreed_plan.review_due == second.review_date
    # Version 1 is intact.
    assert first.factors.count() == 5
    assert PlanFactor.objects.get(pk=old["Owes money for a phone he was given"].pk).rating == "medium"

    comparison = selectors.compare_versions(first, second)
    assert (comparison.added, comparison.removed, comparison.changed) == (1, 1, 1)
    individual = {change.status: change for change in comparison.by_kind["individual"]}
    assert individual["changed"].changed_parts == ["rating"]
    removed = individual["removed"].before
    assert removed is not None and removed.text == "Owes money for a phone he was given"
    assert [c.status for c in comparison.by_kind["contextual"]] == ["unchanged", "unchanged"]
    assert comparison.by_kind["protective"][-1].status == "added"


def test_a_review_needs_progress_and_a_fresh_version(agreed_plan, people):
    carried = services.factor_inputs_from(agreed_plan.versions.get())
    with pytest.raises(RuleRefused, match="progress"):
        review(agreed_plan, people["bob"], carried, progress=" ")
    stale = Plan.objects.get(pk=agreed_plan.pk)
    review(agreed_plan, people["bob"], carried)
    with pytest.raises(StaleVersion, match="Someone else changed this plan"):
        review(stale, people["alice"], carried)
    assert agreed_plan.versions.count() == 2


def test_a_thread_from_elsewhere_starts_a_new_factor(agreed_plan, people, wenmoor):
    elsewhere = PlanFactor.objects.first()
    assert elsewhere is not None
    other_child_factor = FactorInput("individual", "Invented", "low", thread=elsewhere.thread)
    carried = services.factor_inputs_from(agreed_plan.versions.get())
    protective = next(c for c in carried if c.kind == "protective")
    # The protective factor's thread sent on an individual risk: not a continuation.
    sent = [FactorInput("individual", "Still missing", "high", thread=protective.thread), other_child_factor]
    second = review(agreed_plan, people["bob"], sent)
    threads = set(second.factors.values_list("thread", flat=True))
    assert protective.thread not in threads
    assert len(threads) == 2


def test_closing_a_plan_needs_a_reason_and_keeps_it(agreed_plan, people):
    with pytest.raises(RuleRefused, match="Say why"):
        services.plan_close(
            plan=agreed_plan, by=people["bob"], version=agreed_plan.version, reason="risk_reduced", note=""
        )
    services.plan_close(
        plan=agreed_plan,
        by=people["bob"],
        version=agreed_plan.version,
        reason="risk_reduced",
        note="No missing episodes for three months.",
    )
    agreed_plan.refresh_from_db()
    assert agreed_plan.status == PlanStatus.CLOSED and agreed_plan.closed_by == people["bob"]
    assert selectors.current_plan(agreed_plan.child) is None
    with pytest.raises(RuleRefused, match="Only an active plan"):
        review(agreed_plan, people["bob"], services.factor_inputs_from(agreed_plan.versions.get()))


def test_plan_actions_go_through_the_actions_capability(agreed_plan, people, wenmoor_police, pele):
    due = timezone.localdate() + timedelta(days=14)
    action = action_services.plan_action_add(
        plan=agreed_plan,
        by=people["bob"],
        title="Disruption visit to the Canal Street flats",
        due=due,
        owner_agency=wenmoor_police,
    )
    assert action.source == agreed_plan
    assert action.source_label == "Plan for Kai Brennan, version 1"
    assert action.child == agreed_plan.child and action.owner_user is None
    assert list(selectors.plan_actions(agreed_plan)) == [action]
    with pytest.raises(RuleRefused, match="works for Wenmoor CSC"):
        action_services.plan_action_add(
            plan=agreed_plan,
            by=people["bob"],
            title="x",
            due=due,
            owner_user=people["bob"],
            owner_agency=wenmoor_police,
        )
    with pytest.raises(RuleRefused, match="does not serve this area"):
        action_services.plan_action_add(
            plan=agreed_plan, by=people["bob"], title="x", due=due, owner_user=people["charlie"]
        )
    with pytest.raises(RuleRefused, match="today or in the future"):
        action_services.plan_action_add(
            plan=agreed_plan, by=people["bob"], title="x", due=due - timedelta(days=30), owner_user=pele
        )


def test_a_draft_has_no_actions_until_it_is_agreed(child, people):
    plan = services.plan_start(child=child, by=people["bob"])
    with pytest.raises(RuleRefused, match="Agree the plan"):
        action_services.plan_action_add(
            plan=plan, by=people["bob"], title="x", due=timezone.localdate(), owner_user=people["bob"]
        )


def _answers(form, answer="met"):
    return {question.pk: (answer, "") for question in form.questions.all()}


def test_an_audit_records_answers_grade_findings_and_actions_arising(agreed_plan, people, helen):
    form = AuditForm.objects.get(code="multi-agency-plan")
    assert form.questions.count() == 8
    answers = _answers(form)
    first_question = form.questions.first()
    assert first_question is not None
    answers[first_question.pk] = ("partly", "The debt is named but not what is being done about it.")
    audit = audit_services.plan_audit_record(
        plan=agreed_plan,
        by=helen,
        form=form,
        answers=answers,
        grade="requires_improvement",
        findings="Contextual risks are well described; actions lack owners.",
    )
    assert audit.plan_version.number == 1 and audit.auditor == helen
    assert audit.answers.get(question=first_question).answer == "partly"
    assert audit.answers.get(question=first_question).question_text == first_question.text
    action = action_services.audit_action_add(
        audit=audit,
        by=helen,
        title="Give every action an owner and a date",
        due=timezone.localdate() + timedelta(days=7),
        owner_user=people["bob"],
    )
    assert action.source == audit and action.owner_agency == people["bob"].agency
    assert action.source_label.startswith("Audit of the plan for Kai Brennan")
    assert Action.objects.filter(owner_user=people["bob"]).count() == 1


def test_audits_are_independent_complete_and_by_coordinators_or_chairs(agreed_plan, people, helen):
    form = AuditForm.objects.get(code="multi-agency-plan")
    values = {"plan": agreed_plan, "form": form, "grade": "good", "findings": "Fine."}
    Plan.objects.filter(pk=agreed_plan.pk).update(lead=helen)
    agreed_plan.refresh_from_db()
    with pytest.raises(RuleRefused, match="You lead this plan"):
        audit_services.plan_audit_record(by=helen, answers=_answers(form), **values)
    with pytest.raises(Forbidden, match="hub coordinators and panel chairs"):
        audit_services.plan_audit_record(by=people["bob"], answers=_answers(form), **values)
    with pytest.raises(Forbidden, match="hub coordinators and panel chairs"):
        audit_services.plan_audit_record(by=people["pat"], answers=_answers(form), **values)
    incomplete = _answers(form)
    last = form.questions.last()
    assert last is not None
    incomplete.pop(last.pk)
    with pytest.raises(RuleRefused, match="Answer every question"):
        audit_services.plan_audit_record(by=people["alice"], answers=incomplete, **values)
    with pytest.raises(RuleRefused, match="overall grade"):
        audit_services.plan_audit_record(
            by=people["alice"], answers=_answers(form), **{**values, "grade": "brilliant"}
        )
    assert (
        audit_services.plan_audit_record(by=people["alice"], answers=_answers(form), **values).grade == "good"
    )


def test_a_retired_question_is_not_asked_and_old_audits_keep_their_wording(agreed_plan, people):
    form = AuditForm.objects.get(code="multi-agency-plan")
    question = form.questions.first()
    assert question is not None
    audit = audit_services.plan_audit_record(
        plan=agreed_plan,
        by=people["alice"],
        form=form,
        answers=_answers(form),
        grade="good",
        findings="Fine.",
    )
    question.text = "Reworded"
    question.active = False
    question.save()
    later = audit_services.plan_audit_record(
        plan=agreed_plan,
        by=people["alice"],
        form=form,
        answers=_answers(form),
        grade="good",
        findings="Fine.",
    )
    assert later.answers.count() == 7
    assert audit.answers.filter(question_text__startswith="Does the plan address individual").exists()


def test_a_plan_for_a_school(people, wenmoor, helen):
    school = School.objects.create(
        authority=wenmoor, urn="999001", name="Wenmoor Academy", phase="secondary", locality="north", roll=900
    )
    plan = services.plan_start_for_context(context=school, by=helen, source_label="Locality north")
    assert plan.child is None and plan.context == school and plan.context_label == "School: Wenmoor Academy"
    assert plan.lead == helen and plan.authority == wenmoor
    assert services.plan_start_for_context(context=school, by=people["alice"]) == plan
    version = agree(
        plan,
        helen,
        factors=[
            FactorInput("contextual", "Pupils recruited at the bus stop after school", "high", "places")
        ],
    )
    action = action_services.plan_action_add(
        plan=plan, by=helen, title="Staff at the bus stop at 3.15", due=timezone.localdate(), owner_user=helen
    )
    assert version.number == 1 and action.child is None and action.subject_label == "School: Wenmoor Academy"
    with pytest.raises(RuleRefused, match="contexts the Hub holds"):
        services.plan_start_for_context(context=people["bob"], by=helen)


def test_plans_due_for_review(agreed_plan, people, wenmoor, harrowfield):
    """The Hub's proposal for a meeting takes every plan of the area falling due; a reader's list only
    the plans they may see."""
    due = agreed_plan.review_due
    assert list(selectors.plans_due_for_meeting(wenmoor, before=due)) == [agreed_plan]
    assert not selectors.plans_due_for_meeting(wenmoor, before=due - timedelta(days=1)).exists()
    assert not selectors.plans_due_for_meeting(harrowfield, before=due).exists()
    bob, sam = people["bob"], people["sam"]
    assert list(selectors.plans_due_for_review(bob, authority=wenmoor, before=due)) == [agreed_plan]
    assert not selectors.plans_due_for_review(sam, authority=wenmoor, before=due).exists()


def test_a_version_survives_only_within_the_clock_in_the_database(agreed_plan):
    version = agreed_plan.versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(review_date=version.review_limit + timedelta(days=1))


def test_a_disabled_lead_is_refused(child, people, agencies):
    gone = make_user("gone", agencies["csc"], Role.PRACTITIONER)
    gone.is_active = False
    gone.save()
    with pytest.raises(RuleRefused, match="disabled"):
        services.plan_start(child=child, by=people["alice"], lead=gone)


def test_factors_are_stored_in_the_order_given(agreed_plan):
    texts = list(agreed_plan.versions.get().factors.order_by("order").values_list("text", flat=True))
    assert texts == [factor.text for factor in FACTORS]


def test_administrators_edit_the_audit_form_and_its_questions(client_for, people):
    form = AuditForm.objects.get(code="multi-agency-plan")
    url = reverse("admin:plans_auditform_change", args=[form.pk])
    page = client_for(people["erin"]).get(url)
    assert page.status_code == 200 and "Are the child&#x27;s views recorded?" in page.content.decode()
    assert client_for(people["alice"]).get(url).status_code == 403
