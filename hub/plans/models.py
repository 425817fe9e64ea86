"""Plans for children and for contexts (a school now; places, groups and persons of concern when the
intelligence capability adds them), their agreed versions with risk and protective factors, and
plan audits against the partnership's audit forms.

A plan is started as a draft, agreed as version 1 and reviewed as versions 2, 3...: a version is
never changed once agreed, so the plan's history is its versions, and a review is compared with the
version before it factor by factor (each factor keeps its ``thread`` from version to version).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from hub.core import clock
from hub.core.corrections import correctable_history
from hub.reference.models import ReferenceItem


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft: not yet agreed"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (PlanStatus.DRAFT, PlanStatus.ACTIVE)


class CloseReason(models.TextChoices):
    RISK_REDUCED = "risk_reduced", "The risks have reduced and the plan's aims are met"
    OTHER_PLAN = "other_plan", "Another plan now meets the needs (child protection, child in need, care)"
    MOVED = "moved", "Moved out of the area: the plan is handed to the new area"
    ADULT = "adult", "Turned 18: handed to adult services"
    NOT_NEEDED = "not_needed", "Started but not needed"
    OTHER = "other", "Another reason"


class FactorKind(models.TextChoices):
    INDIVIDUAL_RISK = "individual", "Individual risk factor"
    CONTEXTUAL_RISK = "contextual", "Contextual risk factor"
    PROTECTIVE = "protective", "Protective or resilience factor"


RISK_KINDS = (FactorKind.INDIVIDUAL_RISK, FactorKind.CONTEXTUAL_RISK)


class ContextCategory(models.TextChoices):
    PEERS = "peers", "Peers"
    PLACES = "places", "Places"
    SCHOOL = "school", "School"
    ONLINE = "online", "Online"
    FAMILY = "family", "Family"
    OTHER = "other", "Other"


class RiskRating(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Plan(models.Model):
    """A plan for one child, or for one context. Exactly one of ``child`` and ``context`` is set; a
    context is any record type registered in ``hub.plans.contexts`` (schools today), held by content
    type and id with its name at the time in ``context_label``."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    context_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    context_id = models.PositiveBigIntegerField(null=True, blank=True)
    context = GenericForeignKey("context_type", "context_id")
    context_label = models.CharField("what the plan is about", max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plans_led")
    started_from = models.CharField("where it was decided", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept in step with the newest version by the services, for lists and the review clock.
    current_number = models.PositiveSmallIntegerField("current version", default=0)
    review_due = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_reason = models.CharField(max_length=15, choices=CloseReason.choices, blank=True)
    close_note = models.TextField("why the plan was closed", blank=True)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(child__isnull=False, context_type__isnull=True, context_id__isnull=True)
                    | (
                        Q(child__isnull=True, context_type__isnull=False, context_id__isnull=False)
                        & ~Q(context_label="")
                    )
                ),
                name="plan_is_for_a_child_or_a_context",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(status__in=["draft", "active"]), name="one_open_plan_per_child"
            ),
            models.UniqueConstraint(
                fields=["context_type", "context_id"],
                condition=Q(status__in=["draft", "active"], context_type__isnull=False),
                name="one_open_plan_per_context",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(review_due__isnull=False, current_number__gte=1),
                name="active_plan_has_a_version_and_review_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (
                    Q(closed_at__isnull=False, closed_by__isnull=False)
                    & ~Q(close_reason="")
                    & ~Q(close_note="")
                ),
                name="closed_plan_says_when_who_and_why",
            ),
        ]
        indexes = [models.Index(fields=["authority", "status", "review_due"])]

    def __str__(self) -> str:
        return f"Plan for {self.subject_label}"

    @property
    def subject_label(self) -> str:
        return self.child.full_name if self.child else self.context_label

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def review_overdue(self, today: date | None = None) -> bool:
        """Active and past its review date: the one rule for "review overdue" (lists, pages, briefings,
        the home page), which templates read with today's date."""
        return (
            self.status == PlanStatus.ACTIVE
            and self.review_due is not None
            and self.review_due < (today or clock.today())
        )


class PlanVersion(models.Model):
    """One agreement of the plan: version 1 when it is first agreed, then one per review. Never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    agreed_on = models.DateField("date agreed")
    agreed_by = models.CharField("who agreed it", max_length=300)
    summary = models.TextField("what the plan is for", blank=True)
    child_views = models.TextField("the child's views", blank=True)
    family_views = models.TextField("the family's views", blank=True)
    review_date = models.DateField()
    # The latest review date the plan-review clock allowed when this version was agreed.
    review_limit = models.DateField()
    progress = models.TextField("progress since the last version", blank=True)
    changes = models.TextField("what changed and why", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_numbers_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_versions_count_from_one"),
            models.CheckConstraint(
                condition=Q(review_date__gt=F("agreed_on")) & Q(review_date__lte=F("review_limit")),
                name="plan_review_within_the_clock",
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(progress=""), name="plan_review_records_progress"
            ),
            models.CheckConstraint(condition=~Q(agreed_by=""), name="plan_version_says_who_agreed"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}, version {self.number}"

    @property
    def is_review(self) -> bool:
        return self.number > 1


class PlanFactor(models.Model):
    """A risk or protective factor in one version. ``thread`` is shared by the same factor in later
    versions, so a review shows what was added, removed and changed."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="factors")
    kind = models.CharField(max_length=12, choices=FactorKind.choices)
    category = models.CharField(max_length=8, choices=ContextCategory.choices, blank=True)
    text = models.TextField()
    rating = models.CharField(max_length=6, choices=RiskRating.choices, blank=True)
    thread = models.UUIDField(default=uuid.uuid4)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "thread"], name="factor_once_per_version"),
            models.CheckConstraint(condition=~Q(text=""), name="factor_has_text"),
            models.CheckConstraint(
                condition=(Q(kind="contextual") & ~Q(category="")) | (~Q(kind="contextual") & Q(category="")),
                name="contextual_factors_have_a_category",
            ),
            models.CheckConstraint(
                condition=(Q(kind="protective") & Q(rating="")) | (~Q(kind="protective") & ~Q(rating="")),
                name="risk_factors_are_rated",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class AuditForm(ReferenceItem):
    """The partnership's plan audit form: ordered questions answered met / partly met / not met."""

    history = HistoricalRecords()


class AuditQuestion(models.Model):
    form = models.ForeignKey(AuditForm, on_delete=models.PROTECT, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField("question", max_length=300)
    guidance = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["form", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class AuditGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_TAGS: dict[str, str] = {
    AuditGrade.OUTSTANDING: "govuk-tag--green",
    AuditGrade.GOOD: "govuk-tag--turquoise",
    AuditGrade.REQUIRES_IMPROVEMENT: "govuk-tag--orange",
    AuditGrade.INADEQUATE: "govuk-tag--red",
}


class AuditAnswer(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class PlanAudit(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="audits")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="audits")
    form = models.ForeignKey(AuditForm, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=20, choices=AuditGrade.choices)
    findings = models.TextField()
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    audited_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-audited_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(findings=""), name="plan_audit_has_findings")]

    def __str__(self) -> str:
        return f"Audit of the {self.plan_version}"

    @property
    def grade_tag(self) -> str:
        return GRADE_TAGS.get(self.grade, "govuk-tag--grey")


class PlanAuditAnswer(models.Model):
    audit = models.ForeignKey(PlanAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    # The wording answered, kept although the form's question may be reworded later.
    question_text = models.CharField(max_length=300)
    answer = models.CharField(max_length=8, choices=AuditAnswer.choices)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_answer_per_audit_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.get_answer_display()}"
