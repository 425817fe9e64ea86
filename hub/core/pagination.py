"""Long lists split into pages, shown with the GOV.UK pagination component
(``govuk/pagination.html``): previous and next, the page numbers around the current one with the
first and last, and the request's other parameters (its filters) kept on every link."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Pagination:
    page: Page
    query: str  # the request's other parameters, url-encoded, without "page"
    numbers: list[int | str]  # page numbers, with Paginator.ELLIPSIS where some are left out
    label: str  # what the pages are of, for the navigation's accessible name

    @property
    def ellipsis(self) -> str:
        return str(Paginator.ELLIPSIS)


def paginate(
    request: HttpRequest, items: Sequence[Any] | QuerySet[Any], *, per_page: int, label: str
) -> Pagination:
    """The page of ``items`` the request asks for (``?page=``): the first for a missing or bad
    number, the last for one past the end."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    numbers = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return Pagination(page=page, query=query.urlencode(), numbers=numbers, label=label)
