"""An analyst's answer to a link the Hub's records suggest (``mention_selectors.py``): confirm it, making
the link from the child to the place or person with the record as its origin, or dismiss it with the
reason, so it is not suggested again. Each checks the actor first and writes the access log."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from hub.accounts.models import User
from hub.audit.services import log_change
from hub.children.models import Child
from hub.core.corrections import reason_given
from hub.intelligence import checks, services
from hub.intelligence.models import Entity, Link, MentionDismissal


def mention_confirm(
    *,
    by: User,
    child: Child,
    entity: Entity,
    kind: str,
    on: date,
    origin: models.Model,
    origin_label: str,
    source_grade: str,
    intelligence_grade: str,
    handling_code: str,
    handling_conditions: str = "",
) -> Link:
    """The record's words mean this entity: link the child to it, from the record, on the record's day."""
    with transaction.atomic():
        start = services.child_entity(by=by, child=child)
        return services.link_record(
            by=by,
            start=start,
            end=entity,
            kind=kind,
            seen_from=on,
            source_grade=source_grade,
            intelligence_grade=intelligence_grade,
            handling_code=handling_code,
            handling_conditions=handling_conditions,
            origin=origin,
            origin_label=origin_label,
        )


def mention_dismiss(
    *, by: User, entity: Entity, kind: str, origin: models.Model, reason: str
) -> MentionDismissal:
    """The record's words do not mean this entity: say why, and it is not suggested again."""
    checks.entity_change_check(by=by, entity=entity)
    reason = reason_given(reason, what="the record does not mean this")
    with transaction.atomic():
        dismissal, _ = MentionDismissal.objects.get_or_create(
            origin_type=ContentType.objects.get_for_model(origin),
            origin_id=origin.pk,
            entity=entity,
            kind=kind,
            defaults={"reason": reason, "dismissed_by": by},
        )
        log_change(
            record=entity,
            detail=f"suggested link from {origin._meta.label_lower} {origin.pk} dismissed",
            actor=by,
        )
    return dismissal
