from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.http import require_GET

from hub.core.admin_site import hub_admin
from hub.core.errors import Forbidden
from hub.core.navigation import HomePanel, home_panels, log_consultation

admin_site = hub_admin


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    panels = home_panels(request.user)
    for panel in panels:
        _log_consulted(panel)
    return render(request, "core/home.html", {"panels": panels})


def _log_consulted(panel: HomePanel) -> None:
    """The names a panel shows are a consultation of those records, logged before the page is sent."""
    by_type: dict[type, list[Model]] = defaultdict(list)
    for record in panel.consulted:
        by_type[type(record)].append(record)
    for records in by_type.values():
        log_consultation(
            records=records, justification=panel.justification, detail=f"home page: {panel.title}"
        )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 when it does not. Reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


def _plain(template: str, status: int) -> HttpResponse:
    # No request context: the database, and so the signed-in user, may be why we are here.
    return HttpResponse(get_template(template).render({}), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A service's refusal says why in words written for the person; Django's own 403s say nothing.
    reason = str(exception) if isinstance(exception, Forbidden) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _plain("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, "403_csrf.html", 403)
