"""Who is acting, from where, in which request: set once per request, read by the access log."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    user: Any = None  # the signed-in user, or None for commands and anonymous requests


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("hub_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def set_current(ctx: RequestContext) -> Any:
    return _current.set(ctx)


def reset(token: Any) -> None:
    _current.reset(token)
