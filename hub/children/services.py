"""Writes about children. Each is atomic and writes its access-log entry in the same transaction."""

from __future__ import annotations

import io
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from PIL import Image, ImageOps, UnidentifiedImageError

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import Agency, Authority, User
from hub.audit.models import LogAction
from hub.audit.services import log_change
from hub.children import names, rules
from hub.children.models import (
    AddressPeriod,
    AgencyInvolvement,
    Alias,
    Allocation,
    CareEpisode,
    Child,
    DuplicateDecision,
    LegalStatusPeriod,
    LevelOfConcernChange,
    PossibleDuplicate,
    SchoolPeriod,
)
from hub.children.rules import DUPLICATE_THRESHOLD, STATUS_STARTED, match_score
from hub.core import bulk, clock, dates, late
from hub.core.errors import Forbidden, RuleRefused, StaleVersion
from hub.core.roles import HUB_STAFF_ROLES, Role
from hub.reference.models import LevelOfConcern, School

IDENTITY_FIELDS = (
    "first_name",
    "middle_names",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "date_of_birth_estimated",
    "sex",
    "gender",
    "ethnicity",
    "local_child_id",
    "upn",
    "nhs_number",
    "police_reference",
    "learning_disability",
    "sen_ehcp",
    "excluded",
    "in_pru",
    "previously_missing",
    "nrm_referred",
)
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 4000 * 4000


def _set_keys(child: Child) -> None:
    child.first_name_key = names.first_name_key(child.first_name)
    child.last_name_key = names.sound_key(child.last_name)


# Who records a child, and who changes a record: the roles the child's access policy lets write.
CREATE_ROLES = frozenset({Role.HUB_COORDINATOR, Role.PRACTITIONER})
CREATE_REFUSAL = "Your role cannot record children."
CHANGE_REFUSAL = "You can see this child's record but your role cannot change it."


def child_create_check(*, by: User) -> None:
    """Who may record a child directly (the page and the API): a hub coordinator or a practitioner
    whose agency serves an authority. Other services record a child as part of their own write (the
    hub's review of a screening, a police report of a missing child) under their own check."""
    access.require_role(by, CREATE_ROLES, refusal=CREATE_REFUSAL, verb="record a child")
    if not access.authority_ids(by):
        # An agency that serves no authority has nowhere to keep a child's record.
        raise Forbidden("Your agency does not serve any area yet: ask your administrator.")


def child_change_check(*, by: User, child: Child) -> Decision:
    """Who may change a child's record (identity, photo, names, addresses, schools, legal status,
    agencies, allocation, possible duplicates): the roles the child's policy lets write, through their
    relationship. Not visible: ``NotVisible``; visible but not theirs to change: ``Forbidden``."""
    return access.require(by, child, refusal=CHANGE_REFUSAL)


def child_create(*, authority: Authority, by: User, **identity: Any) -> Child:
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"child_create does not take {', '.join(sorted(unknown))}")
    if identity.get("date_of_birth") is not None:
        dates.birth(identity["date_of_birth"])
    with transaction.atomic():
        child = Child(authority=authority, created_by=by, **identity)
        _set_keys(child)
        child.save()
        log_change(record=child, action=LogAction.COLLECT, detail="child record created")
        # Someone outside the hub records a child because their agency works with them: the agency
        # is involved from today (and so its case roles, the recorder among them, see the record).
        if by.agency is not None and not by.has_role(*HUB_STAFF_ROLES):
            involvement_add(
                child=child, by=by, agency=by.agency, start=clock.today(), reason="recorded the child"
            )
        duplicates_find(child=child)
    return child


def child_create_from_return(
    *,
    authority: Authority,
    by: User,
    local_child_id: str,
    date_of_birth: date,
    sex: str,
    ethnicity: str,
    upn: str,
    source: str,
) -> Child:
    """A child another system knows only by identifiers (a statutory return such as SSDA903 has no
    names): as ``child_create``, with a placeholder name and without the name-based duplicate search
    (every placeholder would look like every other; the child is matched on ``local_child_id``). The
    phonetic keys stay blank, so the placeholder never matches a name search."""
    dates.birth(date_of_birth)
    with transaction.atomic():
        child = Child.objects.create(
            authority=authority,
            created_by=by,
            first_name="Unknown",
            last_name=f"({source} child {local_child_id})",
            date_of_birth=date_of_birth,
            sex=sex,
            ethnicity=ethnicity,
            upn=upn,
            local_child_id=local_child_id,
        )
        log_change(record=child, action=LogAction.COLLECT, detail=f"child record created ({source} import)")
        if by.agency is not None and not by.has_role(*HUB_STAFF_ROLES):
            involvement_add(
                child=child, by=by, agency=by.agency, start=clock.today(), reason=f"{source} import"
            )
    return child


def care_codes_set(*, period: LegalStatusPeriod, by: User, codes: dict[str, str]) -> CareEpisode:
    """The SSDA903 codes of a looked-after period (reason for the episode, legal status, need, placement
    and how it ended), set or replaced."""
    rules.care_codes_set_check(status=period.status, codes=codes)
    with transaction.atomic():
        episode, _ = CareEpisode.objects.update_or_create(period=period, defaults=codes)
        log_change(record=period.child, detail=f"looked-after episode codes ({', '.join(sorted(codes))})")
    return episode


def child_update(*, child: Child, by: User, version: int, **changes: Any) -> Child:
    """Change identity fields. ``version`` is the one the editor saw: if someone saved since, nothing
    is written and ``StaleVersion`` says so (the second writer loses nothing they cannot re-enter)."""
    child_change_check(by=by, child=child)
    unknown = set(changes) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"child_update does not take {', '.join(sorted(unknown))}")
    if changes.get("date_of_birth") is not None and changes["date_of_birth"] != child.date_of_birth:
        dates.birth(changes["date_of_birth"])
    with transaction.atomic():
        updated = Child.objects.filter(pk=child.pk, version=version).update(version=version + 1)
        if not updated:
            raise StaleVersion(f"{child.full_name}'s record")
        changed = [name for name, value in changes.items() if getattr(child, name) != value]
        for name, value in changes.items():
            setattr(child, name, value)
        child.version = version + 1
        _set_keys(child)
        # simple_history's per-instance reason, which its untyped package does not declare.
        child._change_reason = f"changed by {by.get_username()}"  # type: ignore[attr-defined]
        child.save()
        log_change(record=child, detail=f"changed: {', '.join(changed) or 'nothing'}")
        if {"first_name", "last_name", "date_of_birth", "upn", "nhs_number", "local_child_id"} & set(changed):
            duplicates_find(child=child)
    return child


def alias_add(*, child: Child, name: str, kind: str, by: User) -> Alias:
    child_change_check(by=by, child=child)
    parts = name.split()
    with transaction.atomic():
        alias = Alias.objects.create(
            child=child,
            name=name.strip(),
            kind=kind,
            recorded_by=by,
            first_name_key=names.first_name_key(parts[0]) if parts else "",
            last_name_key=names.sound_key(parts[-1]) if len(parts) > 1 else "",
        )
        log_change(record=child, detail=f"alias added ({alias.get_kind_display()})")
    return alias


def _close_open(queryset: Any, start: date) -> None:
    for period in queryset.filter(end__isnull=True):
        period.end = max(period.start, start)
        period.save(update_fields=["end"])


# Addresses, schools, legal status, agencies involved and allocation are also written as part of
# other services' writes (the hub's review, a police report, an import), by people who may not change
# the record itself; so these functions do not check the actor. The record's pages check first with
# ``child_change_check``, the one rule for changing a child's record.


def address_add(
    *,
    child: Child,
    by: User,
    start: date,
    line1: str,
    line2: str = "",
    town: str = "",
    postcode: str = "",
    kind: str = AddressPeriod.Kind.HOME,
    closes_current: bool = True,
) -> AddressPeriod:
    with transaction.atomic():
        if closes_current:
            _close_open(child.addresses.filter(kind=kind), start)
        address = AddressPeriod.objects.create(
            child=child,
            recorded_by=by,
            start=start,
            line1=line1,
            line2=line2,
            town=town,
            postcode=postcode.upper().strip(),
            kind=kind,
        )
        log_change(record=child, detail="address added")
    return address


def school_add(*, child: Child, by: User, school: School, start: date) -> SchoolPeriod:
    with transaction.atomic():
        _close_open(child.schools.all(), start)
        period = SchoolPeriod.objects.create(child=child, recorded_by=by, school=school, start=start)
        if school.phase in {School.Phase.PRU_PRIMARY, School.Phase.PRU_SECONDARY} and not child.in_pru:
            Child.objects.filter(pk=child.pk).update(in_pru=True)
            bulk.changed(Child, [Child.objects.get(pk=child.pk)], by=by)
        log_change(record=child, detail=f"school: {school.name}")
    return period


def legal_status_add(
    *,
    child: Child,
    by: User,
    status: str,
    start: date,
    placing_authority: Authority | None = None,
    host_authority: Authority | None = None,
    late_entry_reason: str = "",
) -> LegalStatusPeriod:
    """A legal status (and, looked after, the placing and host authorities) from ``start``; the current
    one ends then. A status that started long before it is recorded needs the reason it is late."""
    late_entry_reason = rules.legal_status_add_check(
        status=status,
        start=start,
        born=child.date_of_birth,
        placing=placing_authority,
        host=host_authority,
        late_entry_reason=late_entry_reason,
    )
    with transaction.atomic():
        _close_open(child.legal_statuses.all(), start)
        period = LegalStatusPeriod.objects.create(
            child=child,
            recorded_by=by,
            status=status,
            start=start,
            placing_authority=placing_authority,
            host_authority=host_authority,
        )
        late.keep(period, value=start, reason=late_entry_reason, by=by, what=STATUS_STARTED)
        log_change(record=child, detail=f"legal status: {period.get_status_display()}")
    return period


def involvement_add(
    *, child: Child, by: User, agency: Agency, start: date, reason: str = ""
) -> AgencyInvolvement:
    with transaction.atomic():
        involvement = AgencyInvolvement.objects.filter(child=child, agency=agency, end__isnull=True).first()
        if involvement is None:
            involvement = AgencyInvolvement.objects.create(
                child=child, agency=agency, recorded_by=by, start=start, reason=reason
            )
            log_change(record=child, detail=f"agency involved: {agency.name}")
    return involvement


def allocation_set(*, child: Child, worker: User, by: User, start: date) -> Allocation:
    """Allocate a worker; ends the previous allocation. The worker's agency becomes involved."""
    with transaction.atomic():
        _close_open(child.allocations.exclude(worker=worker), start)
        allocation, _ = Allocation.objects.get_or_create(
            child=child, worker=worker, end__isnull=True, defaults={"recorded_by": by, "start": start}
        )
        if worker.agency is not None:
            involvement_add(child=child, by=by, agency=worker.agency, start=start, reason="allocated worker")
        log_change(record=child, detail=f"allocated to {worker.get_full_name() or worker.get_username()}")
    return allocation


def period_end(*, period: Any, end: date, by: User) -> None:
    if end < period.start:
        raise RuleRefused("The end date must be the same as or after the start date.")
    with transaction.atomic():
        period.end = end
        period.save(update_fields=["end"])
        log_change(record=period.child, detail=f"{period._meta.verbose_name} ended")


def level_set(
    *,
    child: Child,
    level: LevelOfConcern,
    by: User,
    rationale: str,
    source: str = "",
    at: datetime | None = None,
) -> LevelOfConcernChange:
    rationale = rationale.strip()
    if not rationale:
        raise RuleRefused("Give the reason for the level of concern.")
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        change = LevelOfConcernChange.objects.create(
            child=locked,
            level=level,
            previous_level=locked.level,
            decided_at=at or clock.now(),
            decided_by=by,
            rationale=rationale,
            source=source,
        )
        # Never None: the change made just above is one of them.
        newest = locked.level_changes.order_by("-decided_at", "-id")[0]
        Child.objects.filter(pk=child.pk).update(level=newest.level, version=locked.version + 1)
        child.level = newest.level
        child.version = locked.version + 1
        bulk.changed(Child, [Child.objects.get(pk=child.pk)], by=by)
        log_change(record=child, detail=f"level of concern: {level.name}")
    return change


def photo_set(*, child: Child, upload: Any, by: User) -> None:
    """Keep a child's photo: checked by content, size-limited, re-encoded so that location and
    device metadata (EXIF) never leaves with it (security.md item 27)."""
    child_change_check(by=by, child=child)
    if upload.size > MAX_PHOTO_BYTES:
        raise RuleRefused("The photo must be smaller than 5 MB.")
    try:
        with Image.open(upload) as image:
            if image.format not in {"JPEG", "PNG", "WEBP"}:
                raise RuleRefused("The photo must be a JPG, PNG or WEBP image.")
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise RuleRefused("The photo is too large: use one under 4000 by 4000 pixels.")
            upright = ImageOps.exif_transpose(image).convert("RGB")
            upright.thumbnail((1200, 1200))
            buffer = io.BytesIO()
            upright.save(buffer, format="JPEG", quality=85)  # a fresh file: no EXIF, no GPS
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise RuleRefused("The file is not a photo the Hub can read. Use a JPG, PNG or WEBP image.") from exc
    with transaction.atomic():
        if child.photo:
            child.photo.delete(save=False)
        child.photo.save(
            f"child-{child.pk}-{clock.now():%Y%m%d%H%M%S}.jpg", ContentFile(buffer.getvalue()), save=False
        )
        Child.objects.filter(pk=child.pk).update(photo=child.photo.name)
        bulk.changed(Child, [Child.objects.get(pk=child.pk)], by=by)
        log_change(record=child, detail="photo replaced")


IDENTIFIER_WORDS = {"upn": "the same UPN", "nhs_number": "the same NHS number"}


def _identifier_matches(child: Child, exclude: Collection[int] = ()) -> list[tuple[Child, str]]:
    """Other records holding one of this child's identifiers: UPN and NHS number across the Hub, the
    authority's child id within the authority (``exclude``: records not to compare with)."""
    found: dict[int, tuple[Child, list[str]]] = {}
    lookups = [(name, {name: getattr(child, name)}) for name in IDENTIFIER_WORDS if getattr(child, name)]
    if child.local_child_id:
        lookups.append(
            ("local_child_id", {"local_child_id": child.local_child_id, "authority_id": child.authority_id})
        )
    for name, lookup in lookups:
        others = Child.objects.filter(**lookup).exclude(pk=child.pk).exclude(pk__in=list(exclude))
        for other in others.order_by("pk")[:20]:
            found.setdefault(other.pk, (other, []))[1].append(
                IDENTIFIER_WORDS.get(name, "the same child id in this authority")
            )
    return [(other, "; ".join(words)) for other, words in found.values()]


def duplicates_find(*, child: Child, exclude: Collection[int] = ()) -> list[PossibleDuplicate]:
    """Record other children who may be this one: a shared identifier (anywhere in the Hub for UPN and
    NHS number), or similar names and date of birth in the same authority. Nobody is told of a record
    they cannot see: the pair waits in the hub's duplicates queue. ``exclude``: records entered after
    this one (a bulk form compares each child with those before it, as one by one would)."""
    found = []
    for other, reasons in _identifier_matches(child, exclude):
        duplicate, _ = PossibleDuplicate.objects.get_or_create(
            child=child, other=other, defaults={"score": 1.0, "reasons": reasons}
        )
        found.append(duplicate)
    first_keys = names.first_name_keys(child.first_name)
    last_key = names.sound_key(child.last_name)
    candidates = (
        Child.objects.filter(authority=child.authority)
        .exclude(pk=child.pk)
        .exclude(pk__in=list(exclude))
        .filter(
            Q(last_name_key=last_key) | Q(first_name_key__in=first_keys, date_of_birth=child.date_of_birth)
        )[:200]
    )
    for other in candidates:
        result = match_score(
            first_name=child.first_name,
            last_name=child.last_name,
            date_of_birth=child.date_of_birth,
            candidate_first=other.first_name,
            candidate_last=other.last_name,
            candidate_dob=other.date_of_birth,
        )
        if result.score >= DUPLICATE_THRESHOLD and not any(d.other_id == other.pk for d in found):
            duplicate, _ = PossibleDuplicate.objects.get_or_create(
                child=child,
                other=other,
                defaults={"score": result.score, "reasons": "; ".join(result.reasons)},
            )
            found.append(duplicate)
    return found


DUPLICATE_DECIDE_ROLES = frozenset({Role.HUB_COORDINATOR})
DUPLICATE_DECIDE_REFUSAL = "Only a hub coordinator decides whether two records are the same child."


def duplicate_decide_allowed(*, by: User) -> bool:
    """Whether ``by``'s role decides possible duplicates (a page deciding whether to show the choice)."""
    return by.has_role(*DUPLICATE_DECIDE_ROLES)


def duplicate_decide_check(*, by: User, duplicate: PossibleDuplicate | None = None) -> None:
    """Who decides a possible duplicate: a hub coordinator (``Forbidden`` otherwise) who may see both
    records (``NotVisible`` otherwise: the hub of the other area is asked instead)."""
    access.require_role(by, DUPLICATE_DECIDE_ROLES, refusal=DUPLICATE_DECIDE_REFUSAL, verb="decide duplicate")
    if duplicate is not None:
        for child in (duplicate.child, duplicate.other):
            access.require(
                by, child, refusal=DUPLICATE_DECIDE_REFUSAL, action=Action.READ, verb="decide duplicate"
            )


def duplicate_decide(*, duplicate: PossibleDuplicate, by: User, decision: str, note: str = "") -> None:
    """The hub decides a possible duplicate: the same child (merged when record linkage comes) or
    different children (siblings, twins, a shared identifier typed wrongly). Decided once."""
    duplicate_decide_check(by=by, duplicate=duplicate)
    _duplicate_record(duplicate=duplicate, by=by, decision=decision, note=note)


def duplicate_dismiss(*, child: Child, duplicate: PossibleDuplicate, by: User) -> None:
    """From a child's record, whoever may change it says a possible duplicate of theirs is a different
    child (``child_change_check``)."""
    child_change_check(by=by, child=child)
    if child.pk not in (duplicate.child_id, duplicate.other_id):
        raise RuleRefused("That possible duplicate is not one of this child's.")
    _duplicate_record(duplicate=duplicate, by=by, decision=DuplicateDecision.DIFFERENT, note="")


def _duplicate_record(*, duplicate: PossibleDuplicate, by: User, decision: str, note: str) -> None:
    if decision not in DuplicateDecision.values:
        raise RuleRefused("Choose whether the records are the same child or different children.")
    note = note.strip()
    if decision == DuplicateDecision.SAME and not note:
        raise RuleRefused("Say how you know the records are the same child.")
    with transaction.atomic():
        if not PossibleDuplicate.objects.filter(pk=duplicate.pk, decided_at__isnull=True).update(
            decision=decision, decision_note=note, decided_by=by, decided_at=clock.now()
        ):
            raise RuleRefused("That possible duplicate has already been decided. Check the list again.")
        bulk.changed(PossibleDuplicate, [PossibleDuplicate.objects.get(pk=duplicate.pk)], by=by)
        words = "the same child as" if decision == DuplicateDecision.SAME else "not the same child as"
        log_change(record=duplicate.child, detail=f"{words} record {duplicate.other_id}")
        log_change(record=duplicate.other, detail=f"{words} record {duplicate.child_id}")
