from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import Child, LevelOfConcernChange
from hub.children.services import child_create
from hub.core.errors import RuleRefused, StaleVersion
from hub.reference.models import LevelOfConcern
from hub.screening import services
from hub.screening.models import Screening
from hub.screening.tests.helpers import filled_screening


def test_submit_fixes_the_suggestion_and_the_review_clock(people):
    screening = filled_screening(people["sam"])
    assert screening.status == Screening.Status.SUBMITTED
    assert screening.score == 9
    assert screening.suggested_level.code == "groomed-targeted"
    assert screening.review_due_at > screening.submitted_at
    assert timezone.localtime(screening.review_due_at).hour == 23
    assert screening.suggestion_reasons[0] == "Score 9 from 3 indicators answered yes."
    assert (
        AccessLogEntry.objects.filter(
            action=LogAction.COLLECT, record_type="screening.screening", record_ids=str(screening.pk)
        ).count()
        == 2
    )


def test_an_incomplete_screening_says_what_is_missing_per_section(people):
    screening = services.screening_start(by=people["sam"])
    with pytest.raises(services.ScreeningIncomplete) as raised:
        services.screening_submit(screening=screening, by=people["sam"])
    sections = {problem.section for problem in raised.value.problems}
    assert sections == {"child", "concern", "indicators", "sharing"}
    assert "Enter the child's first and last name" in str(raised.value)


def test_only_the_referrer_changes_a_draft_and_nobody_changes_it_after_submission(people):
    draft = filled_screening(people["sam"], submit=False)
    with pytest.raises(RuleRefused):
        services.screening_save_section(screening=draft, by=people["bob"], version=draft.version, concern="x")
    submitted = services.screening_submit(screening=draft, by=people["sam"])
    with pytest.raises(RuleRefused, match="submitted"):
        services.screening_save_section(
            screening=submitted, by=people["sam"], version=submitted.version, concern="changed"
        )


def test_a_stale_draft_is_refused_and_keeps_the_newer_text(people):
    draft = services.screening_start(by=people["sam"])
    version = draft.version
    services.screening_save_section(screening=draft, by=people["sam"], version=version, concern="first")
    stale = Screening.objects.get(pk=draft.pk)
    stale.version = version
    with pytest.raises(StaleVersion):
        services.screening_save_section(screening=stale, by=people["sam"], version=version, concern="second")
    assert Screening.objects.get(pk=draft.pk).concern == "first"


def test_a_known_upn_links_the_child_at_submission(people, wenmoor):
    child = child_create(
        authority=wenmoor,
        by=people["alice"],
        first_name="Jonathan",
        last_name="Smith",
        date_of_birth=date(2011, 5, 4),
        upn="A123456789012",
    )
    screening = filled_screening(people["sam"], upn="A123456789012")
    assert screening.child == child


def test_review_sets_the_level_with_history_and_makes_the_referrer_agency_involved(people):
    screening = filled_screening(people["sam"])
    services.screening_link_child(screening=screening, by=people["alice"], child=None)
    exploited = LevelOfConcern.objects.get(code="exploited")
    with pytest.raises(RuleRefused, match="Say why you decided Exploited"):
        services.screening_review(
            screening=screening,
            by=people["alice"],
            decided_level=exploited,
            rationale="Police intelligence links him to a known adult.",
            route="mep",
            systems_consulted=["police"],
            feedback_to_referrer="Thank you.",
        )
    review = services.screening_review(
        screening=screening,
        by=people["alice"],
        decided_level=exploited,
        rationale="Police intelligence links him to a known adult.",
        route="mep",
        systems_consulted=["police", "csc"],
        feedback_to_referrer="Thank you; a plan is being made.",
        difference_reason="Police hold intelligence the referrer could not know.",
    )
    assert review.differs_from_suggestion
    child = Child.objects.get(pk=screening.child_id)
    assert child.level == exploited
    change = LevelOfConcernChange.objects.get(child=child)
    assert (change.decided_by, change.source) == (people["alice"], f"hub review of screening {screening.pk}")
    assert child.agency_involvements.filter(agency=people["sam"].agency).exists()
    with pytest.raises(RuleRefused):
        services.screening_review(
            screening=screening,
            by=people["alice"],
            decided_level=exploited,
            rationale="again",
            route="mep",
            systems_consulted=[],
            feedback_to_referrer="x",
        )


def test_review_needs_the_child_confirmed_first(people):
    screening = filled_screening(people["sam"])
    with pytest.raises(RuleRefused, match="Confirm which child"):
        services.screening_review(
            screening=screening,
            by=people["alice"],
            decided_level=screening.suggested_level,
            rationale="r",
            route="marmm",
            systems_consulted=[],
            feedback_to_referrer="f",
        )


def test_a_child_of_another_authority_cannot_be_linked(people, harrowfield):
    other = child_create(authority=harrowfield, by=people["alice"], first_name="Jonathan", last_name="Smith")
    screening = filled_screening(people["sam"])
    with pytest.raises(RuleRefused, match="another authority"):
        services.screening_link_child(screening=screening, by=people["alice"], child=other)
