"""Query shapes that pages reading many records at once share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, cast

from django.db import models
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

M = TypeVar("M", bound=models.Model)


def first_in_each(queryset: QuerySet[M], *, group: str, order_by: Sequence[str], limit: int) -> QuerySet[M]:
    """The first ``limit`` rows of each group (``group`` is a field such as ``"child_id"``), in the
    order ``order_by`` gives ("-field" for newest first): one query however many groups there are,
    where slicing per group would take one each. A window function numbers the rows of each group;
    the rows come back grouped, each group in that order.

    Apply it to a queryset without ``distinct()``: rows duplicated by a join would be numbered twice.
    """
    ordering = [F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in order_by]
    numbered = queryset.annotate(row_in_group=Window(RowNumber(), partition_by=[F(group)], order_by=ordering))
    # The stubs' plugin cannot carry a type variable through annotate(): it answers QuerySet[Model].
    return cast("QuerySet[M]", numbered.filter(row_in_group__lte=limit).order_by(group, *order_by))
