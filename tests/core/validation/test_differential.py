"""The engine finds exactly the (row, column, keyword) set that jsonschema finds row by row."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from hksh_packager.core.datasets.tables import open_table
from hksh_packager.core.validation.convert import MISSING, convert_text, declared_types
from hksh_packager.core.validation.engine import validate_table
from hksh_packager.core.validation.schema import parse_schema

COLUMNS = ["甲", "b", "c", "區"]
TYPES = st.sampled_from(
    [
        "string",
        "integer",
        "number",
        "boolean",
        ["number", "null"],
        ["integer", "string"],
        ["string", "null"],
        ["boolean", "integer", "null"],
    ]
)
SCALARS = st.one_of(
    st.integers(-50, 50), st.sampled_from([1.5, 0.5, -2.25, 1e3]), st.booleans(), st.none(),
    st.sampled_from(["a", "中西區", "AB123", "", "true", "1"]),
)  # fmt: skip
NUMBERS = st.one_of(st.integers(-20, 20), st.sampled_from([0.5, -1.5, 2.25, 10.0]))


@st.composite
def column_schemas(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    if draw(st.booleans()):
        schema["type"] = draw(TYPES)
    options = {
        "enum": st.lists(SCALARS, min_size=1, max_size=4),
        "const": SCALARS,
        "pattern": st.sampled_from(
            ["^[A-Z]{2}[0-9]{3}$", "a", "^[0-9]+$", "區$", "^.{2,}$", "^$", "[^a-z1]", "1|區"]
        ),
        "minimum": NUMBERS,
        "maximum": NUMBERS,
        "exclusiveMinimum": NUMBERS,
        "exclusiveMaximum": NUMBERS,
        "multipleOf": st.sampled_from([2, 3, 0.5, 0.1, 1.5, 7]),
        "minLength": st.integers(0, 4),
        "maxLength": st.integers(0, 4),
        "format": st.sampled_from(["date", "email", "date-time", "time", "uri"]),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(options)), max_size=3, unique=True))
    for keyword in chosen:
        schema[keyword] = draw(options[keyword])
    return schema


CELLS = st.one_of(
    st.sampled_from([
        "", "0", "7", "-3", "+7", "007", "1.5", "-0.5", ".5", "1e3", "2.50", "1e400", "23",
        "123456789012345678901", "9007199254740993", "true", "FALSE", "True", "null",
        "2026-11-24", "2026-13-01", "2026-11-24T08:00:00+08:00", "08:00:00Z", "a@b.hk",
        "https://data.gov.hk/", "AB123", "ab123", "中西區", "灣仔區", "a", " 1", "1 ",
        "nan", "inf", "-Infinity", ".", "0x10", "1_000", "1,5", "١٢", "１２", "+-5", "5.", "-.5e-3",
        "١.٢", "1.2.3", "..5", "12.", "+.5", "0.0", "😀😀", "a😀",
    ]),
    st.text(alphabet="a1.-區😀 ", max_size=5),
)  # fmt: skip


def reference(schema: dict[str, Any], rows: list[dict[str, str]]) -> set[tuple[int, str, str]]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    found = set()
    for number, cells in enumerate(rows, start=2):
        if all(text == "" for text in cells.values()):
            continue  # a row with every cell empty is not data (row_rules): never checked
        row = {}
        for name, text in cells.items():
            types = declared_types(schema["properties"].get(name, {}))
            kind, value = convert_text(text, types)
            if kind != MISSING:
                row[name] = value
        for error in validator.iter_errors(row):
            if error.path:
                found.add((number, str(error.path[0]), error.validator))
            elif error.validator == "required":
                name = next(n for n in COLUMNS if error.message == f"{n!r} is a required property")
                found.add((number, name, "required"))
            else:
                found.add((number, "", error.validator))
    return found


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    properties=st.dictionaries(st.sampled_from(COLUMNS), column_schemas(), max_size=4),
    required=st.lists(st.sampled_from(COLUMNS), unique=True, max_size=4),
    rows=st.lists(st.fixed_dictionaries({name: CELLS for name in COLUMNS}), min_size=1,
                  max_size=25),
)  # fmt: skip
# An empty row between data rows (and across a chunk boundary of 7 rows): skipped, not checked.
@example(
    properties={}, required=["甲"],
    rows=[{"甲": "", "b": "", "c": "", "區": ""}] * 8 + [{"甲": "", "b": "x", "c": "", "區": ""}],
)  # fmt: skip
# Lengths count characters: two of four bytes each are two, however many bytes they take.
@example(
    properties={"甲": {"maxLength": 2}, "b": {"minLength": 2}}, required=[],
    rows=[
        {"甲": "😀😀", "b": "😀", "c": "", "區": ""},
        {"甲": "😀😀😀", "b": "區區", "c": "", "區": ""},
    ],
)  # fmt: skip
def test_engine_errors_equal_jsonschema_row_by_row(
    tmp_path: Path, properties: dict[str, Any], required: list[str], rows: list[dict[str, str]]
) -> None:
    schema = {"type": "object", "properties": properties, "required": required}
    path = tmp_path / "data.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[name] for name in COLUMNS])
    result = validate_table(open_table(path), parse_schema(schema, "t"), cap=10_000, chunk_rows=7)
    ours = {(e.row, e.column, e.keyword) for e in result.errors}
    assert ours == reference(schema, rows)
    assert result.error_count == len(ours)
    assert result.invalid_rows == len({row for row, _, _ in ours})  # a row counts once


def test_a_known_case_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("甲,b,c,區\n5,x,,中西區\n-1,2,1.5,灣仔區\n", "utf-8")
    schema = {
        "type": "object",
        "required": ["c"],
        "properties": {"甲": {"type": "integer", "minimum": 0}, "區": {"pattern": "^中"}},
    }
    result = validate_table(open_table(path), parse_schema(schema, "t"))
    assert {(e.row, e.column, e.keyword) for e in result.errors} == {
        (2, "c", "required"), (3, "甲", "minimum"), (3, "區", "pattern"),
    }  # fmt: skip
    messages = {e.keyword: str(e.message) for e in result.errors}
    assert messages["minimum"] == "-1 is less than the minimum of 0"
    assert messages["required"] == "The required 'c' is empty"
