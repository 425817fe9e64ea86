"""SSDA903 import and export: clean files, idempotence, malformed rows, fuzzing, round trip, and the
national validator (run in its own virtual environment when HUB_903_VALIDATOR names its python)."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.audit.models import AccessLogEntry, LogAction
from hub.children.models import AddressPeriod, Child, LegalStatusPeriod, PossibleDuplicate
from hub.missing.models import MissingEpisode, ReturnInterview
from hub.missing.ssda903 import exporting, importing, reading
from hub.missing.tests.national_validator import validate, validator_python

UK = ZoneInfo("Europe/London")
REASON = "The 2024-25 SSDA903 return, loaded when the Hub started."
HEADER = [
    ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    ["C001", "1", "01/05/2010", "WBRI", "", "", ""],
    ["C002", "2", "15/08/2009", "BAFR", "", "", ""],
]
EPISODES = [
    reading.COLUMNS[reading.EPISODES],
    [
        "C001",
        "01/04/2024",
        "S",
        "C2",
        "N1",
        "U1",
        "PR1",
        "01/09/2024",
        "X1",
        "CARPL",
        "AB1 2CD",
        "WM1 1AA",
        "",
    ],
    ["C001", "01/09/2024", "P", "C2", "N1", "K2", "PR1", "", "", "", "AB1 2CD", "WM2 2BB", ""],
    ["C002", "10/06/2024", "S", "V2", "N4", "U3", "PR1", "", "", "", "AB3 4EF", "WM3 3CC", ""],
]
MISSING = [
    ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    ["C001", "01/05/2010", "M", "03/06/2024", "05/06/2024"],
    ["C001", "01/05/2010", "A", "10/07/2024", "10/07/2024"],
    ["C002", "15/08/2009", "M", "01/02/2025", ""],
]


def write(directory: Path, name: str, rows: list[list[str]]) -> None:
    with (directory / name).open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    write(tmp_path, "header.csv", HEADER)
    write(tmp_path, "episodes.csv", EPISODES)
    write(tmp_path, "missing.csv", MISSING)
    return tmp_path


def run_import(directory: Path, people, wenmoor) -> reading.ImportResult:
    return importing.import_directory(
        directory=directory, year=2025, authority=wenmoor, by=people["alice"], reason=REASON
    )


def counts() -> tuple[int, ...]:
    return (
        Child.objects.count(),
        LegalStatusPeriod.objects.count(),
        AddressPeriod.objects.count(),
        MissingEpisode.objects.count(),
    )


def by_file(result: reading.ImportResult) -> dict[str, tuple[int, int, int]]:
    return {f.file: (f.rows_in, f.imported, f.rejected) for f in result.files}


def test_a_clean_import_lands_every_row(files, people, wenmoor, capsys):
    call_command("import_ssda903", str(files), year=2025, as_user="alice", reason=REASON)
    out = capsys.readouterr().out
    assert "missing.csv: 3 rows in, 3 imported (3 new or changed), 0 rejected" in out
    kai = Child.objects.get(authority=wenmoor, local_child_id="C001")
    assert (kai.sex, kai.date_of_birth, kai.ethnicity, kai.previously_missing) == (
        "1",
        date(2010, 5, 1),
        "WBRI",
        True,
    )
    periods = list(kai.legal_statuses.order_by("start").values_list("status", "start", "end"))
    assert periods == [("lac", date(2024, 4, 1), date(2024, 9, 1)), ("lac", date(2024, 9, 1), None)]
    assert kai.addresses.get(start=date(2024, 9, 1)).postcode == "WM2 2BB"
    first = kai.missing_episodes.get(last_seen_at=datetime(2024, 6, 3, 9, tzinfo=UK))
    assert first.dfe_code == "M" and first.returned_at == datetime(2024, 6, 5, 9, tzinfo=UK)
    assert "WM1 1AA" in first.placement
    assert MissingEpisode.objects.get(child__local_child_id="C002").is_open
    # placeholder names (SSDA903 has none) are not taken for possible duplicates of each other
    assert not PossibleDuplicate.objects.exists()
    # history, not a new report: no return interview clocks
    assert not ReturnInterview.objects.exists()
    # every write is attributed to the named account in the access log
    entries = AccessLogEntry.objects.filter(record_type="missing.missingepisode", action=LogAction.COLLECT)
    assert entries.count() == 3 and set(entries.values_list("username", flat=True)) == {"alice"}
    with (files / "import_errors.csv").open() as handle:
        assert list(csv.reader(handle)) == [["file", "row", "column", "reason", "value"]]


def test_the_import_needs_a_named_account(files, people, wenmoor):
    with pytest.raises(CommandError, match="--as USERNAME"):
        call_command("import_ssda903", str(files), year=2025)
    with pytest.raises(CommandError, match="No active account"):
        call_command("import_ssda903", str(files), year=2025, as_user="nobody")
    assert counts() == (0, 0, 0, 0)


def test_importing_the_same_files_again_changes_nothing(files, people, wenmoor):
    first = run_import(files, people, wenmoor)
    before = counts()
    again = run_import(files, people, wenmoor)
    assert counts() == before
    assert (
        by_file(again)
        == by_file(first)
        == {
            "header.csv": (2, 2, 0),
            "episodes.csv": (3, 3, 0),
            "missing.csv": (3, 3, 0),
        }
    )
    assert [f.created for f in again.files] == [0, 0, 0]


def test_a_later_file_closes_an_open_episode(files, people, wenmoor):
    run_import(files, people, wenmoor)
    write(files, "missing.csv", [*MISSING[:3], ["C002", "15/08/2009", "M", "01/02/2025", "03/02/2025"]])
    result = run_import(files, people, wenmoor)
    assert by_file(result)["missing.csv"] == (3, 3, 0)
    assert MissingEpisode.objects.get(child__local_child_id="C002").returned_at == datetime(
        2025, 2, 3, 9, tzinfo=UK
    )


def test_a_malformed_missing_file_keeps_every_good_row(files, people, wenmoor):
    write(
        files,
        "missing.csv",
        [
            MISSING[0],
            ["C001", "01/05/2010", "M", "03/06/2024", "05/06/2024"],  # 2 good
            ["C001", "01/05/2010", "M", "31/02/2024", ""],  # 3 not a real date
            ["C001", "01/05/2010", "Z", "01/08/2024", "02/08/2024"],  # 4 unknown code
            ["C001", "01/05/2010", "M", "10/08/2024", "09/08/2024"],  # 5 ends before it starts
            ["C001", "01/05/2010", "A", "04/06/2024", "06/06/2024"],  # 6 overlaps row 2
            ["C999", "01/05/2010", "M", "01/07/2024", "02/07/2024"],  # 7 no header row
            ["C002", "16/08/2009", "M", "01/07/2024", "02/07/2024"],  # 8 DOB mismatch
            ["C002", "15/08/2009", "A", "20/12/2024", "21/12/2024"],  # 9 good
            ["C002", "15/08/2009", "M", "1/1/25", ""],  # 10 bad date form
        ],
    )
    result = run_import(files, people, wenmoor)
    assert by_file(result)["missing.csv"] == (9, 2, 7)
    errors = {(e.row, e.column): e.reason for e in result.errors if e.file == "missing.csv"}
    assert errors.keys() == {
        (3, "MIS_START"),
        (4, "MISSING"),
        (5, "MIS_END"),
        (6, "MIS_START"),
        (7, "CHILD"),
        (8, "DOB"),
        (10, "MIS_START"),
    }
    assert "not a real date" in errors[(3, "MIS_START")]
    assert "before MIS_START" in errors[(5, "MIS_END")]
    assert "overlaps" in errors[(6, "MIS_START")]
    assert "no row of header.csv" in errors[(7, "CHILD")]
    assert MissingEpisode.objects.count() == 2
    with (files / "import_errors.csv").open() as handle:
        written = list(csv.DictReader(handle))
    assert {(int(r["row"]), r["column"]) for r in written if r["file"] == "missing.csv"} == errors.keys()


def test_a_file_missing_a_column_is_refused_whole(files, people, wenmoor, capsys):
    write(
        files,
        "missing.csv",
        [["CHILD", "DOB", "MIS_START", "MIS_END"], ["C001", "01/05/2010", "03/06/2024", ""]],
    )
    write(
        files,
        "episodes.csv",
        [*EPISODES, ["C001", "32/01/2025", "S", "C2", "N1", "U1", "", "", "", "", "", "", ""]],
    )
    with pytest.raises(CommandError, match=r"refused missing\.csv and rejected 1 row") as refused:
        call_command("import_ssda903", str(files), year=2025, as_user="alice", reason=REASON)
    assert refused.value.returncode == 1
    out = capsys.readouterr().out
    assert "missing.csv has no column MISSING" in out
    assert "missing.csv: 1 rows in, 0 imported (0 new or changed), 1 rejected" in out
    assert "episodes.csv: 4 rows in, 3 imported (3 new or changed), 1 rejected" in out
    assert "episodes.csv row 5, DECOM: not a real date" in out
    assert MissingEpisode.objects.count() == 0 and LegalStatusPeriod.objects.count() == 3


def test_overlapping_episodes_and_unknown_codes_in_episodes(files, people, wenmoor):
    write(
        files,
        "episodes.csv",
        [
            *EPISODES,
            ["C002", "01/07/2024", "S", "V2", "N4", "U3", "PR1", "", "", "", "", "", ""],  # overlaps
            ["C002", "01/05/2024", "S", "Q9", "N4", "U3", "PR1", "02/05/2024", "E11", "", "", "", ""],  # LS
        ],
    )
    result = run_import(files, people, wenmoor)
    errors = {(e.row, e.column) for e in result.errors}
    assert errors == {(5, "DECOM"), (6, "LS")}
    assert by_file(result)["episodes.csv"] == (5, 3, 2)


def test_identifiers_a_spreadsheet_would_run_are_refused_with_row_field_and_reason(files, people, wenmoor):
    write(
        files,
        "header.csv",
        [
            *HEADER,
            ["=1+1", "1", "01/05/2010", "WBRI", "", "", ""],  # 4
            ["C003", "1", "01/05/2010", "WBRI", "+441234", "", ""],  # 5
            ["C004;=cmd|' /C calc'!A0", "2", "01/05/2010", "WBRI", "", "", ""],  # 6
            ["\t@SUM(A1)", "2", "01/05/2010", "WBRI", "", "", ""],  # 7
        ],
    )
    write(
        files,
        "episodes.csv",
        [*EPISODES, ["C002", "01/07/2025", "S", "V2", "N4", "U3", "", "", "", "", "", "", "-2+3"]],
    )
    write(files, "missing.csv", [*MISSING, ["=1+1", "01/05/2010", "M", "03/08/2024", ""]])
    with pytest.raises(CommandError, match="rejected 6 rows"):
        call_command("import_ssda903", str(files), year=2025, as_user="alice", reason=REASON)
    result_rows = {(r["file"], r["row"], r["column"]): r for r in read_csv_dicts(files / "import_errors.csv")}
    assert set(result_rows) == {
        ("header.csv", "4", "CHILD"),
        ("header.csv", "5", "UPN"),
        ("header.csv", "6", "CHILD"),
        ("header.csv", "7", "CHILD"),
        ("episodes.csv", "5", "URN"),
        ("missing.csv", "5", "CHILD"),
    }
    assert all("spreadsheet formula" in row["reason"] for row in result_rows.values())
    # the report itself is safe to open: the refused values are escaped
    assert result_rows[("header.csv", "4", "CHILD")]["value"] == "'=1+1"
    assert result_rows[("header.csv", "6", "CHILD")]["value"] == "C004;'=cmd|' /C calc'!A0"
    assert sorted(Child.objects.values_list("local_child_id", flat=True)) == ["C001", "C002"]


def test_a_repeated_child_names_the_row_it_repeats(files, people, wenmoor):
    write(files, "header.csv", [*HEADER, ["C001", "1", "01/05/2010", "WBRI", "", "", ""]])
    write(files, "missing.csv", [*MISSING, ["C009", "01/05/2010", "M", "03/08/2024", ""]])
    write(
        files,
        "header.csv",
        [*HEADER, ["C001", "1", "01/05/2010", "WBRI", "", "", ""], ["C009", "3", "", "", "", "", ""]],
    )
    result = run_import(files, people, wenmoor)
    errors = {(e.file, e.row, e.column): e.reason for e in result.errors}
    assert errors[("header.csv", 4, "CHILD")] == "this child is already in row 2"
    assert errors[("missing.csv", 5, "CHILD")] == "this child's row in header.csv (row 5) was rejected"
    assert all(error.row > 0 for error in result.errors)


def test_a_date_outside_the_hubs_range_is_a_rejected_row(files, people, wenmoor):
    write(files, "header.csv", [*HEADER, ["C003", "1", "01/01/0001", "WBRI", "", "", ""]])
    result = run_import(files, people, wenmoor)
    errors = {(e.file, e.row, e.column): e.reason for e in result.errors}
    assert errors == {("header.csv", 4, "DOB"): "not between 1900 and 2100"}


def test_an_import_that_refused_a_file_or_a_row_exits_non_zero(files, people, wenmoor, capsys):
    (files / "episodes.csv").unlink()
    with pytest.raises(CommandError, match=r"refused episodes\.csv") as refused:
        call_command("import_ssda903", str(files), year=2025, as_user="alice", reason=REASON)
    assert refused.value.returncode == 1
    assert "episodes.csv: episodes.csv not found" in capsys.readouterr().out
    write(files, "episodes.csv", EPISODES)
    call_command(
        "import_ssda903", str(files), year=2025, as_user="alice", reason=REASON
    )  # all good: no error
    write(files, "missing.csv", [*MISSING, ["C001", "01/05/2010", "Z", "03/08/2024", ""]])
    with pytest.raises(CommandError, match="rejected 1 row:"):
        call_command("import_ssda903", str(files), year=2025, as_user="alice", reason=REASON)


def test_the_export_escapes_a_formula_held_before_imports_refused_them(
    files, people, wenmoor, tmp_path_factory
):
    run_import(files, people, wenmoor)
    Child.objects.filter(local_child_id="C002").update(local_child_id='=HYPERLINK("http://x")', upn="-1")
    out = tmp_path_factory.mktemp("export")
    exporting.export_directory(out=out, year=2025, authority=wenmoor, by=people["alice"])
    for name in ("header.csv", "episodes.csv", "missing.csv"):
        cells = [cell for row in read_csv(out / name) for cell in row]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))], name
    header = {row[0]: row for row in read_csv(out / "header.csv")[1:]}
    assert header['\'=HYPERLINK("http://x")'][4] == "'-1"


# a missing.csv row drawn from plausible and implausible values
cell = st.one_of(
    st.sampled_from(["", "C001", "C002", "M", "A", "X", "01/05/2010", "15/08/2009", "29/02/2024"]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=7), max_size=8), raw=st.text(max_size=40))
def test_fuzzed_missing_files_never_raise(files, people, wenmoor, rows, raw):
    run_import(files, people, wenmoor)  # header and episodes in place (idempotent after the first)
    with (files / "missing.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(MISSING[0])
        writer.writerows(rows)
        handle.write(raw)
    result = run_import(files, people, wenmoor)
    missing = next(f for f in result.files if f.file == "missing.csv")
    assert missing.rows_in == missing.imported + missing.rejected
    assert len([e for e in result.errors if e.file == "missing.csv"]) in {missing.rejected, 1}


def test_refused_bytes_are_reported_not_raised(files, people, wenmoor):
    (files / "missing.csv").write_bytes(b"CHILD,DOB\xff\xfe,MISSING\n\x00\x00")
    result = run_import(files, people, wenmoor)
    missing = next(f for f in result.files if f.file == "missing.csv")
    assert "not UTF-8" in missing.refused and missing.imported == 0


def read_csv_dicts(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_export_round_trip_gives_the_same_rows(files, people, wenmoor, tmp_path_factory, capsys):
    run_import(files, people, wenmoor)
    out = tmp_path_factory.mktemp("export")
    call_command("export_ssda903", year=2025, out=str(out), as_user="alice")
    assert "2 children, 3 episodes, 3 missing rows" in capsys.readouterr().out
    assert sorted(read_csv(out / "missing.csv")[1:]) == sorted(MISSING[1:])
    assert read_csv(out / "missing.csv")[0] == MISSING[0]
    assert sorted(read_csv(out / "header.csv")[1:]) == sorted(HEADER[1:])
    assert sorted(read_csv(out / "episodes.csv")[1:]) == sorted(EPISODES[1:])
    disclosures = AccessLogEntry.objects.filter(action=LogAction.DISCLOSE, recipient=reading.RECIPIENT)
    assert disclosures.count() == 2 and set(disclosures.values_list("username", flat=True)) == {"alice"}
    # and the export imports into an empty year again unchanged
    before = counts()
    again = run_import(out, people, wenmoor)
    assert counts() == before and [f.rejected for f in again.files] == [0, 0, 0]


def test_export_leaves_out_another_year(files, people, wenmoor, tmp_path_factory):
    run_import(files, people, wenmoor)
    out = tmp_path_factory.mktemp("export")
    exporting.export_directory(out=out, year=2023, authority=wenmoor, by=people["alice"])
    assert read_csv(out / "missing.csv") == [MISSING[0]]


def test_the_national_validator_finds_no_missing_errors(files, people, wenmoor, tmp_path_factory):
    python = validator_python()
    run_import(files, people, wenmoor)
    out = tmp_path_factory.mktemp("export")
    exporting.export_directory(out=out, year=2025, authority=wenmoor, by=people["alice"])
    report = validate(out, 2025, python)
    assert report["ruleset"] == "lac2024_25"
    assert report["failed"] == {}, report
    assert report["done"], report


def test_an_import_says_once_why_the_past_records_come_in_now(files, people, wenmoor):
    with pytest.raises(CommandError, match="--reason"):
        call_command("import_ssda903", str(files), year=2025, as_user="alice")
    assert not MissingEpisode.objects.exists()
    call_command("import_ssda903", str(files), year=2025, as_user="alice", reason=REASON)
    assert set(MissingEpisode.objects.values_list("late_entry_reason", flat=True)) == {REASON}
    assert (
        AccessLogEntry.objects.filter(detail__endswith=REASON, record_type="missing.missingepisode").count()
        == 3
    )
