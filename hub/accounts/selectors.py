"""Reads about people's access: role requests, for the administrators' pages and coordinators' home."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from hub.accounts.access import authority_ids
from hub.accounts.models import RoleGrantRequest, User


def _requests() -> QuerySet[RoleGrantRequest]:
    return RoleGrantRequest.objects.select_related("user", "user__agency", "requested_by", "decided_by")


def role_grant_requests_waiting() -> list[RoleGrantRequest]:
    """Requests waiting for a second administrator, oldest first. Callers check the administrator role."""
    return list(_requests().filter(status=RoleGrantRequest.Status.PENDING).order_by("requested_at", "pk"))


def role_grant_requests_decided(*, since: datetime) -> list[RoleGrantRequest]:
    return list(
        _requests()
        .exclude(status=RoleGrantRequest.Status.PENDING)
        .filter(decided_at__gte=since)
        .order_by("-decided_at", "-pk")
    )


def role_grant_requests_near(user: User, *, since: datetime) -> list[RoleGrantRequest]:
    """What a hub coordinator is told: requests made since ``since``, waiting or decided, for people
    whose agency serves one of the coordinator's authorities (or who have no agency yet), newest first."""
    return list(
        _requests()
        .filter(requested_at__gte=since)
        .filter(Q(user__agency__authorities__in=authority_ids(user)) | Q(user__agency__isnull=True))
        .distinct()
        .order_by("-requested_at", "-pk")
    )


def role_grant_request_get(pk: Any) -> RoleGrantRequest:
    """One request, for an administrator (callers check the role); 404 if there is none."""
    try:
        return _requests().get(pk=pk)
    except (RoleGrantRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip()).select_related("agency").first()
