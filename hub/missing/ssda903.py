"""The DfE SSDA903 (children looked after) files: import of header, episodes and missing data, and
export of the same three files for a collection year.

Layouts (``domain.md``): header ``CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB``; episodes
``CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN``;
missing ``CHILD,DOB,MISSING,MIS_START,MIS_END``. Dates are dd/mm/YYYY. The collection year YYYY runs
from 1 April YYYY-1 to 31 March YYYY.

Import (security.md items 21-22): every row is checked on its own; a bad row is reported with its
file, row (the line in the file, the column names being line 1), column and reason, and the good rows
land. Rows in = rows imported + rows rejected. A file missing a column is refused whole. Each file's
good rows are written in one transaction, so a crash leaves no half file. Importing the same files
again changes nothing: children are matched on CHILD, looked-after periods on child and DECOM, missing
episodes on child and MIS_START.

SSDA903 has dates only: a missing episode starts (and ends) at 09:00 UK time on its date. Each
episode becomes a looked-after legal-status period with its codes (RNE, LS, CIN, PLACE...) in a
``CareEpisode``, and a placement address period with the placement postcode.

Every write goes through the services a worker's entry goes through (``children.services``,
``missing.services.episode_record_past``), as of the record's own dates (``clock.history``, with the
file's reason and the importer in the change history): each missing episode gets its risk-grade
history ("not graded": SSDA903 has no police risk grade) and the repeat-missing check as of its start.
An alert whose window had closed before the import is historic: in the child's chronology, not on
the hub's queue. Imported returns start no return interview clocks (the file holds no notification).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q

from hub.accounts.models import Authority, User
from hub.audit import context
from hub.audit.models import LogAction
from hub.audit.services import log, log_disclosure
from hub.children import services as child_services
from hub.children.codes import Ethnicity, Sex
from hub.children.models import AddressPeriod, Child, LegalStatus, LegalStatusPeriod
from hub.core import clock, dates
from hub.core.errors import RuleRefused
from hub.core.exports import looks_like_formula, write_csv
from hub.missing import services as missing_services
from hub.missing.models import DfeMissingCode, MissingEpisode

UK = ZoneInfo("Europe/London")
DAY_START = time(9, 0)
RECIPIENT = "DfE SSDA903 return"
SOURCE = "SSDA903"
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000

HEADER = "header.csv"
EPISODES = "episodes.csv"
MISSING = "missing.csv"
ERRORS = "import_errors.csv"
COLUMNS = {
    HEADER: ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    EPISODES: [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    MISSING: ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
}

# SSDA903 code lists (DfE guidance). Blank is allowed where the column is optional.
RNE_CODES = {"P", "L", "S", "T", "U", "B"}
LS_CODES = {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"}
CIN_CODES = {f"N{n}" for n in range(1, 10)}
PLACE_CODES = {
    *[
        "A3",
        "A4",
        "A5",
        "A6",
        "H5",
        "K1",
        "K2",
        "K3",
        "P1",
        "P2",
        "P3",
        "P4",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "Z1",
    ],
    *(f"U{n}" for n in range(1, 7)),
}
PROVIDER_CODES = {f"PR{n}" for n in range(6)}
# the episode codes kept on the placement address period, in this order
# SSDA903 episode columns kept on the CareEpisode, by model field
KEPT = {
    "rne": "RNE",
    "ls": "LS",
    "cin": "CIN",
    "place": "PLACE",
    "place_provider": "PLACE_PROVIDER",
    "rec": "REC",
    "reason_place_change": "REASON_PLACE_CHANGE",
    "home_post": "HOME_POST",
    "urn": "URN",
}
PLACEMENT_LINE1 = "SSDA903 placement"
# Columns of identifiers and free text: refused when a spreadsheet could run them as a formula
# (security.md item 26), since the Hub would otherwise keep "=1+1" as a child's id and export it.
IDENTIFIER_COLUMNS = ("CHILD", "UPN", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")
FORMULA_REASON = (
    "could run as a spreadsheet formula (it starts with =, +, -, @, a tab or a return, or has one after "
    "a ; or a tab): correct it in the system the file came from"
)
DATE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
POSTCODE_RE = re.compile(r"^[A-Z0-9 ]{2,8}$")


class FileRefused(Exception):
    """The whole file cannot be read (missing column, not text, too large). ``rows``: its data rows."""

    def __init__(self, message: str, rows: int = 0) -> None:
        super().__init__(message)
        self.rows = rows


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    reason: str
    value: str = ""


@dataclass
class FileResult:
    file: str
    rows_in: int = 0
    imported: int = 0
    created: int = 0
    rejected: int = 0
    refused: str = ""
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    files: list[FileResult]
    errors_path: Path | None = None

    @property
    def errors(self) -> list[RowError]:
        return [error for result in self.files for error in result.errors]


def collection_period(year: int) -> tuple[date, date]:
    return date(year - 1, 4, 1), date(year, 3, 31)


def parse_date(text: str) -> date:
    match = DATE_RE.match(text)
    if not match:
        raise ValueError("not a date in the form dd/mm/YYYY")
    day, month, year = (int(part) for part in match.groups())
    try:
        result = date(year, month, day)
    except ValueError as exc:
        raise ValueError("not a real date") from exc
    if not clock.accepts(result):
        raise ValueError(f"not between {clock.EARLIEST_DATE.year} and {clock.LATEST_DATE.year}")
    return result


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def at_nine(day: date) -> datetime:
    return datetime.combine(day, DAY_START, tzinfo=UK)


def uk_date(moment: datetime) -> date:
    return moment.astimezone(UK).date()


# -- reading ---------------------------------------------------------------------------------------


def read_rows(path: Path, name: str) -> tuple[list[tuple[int, dict[str, str], str]], int]:
    """(line number, values, problem) for each data row. ``problem`` is set for a row with more values
    than columns. Raises ``FileRefused`` when the file cannot be used at all."""
    if path.stat().st_size > MAX_BYTES:
        raise FileRefused(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(f"{name} is not UTF-8 text (byte {exc.start}).") from exc
    text = text.replace("\x00", "")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str], str]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise FileRefused(f"{name} is empty: it needs the column names on its first line.")
        names = [column.strip().upper() for column in header]
        missing = [column for column in COLUMNS[name] if column not in names]
        if missing:
            count = sum(1 for values in reader if any(v.strip() for v in values))
            raise FileRefused(
                f"{name} has no column {', '.join(missing)}: the file was not imported "
                f"(expected {','.join(COLUMNS[name])}).",
                count,
            )
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileRefused(f"{name} has more than {MAX_ROWS} rows.")
            problem = "the row has more values than there are columns" if len(values) > len(names) else ""
            row = {
                column: (values[index].strip() if index < len(values) else "")
                for index, column in enumerate(names)
            }
            rows.append((reader.line_num, row, problem))
    except csv.Error as exc:
        raise FileRefused(f"{name} is not a readable CSV file (line {reader.line_num}: {exc}).") from exc
    return rows, len(rows)


# -- the import ------------------------------------------------------------------------------------


class _Importer:
    def __init__(self, *, directory: Path, year: int, authority: Authority, by: User, reason: str) -> None:
        self.directory = directory
        self.reason = reason
        self.year = year
        self.start, self.end = collection_period(year)
        self.authority = authority
        self.by = by
        self.header_children: dict[str, Child] = {}  # CHILD -> child, for accepted header rows
        self.header_rows: dict[str, int] = {}  # CHILD -> row seen in header.csv (accepted or not)
        self.refused: set[str] = set()

    def run(self) -> ImportResult:
        results = [
            self._file(HEADER, self._header_row),
            self._file(EPISODES, self._episode_row, sort_key=self._episode_order),
            self._file(MISSING, self._missing_row, sort_key=self._missing_order),
        ]
        return ImportResult(files=results)

    def _file(self, name: str, handle: Any, sort_key: Any = None) -> FileResult:
        result = FileResult(file=name)
        path = self.directory / name
        if not path.exists():
            result.refused = f"{name} not found in {self.directory}."
            return result
        try:
            rows, result.rows_in = read_rows(path, name)
        except FileRefused as exc:
            result.refused = str(exc)
            result.rows_in = result.rejected = exc.rows
            result.errors.append(RowError(name, 1, "", str(exc)))
            self.refused.add(name)
            return result
        if sort_key is not None:
            rows = sorted(rows, key=sort_key)
        with transaction.atomic():
            for line, row, problem in rows:
                try:
                    if problem:
                        raise _Reject("", problem)
                    _refuse_formulas(row)
                    with transaction.atomic():
                        created = handle(row, line)
                except _Reject as exc:
                    result.rejected += 1
                    result.errors.append(
                        RowError(
                            name, line, exc.column, exc.reason, row.get(exc.column, "") if exc.column else ""
                        )
                    )
                except (RuleRefused, IntegrityError, DatabaseError) as exc:
                    result.rejected += 1
                    result.errors.append(RowError(name, line, "", f"refused by the Hub: {exc}"))
                else:
                    result.imported += 1
                    result.created += int(bool(created))
            log(
                action=LogAction.COLLECT,
                record_type="ssda903",
                justification="SSDA903 import",
                detail=(
                    f"{name} for {self.year} ({self.authority.ons_code}): {result.rows_in} rows, "
                    f"{result.imported} imported ({result.created} new), {result.rejected} rejected"
                ),
            )
        result.errors.sort(key=lambda error: error.row)
        return result

    # -- header.csv

    def _header_row(self, row: dict[str, str], line: int) -> bool:
        child_id = _required(row, "CHILD")
        if len(child_id) > 40:
            raise _Reject("CHILD", "longer than 40 characters")
        if child_id in self.header_rows:
            raise _Reject("CHILD", f"this child is already in row {self.header_rows[child_id]}")
        self.header_rows[child_id] = line
        sex = _required(row, "SEX")
        if sex not in {Sex.MALE, Sex.FEMALE}:
            raise _Reject("SEX", "must be 1 (male) or 2 (female)")
        dob = _date(row, "DOB")
        if dob > self.end:
            raise _Reject("DOB", f"after the end of the collection year ({format_date(self.end)})")
        try:
            dates.birth(dob, field="DOB")
        except dates.DateRefused as refused:
            raise _Reject("DOB", str(refused)) from None
        ethnic = row["ETHNIC"].upper()
        if ethnic and ethnic not in Ethnicity.values:
            raise _Reject("ETHNIC", "not a DfE ethnicity code")
        upn = row["UPN"].upper()
        if len(upn) > 13:
            raise _Reject("UPN", "longer than 13 characters")
        if row["MC_DOB"]:
            _date(row, "MC_DOB")
        if row["MOTHER"] not in {"", "0", "1"}:
            raise _Reject("MOTHER", "must be 0, 1 or blank")
        child = Child.objects.filter(authority=self.authority, local_child_id=child_id).first()
        created = False
        if child is not None:
            if child.date_of_birth and child.date_of_birth != dob:
                raise _Reject("DOB", f"the Hub has this child born on {format_date(child.date_of_birth)}")
        else:
            if upn and Child.objects.filter(upn=upn).exists():
                raise _Reject("UPN", "another child in the Hub has this UPN")
            child = self._child_create(child_id=child_id, dob=dob, sex=sex, ethnic=ethnic, upn=upn)
            created = True
        self.header_children[child_id] = child
        return created

    def _child_create(self, *, child_id: str, dob: date, sex: str, ethnic: str, upn: str) -> Child:
        return child_services.child_create_from_return(
            authority=self.authority,
            by=self.by,
            local_child_id=child_id,
            date_of_birth=dob,
            sex=sex,
            ethnicity=ethnic or Ethnicity.NOBT,
            upn=upn,
            source=SOURCE,
        )

    def _as_of(self, day: date) -> Any:
        """Write as of 09:00 on ``day``, with the file's reason and the importer in the change history."""
        return clock.history(at_nine(day), reason=self.reason, by=self.by)

    def _child(self, row: dict[str, str]) -> Child:
        child_id = _required(row, "CHILD")
        child = self.header_children.get(child_id)
        if child is None:
            if child_id in self.header_rows:
                raise _Reject(
                    "CHILD", f"this child's row in header.csv (row {self.header_rows[child_id]}) was rejected"
                )
            if HEADER in self.refused:
                raise _Reject("CHILD", "header.csv was refused, so this child is not known")
            raise _Reject("CHILD", "this child is in no row of header.csv")
        return child

    # -- episodes.csv

    @staticmethod
    def _episode_order(item: tuple[int, dict[str, str], str]) -> tuple[str, date, int]:
        line, row, _ = item
        try:
            start = parse_date(row.get("DECOM", ""))
        except ValueError:
            start = date.min
        return row.get("CHILD", ""), start, line

    def _episode_row(self, row: dict[str, str], line: int) -> bool:
        child = self._child(row)
        start = _date(row, "DECOM")
        end = _date(row, "DEC") if row["DEC"] else None
        if start > self.end:
            raise _Reject("DECOM", f"after the end of the collection year ({format_date(self.end)})")
        for column, day in (("DECOM", start), ("DEC", end)):
            if day is not None:
                try:
                    dates.happened(day, field=column, what=f"the date in {column}", born=child.date_of_birth)
                except dates.DateRefused as refused:
                    raise _Reject(column, str(refused)) from None
        if end is not None and end < start:
            raise _Reject("DEC", "before DECOM")
        for column, codes, required in [
            ("RNE", RNE_CODES, True),
            ("LS", LS_CODES, True),
            ("CIN", CIN_CODES, True),
            ("PLACE", PLACE_CODES, True),
            ("PLACE_PROVIDER", PROVIDER_CODES, False),
        ]:
            value = row[column].upper()
            if required and not value:
                raise _Reject(column, "is blank")
            if value and value not in codes:
                raise _Reject(column, "not an SSDA903 code")
        if end is not None and not row["REC"]:
            raise _Reject("REC", "the episode ended (DEC) so the reason it ended is needed")
        if end is None and row["REC"] not in {"", "X1"}:
            raise _Reject("REC", "the episode has not ended (DEC is blank)")
        if not re.fullmatch(r"[A-Z0-9]{0,4}", row["REC"].upper()):
            raise _Reject("REC", "not an SSDA903 code")
        postcode = row["PL_POST"].upper()
        if postcode and not POSTCODE_RE.match(postcode):
            raise _Reject("PL_POST", "not a postcode (at most 8 letters, digits and spaces)")
        for column in ("REASON_PLACE_CHANGE", "HOME_POST", "URN"):
            if len(row[column]) > 12 or ";" in row[column] or "=" in row[column]:
                raise _Reject(column, "not a valid value")
        existing = child.legal_statuses.filter(status=LegalStatus.LOOKED_AFTER, start=start).first()
        placed = {"line1": f"{PLACEMENT_LINE1} {row['PLACE'].upper()}"}
        codes = {field: row[column].upper() for field, column in KEPT.items()}
        if existing is not None:
            if existing.end is None and end is not None:
                with self._as_of(end):
                    child_services.period_end(period=existing, end=end, by=self.by)
                    child_services.care_codes_set(period=existing, by=self.by, codes=codes)
                    address = child.addresses.filter(kind=AddressPeriod.Kind.PLACEMENT, start=start).first()
                    if address is not None:
                        child_services.period_end(period=address, end=end, by=self.by)
                return True
            if existing.end is not None and end is not None and existing.end != end:
                raise _Reject("DEC", f"the Hub has this episode ending on {format_date(existing.end)}")
            return False
        overlap = child.legal_statuses.filter(status=LegalStatus.LOOKED_AFTER).filter(
            Q(end__isnull=True) | Q(end__gt=start)
        )
        overlap = overlap.filter(start__lt=end) if end is not None else overlap
        clash = overlap.exclude(start=start).first()
        if clash is not None:
            raise _Reject(
                "DECOM", f"overlaps the looked-after episode from {format_date(clash.start)} in the Hub"
            )
        with self._as_of(start):
            period = child_services.legal_status_add(
                child=child,
                by=self.by,
                status=LegalStatus.LOOKED_AFTER,
                start=start,
                placing_authority=self.authority,
            )
            child_services.care_codes_set(period=period, by=self.by, codes=codes)
            address = child_services.address_add(
                child=child,
                by=self.by,
                start=start,
                postcode=postcode,
                kind=AddressPeriod.Kind.PLACEMENT,
                **placed,
            )
        if end is not None:
            with self._as_of(end):
                child_services.period_end(period=period, end=end, by=self.by)
                child_services.period_end(period=address, end=end, by=self.by)
        return True

    # -- missing.csv

    @staticmethod
    def _missing_order(item: tuple[int, dict[str, str], str]) -> tuple[str, date, int]:
        line, row, _ = item
        try:
            start = parse_date(row.get("MIS_START", ""))
        except ValueError:
            start = date.min
        return row.get("CHILD", ""), start, line

    def _missing_row(self, row: dict[str, str], line: int) -> bool:
        child = self._child(row)
        dob = _date(row, "DOB")
        if child.date_of_birth and dob != child.date_of_birth:
            raise _Reject("DOB", f"header.csv has this child born on {format_date(child.date_of_birth)}")
        code = _required(row, "MISSING").upper()
        if code not in DfeMissingCode.values:
            raise _Reject("MISSING", "must be M (missing) or A (away without authorisation)")
        start_day = _date(row, "MIS_START")
        end_day = _date(row, "MIS_END") if row["MIS_END"] else None
        if start_day > self.end:
            raise _Reject("MIS_START", f"after the end of the collection year ({format_date(self.end)})")
        for column, day in (("MIS_START", start_day), ("MIS_END", end_day)):
            if day is not None:
                try:
                    dates.happened(day, field=column, what=f"the date in {column}", born=dob)
                except dates.DateRefused as refused:
                    raise _Reject(column, str(refused)) from None
        if end_day is not None and end_day < start_day:
            raise _Reject("MIS_END", "before MIS_START")
        start, end = at_nine(start_day), (at_nine(end_day) if end_day else None)
        existing = child.missing_episodes.filter(last_seen_at=start).first()
        if existing is not None:
            if existing.returned_at is None and end is not None:
                missing_services.episode_return_past(
                    episode=existing, by=self.by, returned_at=end, reason=self.reason, source=SOURCE
                )
                return True
            if (existing.returned_at and uk_date(existing.returned_at)) != end_day or (
                existing.dfe_code and existing.dfe_code != code
            ):
                raise _Reject(
                    "MIS_END" if existing.dfe_code in {"", code} else "MISSING",
                    "differs from the episode the Hub holds for this child and MIS_START",
                )
            return False
        others = child.missing_episodes.filter(Q(returned_at__isnull=True) | Q(returned_at__gt=start))
        if end is not None:
            others = others.filter(last_seen_at__lt=end)
        clash = others.order_by("last_seen_at").first()
        if clash is not None:
            raise _Reject(
                "MIS_START",
                f"overlaps the missing episode from {format_date(uk_date(clash.last_seen_at))}"
                + (
                    f" to {format_date(uk_date(clash.returned_at))}" if clash.returned_at else " (still open)"
                ),
            )
        missing_services.episode_record_past(
            child=child,
            by=self.by,
            last_seen_at=start,
            returned_at=end,
            dfe_code=code,
            placement=self._placement_on(child, start_day),
            reason=self.reason,
            source=SOURCE,
        )
        return True

    def _placement_on(self, child: Child, day: date) -> str:
        address = (
            child.addresses.filter(kind=AddressPeriod.Kind.PLACEMENT, start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .order_by("-start")
            .first()
        )
        return str(address)[:300] if address else ""


class _Reject(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _refuse_formulas(row: dict[str, str]) -> None:
    for column in IDENTIFIER_COLUMNS:
        if looks_like_formula(row.get(column, "")):
            raise _Reject(column, FORMULA_REASON)


def _required(row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise _Reject(column, "is blank")
    return value


def _date(row: dict[str, str], column: str) -> date:
    try:
        return parse_date(_required(row, column))
    except ValueError as exc:
        raise _Reject(column, str(exc)) from exc


def write_errors(path: Path, errors: Iterable[RowError]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_csv(
            handle,
            ["file", "row", "column", "reason", "value"],
            ([error.file, error.row, error.column, error.reason, error.value] for error in errors),
        )


def import_directory(
    *, directory: Path, year: int, authority: Authority, by: User, reason: str
) -> ImportResult:
    """Import a return of past records. ``reason`` says, once for the whole file, why these records are
    entered now (a return's episodes are all past: the late-entry rule's reason); it is kept on every
    episode the import makes and in the access log."""
    reason = reason.strip()
    if not reason:
        raise RuleRefused("Say why these past records are being imported now (--reason).")
    token = context.set_current(context.RequestContext(request_id=f"ssda903-import-{year}", user=by))
    try:
        result = _Importer(directory=directory, year=year, authority=authority, by=by, reason=reason).run()
    finally:
        context.reset(token)
    result.errors_path = directory / ERRORS
    write_errors(result.errors_path, result.errors)
    return result


# -- the export ------------------------------------------------------------------------------------


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
