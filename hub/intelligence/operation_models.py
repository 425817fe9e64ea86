"""Operations (``operations.py``): a named police operation or multi-agency investigation that groups
the children, persons of concern, groups, places, vehicles and phones it concerns, and the disruption
activity used in it, with its status and its lead.

What it holds is kept as rows of who added it and when; taking something out of an operation records who
did, when and why on the same row (``removed_*``), so nothing ever silently disappears from it. The
operation itself keeps its change history (status changes with their reason, corrections)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hub.core import clock
from hub.core.corrections import correctable_history


class OperationKind(models.TextChoices):
    POLICE = "police", "Police operation"
    MULTI_AGENCY = "multi_agency", "Multi-agency investigation"


class OperationStatus(models.TextChoices):
    OPEN = "open", "Open"
    SUSPENDED = "suspended", "Suspended"
    CLOSED = "closed", "Closed"


class Operation(models.Model):
    """A named operation ("Operation Kestrel"): its kind, where it stands, who leads it and for which
    agency, when it started and, once closed, when and with what outcome."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=OperationKind.choices)
    status = models.CharField(max_length=10, choices=OperationStatus.choices, default=OperationStatus.OPEN)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("started")
    closed_on = models.DateField("closed", null=True, blank=True)
    outcome = models.TextField(blank=True)
    summary = models.TextField("what it is about", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    version = models.PositiveIntegerField(default=1)
    history = correctable_history()

    class Meta:
        ordering = ["-started_on", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="operation_name_once_per_area"),
            models.CheckConstraint(
                condition=Q(status__in=OperationStatus.values), name="operation_status_known"
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False) & ~Q(outcome=""))
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="operation_closed_with_date_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="operation_closed_not_before_started",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class _Held(models.Model):
    """Something an operation holds: who added it and when, and, once taken out, who did, when and why."""

    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def current(self) -> bool:
        return self.removed_at is None


class OperationMember(_Held):
    """A person who works the operation, and so sees it and what it holds (``operations.py``)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "user"],
                condition=Q(removed_at__isnull=True),
                name="operation_member_once",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="operation_member_removed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.operation}"


class OperationEntity(_Held):
    """A child, person, group, place, vehicle, phone or organisation the operation concerns."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="entity_items")
    entity = models.ForeignKey(
        "intelligence.Entity", on_delete=models.PROTECT, related_name="operation_items"
    )

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "entity"],
                condition=Q(removed_at__isnull=True),
                name="operation_entity_once",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="operation_entity_removed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} in {self.operation}"


class OperationDisruption(_Held):
    """Disruption activity (an order, a notice, a visit) used in the operation."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="disruption_items")
    disruption = models.ForeignKey(
        "intelligence.Disruption", on_delete=models.PROTECT, related_name="operation_items"
    )

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "disruption"],
                condition=Q(removed_at__isnull=True),
                name="operation_disruption_once",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="operation_disruption_removed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.disruption} in {self.operation}"
