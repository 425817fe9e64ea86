"""Reading an SSDA903 return: the files' layouts and codes, dates as the return writes them, and the rows of a
file (a file that cannot be used at all is refused whole)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from hub.core import clock

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
