"""What statistics tables hold, as schema rules: indented names checked without their spaces
(x-trim), a value written once for the rows under it (x-fillDown), a total row left out
(x-skipRows); on generated tables and the real yearbook and EPD files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hksh_packager.core.common.errors import SchemaProblem
from hksh_packager.core.datasets.tables import open_table
from hksh_packager.core.validation.engine import validate_table
from hksh_packager.core.validation.schema import parse_schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PUBLISHED = Path(__file__).resolve().parents[2] / "data" / "real"
REAL = Path(__file__).resolve().parents[2] / "data" / "real"
DISTRICTS_2017 = [
    "浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
    "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
]  # fmt: skip


def _schema(**rules: Any) -> Any:
    return parse_schema({"$schema": DRAFT, "type": "object", **rules}, "test")


def _errors(path: Path, schema: Any, chunk_rows: int = 200_000) -> list[tuple[int, str, str]]:
    result = validate_table(open_table(path), schema, chunk_rows=chunk_rows)
    return [(e.row, e.column, e.keyword) for e in result.errors]


def test_indented_districts_are_checked_without_their_spaces_and_the_total_row_is_left_out():
    schema = {
        "required": ["地  区"],
        "properties": {"地  区": {"enum": DISTRICTS_2017}},
        "x-skipRows": [{"column": "地  区", "pattern": "^全\\s*市$"}],
    }
    table = PUBLISHED / "sh_tjnj2018_C0202_2017.xls"
    # Without x-trim every district fails ("  浦东新区" is not 浦东新区), and so does the total.
    assert len(_errors(table, _schema(**schema))) == 16
    assert _errors(table, _schema(**schema, **{"x-trim": True})) == []
    assert _errors(table, _schema(**schema, **{"x-trim": ["地  区"]})) == []
    result = validate_table(open_table(table), _schema(**schema, **{"x-trim": True}))
    assert result.rows == 16 and [s.count for s in result.skipped] == [1]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(st.integers(1, 4), min_size=1, max_size=6),
    chunk_rows=st.integers(1, 7),
)
def test_a_date_written_on_a_days_first_row_fills_the_rows_below(
    tmp_path: Path, days: list[int], chunk_rows: int
) -> None:
    """EPD's shape, read in chunks of any size: a value carries across chunk boundaries."""
    lines = ["Date,Hour,Reading"]
    for day, hours in enumerate(days, start=1):
        for hour in range(1, hours + 1):
            lines.append(f"{f'2014-01-{day:02d}' if hour == 1 else ''},{hour:02d},5")
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    rules = {"required": ["Date"], "properties": {"Date": {"type": "string", "format": "date"}}}
    errors = _errors(path, _schema(**rules), chunk_rows)
    assert len(errors) == sum(days) - len(days)  # every row but a day's first has no date
    assert _errors(path, _schema(**rules, **{"x-fillDown": ["Date"]}), chunk_rows) == []


def test_a_filled_value_is_the_one_above_not_a_later_one(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Date,Hour\n2014-01-01,01\n,02\n2014-01-02,01\n,02\n", "utf-8")
    # The schema wants every date to be 2014-01-01: rows 4 and 5 (the second day) fail, and only
    # they, so row 3 took its date from row 2.
    schema = _schema(**{"properties": {"Date": {"const": "2014-01-01"}}, "x-fillDown": ["Date"]})
    assert _errors(path, schema) == [(4, "Date", "const"), (5, "Date", "const")]


def test_the_epd_monthly_record_validates_with_its_dates_filled_down() -> None:
    from hksh_packager.core.catalogue.catalogue import load_catalogue

    entry = load_catalogue().entries["hk.epd.aqhi-past-record"]
    result = validate_table(open_table(REAL / "epd-aqhi-past-record-201401_Eng.csv"), entry.schema)
    assert result.valid and result.rows == 31 * 24


@pytest.mark.parametrize(
    ("rules", "message"),
    [({"x-trim": "yes"}, "x-trim must be true, or a list of column names"),
     ({"x-trim": []}, "x-trim must be true, or a list of column names"),
     ({"x-fillDown": "Date"}, "x-fillDown must be a list of column names"),
     ({"x-fillDown": [""]}, "x-fillDown must be a list of column names")],
)  # fmt: skip
def test_malformed_rules_are_refused_when_the_schema_loads(rules: dict, message: str) -> None:
    with pytest.raises(SchemaProblem, match=message):
        _schema(**rules)
