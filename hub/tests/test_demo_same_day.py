"""The same reference day always gives the same demo area, to the row: two loads of one day, each in a
fresh database state, hold the same rows in every table of the Hub's apps."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.apps import apps
from django.db import models

from hub.audit.models import AccessLogEntry
from hub.core.calendar import LONDON

ON = datetime(2027, 6, 16, 9, 0, tzinfo=LONDON)
# Fields that hold when the load ran, or secrets made for each installation, not what the area is.
UNSTABLE_FIELDS = {"password", "key", "last_login", "date_joined", "history_date"}


def fingerprint() -> dict[str, str]:
    """Per table of the Hub's apps: the count and a hash of every row's own values (not ids or keys, which
    a database may number differently; not stamps Django makes at the real time of the load)."""
    prints = {}
    for model in apps.get_models():
        if not model.__module__.startswith("hub.") or model is AccessLogEntry:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not isinstance(f, models.ForeignKey)
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
            and f.attname not in UNSTABLE_FIELDS
        ]
        rows = sorted(repr(row) for row in model.objects.values_list(*fields))
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        prints[model._meta.label] = f"{len(rows)} rows, {digest[:16]}"
    return prints


def test_the_same_day_gives_the_same_area(demo_area, tmp_path_factory, db):
    with demo_area(tmp_path_factory.mktemp("first"), on=ON):
        first = fingerprint()
    with demo_area(tmp_path_factory.mktemp("second"), on=ON):
        second = fingerprint()
    assert sum(int(text.split()[0]) for text in first.values()) > 10_000
    differ = {label: (first[label], second[label]) for label in first if first[label] != second[label]}
    assert not differ, sorted(differ)
