"""The SSDA903 import: each row checked on its own and written through the services (see the package's
docstring), with a file of the rows rejected and why."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q

from hub.accounts.models import Authority, User
from hub.audit import context
from hub.audit.models import LogAction
from hub.audit.services import log
from hub.children import services as child_services
from hub.children.codes import Ethnicity, Sex
from hub.children.models import AddressPeriod, Child, LegalStatus
from hub.core import clock, dates
from hub.core.errors import RuleRefused
from hub.core.exports import looks_like_formula, write_csv
from hub.missing import services as missing_services
from hub.missing.models import DfeMissingCode
from hub.missing.ssda903.reading import (
    CIN_CODES,
    EPISODES,
    ERRORS,
    FORMULA_REASON,
    HEADER,
    IDENTIFIER_COLUMNS,
    KEPT,
    LS_CODES,
    MISSING,
    PLACE_CODES,
    PLACEMENT_LINE1,
    POSTCODE_RE,
    PROVIDER_CODES,
    RNE_CODES,
    SOURCE,
    FileRefused,
    FileResult,
    ImportResult,
    RowError,
    at_nine,
    collection_period,
    format_date,
    parse_date,
    read_rows,
    uk_date,
)

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
        placed_line1 = f"{PLACEMENT_LINE1} {row['PLACE'].upper()}"
        care_codes = {field: row[column].upper() for field, column in KEPT.items()}
        if existing is not None:
            if existing.end is None and end is not None:
                with self._as_of(end):
                    child_services.period_end(period=existing, end=end, by=self.by)
                    child_services.care_codes_set(period=existing, by=self.by, codes=care_codes)
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
            child_services.care_codes_set(period=period, by=self.by, codes=care_codes)
            address = child_services.address_add(
                child=child,
                by=self.by,
                start=start,
                postcode=postcode,
                kind=AddressPeriod.Kind.PLACEMENT,
                line1=placed_line1,
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
