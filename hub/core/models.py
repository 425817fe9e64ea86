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
