from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Q, QuerySet

from hub.audit.models import AccessLogEntry
from hub.core.calendar import LONDON


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
