"""Writes for the screening tool and the hub's review. Each is atomic and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from hub.accounts import access
from hub.accounts.access import Action, Decision, Relationship, authority_ids
from hub.accounts.models import Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.children import services as child_services
from hub.children.models import Child
from hub.core import bulk, clock
from hub.core.calendar import holidays
from hub.core.errors import RuleRefused, StaleVersion
from hub.core.roles import REFERRER_ROLES
from hub.reference.models import ExploitationType, LevelOfConcern, ScreeningIndicator
from hub.reference.selectors import clock_get
from hub.screening import rules
from hub.screening.models import Answer, Route, Screening, ScreeningAnswer, ScreeningReview, SystemConsulted

CHILD_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "date_of_birth_estimated",
    "sex",
    "upn",
    "nhs_number",
    "address",
    "postcode",
    "school",
    "learning_disability",
)
CONCERN_FIELDS = ("concern", "immediate_risk", "actions_taken", "referrer_phone")
SHARING_FIELDS = ("lawful_basis", "consent_not_sought_reason")


@dataclass(frozen=True)
class Problem:
    section: str
    message: str


class ScreeningIncomplete(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


START_REFUSAL = "Your role cannot refer a concern about a child."
REVIEW_REFUSAL = "Only a hub coordinator of the screening's area can review it."
REVIEW_THROUGH = (Relationship.HUB_STAFF,)


def screening_start_check(*, by: User) -> None:
    """Who may refer: anyone working with children (``REFERRER_ROLES``)."""
    access.require_role(by, REFERRER_ROLES, refusal=START_REFUSAL, verb="start a screening")


def screening_review_check(*, by: User, screening: Screening) -> Decision:
    """Who may review a screening (and say which child it is about): a hub coordinator of its area,
    as hub staff. Being its referrer gives no right to review it: deciding the level of concern is the
    coordinators' duty (domain.md's roles), so a hub analyst who referred a child may not decide the
    level of their own referral. A coordinator may review a referral they made themselves: the brief
    asks no second pair of eyes here (as it does for role grants and plan audits), and the hub review
    is due by the next working day, when one coordinator may be all the hub has on duty."""
    return access.require(by, screening, refusal=REVIEW_REFUSAL, through=REVIEW_THROUGH, verb="review")


def screening_may_review(*, by: User, screening: Screening) -> bool:
    """Whether to offer the review: ``screening_review_check``'s rule, asked without a refusal."""
    return access.decide(by, screening, Action.WRITE, REVIEW_THROUGH).allowed


def screening_start(*, by: User, child: Child | None = None, authority: Authority | None = None) -> Screening:
    screening_start_check(by=by)
    if by.agency is None:
        raise RuleRefused("Your account has no agency: ask your administrator to add it before you refer.")
    if authority is None:
        authority = child.authority if child else Authority.objects.filter(pk__in=authority_ids(by)).first()
    if authority is None:
        raise RuleRefused("Your agency does not serve any area yet: ask your administrator.")
    with transaction.atomic():
        screening = Screening.objects.create(
            authority=authority,
            referrer=by,
            referrer_agency=by.agency,
            child=child,
            **(
                {
                    "first_name": child.first_name,
                    "last_name": child.last_name,
                    "date_of_birth": child.date_of_birth,
                    "date_of_birth_estimated": child.date_of_birth_estimated,
                    "sex": child.sex,
                    "upn": child.upn,
                    "nhs_number": child.nhs_number,
                    "learning_disability": "yes" if child.learning_disability else "",
                }
                if child
                else {}
            ),
        )
        log_change(record=screening, action=LogAction.COLLECT, detail="screening started")
    return screening


def _check_draft(screening: Screening, by: User) -> None:
    if screening.status != Screening.Status.DRAFT:
        raise RuleRefused("This screening has been submitted and can no longer be changed.")
    if screening.referrer_id != by.pk:
        raise RuleRefused("Only the person who started a screening can change it.")


def screening_save_section(*, screening: Screening, by: User, version: int, **values: Any) -> Screening:
    """Save one section of a draft as the referrer goes (task list pattern)."""
    allowed = (
        set(CHILD_FIELDS) | set(CONCERN_FIELDS) | set(SHARING_FIELDS) | {"exploitation_types", "authority"}
    )
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"screening_save_section does not take {', '.join(sorted(unknown))}")
    _check_draft(screening, by)
    with transaction.atomic():
        if not Screening.objects.filter(pk=screening.pk, version=version).update(version=version + 1):
            raise StaleVersion("this screening")
        types = values.pop("exploitation_types", None)
        for name, value in values.items():
            setattr(screening, name, value)
        screening.version = version + 1
        screening.save()
        if types is not None:
            screening.exploitation_types.set(types)
        log_change(
            record=screening, detail=f"draft saved: {', '.join(sorted(values)) or 'exploitation types'}"
        )
    return screening


def screening_save_answers(*, screening: Screening, by: User, answers: dict[int, tuple[str, str]]) -> None:
    """``answers`` maps indicator id to (answer, detail); replaces the draft's answers for those."""
    _check_draft(screening, by)
    indicators = {indicator.pk: indicator for indicator in ScreeningIndicator.objects.filter(pk__in=answers)}
    with transaction.atomic():
        for indicator_id, (answer, detail) in answers.items():
            if answer not in Answer.values:
                raise RuleRefused("Answer each question yes, no or not known.")
            indicator = indicators[indicator_id]
            ScreeningAnswer.objects.update_or_create(
                screening=screening,
                indicator=indicator,
                defaults={"answer": answer, "detail": detail.strip(), "weight": indicator.weight},
            )
        Screening.objects.filter(pk=screening.pk).update(version=screening.version + 1)
        screening.version += 1
        log_change(record=screening, detail=f"draft saved: {len(answers)} indicator answers")


def screening_problems(screening: Screening) -> list[Problem]:
    """What still stops the screening being submitted, section by section, in plain words."""
    problems = []
    if not (screening.child_id or (screening.first_name and screening.last_name)):
        problems.append(Problem("child", "Enter the child's first and last name"))
    if not (screening.child_id or screening.date_of_birth):
        problems.append(Problem("child", "Enter the child's date of birth, or an estimate"))
    if not screening.concern.strip():
        problems.append(Problem("concern", "Describe what worries you about the child"))
    if not screening.exploitation_types.exists():
        problems.append(Problem("concern", "Choose at least one type of exploitation you are worried about"))
    answered = set(screening.answers.values_list("indicator_id", flat=True))
    missing = ScreeningIndicator.objects.filter(active=True).exclude(pk__in=answered).count()
    if missing:
        problems.append(
            Problem("indicators", f"Answer the {missing} indicator question{'s' if missing > 1 else ''} left")
        )
    if not screening.lawful_basis:
        problems.append(Problem("sharing", "Choose the lawful basis for sharing this information"))
    elif screening.lawful_basis == "dpa_sch1_18" and not screening.consent_not_sought_reason.strip():
        problems.append(Problem("sharing", "Say why consent was not sought"))
    return problems


def suggestion_for(screening: Screening, *, on: date | None = None) -> rules.Suggestion:
    answers = [
        rules.AnsweredIndicator(answer.indicator.question, answer.weight, answer.answer)
        for answer in screening.answers.select_related("indicator")
    ]
    levels = [
        rules.LevelBand(level.code, level.name, level.rank, level.min_score)
        for level in LevelOfConcern.objects.filter(active=True)
    ]
    child = screening.child
    dob = child.date_of_birth if child is not None else screening.date_of_birth
    disability = (child.learning_disability if child is not None else False) or (
        screening.learning_disability == "yes"
    )
    return rules.suggest_level(
        answers=answers,
        levels=levels,
        age=rules.age_on(dob, on or clock.today()),
        learning_disability=disability,
    )


def _match_by_identifier(screening: Screening) -> Child | None:
    identifiers = Q()
    if screening.upn:
        identifiers |= Q(upn__iexact=screening.upn)
    if screening.nhs_number:
        identifiers |= Q(nhs_number=screening.nhs_number)
    if not identifiers:
        return None
    return Child.objects.filter(authority=screening.authority).filter(identifiers).first()


def screening_submit(*, screening: Screening, by: User) -> Screening:
    _check_draft(screening, by)
    problems = screening_problems(screening)
    if problems:
        raise ScreeningIncomplete(problems)
    with transaction.atomic():
        now = clock.now()
        suggestion = suggestion_for(screening)
        screening.suggested_level = LevelOfConcern.objects.get(code=suggestion.level_code)
        screening.score = suggestion.score
        screening.suggestion_reasons = list(suggestion.reasons)
        screening.submitted_at = now
        screening.review_due_at = rules.review_due(now, clock_get("hub-review").amount, holidays())
        screening.status = Screening.Status.SUBMITTED
        if screening.child_id is None:
            screening.child = _match_by_identifier(screening)
        screening.version += 1
        screening.save()
        log_change(record=screening, action=LogAction.COLLECT, detail="screening submitted to the hub")
    return screening


def screening_link_child(*, screening: Screening, by: User, child: Child | None) -> Child:
    """The reviewer confirms who the child is: an existing record, or a new one from the referral."""
    screening_review_check(by=by, screening=screening)
    if screening.status != Screening.Status.SUBMITTED:
        raise RuleRefused("Only a screening waiting for review can be linked to a child.")
    with transaction.atomic():
        if child is None:
            child = child_services.child_create(
                authority=screening.authority,
                by=by,
                first_name=screening.first_name,
                last_name=screening.last_name,
                date_of_birth=screening.date_of_birth,
                date_of_birth_estimated=screening.date_of_birth_estimated,
                sex=screening.sex,
                upn=screening.upn,
                nhs_number=screening.nhs_number,
                learning_disability=screening.learning_disability == "yes",
            )
            if screening.address:
                child_services.address_add(
                    child=child,
                    by=by,
                    start=clock.today(),
                    line1=screening.address,
                    postcode=screening.postcode,
                )
            if screening.school is not None:
                child_services.school_add(child=child, by=by, school=screening.school, start=clock.today())
        elif child.authority_id != screening.authority_id:
            raise RuleRefused("That child belongs to another authority.")
        screening.child = child
        screening.save(update_fields=["child"])
        log_change(record=screening, detail=f"linked to child record {child.pk}")
    return child


def screening_review(
    *,
    screening: Screening,
    by: User,
    decided_level: LevelOfConcern,
    rationale: str,
    route: str,
    systems_consulted: list[str],
    feedback_to_referrer: str,
    findings: str = "",
    difference_reason: str = "",
    child: Child | None = None,
    create_child: bool = False,
) -> ScreeningReview:
    """The hub's review. A screening not yet linked to a child is linked first, in the same
    transaction: to ``child`` (a record the reviewer chose), or to a new record made from the referral
    (``create_child``)."""
    screening_review_check(by=by, screening=screening)
    if screening.status != Screening.Status.SUBMITTED:
        raise RuleRefused("This screening is not waiting for review.")
    if screening.child is None and child is None and not create_child:
        raise RuleRefused("Confirm which child this is before deciding the level.")
    if route not in Route.values:
        raise RuleRefused("Choose a route.")
    unknown = set(systems_consulted) - set(SystemConsulted.values)
    if unknown:
        raise RuleRefused("Choose systems from the list.")
    differs = decided_level.pk != screening.suggested_level_id
    if differs and not difference_reason.strip():
        suggested = screening.suggested_level
        raise RuleRefused(
            f"Say why you decided {decided_level.name} "
            f"when the tool suggested {suggested.name if suggested else 'none'}."
        )
    if not rationale.strip():
        raise RuleRefused("Give the rationale for the level of concern.")
    if not feedback_to_referrer.strip():
        raise RuleRefused("Write the feedback the referrer will see.")
    with transaction.atomic():
        if screening.child_id is None:
            screening_link_child(screening=screening, by=by, child=child)
        subject = screening.child
        if subject is None:  # linked just above: to the chosen record, or to a new one
            raise RuleRefused("Confirm which child this is before deciding the level.")
        # Two reviewers at once: the second waits here, then finds the screening already reviewed.
        locked = Screening.objects.select_for_update().get(pk=screening.pk)
        if locked.status != Screening.Status.SUBMITTED:
            raise RuleRefused("Someone else has just reviewed this screening: open it to see their decision.")
        now = clock.now()
        review = ScreeningReview.objects.create(
            screening=screening,
            reviewer=by,
            reviewed_at=now,
            systems_consulted=sorted(systems_consulted),
            findings=findings.strip(),
            decided_level=decided_level,
            rationale=rationale.strip(),
            differs_from_suggestion=differs,
            difference_reason=difference_reason.strip() if differs else "",
            route=route,
            feedback_to_referrer=feedback_to_referrer.strip(),
        )
        Screening.objects.filter(pk=screening.pk).update(
            status=Screening.Status.REVIEWED, version=screening.version + 1
        )
        screening.status = Screening.Status.REVIEWED
        bulk.changed(Screening, [Screening.objects.get(pk=screening.pk)], by=by)
        child_services.level_set(
            child=subject,
            level=decided_level,
            by=by,
            rationale=rationale,
            at=now,
            source=f"hub review of screening {screening.pk}",
        )
        child_services.involvement_add(
            child=subject,
            by=by,
            agency=screening.referrer_agency,
            start=clock.today(),
            reason="referred a screening",
        )
        log_change(record=screening, detail=f"reviewed: {decided_level.name}, route {route}")
    return review


def exploitation_types_active() -> list[ExploitationType]:
    return list(ExploitationType.objects.filter(active=True))
