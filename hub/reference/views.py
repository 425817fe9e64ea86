from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.core import clock
from hub.core.calendar import LONDON
from hub.core.models import BankHoliday
from hub.reference.models import (
    Clock,
    DisruptionTactic,
    ExploitationType,
    LevelOfConcern,
    MeetingType,
    RepeatMissingRule,
    ScreeningIndicator,
)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The partnership's definitions, weights, disruption tactics and clocks, for everyone who uses them."""
    today = clock.now().astimezone(LONDON).date()
    return render(
        request,
        "reference/index.html",
        {
            "levels": LevelOfConcern.objects.filter(active=True).order_by("rank"),
            "types": ExploitationType.objects.filter(active=True),
            "indicators": ScreeningIndicator.objects.filter(active=True),
            "meeting_types": MeetingType.objects.filter(active=True),
            "disruption_tactics": DisruptionTactic.objects.filter(active=True),
            "clocks": Clock.objects.filter(active=True),
            "repeat_rules": RepeatMissingRule.objects.filter(active=True),
            "bank_holidays": BankHoliday.objects.filter(date__gte=today)[:10],
        },
    )
