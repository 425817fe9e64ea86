from __future__ import annotations

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
