"""The postcode table: loaded from a file in the ONS Postcode Directory's layout, with the rows that name
no place skipped and reported, the same file loaded twice changing nothing, and no call to the network."""

from __future__ import annotations

import io
import socket
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from hub.reference import postcodes
from hub.reference.models import Postcode

# The directory's own header (abridged): only pcds, lat and long are read.
HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,lat,long,imd\n"
ROWS = (
    "MK9 3EJ,MK9  3EJ,MK9 3EJ,199901,,E06000042,52.041050,-0.757510,1234\n"
    "QW1 2AB,QW1  2AB,qw1 2ab,202001,,E06999001,51.500000,-0.100000,1\n"
    ",,,,,,51.1,-0.1,\n"
    "XX,,NOT A CODE,,,,51.1,-0.1,\n"
    "GY1 1AA,GY1  1AA,GY1 1AA,199901,,L99999999,99.999999,0.000000,\n"
    "QW2 3CD,QW2  3CD,QW2 3CD,202001,,E06999001,,,\n"
    "QW3 4EF,QW3  4EF,QW3 4EF,202001,,E06999001,north,-0.1,\n"
    "QW4 5GH,QW4  5GH,QW4 5GH,202001,,E06999001,91.2,-0.1,\n"
    "QW1 2AB,QW1  2AB,QW1 2AB,202101,,E06999001,51.600000,-0.200000,1\n"
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Loading and looking up a postcode never opens a connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("the postcode table must never call the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def write(tmp_path, text: str):
    path = tmp_path / "ONSPD_NOV_2026_UK.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("mk93ej", "MK9 3EJ"), (" ec1a  1bb ", "EC1A 1BB"), ("W1A 0AX", "W1A 0AX"), ("MK9", None), ("", None)],
)
def test_a_postcode_is_written_one_way(typed, kept):
    assert postcodes.normalised(typed) == kept


def test_the_directory_loads_skipping_what_names_no_place_with_the_reason(db, tmp_path):
    out = io.StringIO()
    call_command("load_postcodes", str(write(tmp_path, HEADER + ROWS)), stdout=out)
    assert dict(Postcode.objects.values_list("postcode", "latitude")) == {
        "MK9 3EJ": Decimal("52.04105"),
        "QW1 2AB": Decimal("51.50000"),
    }
    text = out.getvalue()
    for reason in (
        "line 4: no postcode in pcds",
        "line 5 NOT A CODE: not a full UK postcode",
        "line 6 GY1 1AA: no grid reference in the directory",
        "line 7 QW2 3CD: no latitude or longitude",
        "line 8 QW3 4EF: latitude 'north' or longitude '-0.1' is not a number",
        "line 9 QW4 5GH: latitude 91.2 or longitude -0.1 is not on Earth",
        "line 10 QW1 2AB: repeated: line 3 gave it first",
    ):
        assert reason in text, reason
    assert "9 rows read, 2 postcodes added, 0 updated, 0 unchanged, 7 skipped" in text
    assert postcodes.coordinates_of("mk93ej") == (Decimal("52.04105"), Decimal("-0.75751"))
    assert postcodes.coordinates_of("QW9 9ZZ") is None and postcodes.coordinates_of("nonsense") is None


def test_loading_again_changes_nothing_and_a_newer_directory_moves_what_moved(db, tmp_path):
    path = write(tmp_path, HEADER + ROWS)
    call_command("load_postcodes", str(path), stdout=io.StringIO())
    again = io.StringIO()
    call_command("load_postcodes", str(path), stdout=again)
    assert "0 postcodes added, 0 updated, 2 unchanged" in again.getvalue()
    assert Postcode.objects.count() == 2
    newer = write(
        tmp_path, HEADER + "MK9 3EJ,,MK9 3EJ,,,,52.041100,-0.757500,\nQW5 6JK,,QW5 6JK,,,,51.2,-0.3,\n"
    )
    out = io.StringIO()
    call_command("load_postcodes", str(newer), stdout=out)
    assert "1 postcodes added, 1 updated, 0 unchanged, 0 skipped" in out.getvalue()
    assert postcodes.coordinates_of("MK9 3EJ") == (Decimal("52.04110"), Decimal("-0.75750"))


def test_a_file_that_is_not_the_directory_is_refused_with_what_to_do(db, tmp_path):
    with pytest.raises(CommandError, match="no lat, long columns"):
        call_command("load_postcodes", str(write(tmp_path, "pcds,x\nMK9 3EJ,1\n")))
    with pytest.raises(CommandError, match="is not a file"):
        call_command("load_postcodes", str(tmp_path / "absent.csv"))
    bad = tmp_path / "latin.csv"
    bad.write_bytes(b"pcds,lat,long\n\xff\xfe,1,2\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load_postcodes", str(bad))
    assert Postcode.objects.count() == 0
