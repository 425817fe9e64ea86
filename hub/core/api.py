from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler; unhandled errors still become a 500 through Django, logged with the request id."""
    return drf_exception_handler(exc, context)
