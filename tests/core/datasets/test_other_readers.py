from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.datasets.json_reader import open_json
from hksh_packager.core.datasets.tables import open_table
from hksh_packager.core.datasets.xlsx_reader import open_xlsx


def rows_of(table) -> list[tuple[int, list[str]]]:  # type: ignore[no-untyped-def]
    found = []
    for chunk in table.chunks(chunk_rows=2):
        for number, values in zip(chunk.row_numbers(), chunk.row_lists(), strict=True):
            found.append((int(number), values))
    return found


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "空氣質素"
    sheet.append(["日期", "監測站", "溫度", None])
    sheet.merge_cells("C1:D1")  # a merged header over two columns
    sheet.append([dt.datetime(2026, 11, 24), "中西區", 23.0, 21.5])
    sheet.append([dt.datetime(2026, 11, 24, 13, 30), "深水埗", 22.5, "=C3-1"])
    sheet.append([None, None, None, None])
    sheet.append([dt.date(2026, 1, 2), "沙田", True, 7])
    book.create_sheet("Notes").append(["note"])
    path = tmp_path / "aq.xlsx"
    book.save(path)
    return path


def test_excel_sheet_reads_dates_numbers_merged_headers_and_row_numbers(workbook: Path) -> None:
    table = open_xlsx(workbook)
    assert table.sheets == ("空氣質素", "Notes")
    assert table.columns == ("日期", "監測站", "溫度", "溫度 (2)")
    assert rows_of(table) == [
        (2, ["2026-11-24", "中西區", "23", "21.5"]),
        # A formula has the value Excel last calculated; a file never opened in Excel has none.
        (3, ["2026-11-24T13:30:00", "深水埗", "22.5", ""]),
        (5, ["2026-01-02", "沙田", "true", "7"]),  # the blank row 4 is skipped, numbering is kept
    ]


def test_excel_sheet_is_chosen_by_name_and_a_wrong_name_lists_the_sheets(workbook: Path) -> None:
    assert open_xlsx(workbook, sheet="Notes").columns == ("note",)
    with pytest.raises(InputError, match="no sheet named 'Data'; its sheets are: 空氣質素, Notes"):
        open_xlsx(workbook, sheet="Data")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty (0 bytes)"), (b"PK\x03\x04broken", "is not a readable .xlsx workbook"),
     (b"hello", "is not a readable .xlsx workbook")],
)  # fmt: skip
def test_broken_workbooks_get_a_specific_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(message)):
        open_table(path)


def test_values_beyond_the_header_are_refused_with_the_row(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["a", "b"])
    book.active.append([1, 2, 3])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="row 2 has values beyond the last named column"):
        rows_of(open_xlsx(tmp_path / "x.xlsx"))


def test_json_records_under_a_pointer(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    document = {"result": {"records": [
        {"district": "中西區", "aqhi": 3, "ok": True, "note": None},
        {"district": "東區", "aqhi": 4.5, "extra": {"a": 1}},
    ]}}  # fmt: skip
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    found = open_json(path)  # the only array of records: found without a pointer
    assert found.pointer == "/result/records" and "the only array" in found.description
    two = tmp_path / "two.json"
    two.write_text(json.dumps({**document, "old": [{"district": "x"}]}), "utf-8")
    with pytest.raises(InputError, match=r"not an array of records; .* at: /result/records, /old"):
        open_json(two)
    table = open_json(path, pointer="/result/records")
    assert table.columns == ("district", "aqhi", "ok", "note", "extra")
    assert rows_of(table) == [
        (1, ["中西區", "3", "true", "", ""]),
        (2, ["東區", "4.5", "", "", '{"a":1}']),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "record 1 (pointer /0) is int, not an object"),
        ('{"a": [1,', "is not valid JSON: Expecting value at line 1, column 10"),
        ("", "is empty (0 bytes)"),
    ],
)
def test_json_that_is_not_records_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text)
    with pytest.raises(InputError, match=re.escape(message)):
        open_table(path)


def test_geojson_features_become_rows_with_geometry_types(tmp_path: Path) -> None:
    path = tmp_path / "carparks.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [114.1, 22.3]},
         "properties": {"name": "大會堂停車場", "spaces": 200}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []},
         "properties": {"name": "Star Ferry", "spaces": 300}},
    ]}, ensure_ascii=False), "utf-8")  # fmt: skip
    table = open_table(path)
    assert table.geometry_types == ("Point", "Polygon")
    assert rows_of(table) == [(1, ["大會堂停車場", "200"]), (2, ["Star Ferry", "300"])]


def test_unsupported_file_types_are_named(tmp_path: Path) -> None:
    for name, message in [("old.xls", "not a readable Excel 97 (.xls) workbook"),
                          ("a.pdf", "type '.pdf'")]:  # fmt: skip
        (tmp_path / name).write_bytes(b"x")
        with pytest.raises(InputError, match=re.escape(message)):
            open_table(tmp_path / name)


def test_json_one_record_at_a_pointer(tmp_path: Path) -> None:
    """Citybus's stop API answers with one object under /data: one row, numbered 1."""
    path = tmp_path / "stop.json"
    path.write_text(
        '{"type": "Stop", "data": {"stop": "002737", "name_en": "Pottinger Street", '
        '"lat": "22.28", "extra": {"a": [1]}}}',
        "utf-8",
    )
    table = open_json(path, pointer="/data")
    assert table.columns == ("stop", "name_en", "lat", "extra")
    assert rows_of(table) == [(1, ["002737", "Pottinger Street", "22.28", '{"a":[1]}'])]
    assert table.description == "the one record at /data"
    # Without a pointer nothing says which object is the record: the top level is not one.
    with pytest.raises(InputError, match="at the top level is not an array of records"):
        open_json(path)
    # An object that holds records is not itself one: the error points at them.
    holder = tmp_path / "holder.json"
    holder.write_text('{"result": {"records": [{"a": 1}], "total": 1}}', "utf-8")
    with pytest.raises(InputError, match=r"at /result is not an array of records; .* /result/r"):
        open_json(holder, pointer="/result")


def test_json_top_level_object_of_plain_fields_is_one_record(tmp_path: Path) -> None:
    """HKO's per-gauge rainfall files (CSDI) are one object of text fields, no pointer to give."""
    path = tmp_path / "rf_hourly_H15.json"
    path.write_text('{\n    "value": "M",\n    "unit": "mm",\n    "obsTimeYear": "2025",\n'
                    '    "obsTimeSecond": null\n}', "utf-8")  # fmt: skip
    table = open_json(path)
    assert table.columns == ("value", "unit", "obsTimeYear", "obsTimeSecond")
    assert rows_of(table) == [(1, ["M", "mm", "2025", ""])]
    assert table.description == "the one record at /"
    # An envelope holding one record and no array (Citybus's stop and company) gives that record;
    # with two, which one is the data is the user's to say; an empty object is no record.
    path.write_text('{"data": {"stop": "002737"}, "type": "Stop"}', "utf-8")
    assert rows_of(open_json(path)) == [(1, ["002737"])]
    assert open_json(path).description == "the one record at /data"
    for document in ('{"a": {"stop": "1"}, "b": {"stop": "2"}}', "{}"):
        path.write_text(document, "utf-8")
        with pytest.raises(InputError, match="at the top level is not an array of records"):
            open_json(path)


@pytest.mark.parametrize("shape", ["records", "one record", "features"])
def test_json_with_more_fields_than_a_table_can_hold_is_refused(tmp_path: Path, shape: str) -> None:
    """A file built with thousands of distinct keys (from a hostile bundle, say) gets a clear
    error, not a table tens of thousands of columns wide."""
    wide = [{f"k{i}": i} for i in range(16_385)]
    document: object = {
        "records": wide,
        "one record": {"data": {f"k{i}": i for i in range(16_385)}},
        "features": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": None, "properties": record} for record in wide]},
    }[shape]  # fmt: skip
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(InputError, match="more than 16384 different fields"):
        open_json(path, pointer="/data" if shape == "one record" else None)
    # At the limit, it is read.
    path.write_text(json.dumps([{f"k{i}": i for i in range(16_384)}]), "utf-8")
    assert len(open_json(path).columns) == 16_384


def test_an_excel_header_below_a_title_is_read_from_the_row_given(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from hksh_packager.core.datasets.tables import open_table

    book = Workbook()
    sheet = book.active
    sheet.append(["Table 1: Resident population by district"])
    sheet.append([])
    sheet.append(["District", "Population"])
    sheet.append(["Huangpu", 662030])
    book.save(tmp_path / "titled.xlsx")
    table = open_table(tmp_path / "titled.xlsx", header_row=3)
    assert table.columns == ("District", "Population")
    [chunk] = list(table.chunks())
    assert chunk.row_lists() == [["Huangpu", "662030"]]
    assert chunk.row_numbers().tolist() == [4]
    # Without it, the title is the header: the one column it names.
    assert open_table(tmp_path / "titled.xlsx").columns == (
        "Table 1: Resident population by district",
    )
    with pytest.raises(InputError, match="row 2, given as the header row, is empty"):
        open_table(tmp_path / "titled.xlsx", header_row=2)


def test_the_file_dialogs_offer_every_type_a_reader_takes(tmp_path: Path) -> None:
    from hksh_packager.core.datasets.tables import DATA_SUFFIXES, open_table

    assert {".xml", ".xls", ".geojson", ".tsv"} <= set(DATA_SUFFIXES)
    for suffix in DATA_SUFFIXES:
        path = tmp_path / f"empty{suffix}"
        path.write_bytes(b"")
        with pytest.raises(InputError) as raised:
            open_table(path)
        assert "cannot be validated" not in str(raised.value), suffix
