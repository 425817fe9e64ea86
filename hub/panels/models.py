"""The partnership's multi-agency meetings (MARMM, MEP, SEP, Youth Risk, Cross Border, Locality, DCI
Risk, complex strategy): each panel's membership, its meetings with attendance and agenda, what was
shared and decided about each item, and the periods children are monitored by SEP."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from hub.core import clock
from hub.core.corrections import correctable_history


class Panel(models.Model):
    """A meeting as one authority's partnership runs it: its type, name, chair, members and how often
    it meets. Locality panels name the schools of their locality."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="panels")
    meeting_type = models.ForeignKey("reference.MeetingType", on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(max_length=200)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panels_chaired",
    )
    frequency_days = models.PositiveSmallIntegerField("usual days between meetings", default=28)
    member_agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="panels")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="panels")
    schools = models.ManyToManyField("reference.School", blank=True, related_name="panels")
    active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=[member_agencies, members])

    class Meta:
        ordering = ["meeting_type__order", "name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="one_panel_name_per_area")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        MINUTES_ISSUED = "minutes_issued", "Minutes issued"
        # Called off before it met: kept, with its agenda, and its items proposed again for the next one.
        CANCELLED = "cancelled", "Cancelled"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    held_at = models.DateTimeField("date and time")
    place = models.CharField("where", max_length=200, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PLANNED)
    agenda_issued_at = models.DateTimeField(null=True, blank=True)
    minutes_issued_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-held_at"]
        indexes = [models.Index(fields=["panel", "held_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="minutes_issued") | Q(minutes_issued_at__isnull=False),
                name="issued_minutes_have_a_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.panel.name}, {self.held_at:%d %B %Y}"

    @property
    def label(self) -> str:
        from django.utils import timezone

        return f"{self.panel.name} {timezone.localtime(self.held_at):%-d %B %Y}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Did not attend"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"


class SubjectKind(models.TextChoices):
    CHILD = "child", "A child"
    SCHOOL = "school", "A school"
    THEME = "theme", "A theme"
    CONTEXT = "context", "A place, group or person of concern"


class AgendaItem(models.Model):
    """One subject on a meeting's agenda: a child, a school, a theme or another context the Hub holds
    (places, groups and persons of concern, through ``context``). Contexts are discussed and planned
    for as children are."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    school = models.ForeignKey(
        "reference.School", on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    theme = models.CharField(max_length=300, blank=True)
    context_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    context_id = models.PositiveBigIntegerField(null=True, blank=True)
    context = GenericForeignKey("context_type", "context_id")
    reason = models.TextField("why it is on the agenda", blank=True)
    rule = models.CharField("proposed by the Hub's rule", max_length=40, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=clock.now)
    information_shared = models.TextField(blank=True)
    discussed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="child") & Q(child__isnull=False))
                | (Q(kind="school") & Q(school__isnull=False))
                | (Q(kind="theme") & ~Q(theme=""))
                | (Q(kind="context") & Q(context_type__isnull=False, context_id__isnull=False)),
                name="agenda_item_names_its_subject",
            ),
            models.UniqueConstraint(
                fields=["meeting", "child"], condition=Q(child__isnull=False), name="child_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["meeting", "school"],
                condition=Q(school__isnull=False),
                name="school_once_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting", "context_type", "context_id"],
                condition=Q(context_type__isnull=False),
                name="context_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.subject_label}"

    @property
    def subject_label(self) -> str:
        # An item names its subject (agenda_item_names_its_subject), so these are never None.
        if self.kind == SubjectKind.CHILD and self.child is not None:
            return self.child.full_name
        if self.kind == SubjectKind.SCHOOL and self.school is not None:
            return self.school.name
        if self.kind == SubjectKind.CONTEXT:
            return str(self.context)
        return self.theme


class DecisionKind(models.TextChoices):
    LEVEL = "level", "Change the level of concern"
    PLAN_START = "plan_start", "Start a plan"
    PLAN_REVIEW = "plan_review", "Review the plan"
    ESCALATE_SEP = "escalate_sep", "Escalate to SEP monitoring"
    REMOVE_SEP = "remove_sep", "Remove from SEP monitoring"
    REFER_NRM = "refer_nrm", "Refer to the National Referral Mechanism"
    DISRUPTION = "disruption", "Consider disruption"
    # Made only by a devolved NRM child decision panel (``nrm_panel.py``), for the child's open referral.
    NRM_RG_POSITIVE = "nrm_rg_yes", "NRM: positive Reasonable Grounds decision"
    NRM_RG_NEGATIVE = "nrm_rg_no", "NRM: negative Reasonable Grounds decision"
    NRM_CG_POSITIVE = "nrm_cg_yes", "NRM: positive Conclusive Grounds decision"
    NRM_CG_NEGATIVE = "nrm_cg_no", "NRM: negative Conclusive Grounds decision"
    OTHER = "other", "Another decision"


NRM_DECISIONS = (
    DecisionKind.NRM_RG_POSITIVE,
    DecisionKind.NRM_RG_NEGATIVE,
    DecisionKind.NRM_CG_POSITIVE,
    DecisionKind.NRM_CG_NEGATIVE,
)


# Decisions that change a child's own record: they cannot be made about a school, a theme or a context.
CHILD_ONLY_DECISIONS = (
    DecisionKind.LEVEL,
    DecisionKind.PLAN_START,
    DecisionKind.ESCALATE_SEP,
    DecisionKind.REMOVE_SEP,
    *NRM_DECISIONS,
)


class ItemDecision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=12, choices=DecisionKind.choices)
    detail = models.TextField("the decision and its reason")
    level = models.ForeignKey(
        "reference.LevelOfConcern", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="level") | Q(level__isnull=False), name="level_decision_names_the_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item.subject_label}"


class SepPeriod(models.Model):
    """A period a child is monitored by the Strategic Exploitation Panel. The strategy's measures: how
    long each child is monitored, and which children return after being removed."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="sep_periods")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    start_reason = models.TextField()
    end_reason = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_decision = models.ForeignKey(
        ItemDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_decision = models.ForeignKey(
        ItemDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="sep_period_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | ~Q(end_reason=""), name="sep_period_end_says_why"
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(end__isnull=True), name="one_open_sep_period_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} monitored by SEP from {self.start:%d %B %Y}"

    @property
    def start_datetime(self) -> datetime:
        return _local_midnight(self.start)

    @property
    def end_datetime(self) -> datetime | None:
        return _local_midnight(self.end) if self.end else None


def _local_midnight(day: date) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time.min))
