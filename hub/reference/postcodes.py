"""UK postcodes: one way to write them, and where each is, from the postcode table (``Postcode``).

The table is loaded from a CSV in the ONS Postcode Directory's column layout (``pcds``, ``lat``,
``long``; every other column is ignored), by ``manage.py load_postcodes``. Loading again updates what
changed and adds what is new, so a newer directory can be loaded over an older one. Nothing here, or
anywhere in the Hub, asks a service on the network where a postcode is: an analyst's interest in a
place would tell that service where the analysts look."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TextIO

from django.db import transaction

from hub.reference.models import Postcode

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
COLUMNS = ("pcds", "lat", "long")
# The ONS directory gives a postcode with no grid reference (the Channel Islands, the Isle of Man, a
# few new ones) these coordinates: they name no place.
NO_GRID_REFERENCE = (Decimal("99.999999"), Decimal("0"))
PLACES = Decimal("0.00001")
BATCH = 2000


def normalised(value: str) -> str | None:
    """``value`` as the Hub writes a postcode (capitals, one space before the inward code, "MK9 3EJ"),
    or ``None`` when it is not a full UK postcode."""
    match = _POSTCODE.match(re.sub(r"\s+", "", value.upper()))
    return f"{match.group(1)} {match.group(2)}" if match else None


def coordinates_of(postcode: str) -> tuple[Decimal, Decimal] | None:
    """The latitude and longitude of ``postcode`` from the table, or ``None`` when it is not there."""
    key = normalised(postcode or "")
    if key is None:
        return None
    row = Postcode.objects.filter(postcode=key).values_list("latitude", "longitude").first()
    return (row[0], row[1]) if row else None


class PostcodeFileRefused(ValueError):
    """The file cannot be read as a postcode directory at all (no header, a column missing)."""


@dataclass(frozen=True)
class Skipped:
    line: int  # the file's line number, the header being line 1
    postcode: str
    reason: str


@dataclass
class LoadResult:
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _checked(line: int, row: dict[str, str]) -> tuple[str, Decimal, Decimal] | Skipped:
    raw = (row.get("pcds") or "").strip()
    if not raw:
        return Skipped(line, "", "no postcode in pcds")
    key = normalised(raw)
    if key is None:
        return Skipped(line, raw, "not a full UK postcode")
    lat_text, long_text = (row.get("lat") or "").strip(), (row.get("long") or "").strip()
    if not lat_text or not long_text:
        return Skipped(line, key, "no latitude or longitude")
    latitude, longitude = _number(lat_text), _number(long_text)
    if latitude is None or longitude is None:
        return Skipped(line, key, f"latitude {lat_text!r} or longitude {long_text!r} is not a number")
    if (latitude, longitude) == NO_GRID_REFERENCE:
        return Skipped(line, key, "no grid reference in the directory (lat 99.999999, long 0)")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return Skipped(line, key, f"latitude {latitude} or longitude {longitude} is not on Earth")
    return key, latitude.quantize(PLACES), longitude.quantize(PLACES)


def _batches(rows: Iterable[tuple[str, Decimal, Decimal]]) -> Iterator[list[tuple[str, Decimal, Decimal]]]:
    batch: list[tuple[str, Decimal, Decimal]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _store(batch: list[tuple[str, Decimal, Decimal]], result: LoadResult) -> None:
    held = {row.postcode: row for row in Postcode.objects.filter(postcode__in=[key for key, _, _ in batch])}
    new, changed = [], []
    for key, latitude, longitude in batch:
        row = held.get(key)
        if row is None:
            new.append(Postcode(postcode=key, latitude=latitude, longitude=longitude))
        elif (row.latitude, row.longitude) != (latitude, longitude):
            row.latitude, row.longitude = latitude, longitude
            changed.append(row)
        else:
            result.unchanged += 1
    Postcode.objects.bulk_create(new)
    Postcode.objects.bulk_update(changed, ["latitude", "longitude"])
    result.added += len(new)
    result.updated += len(changed)


def load(file: TextIO) -> LoadResult:
    """Load the postcodes of ``file`` (a CSV with a header naming ``pcds``, ``lat`` and ``long``): add
    the new, update the moved, and skip, with the reason, any row that names no place. A postcode given
    twice is taken from its first row; the later one is skipped. One transaction: a file that fails
    part way changes nothing."""
    reader = csv.DictReader(file)
    missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise PostcodeFileRefused(
            f"The file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}: give a CSV in "
            "the ONS Postcode Directory's layout, with a header line naming pcds, lat and long."
        )
    result = LoadResult()
    first_line: dict[str, int] = {}

    def good_rows() -> Iterator[tuple[str, Decimal, Decimal]]:
        for row in reader:
            result.rows += 1
            line = reader.line_num
            checked = _checked(line, row)
            if isinstance(checked, Skipped):
                result.skipped.append(checked)
                continue
            if checked[0] in first_line:
                result.skipped.append(
                    Skipped(line, checked[0], f"repeated: line {first_line[checked[0]]} gave it first")
                )
                continue
            first_line[checked[0]] = line
            yield checked

    with transaction.atomic():
        for batch in _batches(good_rows()):
            _store(batch, result)
    return result
