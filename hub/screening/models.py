"""The exploitation screening tool, the hub's review of it, and the referrer's view of the outcome."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from hub.accounts.models import LawfulBasis
from hub.children.codes import Sex
from hub.core import clock


class Screening(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for hub review"
        REVIEWED = "reviewed", "Reviewed"

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="screenings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        help_text="Set when the referrer started from the child's record, or when the hub confirms who it is",
    )
    # The child as the referrer describes them (the referrer may not be able to see any record).
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(default=False)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    school = models.ForeignKey("reference.School", on_delete=models.PROTECT, null=True, blank=True)
    learning_disability = models.CharField(
        max_length=9, choices=[("yes", "Yes"), ("no", "No"), ("not_known", "Not known")], blank=True
    )
    # The concern
    concern = models.TextField("the concern, in your words", blank=True)
    immediate_risk = models.BooleanField("the child is at immediate risk of harm", default=False)
    exploitation_types = models.ManyToManyField("reference.ExploitationType", blank=True)
    actions_taken = models.TextField("what you have done so far", blank=True)
    # Sharing
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices, blank=True)
    consent_not_sought_reason = models.TextField(blank=True)
    # Referrer
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings"
    )
    referrer_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    referrer_phone = models.CharField("phone number the hub can reach you on", max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    review_due_at = models.DateTimeField(null=True, blank=True)
    # The tool's suggestion, fixed at submission
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    suggested_level = models.ForeignKey(
        "reference.LevelOfConcern", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggestion_reasons = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[exploitation_types])

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, review_due_at__isnull=False),
                name="submitted_screening_has_clock",
            ),
            models.CheckConstraint(
                condition=~Q(lawful_basis="dpa_sch1_18") | ~Q(consent_not_sought_reason=""),
                name="screening_without_consent_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(status="reviewed") | Q(child__isnull=False),
                name="reviewed_screening_names_child",
            ),
        ]
        indexes = [models.Index(fields=["authority", "status", "review_due_at"])]

    def __str__(self) -> str:
        return f"Screening {self.pk} ({self.subject_name or 'child not named yet'})"

    def review_overdue(self, now: datetime | None = None) -> bool:
        """Waiting for the hub's review past its clock (a submitted screening always has one: a
        database constraint): the one rule for an overdue screening (queue, home page, review page)."""
        return (
            self.status == self.Status.SUBMITTED
            and self.review_due_at is not None
            and self.review_due_at < (now or clock.now())
        )

    @property
    def subject_name(self) -> str:
        if self.child:  # no query when there is none
            return self.child.full_name
        return " ".join(part for part in [self.first_name, self.last_name] if part)


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ScreeningAnswer(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey("reference.ScreeningIndicator", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=9, choices=Answer.choices)
    detail = models.TextField(blank=True)
    # the weight at the time of answering: a later change of weight does not rewrite history
    weight = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "indicator"], name="one_answer_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.answer}"


class Route(models.TextChoices):
    ADVICE = "advice", "No further action: advice or universal services"
    EARLY_HELP = "early_help", "Early help"
    MARMM = "marmm", "Discuss at MARMM"
    MEP = "mep", "MEP plan"
    STRATEGY = "strategy", "Strategy discussion (immediate risk)"


class SystemConsulted(models.TextChoices):
    CSC = "csc", "Children's social care record"
    POLICE = "police", "Police records"
    YOT = "yot", "Youth offending"
    EDUCATION = "education", "Education (attendance, exclusions)"
    HEALTH = "health", "Health"
    EARLY_HELP = "early_help", "Early help"
    YOUTH_SERVICE = "youth_service", "Youth service"
    HUB = "hub", "Hub records (missing, intelligence)"


class ScreeningReview(models.Model):
    screening = models.OneToOneField(Screening, on_delete=models.PROTECT, related_name="review")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    systems_consulted = models.JSONField(default=list)
    findings = models.TextField("what agencies' records show", blank=True)
    decided_level = models.ForeignKey("reference.LevelOfConcern", on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField()
    differs_from_suggestion = models.BooleanField(default=False)
    difference_reason = models.TextField(blank=True)
    route = models.CharField(max_length=12, choices=Route.choices)
    feedback_to_referrer = models.TextField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="review_has_rationale"),
            models.CheckConstraint(
                condition=Q(differs_from_suggestion=False) | ~Q(difference_reason=""),
                name="review_says_why_it_differs",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of screening {self.screening_id}"
