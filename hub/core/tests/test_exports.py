from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hub.core.exports import FORMULA_STARTS, csv_text, looks_like_formula, neutralise


def test_formulas_are_escaped():
    assert neutralise('=HYPERLINK("http://x","click")') == '\'=HYPERLINK("http://x","click")'
    for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"]:
        escaped = neutralise(start)
        assert isinstance(escaped, str) and escaped.startswith("'")
    assert neutralise("Jonathan Smith") == "Jonathan Smith"
    assert neutralise(None) == ""


def test_a_formula_after_a_semicolon_or_tab_is_escaped_too():
    assert neutralise("Smith;=cmd|' /C calc'!A0") == "Smith;'=cmd|' /C calc'!A0"
    assert neutralise("a\t+1\t\t@x") == "a\t'+1\t'\t'@x"
    assert neutralise("=a;-b") == "'=a;'-b"
    assert neutralise("Smith; Jones - cousin") == "Smith; Jones - cousin"
    assert neutralise("seen; -1+1") == "seen;' -1+1"
    assert neutralise("  =1+1") == "'  =1+1"
    assert looks_like_formula("x;@SUM(1)") and looks_like_formula("-1")
    assert not looks_like_formula("O'Neil; 14 Acacia Road")


def test_numbers_written_as_numbers_are_left_as_numbers():
    assert neutralise(42) == 42
    assert neutralise(-3) == -3
    assert neutralise(-2.5) == -2.5
    assert neutralise(Decimal("-10.00")) == Decimal("-10.00")
    assert neutralise(True) == "True"
    assert csv_text(["n", "s"], [[-3, "-3"]]) == "n,s\r\n-3,'-3\r\n"


@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), max_size=10))
def test_no_cell_of_a_csv_export_can_start_a_formula(rows):
    parsed = list(csv.reader(io.StringIO(csv_text(["a", "b"], rows))))
    for row in parsed:
        for cell in row:
            # nor can any part a spreadsheet splits off at ";" or a tab
            for part in cell.replace("\t", ";").split(";"):
                assert not part.lstrip(" ").startswith(FORMULA_STARTS)
