"""Links that arise from the Hub's own records, without re-typing.

- ``record_links_from``: what a missing report, a return or a return interview's pickers gave
  (``pickers.py``), each a link from the child to a place or person of concern the network holds or
  that is recorded now, with the record as its origin and dated within the record's own dates. The
  record's service calls it inside its own transaction, so a refused link refuses the record too: the
  person sees why, and nothing is half-written.
- ``child_places_link``: an analyst's action on the child's Intelligence tab, linking the child to
  their placement addresses and schools (children's records), each dated by its period.

Default grading of the Hub's own records (``HUB_RECORD_GRADING``): 3x5x2, source 1 (a professional of a
partner agency recording in the course of their work is a reliable source), intelligence C (known
indirectly: what the professional was told or recorded, not tested by the hub), handling P (lawful
sharing within the partnership permitted). An analyst who knows better corrects it (``link_correct``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from hub.accounts.models import User
from hub.children.models import AddressPeriod, Child, Period, SchoolPeriod
from hub.core import clock
from hub.core.errors import FieldRefused, RuleRefused
from hub.intelligence import checks, selectors, services
from hub.intelligence.models import Entity, EntityKind, Link, LinkKind, LocationType
from hub.intelligence.pickers import Picked

HUB_RECORD_GRADING: dict[str, Any] = {
    "grading": "3x5x2",
    "source_grade": "1",
    "intelligence_grade": "C",
    "handling_code": "P",
}


def _linked_already(start: Entity, end: Entity, kind: str, origin: models.Model) -> bool:
    return Link.objects.filter(
        source=start,
        target=end,
        kind=kind,
        origin_type=ContentType.objects.get_for_model(origin),
        origin_id=origin.pk,
        disposed_at__isnull=True,
    ).exists()


def _entity_of(by: User, child: Child, picked: Picked) -> Entity:
    if picked.entity_id is not None:
        found = selectors.entities_visible(by).filter(pk=picked.entity_id, kind=picked.kind).first()
        if found is None:
            raise FieldRefused("Choose one from the list: that record is not one you can link to.", field="")
        return found
    facts = dict(picked.facts)
    description = str(facts.pop("description", "") or "")
    return services.entity_create(
        by=by,
        authority=child.authority,
        kind=picked.kind,
        name=picked.name,
        description=description,
        **facts,
    )


def record_links_from(
    *,
    by: User,
    child: Child,
    origin: models.Model,
    origin_label: str,
    seen_from: date,
    seen_to: date | None = None,
    picks: Sequence[Picked] = (),
) -> list[Link]:
    """Link ``child`` to each picked place or person, from ``origin`` (the record), seen from ``seen_from``
    (to ``seen_to``), on the recorder's agency's information, graded as the Hub's own records are. A
    refusal names the picker it is about (``FieldRefused.field``). Runs in the caller's transaction."""
    if not picks:
        return []
    checks.intelligence_record_check(by=by, authority=child.authority)
    made = []
    with transaction.atomic():
        start = services.child_entity(by=by, child=child)
        for picked in picks:
            try:
                end = _entity_of(by, child, picked)
                if _linked_already(start, end, picked.link_kind, origin):
                    continue
                made.append(
                    services.link_record(
                        by=by,
                        start=start,
                        end=end,
                        kind=picked.link_kind,
                        seen_from=seen_from,
                        seen_to=seen_to,
                        origin=origin,
                        origin_label=origin_label,
                        **HUB_RECORD_GRADING,
                    )
                )
            except RuleRefused as refused:
                raise FieldRefused(str(refused), field=picked.field) from refused
    return made


def record_links_at(
    *,
    by: User,
    child: Child,
    origin: models.Model,
    what: str,
    at: datetime,
    until: datetime | None = None,
    picks: Sequence[Picked] = (),
) -> list[Link]:
    """``record_links_from`` for a record of moments: seen on ``at``'s local day (to ``until``'s), the
    origin named ``what`` and the day ("Missing episode, last seen 12 November 2026")."""
    seen = timezone.localdate(at)
    return record_links_from(
        by=by,
        child=child,
        origin=origin,
        origin_label=f"{what} {seen:%-d %B %Y}",
        seen_from=seen,
        seen_to=timezone.localdate(until) if until is not None else None,
        picks=picks,
    )


def _place(by: User, child: Child, *, name: str, postcode: str, location_type: str) -> Entity:
    """The place the network holds by this name and postcode (in the child's area), or a new one."""
    key = services.postcode_normalised(postcode) if postcode.strip() else ""
    found = (
        selectors.entities_visible(by)
        .filter(authority=child.authority, kind=EntityKind.LOCATION, postcode=key, name__iexact=name.strip())
        .first()
    )
    if found is not None:
        return found
    return services.entity_create(
        by=by,
        authority=child.authority,
        kind=EntityKind.LOCATION,
        name=name,
        location_type=location_type,
        postcode=key,
    )


def _link_period(by: User, start: Entity, end: Entity, kind: str, period: Period, label: str) -> Link | None:
    today = clock.today()
    if period.start > today or _linked_already(start, end, kind, period):
        return None  # a period yet to start is not seen yet: linked when it has started
    return services.link_record(
        by=by,
        start=start,
        end=end,
        kind=kind,
        seen_from=period.start,
        seen_to=period.end if period.end is not None and period.end <= today else None,
        origin=period,
        origin_label=label,
        **HUB_RECORD_GRADING,
    )


def child_places_link(*, by: User, child: Child) -> list[Link]:
    """Link the child to each of their placement addresses (``placed_at``) and schools (``attends``),
    current and previous, each dated by its period with the period as its origin. A place the network
    holds by the same name and postcode is linked, not made again; running it twice adds nothing."""
    checks.intelligence_record_check(by=by, authority=child.authority)
    made: list[Link] = []
    with transaction.atomic():
        start = services.child_entity(by=by, child=child)
        placements = AddressPeriod.objects.filter(child=child, kind=AddressPeriod.Kind.PLACEMENT)
        for address in placements.order_by("start", "pk"):
            name = ", ".join(part for part in (address.line1, address.line2, address.town) if part)
            place = _place(
                by, child, name=name, postcode=address.postcode, location_type=LocationType.PLACEMENT
            )
            link = _link_period(
                by, start, place, LinkKind.PLACED_AT, address, f"Placement from {_day(address.start)}"
            )
            made += [link] if link else []
        schools = SchoolPeriod.objects.filter(child=child).select_related("school")
        for period in schools.order_by("start", "pk"):
            school = period.school
            place = _place(
                by, child, name=school.name, postcode=school.postcode, location_type=LocationType.SCHOOL
            )
            link = _link_period(
                by, start, place, LinkKind.ATTENDS, period, f"School from {_day(period.start)}"
            )
            made += [link] if link else []
    return made


def _day(day: date) -> str:
    return f"{day:%-d %B %Y}"
