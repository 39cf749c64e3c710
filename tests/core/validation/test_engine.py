from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hksh_packager.core.common.errors import Cancelled, SchemaProblem
from hksh_packager.core.common.progress import CancelToken, Progress
from hksh_packager.core.datasets.tables import open_table
from hksh_packager.core.validation.engine import validate_table
from hksh_packager.core.validation.reports import errors_csv_text, report_html, report_json
from hksh_packager.core.validation.schema import load_schema, parse_schema


def run(tmp_path: Path, text: str, schema: dict[str, Any], name: str = "d.csv", **kw: Any):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return validate_table(open_table(path), parse_schema(schema, "test schema"), **kw)


def found(result) -> set[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return {(e.row, e.column, e.keyword) for e in result.errors}


def test_duplicate_keys_name_the_row_they_repeat(tmp_path: Path) -> None:
    result = run(tmp_path, "站,時\nA,1\nB,1\nA,1\nA,2\nA,1\n", {"x-uniqueKeys": [["站", "時"]]})
    assert found(result) == {(4, "站, 時", "x-uniqueKeys"), (6, "站, 時", "x-uniqueKeys")}
    assert {str(e.message) for e in result.errors} == {"This row repeats the 站, 時 of row 2"}


def test_a_row_with_a_bad_cell_that_repeats_a_key_is_one_invalid_row(tmp_path: Path) -> None:
    schema = {"properties": {"時": {"type": "integer"}}, "x-uniqueKeys": [["站"]]}
    result = run(tmp_path, "站,時\nA,1\nA,x\nB,2\nB,y\nC,z\n", schema)
    assert found(result) == {
        (3, "時", "type"), (3, "站", "x-uniqueKeys"), (5, "時", "type"), (5, "站", "x-uniqueKeys"),
        (6, "時", "type"),
    }  # fmt: skip
    assert result.invalid_rows == 3


def test_text_enums_and_missing_value_markers_as_jsonschema_has_them(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    columns = {"區": {"enum": ["中西區", "灣仔區"]}, "n": {"type": "integer", "const": 1}}
    schema = {"properties": columns, "x-missingValues": ["N/A"]}
    result = run(tmp_path, "區,n\n中西區,1\n東區,1\nN/A,1\n灣仔區,N/A\n,1\n中西區,2\n", schema)
    # The rows as jsonschema sees them: a marker is null, an empty cell is absent.
    rows = [{"區": "中西區", "n": 1}, {"區": "東區", "n": 1}, {"區": None, "n": 1},
            {"區": "灣仔區", "n": None}, {"n": 1}, {"區": "中西區", "n": 2}]  # fmt: skip
    oracle = Draft202012Validator({"properties": columns})
    expected = {
        (number, str(error.path[0]), str(error.validator))
        for number, row in enumerate(rows, start=2)
        for error in oracle.iter_errors(row)
    }
    assert found(result) == expected
    assert (3, "區", "enum") in expected and (4, "區", "enum") in expected


def test_table_rules_minimum_rows_and_expected_headers(tmp_path: Path) -> None:
    result = run(tmp_path, "a,b\n1,2\n", {"x-minRows": 5, "x-headers": ["a", "站名"]})
    rules = {p.rule: str(p.message) for p in result.table_problems}
    assert rules["x-minRows"] == "The file has 1 data row; at least 5 are expected"
    assert "lacks the expected columns: 站名" in rules["x-headers"]
    assert not result.valid


def test_header_only_file_is_reported(tmp_path: Path) -> None:
    result = run(tmp_path, "a,b\n", {})
    assert [str(p.message) for p in result.table_problems] == [
        "The file has a header but no data rows"
    ]
    assert run(tmp_path, "a,b\n", {"x-minRows": 0}).valid


def test_required_column_missing_from_the_header_is_one_table_problem(tmp_path: Path) -> None:
    result = run(tmp_path, "a\n1\n2\n", {"required": ["b"]})
    assert result.table_problems[0].rule == "required"
    assert "'b' is not in the file's header" in str(result.table_problems[0].message)
    assert result.invalid_rows == 2 and not result.errors


def test_unexpected_encoding_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    path.write_bytes("区,值\n黄浦区,1\n徐汇区,2\n静安区,3\n".encode("gb18030") * 3)
    schema = parse_schema({"x-encodings": ["UTF-8", "UTF-8 with BOM"]}, "s")
    result = validate_table(open_table(path), schema)
    assert result.valid
    assert result.table_problems[0].warning and "GB18030" in str(result.table_problems[0].message)


def test_columns_the_schema_forbids_are_reported_per_row(tmp_path: Path) -> None:
    schema = {"properties": {"a": {}}, "additionalProperties": False}
    result = run(tmp_path, "a,secret\n1,\n2,x\n", schema)
    assert found(result) == {(3, "", "additionalProperties")}
    assert "secret" in str(result.errors[0].message)


def test_keywords_the_engine_does_not_vectorise_still_work(tmp_path: Path) -> None:
    schema = {
        "properties": {
            "code": {"anyOf": [{"type": "string", "pattern": "^HK"}, {"const": "N/A"}]},
            "n": {"type": "integer", "not": {"const": 13}},
        },
        "dependentRequired": {"code": ["n"]},
    }
    result = run(tmp_path, "code,n\nHK1,1\nSH2,2\nN/A,13\nHK3,\n", schema)
    assert found(result) == {
        (3, "code", "anyOf"), (4, "n", "not"), (5, "", "dependentRequired"),
    }  # fmt: skip


def test_geojson_geometry_type_rule(tmp_path: Path) -> None:
    features = [
        {"type": "Feature", "geometry": {"type": t}, "properties": {"name": n}}
        for t, n in [("Point", "a"), ("LineString", "b"), ("Point", "c")]
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    result = run(tmp_path, text, {"x-geometryType": "Point"}, name="p.geojson")
    assert found(result) == {(2, "", "x-geometryType")}
    assert str(result.errors[0].message) == "The feature's geometry is LineString, not Point"


def test_ten_thousand_bad_cells_keep_a_capped_sample_and_the_full_count(tmp_path: Path) -> None:
    text = "n\n" + "x\n" * 10_000
    result = run(tmp_path, text, {"properties": {"n": {"type": "integer"}}}, cap=25)
    assert result.counts[("n", "type")] == 10_000
    assert len(result.errors) == 25 and result.errors[0].row == 2
    assert result.invalid_rows == 10_000


def test_excel_rows_keep_their_sheet_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["區", "值"])
    book.active.append(["中西區", 5])
    book.active.append([None, None])
    book.active.append(["灣仔區", -1])
    book.save(tmp_path / "b.xlsx")
    schema = parse_schema({"properties": {"值": {"type": "integer", "minimum": 0}}}, "s")
    result = validate_table(open_table(tmp_path / "b.xlsx"), schema)
    assert found(result) == {(4, "值", "minimum")}


def test_cancel_stops_between_chunks(tmp_path: Path) -> None:
    # Cancelled after the first chunk is checked: no later chunk is.
    token = CancelToken()
    rows: list[int] = []

    def progress(report: Progress) -> None:
        rows.append(report.done)
        if report.done > 0:
            token.cancel()

    text = "a\n" + "1\n" * 1_000
    with pytest.raises(Cancelled):
        run(tmp_path, text, {}, chunk_rows=100, progress=progress, cancel=token)
    assert rows and max(rows) == 100


def test_reports_carry_every_kept_error_in_json_html_and_csv(tmp_path: Path) -> None:
    schema = {"properties": {"站": {"enum": ["中西區"]}, "值": {"type": "number"}}}
    result = run(tmp_path, "站,值\n中西區,1\n<b>灣仔</b>,x\n", schema)
    document = json.loads(report_json([result]))
    assert document["valid"] is False
    assert {(e["row"], e["column"]) for e in document["files"][0]["errors"]} == {
        (3, "站"), (3, "值"),
    }  # fmt: skip
    page = report_html([result])
    assert "&lt;b&gt;灣仔&lt;/b&gt;" in page and "<b>灣仔" not in page
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    rows = errors_csv_text([result]).splitlines()
    assert rows[0] == "file,row,column,value,keyword,message" and len(rows) == 3


# -- schemas that cannot be used ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "object",\n "properties": }', "not valid JSON: Expecting value at line 2"),
        ('{"properties": {"a": {"type": "strin"}}}', "invalid JSON Schema at /properties/a/type"),
        ('{"x-unknown": 1}', "unknown table rule 'x-unknown' at /x-unknown"),
        ('{"properties": {"a": {"$ref": "https://example.org/s.json"}}}',
         "remote references are refused"),
        ('{"properties": {"a": {"$ref": "missing.json"}}}',
         "$ref at /properties/a points to missing.json, which cannot be found"),
        ('{"x-minRows": -1}', "/x-minRows must be a whole number"),
        ('{"$schema": "http://json-schema.org/draft-07/schema#"}', "dataset schemas use"),
        ("[1]", "a dataset schema is a JSON object"),
    ],
)  # fmt: skip
def test_unusable_schema_names_the_file_and_the_pointer(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.schema.json"
    path.write_text(text)
    with pytest.raises(SchemaProblem) as caught:
        load_schema(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_ref_to_a_file_beside_the_schema_is_followed(tmp_path: Path) -> None:
    (tmp_path / "common.json").write_text('{"$defs": {"hour": {"type": "integer", "maximum": 23}}}')
    (tmp_path / "s.json").write_text('{"properties": {"h": {"$ref": "common.json#/$defs/hour"}}}')
    (tmp_path / "d.csv").write_text("h\n5\n24\n")
    result = validate_table(open_table(tmp_path / "d.csv"), load_schema(tmp_path / "s.json"))
    assert found(result) == {(3, "h", "maximum")}


def test_column_summaries_count_empty_invalid_distinct_and_range(tmp_path: Path) -> None:
    schema = {"properties": {"pm": {"type": ["number", "null"], "maximum": 100}}}
    result = run(tmp_path, "pm,站\n12.5,甲\n,甲\n250,乙\n7,\n", schema)
    summary = {s.name: s.to_json() for s in result.summaries}
    assert summary["pm"] == {
        "column": "pm", "in_schema": True, "missing": 1, "invalid": 1, "distinct": 3,
        "minimum": 7.0, "maximum": 250.0,
    }  # fmt: skip
    assert summary["站"]["in_schema"] is False and summary["站"]["missing"] == 1


@pytest.mark.parametrize(
    ("values", "chunk_rows", "expected"),
    [
        ([f"v{i % 10_000}" for i in range(30_000)], 30_000, 10_000),  # as many as are counted
        ([f"v{i % 10_001}" for i in range(30_000)], 30_000, "more than 10000"),  # one more
        # Repeats first, the distinct values only after the first rows: every row is looked at.
        (["x"] * 25_000 + [f"v{i}" for i in range(10_000)], 35_000, "more than 10000"),
        (["x"] * 25_000 + [f"v{i}" for i in range(9_999)], 34_999, 10_000),
        # Empty cells are not values, among the first rows too.
        ([x for i in range(10_000) for x in ("", f"v{i}")] + ["v0"] * 5, 20_005, 10_000),
        # Across chunks: values seen in an earlier chunk are not counted again.
        ([f"v{i}" for i in range(6_000)] + [f"v{i}" for i in range(2_000, 8_000)] * 2, 6_000,
         8_000),
        ([f"v{i}" for i in range(6_000)] + [f"v{i}" for i in range(4_000, 10_001)], 6_000,
         "more than 10000"),
    ],
    ids=["cap", "cap+1", "late", "late-cap", "empties", "chunks", "chunks-cap+1"],
)  # fmt: skip
def test_distinct_values_are_counted_up_to_ten_thousand(
    tmp_path: Path, values: list[str], chunk_rows: int, expected: int | str
) -> None:
    text = "a,b\n" + "".join(f"{value},1\n" for value in values)  # b: no row is all empty
    result = run(tmp_path, text, {}, chunk_rows=chunk_rows)
    summary = {s.name: s.to_json() for s in result.summaries}
    assert summary["a"]["distinct"] == expected
    assert expected == "more than 10000" or expected == len(set(values) - {""})


def test_a_columns_range_is_its_finite_numbers(tmp_path: Path) -> None:
    # An integer too long for a double is a number, but an infinite double: not a bound.
    schema = {"properties": {"n": {"type": ["number", "string", "null"]}, "t": {}},
              "x-missingValues": ["N/A"]}  # fmt: skip
    cells = ["5", "9" * 400, "-3", "abc", "N/A", "2.5", ""]
    result = run(tmp_path, "n,t\n" + "".join(f"{c},x\n" for c in cells), schema)
    summary = {s.name: s.to_json() for s in result.summaries}
    numbers = [float(c) for c in cells if c.lstrip("-").replace(".", "", 1).isdigit()]
    finite = [n for n in numbers if n not in (float("inf"), float("-inf"))]
    assert (summary["n"]["minimum"], summary["n"]["maximum"]) == (min(finite), max(finite))
    assert (summary["t"]["minimum"], summary["t"]["maximum"]) == (None, None)


def test_an_integer_longer_than_python_reads_is_not_an_integer(tmp_path: Path) -> None:
    # int() refuses more than 4,300 digits: such a cell stays text, and says so.
    schema = {"properties": {"n": {"type": "integer", "maximum": 10, "enum": [5, 7]}}}
    result = run(tmp_path, "n\n5\n" + "9" * 5000 + "\n7\n", schema)
    assert found(result) == {(3, "n", "type"), (3, "n", "enum")}


def test_patterns_over_many_distinct_cells_follow_ecma_digits(tmp_path: Path) -> None:
    # A column of codes nearly all distinct, as free-text identifiers are: the pattern is run over
    # the whole column at once. \d is ASCII, as in JSON Schema's dialect: Arabic-Indic and
    # full-width digits do not match. The oracle is Python's own re with the ASCII flag.
    import random
    import re

    rng = random.Random(5)
    codes = [f"{rng.randrange(10_000):04d}-{rng.randrange(1_000):03d}" for _ in range(30_000)]
    for i in range(0, 30_000, 997):
        codes[i] = rng.choice(["12-345", "١٢٣٤-٥٦٧", "１２３４-５６７", "1234-5678", "x1234-567"])
    codes[5] = ""  # a missing cell is not checked against the pattern
    text = "n,code\n" + "".join(f"{n},{code}\n" for n, code in enumerate(codes))
    pattern = r"^\d{4}-\d{3}$"
    result = run(tmp_path, text, {"properties": {"code": {"type": "string", "pattern": pattern}}},
                 cap=100_000)  # fmt: skip
    expected = {
        (row, "code", "pattern")
        for row, code in enumerate(codes, start=2)
        if code and not re.search(pattern, code, re.ASCII)
    }
    assert len(expected) > 20
    assert found(result) == expected


def test_cells_convert_and_check_the_same_whether_a_chunk_is_encoded_or_not(
    tmp_path: Path,
) -> None:
    # A column with few distinct texts is converted, and checked on its text, once per distinct
    # text (its chunks encoded); once it has shown more texts than the summary counts, cell by
    # cell. The rows below move each column from one to the other midway. The oracle is
    # jsonschema row by row, on each cell converted alone (convert_text, as the differential test).
    from jsonschema import Draft202012Validator, FormatChecker

    from hksh_packager.core.validation.convert import MISSING, convert_text, declared_types

    schema = {"properties": {
        "d": {"type": "string", "format": "date"},
        "w": {"enum": ["中西區", "灣仔區", "東區", "南區"]},
        "c": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$"},
        "n": {"type": ["number", "null"], "minimum": 0, "maximum": 500},
        "m": {"type": "number", "maximum": 9_000},
    }}  # fmt: skip
    dates = [f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 15, 29, 30, 31)]
    words = ["中西區", "灣仔區", "東區", "南區", "北區", "", "東 區"]
    codes = ["AB123", "CD456", "ab123", "AB1234", "", "XY000"]
    numbers = ["1", "2.5", "-3", "abc", "", "600", "1e3", "0.10", ".5", "12.", "9" * 30]
    rows = []
    for i in range(30_000):
        late = i >= 14_000  # from here on, texts seen once each: more than are counted
        rows.append({
            "d": f"2026-{i % 12 + 1:02d}-{i % 40:02d}.{i}" if late and i % 3 else dates[i % 60],
            "w": f"區{i}" if late and i % 5 == 0 else words[i % 7],
            "c": f"Q{i:05d}" if late and i % 2 else codes[i % 6],
            "n": f"{i % 700}.{i}" if late and i % 4 else numbers[i % 11],
            # 1,300 values in each chunk of 3,000, new ones in each: more than are counted by the
            # eighth chunk, and still encoded after it
            "m": "x" if i % 97 == 0 else f"{i // 3_000 * 1_300 + i % 1_300}.5",
        })  # fmt: skip
    text = "d,w,c,n,m\n" + "".join(",".join(r.values()) + "\n" for r in rows)
    result = run(tmp_path, text, schema, chunk_rows=3_000, cap=100_000)
    summary = {s.name: s.to_json() for s in result.summaries}
    assert summary["w"]["distinct"] == 6 + 3_200 and summary["d"]["distinct"] == "more than 10000"
    assert summary["n"]["distinct"] == summary["m"]["distinct"] == "more than 10000"

    oracle = Draft202012Validator(schema, format_checker=FormatChecker())
    expected = set()
    for row, cells in enumerate(rows, start=2):
        values = {}
        for name, cell in cells.items():
            kind, value = convert_text(cell, declared_types(schema["properties"][name]))
            if kind != MISSING:
                values[name] = value
        expected |= {(row, e.absolute_path[0], e.validator) for e in oracle.iter_errors(values)}
    assert len(expected) > 10_000
    assert {keyword for _, column, keyword in expected if column == "n"} == {
        "type", "minimum", "maximum"
    }  # fmt: skip
    assert found(result) == expected
