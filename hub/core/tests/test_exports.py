from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from hub.core.exports import csv_text, neutralise


def test_formulas_are_escaped():
    assert neutralise('=HYPERLINK("http://x","click")') == '\'=HYPERLINK("http://x","click")'
    for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"]:
        assert neutralise(start).startswith("'")
    assert neutralise("Jonathan Smith") == "Jonathan Smith"
    assert neutralise(None) == ""
    assert neutralise(42) == "42"


@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), max_size=10))
def test_no_cell_of_a_csv_export_can_start_a_formula(rows):
    parsed = list(csv.reader(io.StringIO(csv_text(["a", "b"], rows))))
    for row in parsed:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
