"""Spreadsheet-safe exports (security.md item 26): a cell that a spreadsheet would read as a formula
is escaped, so a name typed as ``=HYPERLINK(...)`` cannot run in a partner's spreadsheet.

Every CSV the Hub writes (the access log export, the SSDA903 return, an import's error report) goes
through :func:`write_csv`, which passes each cell through :func:`neutralise`. The escape is OWASP's: a
single quote before the cell, which spreadsheets take as "this is text" and do not show. Numbers the
Hub writes as numbers (a row number, a count, a negative balance) are left alone: they cannot hold a
formula, and quoting them would turn them into text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A formula may start after spaces (some spreadsheets trim them). Some spreadsheets also split a CSV
# cell on ";" or a tab whatever the quoting says (a locale that uses ";" as the list separator, or
# text pasted in), so a formula can also start just after either of them.
_FORMULA_AT_START = re.compile(r" *[=+\-@\t\r]")
_SPLIT_THEN_FORMULA = re.compile(r"([;\t])(?= *[=+\-@\t\r])")

Cell = str | int | float | Decimal


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read ``text``, or a part of it split off at ";" or a tab, as a
    formula. Importers refuse identifiers like this; exports escape them."""
    return bool(_FORMULA_AT_START.match(text) or _SPLIT_THEN_FORMULA.search(text))


def neutralise(value: Any) -> Cell:
    """The cell as a spreadsheet may safely read it: numbers as they are, text with any formula
    start escaped by a single quote (at the start, and after a ";" or tab that is followed by one)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    text = _SPLIT_THEN_FORMULA.sub(r"\1'", text)
    if _FORMULA_AT_START.match(text):
        return "'" + text
    return text


def write_csv(
    handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n"
) -> None:
    """Write a header and rows to ``handle``, every cell neutralised."""
    writer = csv.writer(handle, lineterminator=lineterminator)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()
