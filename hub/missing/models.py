"""Missing episodes, their risk grading, return notifications, Return From Missing Interviews and
repeat-missing alerts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hub.core import clock
from hub.core.corrections import correctable_history


class RiskGrade(models.TextChoices):
    """College of Policing missing person risk grades."""

    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


RISK_ORDER: dict[str, int] = {
    RiskGrade.NO_APPARENT_RISK: 0,
    RiskGrade.LOW: 1,
    RiskGrade.MEDIUM: 2,
    RiskGrade.HIGH: 3,
}


class DfeMissingCode(models.TextChoices):
    """SSDA903 MISSING for looked-after children."""

    MISSING = "M", "Missing (whereabouts unknown)"
    AWAY = "A", "Away from placement without authorisation (whereabouts known)"


class ReportedBy(models.TextChoices):
    POLICE = "police", "Police"
    CARER = "carer", "Carer or placement"
    PARENT = "parent", "Parent or family"
    SCHOOL = "school", "School"
    OTHER = "other", "Someone else"


class MissingEpisode(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="missing_episodes")
    reported_at = models.DateTimeField("reported")
    reported_by_kind = models.CharField("reported by", max_length=10, choices=ReportedBy.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    police_reference = models.CharField(max_length=40, blank=True)
    risk_grade = models.CharField(max_length=20, choices=RiskGrade.choices)
    dfe_code = models.CharField("DfE code", max_length=1, choices=DfeMissingCode.choices, blank=True)
    placement = models.CharField("placement at the time", max_length=300, blank=True)
    last_seen_at = models.DateTimeField("last seen")
    last_seen_where = models.CharField(max_length=300, blank=True)
    late_entry_reason = models.TextField("why it was recorded late", blank=True)
    returned_at = models.DateTimeField("found or returned", null=True, blank=True)
    returned_where = models.CharField(max_length=300, blank=True)
    returned_with = models.CharField("found with", max_length=300, blank=True)
    return_method = models.CharField("how they were found or returned", max_length=300, blank=True)
    hub_notified_at = models.DateTimeField("hub notified of the return", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("last_seen_at")),
                name="episode_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(reported_at__gte=F("last_seen_at")), name="episode_reported_after_last_seen"
            ),
            models.CheckConstraint(
                condition=Q(hub_notified_at__isnull=True)
                | (Q(returned_at__isnull=False) & Q(hub_notified_at__gte=F("returned_at"))),
                name="return_notified_after_return",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(returned_at__isnull=True), name="one_open_episode_per_child"
            ),
        ]
        indexes = [models.Index(fields=["child", "last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.child} missing from {self.last_seen_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    def duration(self, now: datetime | None = None) -> timedelta:
        """How long the child was (or, for an open episode, has been until ``now``) missing."""
        end = self.returned_at or now
        if end is None:
            raise ValueError("An open episode's duration needs the time to measure to.")
        return end - self.last_seen_at


class RiskGradeChange(models.Model):
    episode = models.ForeignKey(MissingEpisode, on_delete=models.CASCADE, related_name="risk_changes")
    grade = models.CharField(max_length=20, choices=RiskGrade.choices)
    previous_grade = models.CharField(max_length=20, choices=RiskGrade.choices, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    # A wrong entry is never changed or removed: a new entry corrects it, and says so here.
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    recorded_at = models.DateTimeField("when the correction was recorded", null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | (Q(recorded_at__isnull=False) & ~Q(reason="")),
                name="risk_grade_correction_says_when_and_why",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} from {self.changed_at:%Y-%m-%d %H:%M}"

    @property
    def is_corrected(self) -> bool:
        return hasattr(self, "corrected_by")


class ReturnInterview(models.Model):
    """The Return From Missing Interview (RFMI) offered after a return notification."""

    class Status(models.TextChoices):
        AWAITING_ALLOCATION = "awaiting", "Waiting to be allocated"
        ALLOCATED = "allocated", "Allocated"
        COMPLETED = "completed", "Interview held"
        DECLINED = "declined", "Declined by the child"

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="interview")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AWAITING_ALLOCATION)
    notified_at = models.DateTimeField()
    response_due_at = models.DateTimeField()
    interview_due_at = models.DateTimeField()
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="interviews"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField("first response", null=True, blank=True)
    interview_at = models.DateTimeField("held", null=True, blank=True)
    face_to_face = models.BooleanField("face to face", null=True, blank=True)
    not_face_to_face_reason = models.TextField("why not face to face", blank=True)
    late_reason = models.ForeignKey(
        "reference.LateInterviewReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="why it was late",
    )
    late_detail = models.TextField("more about the delay", blank=True)
    declined_reason = models.TextField("the child's reason for declining", blank=True)
    carer_information = models.TextField("what carers said", blank=True)
    where_went = models.TextField("where the child went", blank=True)
    who_with = models.TextField("who they were with", blank=True)
    travel_there = models.CharField("how they travelled", max_length=300, blank=True)
    travel_back = models.CharField("how they got back", max_length=300, blank=True)
    factors = models.ManyToManyField(
        "reference.MissingFactor", blank=True, verbose_name="push and pull factors"
    )
    harm = models.TextField("harm suffered", blank=True)
    indicators_observed = models.ManyToManyField(
        "reference.ScreeningIndicator", blank=True, verbose_name="signs of exploitation seen"
    )
    child_words = models.TextField("the child's own words", blank=True)
    actions_agreed = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The screening started from the signs of exploitation seen at the interview, if one was.
    screening = models.OneToOneField(
        "screening.Screening",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="from_return_interview",
    )
    version = models.PositiveIntegerField(default=1)
    history = correctable_history(m2m_fields=[factors, indicators_observed])

    class Meta:
        ordering = ["interview_due_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_due_at__gte=F("notified_at"))
                & Q(interview_due_at__gte=F("notified_at")),
                name="interview_clocks_run_forward",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(interview_at__isnull=False, face_to_face__isnull=False),
                name="completed_interview_has_time_and_mode",
            ),
            models.CheckConstraint(
                condition=~Q(face_to_face=False) | ~Q(not_face_to_face_reason=""),
                name="not_face_to_face_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(declined_reason=""), name="declined_interview_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"Return interview for {self.episode}"

    @property
    def waiting(self) -> bool:
        """Not held yet (and not declined)."""
        return self.status in (self.Status.AWAITING_ALLOCATION, self.Status.ALLOCATED)

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Still to hold and past its 72-hour clock: the one rule for an overdue return interview
        (lists, the home page, the interview page), which templates read with the time now."""
        return self.waiting and self.interview_due_at < (now or clock.now())


class RepeatMissingAlert(models.Model):
    """Raised when a child's episodes reach a repeat-missing rule's threshold."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="repeat_missing_alerts"
    )
    # The first rule the episode met (its counts are the alert's); ``rules`` names every rule it met.
    rule = models.ForeignKey("reference.RepeatMissingRule", on_delete=models.PROTECT, related_name="+")
    rules = models.ManyToManyField("reference.RepeatMissingRule", related_name="+", blank=True)
    episode = models.ForeignKey(MissingEpisode, on_delete=models.CASCADE, related_name="+")
    episodes_in_window = models.PositiveSmallIntegerField()
    window_start = models.DateTimeField()
    raised_at = models.DateTimeField()
    # The hub's decision on the alert: who made it and when, what it was and why.
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    strategy_discussion_requested = models.BooleanField("strategy discussion", default=False)
    strategy_discussion_by = models.DateField("hold the strategy discussion by", null=True, blank=True)
    decision_note = models.TextField("the reason for the decision", blank=True)
    # Raised from past records (an import) after the window it gathers episodes in had closed: kept in
    # the child's chronology as what the rules found then, never on today's queue for a decision.
    historic = models.BooleanField("recorded from past records after its window closed", default=False)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(historic=False) | Q(acknowledged_at__isnull=True),
                name="historic_alert_waits_for_no_decision",
            ),
            models.UniqueConstraint(fields=["rule", "episode"], name="one_alert_per_rule_and_episode"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | ~Q(decision_note=""),
                name="alert_decision_says_why",
            ),
            models.CheckConstraint(
                condition=Q(strategy_discussion_requested=False) | Q(strategy_discussion_by__isnull=False),
                name="strategy_discussion_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["acknowledged_at", "raised_at"])]

    def __str__(self) -> str:
        return f"Repeat missing: {self.child} ({self.episodes_in_window} in {self.rule.days} days)"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
