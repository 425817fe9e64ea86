"""Pieces every API module of the Hub uses: the exception handler, pagination, refusals (logged),
the caller's authority for a new record, and the error responses the OpenAPI file describes.

It lives in accounts, not core, because its refusals need the access model (``accounts.access``) and
the access log (``audit``), which sit above core (docs/architecture.md, "Layers")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hub.accounts import access
from hub.accounts.access import Decision
from hub.accounts.models import Authority, User
from hub.accounts.signed_in import SignedInApiRequest
from hub.audit.models import LogAction
from hub.audit.services import log, log_refusal, record_type_of
from hub.core import clock

M = TypeVar("M", bound=models.Model)


def late_entry_reason_field() -> serializers.CharField:
    """Why an event is being recorded long after it happened (``hub.core.late``): the same question the
    pages ask, refused under this field when the event is late and no reason is given."""
    return serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Needed when the event happened longer ago than the late-entry clock (30 days by default): "
            "why it is being recorded now."
        ),
    )


class ListPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 100


class Conflict(APIException):
    """HTTP 409: the request was sound but the records changed under it (security.md item 23)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this record: read it again, then make your change."
    default_code = "conflict"


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large: send less in one request."
    default_code = "too_large"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, and a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` answered as a 413 in JSON (Django
    would answer its HTML 400 page)."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = BodyTooLarge(f"The request body is larger than {limit:,} bytes: send less in one request.")
    return drf_exception_handler(exc, context)


class BadRequest(APIException):
    """HTTP 400 with one message: a change the domain's rules refuse (``RuleRefused``)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request cannot be carried out."
    default_code = "refused"

    def __init__(self, refused: Exception | str | None = None) -> None:
        """A refusal that names its field (a date that cannot be true) is returned under that field, as
        serializer errors are: {"field": ["what to change"]}."""
        field = getattr(refused, "field", None)
        if isinstance(refused, Exception):
            super().__init__({field: [str(refused)]} if field else str(refused))
        else:
            super().__init__(refused)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description='Malformed or incomplete: {"field": ["what to change"]}, or {"detail": "why"}.',
    ),
    403: OpenApiResponse(ErrorSerializer, description="Not signed in, or your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such record, or not one you may see."),
    409: OpenApiResponse(ErrorSerializer, description="Someone else changed the record first."),
}


def list_data(serializer: serializers.BaseSerializer) -> list[dict[str, Any]]:
    """A ``many=True`` serializer's data, a list: the stubs type every serializer's ``data`` as a dict."""
    return cast(list[dict[str, Any]], serializer.data)


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in codes}


def roles_granted(grants: Mapping[Any, Iterable[str]]) -> frozenset[str]:
    """Every role a policy's read or write grants name, through any relationship."""
    return frozenset().union(*grants.values())


def require_role(request: SignedInApiRequest, roles: Iterable[str], message: str) -> None:
    """Refuse (403, logged) a caller who holds none of ``roles``."""
    roles = frozenset(roles)
    if not request.user.has_role(*roles):
        log_refusal(
            action=(request.method or "").lower(),
            detail=f"{request.path} needs one of: {', '.join(sorted(roles))}",
        )
        raise PermissionDenied(message)


def get_for_change(user: User, model: type[models.Model], pk: Any, *, refusal: str) -> tuple[Any, Decision]:
    """A record the caller may change: 404 if they may not see it, 403 if they may see it but not
    change it (``access.get_for_change``, the pages' rule too)."""
    return access.get_for_change(user, model, pk, refusal=refusal)


def log_list(user: User, model: type[models.Model], records: Iterable[models.Model], *, detail: str) -> None:
    """The consultation entry for a list: which records the caller was sent."""
    log(
        action=LogAction.CONSULT,
        record_type=record_type_of(model),
        record_ids=[record.pk for record in records],
        justification="list of records in the caller's scope",
        detail=detail,
        actor=user,
    )


def logged_page(
    view: GenericAPIView,
    request: SignedInApiRequest,
    model: type[M],
    records: Sequence[M] | QuerySet[M],
    *,
    detail: str,
) -> list[M]:
    """The page of ``records`` the request asks for (``?limit=``, ``?offset=``), its consultation logged
    (``log_list``) with ``detail`` and the page's offset."""
    page = view.paginate_queryset(records)
    paginator = view.paginator
    # Every list view names ListPagination, which always answers a page and sets its offset.
    assert page is not None and isinstance(paginator, ListPagination)
    log_list(request.user, model, page, detail=f"{detail} from {paginator.offset}")
    return list(page)


def authority_for(user: User, ons_code: str) -> Authority:
    """The authority a new record belongs to: one the caller's agency serves, named by its ONS code
    (needed only when the agency serves more than one)."""
    serving = list(Authority.objects.filter(pk__in=access.authority_ids(user)).order_by("ons_code"))
    codes = ", ".join(authority.ons_code for authority in serving)
    if not serving:
        raise serializers.ValidationError(
            {"authority": ["Your agency does not serve any area yet: ask your administrator to add one."]}
        )
    if ons_code:
        for authority in serving:
            if authority.ons_code.upper() == ons_code.strip().upper():
                return authority
        raise serializers.ValidationError(
            {"authority": [f"Your agency does not serve {ons_code}. Use one of: {codes}."]}
        )
    if len(serving) > 1:
        raise serializers.ValidationError(
            {"authority": [f"Your agency serves more than one area: say which, one of: {codes}."]}
        )
    return serving[0]


_RANGE = f"Enter a date between {clock.EARLIEST_DATE:%-d %B %Y} and {clock.LATEST_DATE:%-d %B %Y}."


class HubDateField(serializers.DateField):
    """A date in the range the Hub accepts on every path (``clock.accepts``)."""

    default_error_messages = {"range": _RANGE}

    def to_internal_value(self, value: Any) -> date:
        result = super().to_internal_value(value)
        if not clock.accepts(result):
            self.fail("range")
        return result


class HubDateTimeField(serializers.DateTimeField):
    """A moment in the range the Hub accepts: one in the year 9999 would overflow its clocks."""

    default_error_messages = {"range": _RANGE}

    def to_internal_value(self, value: Any) -> datetime:
        result = super().to_internal_value(value)
        if not clock.accepts(result):
            self.fail("range")
        return result


def past_date(value: date | None) -> None:
    """A validator: refuses a date after today."""
    if value is not None and value > clock.today():
        raise serializers.ValidationError("The date must be today or in the past.")
