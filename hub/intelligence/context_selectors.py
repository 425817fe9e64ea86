"""Reads about contexts as cases: a case's assessments and a person's risks, as the reader may see
them, logged as consulted."""

from __future__ import annotations

from typing import Any

from hub.accounts import access
from hub.accounts.models import User
from hub.audit.services import log_consultation
from hub.intelligence.models import ContextAssessment, Entity, PersonRisk


def assessments_of(user: User, case: Entity) -> list[ContextAssessment]:
    """The assessments of a place or group the reader may see, newest first."""
    rows = list(
        access.visible(user, ContextAssessment.objects.filter(entity_id=case.pk))
        .select_related("agency", "assessed_by")
        .order_by("-assessed_on", "-pk")
    )
    if rows:
        log_consultation(records=rows, justification="the case", detail=f"assessments of entity {case.pk}")
    return rows


def risks_of(user: User, case: Entity) -> list[PersonRisk]:
    """A person of concern's risk records the reader may see, newest (their risk now) first."""
    rows = list(
        access.visible(user, PersonRisk.objects.filter(person_id=case.pk))
        .select_related("recorded_by")
        .order_by("-assessed_on", "-pk")
    )
    if rows:
        log_consultation(records=rows, justification="the case", detail=f"risks of entity {case.pk}")
    return rows


def assessment_get_for_user(user: User, pk: Any) -> tuple[ContextAssessment, access.Decision]:
    return access.get_logged(
        user,
        ContextAssessment,
        pk,
        queryset=ContextAssessment.objects.select_related("entity", "agency", "assessed_by"),
        purpose="assessment",
    )
