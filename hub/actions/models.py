"""Actions: something a person or an agency has agreed to do, by a date. Meetings, plans and plan
audits create them; whoever owns one sees it on their home page and their list, overdue first."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from hub.core import clock


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "No longer needed"


FINISHED = (ActionStatus.DONE, ActionStatus.CANCELLED)


def overdue(today: date) -> Q:
    """The actions overdue on ``today``: unfinished past their due date (``Action.is_overdue``)."""
    return Q(due__lt=today) & ~Q(status__in=FINISHED)


class Action(models.Model):
    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    # Another subject (a school, a place, a group, a theme), named for the owner.
    subject_label = models.CharField("what it is about", max_length=300, blank=True)
    title = models.CharField("what is to be done", max_length=500)
    detail = models.TextField(blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    due = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    # Where the action was agreed: a meeting's agenda item, a plan, a plan audit.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField("agreed at", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField("what was done", blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_agency__isnull=False),
                name="action_has_an_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["done", "cancelled"])
                | Q(completed_at__isnull=False, completed_by__isnull=False),
                name="finished_action_says_when_and_who",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("created_at")),
                name="action_finished_after_agreed",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_user", "status", "due"]),
            models.Index(fields=["owner_agency", "status", "due"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def is_overdue(self, today: date | None = None) -> bool:
        """Unfinished past its due date (``overdue``: the same rule in a query). Templates read it
        with today's date."""
        return not self.is_finished and self.due < (today or clock.today())

    @property
    def owner_text(self) -> str:
        if self.owner_user:  # no query when there is none
            agency = f" ({self.owner_agency})" if self.owner_agency_id else ""
            return f"{self.owner_user.get_full_name()}{agency}"
        return str(self.owner_agency)
