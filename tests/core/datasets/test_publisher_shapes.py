"""Shapes publishers really use: titles above the header, rows that are not data, missing-value
markers, XML feeds (safely), JSON envelopes with a BOM."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.datasets.csv_reader import open_csv
from hksh_packager.core.datasets.tables import open_table
from hksh_packager.core.validation.engine import validate_table
from hksh_packager.core.validation.schema import parse_schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NAME = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8)
CELL = st.text(st.characters(categories=["L", "N"], include_characters=" ./"), max_size=6)
TITLE = st.text(st.characters(categories=["L", "N", "Zs"], include_characters="():*"), max_size=30)


def _rows(table) -> list[tuple[int, list[str]]]:
    return [
        (int(n), list(row))
        for chunk in table.chunks(chunk_rows=3)
        for n, row in zip(chunk.row_numbers(), chunk.row_lists(), strict=True)
    ]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(NAME, min_size=2, max_size=5, unique=True),
    data=st.data(),
    titles=st.lists(TITLE, max_size=6),
    bom=st.booleans(),
)
@example(
    names=["Date", "Hour", "Central"], data=None, titles=["Air Quality Health Index"], bom=True
)
@example(names=["a", "b"], data=None, titles=[], bom=False)
@example(names=["a", "b", "c"], data=None, titles=["", "Note: * substituted"], bom=False)
def test_the_header_and_the_same_cells_are_found_below_any_titles(
    tmp_path: Path, names: list[str], data, titles: list[str], bom: bool
) -> None:
    rows = (
        data.draw(st.lists(st.lists(CELL, min_size=len(names), max_size=len(names)), max_size=6))
        if data is not None
        else [["1"] * len(names), ["x y"] * len(names)]
    )
    # Titles are one cell (what a publisher writes above a table), never shaped like the table.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for title in titles:
        writer.writerow([title.strip()] if title.strip() else [])
    writer.writerow(names)
    writer.writerows(rows)
    path = tmp_path / "t.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    table = open_csv(path)
    assert table.columns == tuple(names)
    header_line = len(titles) + 1
    assert table.header.line == header_line
    expected = rows  # ["", ""] is written as ",": a row of empty cells, not a blank line
    found = _rows(table)
    assert [cells for _, cells in found] == expected
    if found:
        assert found[0][0] >= header_line + 1


def test_a_declared_header_row_wins_and_a_row_beyond_the_sample_is_refused(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\nc,d\n1,2\n", "utf-8")
    assert open_csv(path).columns == ("a", "b")
    assert open_csv(path, header_row=2).columns == ("c", "d")
    with pytest.raises(InputError, match="declared on row 9, but only 3 rows"):
        open_csv(path, header_row=9)


EPD = (
    "Air Quality Health Index (AQHI)\n"
    "Hourly data of December 2025\n"
    "\n"
    "Date,Hour,Central,Eastern\n"
    "2025-12-01,1,3,4\n"
    ",2,5*,-*\n"
    "Daily Max,,5,4\n"
    "Note: * substituted; - not available\n"
)
SCHEMA = {
    "$schema": DRAFT,
    "type": "object",
    "properties": {
        "Central": {"type": ["string", "null"], "pattern": "^[0-9]+\\*?$"},
        "Eastern": {"type": ["string", "null"], "x-missingValues": ["-*"]},
    },
    "x-skipRows": [{"column": "Date", "pattern": "^Daily (Max|Min)$"}],
}


def test_titles_totals_notes_and_markers_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "epd.csv"
    path.write_text(EPD, "utf-8")
    result = validate_table(open_table(path), parse_schema(SCHEMA, "t"))
    assert result.valid and result.rows == 2
    skipped = {str(s.reason): (s.count, s.rows) for s in result.skipped}
    assert skipped == {
        "above the header (titles and notes)": (3, [1, 2, 3]),
        "'Date' matches ^Daily (Max|Min)$": (1, [7]),
        "a note under the table (text in the first cell only)": (1, [8]),
    }
    # A marker outside its column is an ordinary value: here it breaks Central's pattern.
    path.write_text(EPD.replace("5*,-*", "-*,-*"), "utf-8")
    broken = validate_table(open_table(path), parse_schema(SCHEMA, "t"))
    assert [(e.row, e.column, e.keyword) for e in broken.errors] == [(6, "Central", "pattern")]


def test_rows_with_every_cell_empty_are_skipped_wherever_they_are(tmp_path: Path) -> None:
    """A spreadsheet saved as CSV keeps its unused rows as `,,,`: MTR's station list ends so.
    A row with only its first cell empty is data, and fails as data does."""
    path = tmp_path / "mtr.csv"
    path.write_bytes(b'"Line","Code","Seq"\r\n"AEL","HOK",1.00\r\n,,\r\n"SIL","ADM",\r\n'
                     b',"OCP",2.00\r\n,,\r\n,,\r\n')  # fmt: skip
    schema = {"$schema": DRAFT, "type": "object", "required": ["Line", "Code"],
              "properties": {"Seq": {"type": ["number", "null"]}}}  # fmt: skip
    result = validate_table(open_table(path), parse_schema(schema, "t"), chunk_rows=2)
    assert [(e.row, e.column, e.keyword) for e in result.errors] == [(5, "Line", "required")]
    assert result.rows == 3
    assert [(str(s.reason), s.count, s.rows) for s in result.skipped] == [
        ("an empty row (every cell empty)", 3, [3, 6, 7])
    ]


def test_a_marker_in_a_column_that_does_not_allow_null_says_so(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("station,speed\nStanley,N/A\nKai Tak,4\n", "utf-8")
    schema = {"$schema": DRAFT, "type": "object", "x-missingValues": ["N/A"],
              "properties": {"speed": {"type": "number"}}}  # fmt: skip
    [error] = validate_table(open_table(path), parse_schema(schema, "t")).errors
    assert (error.row, error.keyword) == (2, "type")
    assert "'N/A' marks a missing value" in str(error.message) and '"null"' in str(error.message)


AQHI_XML = """<?xml version="1.0" encoding="UTF-8"?>
<AQHI24HrReport>
  <title>Past 24-hour AQHI</title>
  <item>
    <type>General Stations</type>
    <StationName>Central/Western</StationName>
    <DateTime>Mon, 05 Oct 2026 15:00:00 +0800</DateTime>
    <aqhi>3</aqhi>
  </item>
  <item>
    <type>Roadside Stations</type>
    <StationName>中環</StationName>
    <DateTime>Mon, 05 Oct 2026 15:00:00 +0800</DateTime>
    <aqhi>ten</aqhi>
  </item>
</AQHI24HrReport>
"""


def test_xml_records_are_found_and_errors_name_the_line_of_the_record(tmp_path: Path) -> None:
    path = tmp_path / "aqhi.xml"
    path.write_text(AQHI_XML, "utf-8")
    table = open_table(path)
    assert table.columns == ("type", "StationName", "DateTime", "aqhi")
    assert "/AQHI24HrReport/item" in table.description
    schema = {"$schema": DRAFT, "type": "object", "properties": {"aqhi": {"type": "integer"}}}
    result = validate_table(table, parse_schema(schema, "t"))
    assert [(e.row, e.column, e.value) for e in result.errors] == [(10, "aqhi", "ten")]
    assert _rows(open_table(path, pointer="/AQHI24HrReport/item"))[1][1][1] == "中環"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(count=st.integers(1, 80), chunk_rows=st.integers(1, 9), block=st.integers(16, 400))
# Records spread over many blocks and chunks: every one came out once the first chunk was full,
# and those parsed after it were lost (200,000 of a million-record feed were read).
@example(count=80, chunk_rows=3, block=16)
def test_xml_records_over_many_blocks_and_chunks_all_come_out_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, chunk_rows: int, block: int
) -> None:
    from hksh_packager.core.datasets import xml_expat, xml_stream

    monkeypatch.setattr(xml_expat, "BLOCK", block)
    monkeypatch.setattr(xml_stream, "BLOCK", block)
    path = tmp_path / "feed.xml"
    lines = ["<?xml version='1.0'?>", "<feed>"]
    lines += [f"<item><n>{i}</n><v>x{i}</v></item>" for i in range(count)] + ["</feed>"]
    path.write_text("\n".join(lines), "utf-8")
    table = open_table(path, pointer="/feed/item")
    got = []
    for chunk in table.chunks(chunk_rows=chunk_rows):
        rows = chunk.row_lists()
        got += [(int(n), row) for n, row in zip(chunk.row_numbers(), rows, strict=True)]
    assert got == [(i + 3, [str(i), f"x{i}"]) for i in range(count)]


@pytest.mark.parametrize(
    "document",
    [
        # the billion laughs: entities that expand to gigabytes
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<r><item><x>&b;</x></item><item><x>1</x></item></r>",
        # an external entity: reads a file of the organiser's computer
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        "<r><item><x>&e;</x></item><item><x>1</x></item></r>",
    ],
)
def test_hostile_xml_is_refused_with_a_clear_error(tmp_path: Path, document: str) -> None:
    path = tmp_path / "evil.xml"
    path.write_text(document, "utf-8")
    with pytest.raises(InputError, match="refused"):
        list(open_table(path).chunks())


def test_broken_xml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text("<r>\n<item><a>1</a></item>\n<item><a>2</b></item>\n</r>\n", "utf-8")
    with pytest.raises(InputError, match=r"not well-formed XML at line 3, column \d+ \(mismatched"):
        list(open_table(path).chunks())


def test_portal_envelopes_and_a_bom_are_read_without_a_pointer(tmp_path: Path) -> None:
    path = tmp_path / "sh.json"
    envelope = {"code": 200, "data": {"data": [{"名称": "上海站", "区": "静安区"}], "total": 1}}
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(envelope, ensure_ascii=False).encode("utf-8"))
    table = open_table(path)
    assert table.columns == ("名称", "区") and "records at /data/data" in table.description


def test_validate_json_prints_one_document_even_when_a_file_cannot_be_read(tmp_path: Path):
    good = tmp_path / "w.csv"
    good.write_text("Date time,Automatic Weather Station\n202507192220,Stanley\n", "utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from hksh_packager.cli import main; sys.exit(main())",
         "validate", str(good), str(empty),
         "--schema", "hk.hko.latest-10min-wind", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    document = json.loads(run.stdout)
    assert run.returncode == 2 and document["valid"] is False
    assert [f.get("error", {}).get("message", "") for f in document["files"]][1].startswith(
        f"{empty} is empty"
    )
