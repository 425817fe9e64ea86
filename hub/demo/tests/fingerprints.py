"""A fingerprint of the demo area: per table of the Hub's apps, the count and a hash of every row's own
values, to show that the same reference day gives the same area to the row."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django.apps import apps
from django.db import models

# Secrets made for each installation, and ids a database may number differently, are not what the area is.
UNSTABLE_FIELDS = {"password", "key", "last_login", "date_joined", "source_id", "context_id", "object_id"}


def _stable_fields(model) -> list[str]:
    """A table's own values: not its keys, not stamps Django makes at the real time of the load (also in
    the history tables, whose copies of them are plain fields), not the history's own bookkeeping."""
    original = getattr(model, "instance_type", model)  # a history table's model
    stamped = {
        f.attname
        for f in original._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    own = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key
        and not isinstance(f, models.ForeignKey)
        and f.attname not in stamped | UNSTABLE_FIELDS
        and f.attname != original._meta.pk.attname
        and not f.attname.startswith("history_")
    ]
    if own:
        return own
    # A table of links only (a many-to-many, or its history): the rows it links, by id. ``values_list()``
    # with no fields would give every column, its own key among them.
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def fingerprint() -> dict[str, str]:
    """Per table of the Hub's apps (the access log aside: it records the real time of the load): the
    count and a hash of every row's own values."""
    prints = {}
    for model in apps.get_models():
        if not model.__module__.startswith("hub.") or model._meta.app_label == "audit":
            continue
        rows = sorted(repr(row) for row in cast(Any, model).objects.values_list(*_stable_fields(model)))
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        prints[model._meta.label] = f"{len(rows)} rows, {digest[:16]}"
    return prints
