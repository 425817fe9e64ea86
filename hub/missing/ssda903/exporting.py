"""The SSDA903 export: the three files of a collection year for the placing authority, logged as a
disclosure to the DfE."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from hub.accounts.models import Authority, User
from hub.audit import context
from hub.audit.services import log_disclosure
from hub.children.models import AddressPeriod, Child, LegalStatus, LegalStatusPeriod
from hub.core.exports import write_csv
from hub.missing.models import MissingEpisode
from hub.missing.ssda903.reading import (
    COLUMNS,
    EPISODES,
    HEADER,
    KEPT,
    MISSING,
    RECIPIENT,
    at_nine,
    collection_period,
    format_date,
    uk_date,
)


@dataclass
class ExportResult:
    header: list[list[str]]
    episodes: list[list[str]]
    missing: list[list[str]]
    skipped: list[str] = field(default_factory=list)
    child_ids: list[int] = field(default_factory=list)
    missing_ids: list[int] = field(default_factory=list)


def build_export(*, year: int, authority: Authority) -> ExportResult:
    first, last = collection_period(year)
    periods = (
        # The return is the placing authority's: children it looks after, wherever placed; never the
        # children other authorities have placed in its area.
        LegalStatusPeriod.objects.filter(status=LegalStatus.LOOKED_AFTER, start__lte=last)
        .filter(
            Q(placing_authority=authority) | Q(placing_authority__isnull=True, child__authority=authority)
        )
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .select_related("child", "care_episode")
        .order_by("child__local_child_id", "child_id", "start")
    )
    result = ExportResult(header=[], episodes=[], missing=[])
    children: dict[int, Child] = {}
    spans: dict[int, list[tuple[date, date | None]]] = {}
    for period in periods:
        child = period.child
        children.setdefault(child.pk, child)
        spans.setdefault(child.pk, []).append((period.start, period.end))
        address = child.addresses.filter(kind=AddressPeriod.Kind.PLACEMENT, start=period.start).first()
        episode = getattr(period, "care_episode", None)
        kept = {column: getattr(episode, field) for field, column in KEPT.items()} if episode else {}
        end = period.end if period.end and period.end <= last else None
        result.episodes.append(
            [
                _child_id(child),
                format_date(period.start),
                kept.get("RNE", ""),
                kept.get("LS", ""),
                kept.get("CIN", ""),
                kept.get("PLACE", ""),
                kept.get("PLACE_PROVIDER", ""),
                format_date(end),
                kept.get("REC", "") if end else "",
                kept.get("REASON_PLACE_CHANGE", ""),
                kept.get("HOME_POST", ""),
                address.postcode if address else "",
                kept.get("URN", ""),
            ]
        )
    for child in children.values():
        if not child.local_child_id:
            result.skipped.append(f"record {child.pk} has no CHILD id: exported as HUB{child.pk}")
        result.header.append(
            [
                _child_id(child),
                child.sex,
                format_date(child.date_of_birth),
                child.ethnicity,
                child.upn,
                "",
                "",
            ]
        )
    episodes = (
        MissingEpisode.objects.filter(
            child_id__in=children,
            last_seen_at__gte=at_nine(first) - timedelta(hours=9),
            last_seen_at__lt=at_nine(last + timedelta(days=1)) - timedelta(hours=9),
        )
        .select_related("child")
        .order_by("child__local_child_id", "child_id", "last_seen_at")
    )
    for episode in episodes:
        start = uk_date(episode.last_seen_at)
        if not any(s <= start and (e is None or start <= e) for s, e in spans[episode.child_id]):
            continue  # not looked after on the day: not part of the return
        if not episode.dfe_code:
            result.skipped.append(f"missing episode {episode.pk} has no DfE code (M or A): not exported")
            continue
        end = uk_date(episode.returned_at) if episode.returned_at else None
        result.missing_ids.append(episode.pk)
        result.missing.append(
            [
                _child_id(episode.child),
                format_date(episode.child.date_of_birth),
                episode.dfe_code,
                format_date(start),
                format_date(end if end and end <= last else None),
            ]
        )
    result.child_ids = list(children)
    return result


def _child_id(child: Child) -> str:
    return child.local_child_id or f"HUB{child.pk}"


def export_directory(*, out: Path, year: int, authority: Authority, by: User) -> ExportResult:
    result = build_export(year=year, authority=authority)
    out.mkdir(parents=True, exist_ok=True)
    token = context.set_current(context.RequestContext(request_id=f"ssda903-export-{year}", user=by))
    try:
        with transaction.atomic():
            for name, rows in [
                (HEADER, result.header),
                (EPISODES, result.episodes),
                (MISSING, result.missing),
            ]:
                with (out / name).open("w", newline="", encoding="utf-8") as handle:
                    write_csv(handle, COLUMNS[name], rows, lineterminator="\n")
            justification = f"statutory return: SSDA903 children looked after, year ending 31 March {year}"
            log_disclosure(
                record_type="children.child",
                record_ids=sorted(result.child_ids),
                recipient=RECIPIENT,
                justification=justification,
                detail=f"{HEADER}: {len(result.header)} children; {EPISODES}: {len(result.episodes)} rows",
            )
            log_disclosure(
                record_type="missing.missingepisode",
                record_ids=result.missing_ids,
                recipient=RECIPIENT,
                justification=justification,
                detail=f"{MISSING}: {len(result.missing)} rows",
            )
    finally:
        context.reset(token)
    return result
