"""Writes of intelligence: record an entity (or the entity of a child), give it another name, correct it,
link two entities, correct a link, and review either (retain with a reason, or dispose of). Each checks
the actor first (``checks.py``), runs in one transaction, keeps the change history and writes the
access log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from hub.accounts import access
from hub.accounts.access import Action
from hub.accounts.models import Agency, Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.children.models import Child
from hub.core import clock, dates
from hub.core.corrections import correct, reason_given
from hub.core.errors import FieldRefused, RuleRefused, StaleVersion
from hub.intelligence import checks, rules
from hub.intelligence.models import Alias, Entity, EntityKind, GroupType, Link, LocationType
from hub.reference import postcodes

# The facts each kind of entity may carry beyond its name and description.
_FACTS: dict[str, frozenset[str]] = {
    EntityKind.PERSON: frozenset({"date_of_birth"}),
    EntityKind.GROUP: frozenset({"group_type", "line_name"}),
    EntityKind.LOCATION: frozenset({"location_type", "address", "postcode", "latitude", "longitude"}),
}
_BLANK: dict[str, Any] = {
    "date_of_birth": None,
    "group_type": "",
    "line_name": "",
    "location_type": "",
    "address": "",
    "postcode": "",
    "latitude": None,
    "longitude": None,
}


def postcode_normalised(value: str) -> str:
    """A UK postcode in capitals with one space before the inward code; refused when it is not one."""
    if not value.strip():
        return ""
    key = postcodes.normalised(value)
    if key is None:
        raise FieldRefused("Enter a full UK postcode, like MK9 3EJ, or leave it blank.", field="postcode")
    return key


def _placed(values: dict[str, Any], *, postcode_changed: bool) -> dict[str, Any]:
    """A place's coordinates from the postcode table (``reference.postcodes``, loaded as data, never a
    call to the network) when its postcode is new or changed and no coordinates are given: none when
    the table does not hold the postcode (the place's page says so)."""
    if postcode_changed and values["latitude"] is None and values["longitude"] is None:
        found = postcodes.coordinates_of(values["postcode"]) if values["postcode"] else None
        values["latitude"], values["longitude"] = found if found else (None, None)
    return values


def entity_facts_checked(kind: str, facts: dict[str, Any]) -> dict[str, Any]:
    """The kind-specific facts of an entity, checked and normalised; a fact another kind carries is
    refused by name rather than silently dropped."""
    allowed = _FACTS.get(kind, frozenset())
    values = dict(_BLANK)
    for name, value in facts.items():
        if value in (None, ""):
            continue
        if name not in allowed:
            raise FieldRefused(
                f"A {EntityKind(kind).label.lower()} has no {name.replace('_', ' ')}.", field=name
            )
        values[name] = value.strip() if isinstance(value, str) else value
    if kind == EntityKind.PERSON and values["date_of_birth"] is not None:
        dates.happened(values["date_of_birth"], field="date_of_birth", what="the date of birth")
    if kind == EntityKind.GROUP:
        if values["group_type"] not in GroupType.values:
            raise FieldRefused("Choose what kind of group it is.", field="group_type")
        if values["line_name"] and values["group_type"] != GroupType.COUNTY_LINE:
            raise FieldRefused("Only a county line has a line name.", field="line_name")
    if kind == EntityKind.LOCATION:
        if values["location_type"] not in LocationType.values:
            raise FieldRefused("Choose what kind of place it is.", field="location_type")
        values["postcode"] = postcode_normalised(values["postcode"])
        _coordinates_checked(values["latitude"], values["longitude"])
    return values


def _coordinates_checked(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        raise FieldRefused("Give both the latitude and the longitude, or neither.", field="longitude")
    if latitude is not None and not Decimal(-90) <= latitude <= Decimal(90):
        raise FieldRefused("A latitude is between -90 and 90.", field="latitude")
    if longitude is not None and not Decimal(-180) <= longitude <= Decimal(180):
        raise FieldRefused("A longitude is between -180 and 180.", field="longitude")


def _identifier_key_checked(authority: Authority, kind: str, name: str, exclude: int | None = None) -> str:
    key = rules.identifier_key(kind, name)
    if kind == EntityKind.PHONE and len(key) < 7:
        raise FieldRefused("Enter the whole phone number, with its area or mobile code.", field="name")
    if kind == EntityKind.VEHICLE and not key:
        raise FieldRefused("Enter the vehicle's registration.", field="name")
    if key:
        same = Entity.objects.filter(
            authority=authority, kind=kind, identifier_key=key, disposed_at__isnull=True
        )
        if exclude is not None:
            same = same.exclude(pk=exclude)
        existing = same.first()
        if existing is not None:
            raise FieldRefused(
                f"The Hub already holds {existing.name} (record {existing.pk}): link to that record instead.",
                field="name",
            )
    return key


def _review_due(kind: str, review_due: date | None) -> date | None:
    if review_due is not None:
        dates.planned(review_due, field="review_due", what="the review date")
        return review_due
    return clock.today() + dates.intelligence_review() if kind == EntityKind.PERSON else None


def entity_create(
    *,
    by: User,
    authority: Authority,
    kind: str,
    name: str,
    description: str = "",
    aliases: list[str] | None = None,
    review_due: date | None = None,
    **facts: Any,
) -> Entity:
    """Record a person of concern, a group, a place, a vehicle, a phone number or an organisation (a
    child's entity is ``child_entity``'s). A phone or a vehicle the Hub already holds is refused, naming
    the record to link to instead."""
    checks.intelligence_record_check(by=by, authority=authority)
    if kind not in EntityKind.values or kind == EntityKind.CHILD:
        raise FieldRefused(
            "Choose what it is: a person, a group, a place, a vehicle, a phone or an organisation.",
            field="kind",
        )
    name = name.strip()
    if not name:
        raise FieldRefused(
            "Enter its name (a person's or a place's name, a number, a registration).", field="name"
        )
    values = entity_facts_checked(kind, facts)
    if kind == EntityKind.LOCATION:
        values = _placed(values, postcode_changed=True)
    with transaction.atomic():
        key = _identifier_key_checked(authority, kind, name)
        entity = Entity.objects.create(
            authority=authority,
            kind=kind,
            name=name,
            description=description.strip(),
            identifier_key=key,
            review_due=_review_due(kind, review_due),
            created_by=by,
            **values,
        )
        for alias in aliases or []:
            if alias.strip() and alias.strip() != name:
                Alias.objects.get_or_create(entity=entity, name=alias.strip(), defaults={"created_by": by})
        log_change(record=entity, action=LogAction.COLLECT, detail=f"{kind} recorded", actor=by)
    return entity


def child_entity(*, by: User, child: Child) -> Entity:
    """The child as an entity of the network (made on first use), so they can be linked to people and
    places. Whoever links must be able to see the child's record."""
    checks.intelligence_record_check(by=by, authority=child.authority)
    access.require(by, child, refusal=checks.RECORD_REFUSAL, action=Action.READ, verb="link child")
    with transaction.atomic():
        entity, made = Entity.objects.get_or_create(
            child=child,
            defaults={
                "authority": child.authority,
                "kind": EntityKind.CHILD,
                "name": f"{child.first_name} {child.last_name}",
                "created_by": by,
            },
        )
        if made:
            log_change(record=entity, action=LogAction.COLLECT, detail="child added to the network", actor=by)
    return entity


def alias_add(*, by: User, entity: Entity, name: str) -> Alias:
    """Another name a person or group is known by."""
    checks.entity_change_check(by=by, entity=entity)
    name = name.strip()
    if not name:
        raise FieldRefused("Enter the other name.", field="name")
    if name == entity.name or entity.aliases.filter(name=name).exists():
        raise FieldRefused(f"{entity.name} is already known as {name}.", field="name")
    with transaction.atomic():
        alias = Alias.objects.create(entity=entity, name=name, created_by=by)
        log_change(record=entity, detail="alias added", actor=by)
    return alias


def _locked(model: type[models.Model], pk: int, version: int, what: str) -> Any:
    record = model._default_manager.select_for_update().get(pk=pk)
    if record.version != version:  # type: ignore[attr-defined]  # every intelligence record has one
        raise StaleVersion(what)
    return record


ENTITY_CORRECTABLE = frozenset({"name", "description", "review_due", *_BLANK})


def entity_correct(*, by: User, entity: Entity, version: int, reason: str, **changes: Any) -> Entity:
    """Put right what was recorded about an entity, with the reason; the history keeps what it said."""
    checks.entity_change_check(by=by, entity=entity)
    reason = reason_given(reason)
    unknown = set(changes) - ENTITY_CORRECTABLE
    if unknown:
        raise RuleRefused(f"These cannot be corrected here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        record: Entity = _locked(Entity, entity.pk, version, "this record")
        facts = {name: changes.get(name, getattr(record, name)) for name in _BLANK}
        values = entity_facts_checked(record.kind, facts) if record.kind != EntityKind.CHILD else {}
        if record.kind == EntityKind.LOCATION:
            # Coordinates belong to the postcode: a new postcode without coordinates given takes the
            # table's (or none), not the old postcode's.
            moved = values["postcode"] != record.postcode
            if moved and "latitude" not in changes and "longitude" not in changes:
                values["latitude"] = values["longitude"] = None
            values = _placed(values, postcode_changed=moved)
        if "name" in changes:
            values["name"] = str(changes["name"]).strip()
            if not values["name"]:
                raise FieldRefused("Enter its name.", field="name")
            if record.kind == EntityKind.CHILD:
                raise FieldRefused("A child's name is corrected on the child's record.", field="name")
            record.identifier_key = _identifier_key_checked(
                record.authority, record.kind, values["name"], exclude=record.pk
            )
        if "description" in changes:
            values["description"] = str(changes["description"]).strip()
        if "review_due" in changes:
            if changes["review_due"] is not None:
                dates.planned(changes["review_due"], field="review_due", what="the review date")
            values["review_due"] = changes["review_due"]
        record.version += 1
        correct(record, by=by, reason=reason, values=values, narrative=("description",))
        log_change(record=record, detail="corrected", actor=by)
    return record


def _origin(origin: models.Model | None) -> dict[str, Any]:
    if origin is None:
        return {"origin_type": None, "origin_id": None}
    return {"origin_type": ContentType.objects.get_for_model(origin), "origin_id": origin.pk}


def link_checked(
    *,
    kind: str,
    start: Entity,
    end: Entity,
    seen_from: date,
    seen_to: date | None,
    grading: str,
    source_grade: str,
    intelligence_grade: str,
    handling_code: str,
    handling_conditions: str,
) -> None:
    """A link's own rules: what it may join, its dates (possible, in order, not before a child linked by
    it was born) and its grading."""
    if start.pk == end.pk:
        raise FieldRefused("A link joins two different records: choose the other one.", field="target")
    refusal = rules.link_ends_refusal(kind, start.kind, end.kind)
    if refusal:
        raise FieldRefused(refusal, field="kind")
    born = max(
        (
            entity.child.date_of_birth
            for entity in (start, end)
            if entity.child and entity.child.date_of_birth
        ),
        default=None,
    )
    dates.happened(seen_from, field="seen_from", what="the date first seen", born=born)
    if seen_to is not None:
        dates.happened(
            seen_to,
            field="seen_to",
            what="the date last seen",
            born=born,
            after=(seen_from, "it was first seen"),
        )
    try:
        rules.check_grading(grading, source_grade, intelligence_grade, handling_code, handling_conditions)
    except rules.GradingError as error:
        raise FieldRefused(str(error), field=error.field) from error


def link_record(
    *,
    by: User,
    start: Entity,
    end: Entity,
    kind: str,
    seen_from: date,
    source_grade: str,
    intelligence_grade: str,
    handling_code: str,
    seen_to: date | None = None,
    grading: str = "3x5x2",
    handling_conditions: str = "",
    summary: str = "",
    agency: Agency | None = None,
    origin: models.Model | None = None,
    origin_label: str = "",
    review_due: date | None = None,
) -> Link:
    """Link two entities ("uses phone", "found at"), with when, on whose information and its grading. A
    link that casts a child as exploiting others is marked so, and only the roles that need it see it."""
    casts = rules.casts_child_as_exploiter(kind, start.kind)
    checks.link_record_check(by=by, start=start, end=end, casts_child_as_exploiter=casts)
    link_checked(
        kind=kind,
        start=start,
        end=end,
        seen_from=seen_from,
        seen_to=seen_to,
        grading=grading,
        source_grade=source_grade,
        intelligence_grade=intelligence_grade,
        handling_code=handling_code,
        handling_conditions=handling_conditions,
    )
    agency = agency or by.agency
    if agency is None:
        raise FieldRefused("Say whose information this is.", field="agency")
    if review_due is not None:
        dates.planned(review_due, field="review_due", what="the review date")
    with transaction.atomic():
        link = Link.objects.create(
            authority=start.authority,
            source=start,
            target=end,
            kind=kind,
            seen_from=seen_from,
            seen_to=seen_to,
            agency=agency,
            origin_label=origin_label,
            grading=grading,
            source_grade=source_grade,
            intelligence_grade=intelligence_grade,
            handling_code=handling_code,
            handling_conditions=handling_conditions.strip(),
            casts_child_as_exploiter=casts,
            summary=summary.strip(),
            review_due=review_due or (clock.today() + dates.intelligence_review()),
            created_by=by,
            **_origin(origin),
        )
        log_change(record=link, action=LogAction.COLLECT, detail=f"link {kind} recorded", actor=by)
    return link


LINK_CORRECTABLE = frozenset(
    {
        "kind",
        "seen_from",
        "seen_to",
        "grading",
        "source_grade",
        "intelligence_grade",
        "handling_code",
        "handling_conditions",
        "summary",
        "review_due",
    }
)


def link_correct(*, by: User, link: Link, version: int, reason: str, **changes: Any) -> Link:
    """Put right a link's kind, dates, grading or summary, with the reason."""
    checks.link_change_check(by=by, link=link)
    reason = reason_given(reason)
    unknown = set(changes) - LINK_CORRECTABLE
    if unknown:
        raise RuleRefused(f"These cannot be corrected here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        record: Link = _locked(Link, link.pk, version, "this link")
        values = {name: changes.get(name, getattr(record, name)) for name in LINK_CORRECTABLE}
        link_checked(
            kind=values["kind"],
            start=record.source,
            end=record.target,
            seen_from=values["seen_from"],
            seen_to=values["seen_to"],
            grading=values["grading"],
            source_grade=values["source_grade"],
            intelligence_grade=values["intelligence_grade"],
            handling_code=values["handling_code"],
            handling_conditions=values["handling_conditions"],
        )
        casts = rules.casts_child_as_exploiter(values["kind"], record.source.kind)
        if casts and not record.casts_child_as_exploiter:
            checks.link_record_check(
                by=by, start=record.source, end=record.target, casts_child_as_exploiter=True
            )
        values["casts_child_as_exploiter"] = casts
        record.version += 1
        correct(record, by=by, reason=reason, values=values, narrative=("summary", "handling_conditions"))
        log_change(record=record, detail="corrected", actor=by)
    return record


class Review(models.TextChoices):
    RETAIN = "retain", "Retain until the next review"
    DISPOSE = "dispose", "Dispose of it"


def entity_review(
    *, by: User, entity: Entity, decision: str, reason: str, next_review: date | None = None
) -> Entity:
    """Review intelligence about an entity: retain it (with the reason and the next review date) or
    dispose of it (with the reason), and its links with it. Disposal is an erasure in the access log;
    the record is kept only as the fact that it was disposed of, seen by nobody."""
    checks.entity_change_check(by=by, entity=entity)
    reason = reason_given(reason, what="it is retained or disposed of")
    with transaction.atomic():
        record: Entity = _locked(Entity, entity.pk, entity.version, "this record")
        if decision == Review.RETAIN:
            if next_review is None:
                raise FieldRefused("Say when it is next reviewed.", field="next_review")
            dates.planned(next_review, field="next_review", what="the next review")
            record.version += 1
            correct(record, by=by, reason=reason, values={"review_due": next_review})
            log_change(record=record, detail="reviewed: retained", actor=by)
        elif decision == Review.DISPOSE:
            if record.kind == EntityKind.CHILD:
                raise RuleRefused("A child's record is kept under the children's records' own retention.")
            now = clock.now()
            record.version += 1
            correct(record, by=by, reason=reason, values={"disposed_at": now})
            links = list(
                Link.objects.filter(
                    models.Q(source=record) | models.Q(target=record), disposed_at__isnull=True
                )
            )
            for link in links:
                link.version += 1
                correct(
                    link, by=by, reason=f"{record.name} disposed of: {reason}", values={"disposed_at": now}
                )
            log_change(
                record=record,
                action=LogAction.ERASE,
                detail=f"disposed of, with {len(links)} links",
                actor=by,
            )
        else:
            raise FieldRefused("Choose whether to retain it or dispose of it.", field="decision")
    return record


def link_review(*, by: User, link: Link, decision: str, reason: str, next_review: date | None = None) -> Link:
    """Review a link: retain it until the next review, or dispose of it."""
    checks.link_change_check(by=by, link=link)
    reason = reason_given(reason, what="it is retained or disposed of")
    with transaction.atomic():
        record: Link = _locked(Link, link.pk, link.version, "this link")
        record.version += 1
        if decision == Review.RETAIN:
            if next_review is None:
                raise FieldRefused("Say when it is next reviewed.", field="next_review")
            dates.planned(next_review, field="next_review", what="the next review")
            correct(record, by=by, reason=reason, values={"review_due": next_review})
            log_change(record=record, detail="reviewed: retained", actor=by)
        elif decision == Review.DISPOSE:
            correct(record, by=by, reason=reason, values={"disposed_at": clock.now()})
            log_change(record=record, action=LogAction.ERASE, detail="disposed of", actor=by)
        else:
            raise FieldRefused("Choose whether to retain it or dispose of it.", field="decision")
    return record
