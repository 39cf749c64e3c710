"""Files built to make a reader run for hours or fill the memory are read in bounded time or
refused with a message naming the file and the limit."""

from __future__ import annotations

import io
import itertools
import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from hksh_packager.core.common.errors import InputError, SchemaProblem
from hksh_packager.core.datasets.tables import open_table
from hksh_packager.core.validation.engine import validate_table
from hksh_packager.core.validation.schema import parse_schema

# Seconds a bounded read may take here; the unbounded ones took hours.
PATIENCE = 20


def _within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run `work` on a thread; fail the test if it has not finished in `seconds`."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("ok", work()))
        except BaseException as exc:
            outcome.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    data = tmp_path / "codes.csv"
    data.write_text("code\n" + ("a" * 40 + "!\n") * 1000 + "aaa\n", encoding="utf-8")
    schema = parse_schema(
        {"type": "object", "properties": {"code": {"type": "string", "pattern": "^(a+)+$"}}},
        "schema",
    )
    result = _within(PATIENCE, lambda: validate_table(open_table(data), schema))
    assert result.counts == {("code", "pattern"): 1000}


def test_the_jsonschema_fallback_uses_the_linear_engine_too(tmp_path: Path) -> None:
    data = tmp_path / "codes.csv"
    data.write_text("code\n" + "a" * 40 + "!\n", encoding="utf-8")
    # "not" is not vectorised: the column goes to jsonschema, whose own "pattern" backtracks.
    schema = parse_schema(
        {"type": "object", "properties": {"code": {"not": {"pattern": "^(a+)+b$"}}}}, "schema"
    )
    result = _within(PATIENCE, lambda: validate_table(open_table(data), schema))
    assert result.valid


@pytest.mark.parametrize("pattern", ["^(?=a)b", "(a)\\1", "(?<!x)y"])
def test_a_pattern_that_needs_backtracking_is_refused_when_the_schema_loads(pattern: str) -> None:
    document = {"type": "object", "properties": {"code": {"pattern": pattern}}}
    with pytest.raises(SchemaProblem, match="cannot be checked in bounded time") as caught:
        parse_schema(document, "schema x.json")
    assert "/properties/code/pattern" in str(caught.value)


def test_a_one_megabyte_line_does_not_stall_delimiter_detection(tmp_path: Path) -> None:
    data = tmp_path / "long.csv"
    data.write_text('a,b\n"' + "x," * (1 << 19) + '",1\n', encoding="utf-8")
    table = _within(PATIENCE, lambda: open_table(data))
    assert table.columns == ("a", "b")


def _workbook_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["station", "value"])
    sheet.append(["Sha Tin", 21])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change: Callable[[bytes], bytes], path: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(info, content, zipfile.ZIP_DEFLATED)
    return path


def test_a_workbook_claiming_a_million_rows_by_sixteen_thousand_columns_reads_its_one_row(
    tmp_path: Path,
) -> None:
    def claim(xml: bytes) -> bytes:
        return re.sub(
            rb'<dimension ref="[A-Z0-9:]+"\s*/>', b'<dimension ref="A1:XFD1048576"/>', xml
        )

    path = _rewrite_sheet(_workbook_bytes(), claim, tmp_path / "claims.xlsx")
    assert b"XFD1048576" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    table = _within(PATIENCE, lambda: open_table(path))
    rows = _within(PATIENCE, lambda: [c.frame for c in table.chunks()])
    assert table.columns == ("station", "value") and sum(len(f) for f in rows) == 1


def test_a_workbook_whose_xml_inflates_hundreds_of_times_is_refused(tmp_path: Path) -> None:
    def pad(xml: bytes) -> bytes:
        return xml.replace(b"</worksheet>", b"<!--" + b" " * (50 << 20) + b"--></worksheet>")

    path = _rewrite_sheet(_workbook_bytes(), pad, tmp_path / "bomb.xlsx")
    with pytest.raises(InputError, match=r"sheet1.xml would expand \d+ times, more than the 200x"):
        open_table(path)


def test_entity_expansion_in_a_workbook_is_refused(tmp_path: Path) -> None:
    # "Billion laughs": each entity is ten of the one before; &i; is 10^9 copies of "lol".
    names = "abcdefghi"
    entities = ['<!ENTITY a "lol">'] + [
        f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'
        for previous, name in itertools.pairwise(names)
    ]
    laughs = ('<?xml version="1.0"?><!DOCTYPE worksheet [' + "".join(entities) + "]>").encode()

    def expand(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[-1]  # after the XML declaration, if there is one
        assert b"<v>21</v>" in body
        return laughs + body.replace(b"<v>21</v>", b"<v>&i;</v>")

    path = _rewrite_sheet(_workbook_bytes(), expand, tmp_path / "laughs.xlsx")
    with pytest.raises(InputError, match="XML that is not safe"):
        table = open_table(path)
        for _ in table.chunks():
            pass


@pytest.mark.parametrize("extra", [0, 1], ids=["at", "above"])
def test_the_column_limit(tmp_path: Path, extra: int) -> None:
    from hksh_packager.core.datasets.csv_reader import MAX_COLUMNS

    columns = MAX_COLUMNS + extra
    data = tmp_path / "wide.csv"
    data.write_text(",".join(f"c{i}" for i in range(columns)) + "\n" + "1," * (columns - 1) + "1\n")
    if extra:
        with pytest.raises(InputError, match=f"has {columns} fields; at most 16384 can be checked"):
            open_table(data)
    else:
        assert len(open_table(data).columns) == 16_384


def _rows_numbered(path: Path, last: int) -> Path:
    """A real workbook (openpyxl's) whose second data row is renumbered `last`: every reader
    that fills skipped numbers with empty rows walks all those between."""
    book = Workbook()
    book.active.append(["站", "值"])
    book.active.append(["A", 1])
    book.active.append(["B", 2])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="3"', f'<row r="{last}"'.encode())
                data = re.sub(
                    rb' r="([A-Z]+)3"',
                    lambda m: b' r="' + m.group(1) + str(last).encode() + b'"',
                    data,
                )
            out.writestr(info, data)
    return path


@pytest.mark.slow
def test_rows_numbered_past_excels_last_row_are_refused_within_seconds(tmp_path: Path) -> None:
    # Before: openpyxl's made-up empty rows were read one by one (48 s to row 1,048,576, hours
    # to row 2,000,000,000), each with 1,024 cells checked.
    far = _rows_numbered(tmp_path / "far.xlsx", 2_000_000_000)
    with pytest.raises(InputError, match="numbered past 1,048,576"):
        _within(20, lambda: list(open_table(far).chunks()))
    last = _rows_numbered(tmp_path / "last.xlsx", 1_048_576)
    chunks = _within(20, lambda: list(open_table(last).chunks()))
    assert [c.row_numbers().tolist() for c in chunks] == [[2, 1_048_576]]
