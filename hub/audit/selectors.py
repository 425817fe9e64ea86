from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.text import capfirst

from hub.audit.models import AccessLogEntry
from hub.core.calendar import LONDON

# Record types written to the log that are not one of the Hub's models.
OTHER_RECORD_TYPES = {"ssda903": "SSDA903 return (a file imported or exported)"}


def record_type_labels() -> dict[str, str]:
    """What each record type in the log is called, by the name people know ("Missing episode"), for
    the type the log stores (``missing.missingepisode``)."""
    labels = {
        f"{model._meta.app_label}.{model._meta.model_name}": capfirst(str(model._meta.verbose_name))
        for model in apps.get_models()
        # The Hub's own records; their history tables are never logged as records.
        if model.__module__.startswith("hub.") and not str(model._meta.model_name).startswith("historical")
    }
    return {**labels, **OTHER_RECORD_TYPES}


def record_type_choices() -> list[tuple[str, str]]:
    return sorted(record_type_labels().items(), key=lambda choice: choice[1].lower())


def access_log_search(*, filters: dict[str, Any]) -> QuerySet[AccessLogEntry]:
    """The log filtered by user, record, action and dates (UK local days). Callers check the auditor role."""
    entries = AccessLogEntry.objects.all().order_by("-id")
    if filters.get("user"):
        entries = entries.filter(username__iexact=filters["user"])
    if filters.get("record_type"):
        entries = entries.filter(record_type=filters["record_type"].lower())
    if filters.get("record_id"):
        record_id = str(filters["record_id"]).strip()
        # record_ids is a comma list: match the id as a whole item, not as part of another id
        entries = entries.filter(
            Q(record_ids=record_id)
            | Q(record_ids__startswith=f"{record_id},")
            | Q(record_ids__endswith=f",{record_id}")
            | Q(record_ids__contains=f",{record_id},")
        )
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("date_from"):
        entries = entries.filter(at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=LONDON))
    if filters.get("date_to"):
        entries = entries.filter(at__lte=datetime.combine(filters["date_to"], time.max, tzinfo=LONDON))
    return entries
