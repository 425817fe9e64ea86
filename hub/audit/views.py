from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.audit.decorators import role_required
from hub.audit.forms import LogSearchForm
from hub.audit.models import AccessLogEntry, LogAction
from hub.audit.selectors import access_log_search, record_type_labels
from hub.audit.services import log
from hub.core.exports import csv_text
from hub.core.pagination import paginate
from hub.core.reauth import reauthentication_required
from hub.core.roles import Role

EXPORT_LIMIT = 100_000
# The fields the hash covers (the username stands for the user id), with the entry's id first and
# its hash last; "at" is UTC.
EXPORT_FIELDS = ["id", *(name for name in AccessLogEntry.HASHED_FIELDS if name != "user_id"), "entry_hash"]
EXPORT_COLUMNS = ["at_utc" if name == "at" else name for name in EXPORT_FIELDS]


@login_required
@role_required(Role.AUDITOR)
@require_GET
def log_search(request: HttpRequest) -> HttpResponse:
    form = LogSearchForm(request.GET or None)
    page = pagination = None
    if form.is_valid() or not request.GET:
        filters = form.cleaned_data if request.GET else {}
        entries = access_log_search(filters=filters)
        pagination = paginate(request, entries, per_page=50, label="Pages of the access log")
        page = pagination.page
        labels = record_type_labels()
        for entry in page:
            entry.record_label = labels.get(entry.record_type, entry.record_type)
        # Reading the log is itself a consultation of personal data.
        log(
            action=LogAction.CONSULT,
            record_type="audit.accesslogentry",
            record_ids=[entry.pk for entry in page],
            justification="audit",
            detail=f"search: {request.GET.urlencode()}"[:2000],
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log_search.html",
        {"form": form, "page": page, "pagination": pagination, "query": query.urlencode()},
    )


@login_required
@role_required(Role.AUDITOR)
@reauthentication_required
@require_GET
def log_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV. The export is written to the log before the file is sent."""
    form = LogSearchForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "audit/log_search.html", {"form": form, "page": None}, status=400)
    entries = list(access_log_search(filters=form.cleaned_data if request.GET else {})[:EXPORT_LIMIT])
    rows = [
        [entry.at.isoformat() if name == "at" else getattr(entry, name) for name in EXPORT_FIELDS]
        for entry in entries
    ]
    log(
        action=LogAction.DISCLOSE,
        record_type="audit.accesslogentry",
        record_ids=[f"{entries[-1].id}-{entries[0].id}"] if entries else [],
        recipient=request.user.get_username(),
        justification="audit export",
        detail=f"{len(entries)} entries; filters: {request.GET.urlencode()}"[:2000],
    )
    response = HttpResponse(csv_text(EXPORT_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response
