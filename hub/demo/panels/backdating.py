"""Back-dating: Django stamps "now" on the fields it fills on insert (a decision's ``recorded_at``, an
action's ``created_at``, a plan's ``created_at``, a plan version's ``recorded_at``). The demo inserts the
year's rows with the times the planned work happened in those fields instead: while ``planned_stamps`` is
open, the model's stamped fields keep the value they were given (updating them afterwards would cost a
second pass over every row, and a constraint such as "an action is finished after it was agreed" would
refuse the insert in between). The access log keeps the real load time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from django.db import models


def stamped_fields(model: type[models.Model]) -> list[models.DateField]:
    # Only date and date-time fields have ``auto_now_add``.
    return cast(
        "list[models.DateField]",
        [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)],
    )


@contextmanager
def planned_stamps(model: type[models.Model]) -> Iterator[None]:
    """Inside the block, inserting ``model`` rows keeps the times given in its stamped fields."""
    fields = stamped_fields(model)
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True
