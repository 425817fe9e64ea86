""" "Overdue" is one rule per record, on the model, read by lists, pages and templates alike: an action
unfinished past its due date, an active plan past its review date, a return interview still to hold
past its 72-hour clock, a screening waiting for review past its clock. What is done is never overdue."""

from __future__ import annotations

from datetime import timedelta

from hub.actions.models import Action, ActionStatus
from hub.core import clock
from hub.missing.models import ReturnInterview
from hub.plans.models import Plan, PlanStatus
from hub.screening.models import Screening


def test_overdue_is_the_models_rule(reference_clock):
    yesterday, tomorrow = clock.today() - timedelta(days=1), clock.today() + timedelta(days=1)
    assert Action(due=yesterday, status=ActionStatus.OPEN).is_overdue()
    assert not Action(due=yesterday, status=ActionStatus.DONE).is_overdue()
    assert not Action(due=tomorrow, status=ActionStatus.OPEN).is_overdue()
    assert Plan(status=PlanStatus.ACTIVE, review_due=yesterday).review_overdue()
    assert not Plan(status=PlanStatus.CLOSED, review_due=yesterday).review_overdue()
    assert not Plan(status=PlanStatus.ACTIVE, review_due=clock.today()).review_overdue()
    past = clock.now() - timedelta(hours=1)
    assert ReturnInterview(status=ReturnInterview.Status.ALLOCATED, interview_due_at=past).is_overdue()
    assert not ReturnInterview(status=ReturnInterview.Status.COMPLETED, interview_due_at=past).is_overdue()
    assert Screening(status=Screening.Status.SUBMITTED, review_due_at=past).review_overdue()
    assert not Screening(status=Screening.Status.REVIEWED, review_due_at=past).review_overdue()
