from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class BankHoliday(models.Model):
    """England and Wales bank holidays, for working-day clocks. Seeded for 2015-2040; administrators
    add one-off holidays (a coronation, a state funeral) as they are announced."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %B %Y})"


class PeriodicJobState(models.Model):
    """When a periodic job (hub.core.scheduler) last ran, and which worker holds it now, if any."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=500, blank=True)
    leased_by = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LateEntry(models.Model):
    """Why an event was entered by hand longer after it happened than the late-entry clock allows
    (``hub.core.late``): one row per late event, beside the record it is about, never changed. Kept
    apart from the record so every kind of record asks the question and keeps the answer the same way.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    event = models.CharField("what happened", max_length=200)
    happened_at = models.DateTimeField("when it happened")
    entered_at = models.DateTimeField("when it was recorded")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("why it was recorded late")

    class Meta:
        ordering = ["entered_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="late_entry_says_why")]

    def __str__(self) -> str:
        return f"{self.event}, recorded late"
