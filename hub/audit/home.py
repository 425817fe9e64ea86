from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from hub.audit.models import AccessLogEntry, LogAction
from hub.core import clock
from hub.core.navigation import HomePanel


def break_glass_panel(user: Any) -> HomePanel:
    """Break-glass access is reported to the auditor (security.md item 7): the last 30 days."""
    since = clock.now() - timedelta(days=30)
    entries = AccessLogEntry.objects.filter(action=LogAction.BREAK_GLASS, at__gte=since).order_by("-id")
    count = entries.count()
    items = [
        {
            "label": f"{entry.username} ({entry.agency}) opened {entry.record_type} {entry.record_ids}",
            "hint": f"{timezone.localtime(entry.at):%d %b %Y %H:%M}: {entry.justification}",
        }
        for entry in entries[:10]
    ]
    return HomePanel(
        title="Break-glass access in the last 30 days",
        empty_text="Nobody has opened a record outside their scope in the last 30 days.",
        items=items,
        count=count,
        link_label="Search the access log" if not count else "See all break-glass entries",
        link_url=reverse("audit:log") + ("?" + urlencode({"action": LogAction.BREAK_GLASS}) if count else ""),
    )
