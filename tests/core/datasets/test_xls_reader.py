"""Excel 97 workbooks as the Shanghai Municipal Bureau of Statistics publishes them: two real
yearbook tables (tests/data/publications/, SOURCES.md), a title above a two-row header of names
above units, a total row and indented district names."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from hksh_packager.cli import main
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.datasets.tables import open_table

PUBLISHED = Path(__file__).resolve().parents[2] / "data" / "real"
EDITION_2018 = PUBLISHED / "sh_tjnj2018_C0202_2017.xls"
EDITION_2013 = PUBLISHED / "sh_tjnj2013_C0202_2012.xls"
COLUMNS = ("地  区", "行政区划面积 （平方公里）", "年末常住人口 （万人）", "其  中 外来人口",
           "人口密度 （人/平方公里）")  # fmt: skip


def test_the_copies_are_the_published_bytes() -> None:
    # sha256 as recorded in SOURCES.md when they were copied.
    assert hashlib.sha256(EDITION_2018.read_bytes()).hexdigest() == (
        "2ed02a54d13f86fe1de89064a90555913746e335b26ad1923f06a3e82b8f4505"
    )
    assert hashlib.sha256(EDITION_2013.read_bytes()).hexdigest() == (
        "2091c4f36152253f4311563eac7156ff9783b25f9a98e4a80b8ac504cef2722f"
    )


def test_a_two_row_header_below_a_title_becomes_one_name_per_column() -> None:
    table = open_table(EDITION_2018, header_row=3, header_rows=2)
    assert table.columns == COLUMNS
    [chunk] = list(table.chunks())
    rows = chunk.row_lists()
    # The values as the sheet shows them, read by hand from the file in a spreadsheet.
    assert rows[0] == ["全  市", "6340.5", "2418.33", "972.68", "3814.099834397918"]
    assert rows[1][:3] == ["  浦东新区", "1210.41", "552.84"]
    assert rows[-1][:3] == ["  崇明区", "1185.49", "69.46"]
    assert chunk.row_numbers().tolist() == list(range(5, 22))  # the sheet's own row numbers


def test_the_2013_edition_has_the_districts_since_merged() -> None:
    [chunk] = list(open_table(EDITION_2013, header_row=3, header_rows=2).chunks())
    districts = [row[0].strip() for row in chunk.row_lists()]
    assert "闸北区" in districts and "崇明县" in districts and len(districts) == 18
    assert (
        open_table(EDITION_2013, header_row=3, header_rows=2).columns[1] == "土地面积 （平方公里）"
    )


def test_without_options_the_header_is_found_below_the_title_over_its_two_rows() -> None:
    """What a person sees: the title, a blank row, names over units; no option needed."""
    for edition in (EDITION_2018, EDITION_2013):
        table = open_table(edition)
        assert (table.header_row, table.header_rows) == (3, 2)
        assert table.columns[0] == "地  区" and table.columns[2] == "年末常住人口 （万人）"
    assert open_table(EDITION_2018).columns == COLUMNS


def test_a_missing_sheet_is_named() -> None:
    with pytest.raises(InputError, match="has no sheet named 'Data'; its sheets are: Sheet1"):
        open_table(EDITION_2018, sheet="Data")


def test_a_file_that_is_not_a_workbook_is_refused_with_what_to_do(tmp_path: Path) -> None:
    fake = tmp_path / "table.xls"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match=r"is not a readable Excel 97 \(.xls\) workbook"):
        open_table(fake)


def test_validate_reads_a_yearbook_table_from_the_command_line(tmp_path: Path, capsys) -> None:
    schema = {
        "type": "object",
        "required": list(COLUMNS),
        "properties": {
            COLUMNS[0]: {"type": "string", "minLength": 1},
            COLUMNS[2]: {"type": "number", "minimum": 0, "maximum": 3000},
        },
    }
    (tmp_path / "s.json").write_text(json.dumps(schema, ensure_ascii=False), "utf-8")
    code = main(["validate", str(EDITION_2018), "--schema", str(tmp_path / "s.json"),
                 "--header-row", "3", "--header-rows", "2", "--json"])  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert code == 0, document
    assert document["files"][0]["rows"] == 17
