"""Headers as bureaus print them, found with no option: titles and notes padded with commas to
the table's width, headers of names over units, group names over the names under them, in CSV,
.xlsx and .xls alike; an ordinary file is read as before (test_publisher_shapes.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.datasets.tables import open_table

NAME = st.text(st.characters(categories=["L"]), min_size=1, max_size=8)
UNIT = st.sampled_from(["(HK$)", "（万人）", "(%)", "[km]", "（平方公里）"])
NUMBER = st.integers(-99_999, 99_999).map(str)
TITLE = st.text(st.characters(categories=["L", "Zs"], include_characters="():,."), max_size=40)
REAL = Path(__file__).resolve().parents[2] / "data" / "real"


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _cells(table) -> list[tuple[int, list[str]]]:  # type: ignore[no-untyped-def]
    return [
        (int(n), row)
        for chunk in table.chunks()
        for n, row in zip(chunk.row_numbers(), chunk.row_lists(), strict=True)
    ]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(NAME, min_size=3, max_size=6, unique=True),
    titles=st.lists(TITLE.filter(lambda t: t.strip()), max_size=5),
    blank_after=st.booleans(),
    data=st.data(),
)
@example(names=["Sex", "Age", "Population"], titles=["Table 110-01001 : Population"],
         blank_after=True, data=None)  # fmt: skip
def test_titles_padded_to_the_tables_width_are_not_the_header(
    tmp_path: Path, names: list[str], titles: list[str], blank_after: bool, data
) -> None:  # type: ignore[no-untyped-def]
    """C&SD's and EPD's re-saved tables: every title line has as many commas as the table."""
    width = len(names)
    row = st.lists(NUMBER, min_size=width, max_size=width)
    body = [["1", "2", "3"]] if data is None else data.draw(st.lists(row, min_size=1, max_size=5))
    rows = [[title.strip()] + [""] * (width - 1) for title in titles]
    rows += [[""] * width] if blank_after else []
    path = tmp_path / "t.csv"
    path.write_text(_csv([*rows, names, *body]), "utf-8")
    table = open_table(path)
    assert table.columns == tuple(names)
    header_line = len(rows) + 1
    assert table.header.line == header_line
    assert _cells(table) == [(header_line + 1 + i, row) for i, row in enumerate(body)]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(NAME, min_size=2, max_size=5, unique=True),
    data=st.data(),
    title=st.booleans(),
)
def test_names_over_units_are_one_header_of_two_rows(
    tmp_path: Path, names: list[str], data, title: bool
) -> None:  # type: ignore[no-untyped-def]
    """A statistics table's header: the district column, then names over their units."""
    units = data.draw(st.lists(UNIT, min_size=len(names), max_size=len(names)))
    row = st.lists(NUMBER, min_size=len(names), max_size=len(names))
    body = data.draw(st.lists(row, min_size=1, max_size=4))
    rows = [["表2.2 " + names[0]] + [""] * len(names)] if title else []
    rows += [["地  区", *names], ["", *units]]
    rows += [[f"  区{i}", *row] for i, row in enumerate(body)]
    path = tmp_path / "t.csv"
    path.write_text(_csv(rows), "utf-8")
    table = open_table(path)
    assert table.columns == ("地  区", *(f"{n} {u}" for n, u in zip(names, units, strict=True)))
    first = 3 + title
    assert _cells(table) == [(first + i, [f"  区{i}", *row]) for i, row in enumerate(body)]


def test_a_group_name_spans_the_names_under_it(tmp_path: Path) -> None:
    """C&SD's shape: a group over each pair of columns, the stub column named on the lower row."""
    path = tmp_path / "t.csv"
    path.write_text(
        "Table 1 : Population by sex,,,,\n"
        ",Male,,Female,\n"
        "Year,Number,%,Number,%\n"
        "2019,3500,47.1,3900,52.9\n"
        "2020,3480,46.9,3920,53.1\n",
        "utf-8",
    )
    table = open_table(path)
    assert table.columns == ("Year", "Male Number", "Male %", "Female Number", "Female %")
    assert _cells(table)[0] == (4, ["2019", "3500", "47.1", "3900", "52.9"])
    assert "header on rows 2-3" in table.description


def test_a_text_table_whose_second_row_is_text_keeps_a_one_row_header(tmp_path: Path) -> None:
    """Rows of text below a full header are data, however they look."""
    path = tmp_path / "t.csv"
    path.write_text("code,name,district\nA1,Shop,(Central)\nA2,Cafe,(Wan Chai)\n", "utf-8")
    table = open_table(path)
    assert table.columns == ("code", "name", "district")
    assert len(_cells(table)) == 2


def test_declared_header_rows_win(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("title,,\na,b,c\nx,y,z\n1,2,3\n", "utf-8")
    assert open_table(path).columns == ("a", "b", "c")
    assert open_table(path, header_row=2, header_rows=2).columns == ("a x", "b y", "c z")


def test_an_xlsx_title_and_merged_two_row_header_are_found(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["表21.3 各区卫生机构基本情况（2017）"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["地  区", "机构数", "床位数", "卫生技术人员", "其  中", None])
    sheet.merge_cells("E3:F3")
    sheet.merge_cells("A3:A4")
    sheet.append([None, "（个）", "（张）", "（人）", "# 执业（助理）医师", "注册护士"])
    sheet.append(["总  计", 5144, 134607, 187987, 68271, 84037])
    sheet.append(["  浦东新区", 945, 19389, 26753, 10248, 11273])
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = open_table(path)
    assert table.columns == ("地  区", "机构数 （个）", "床位数 （张）", "卫生技术人员 （人）",
                             "其  中 # 执业（助理）医师", "其  中 注册护士")  # fmt: skip
    assert _cells(table) == [
        (5, ["总  计", "5144", "134607", "187987", "68271", "84037"]),
        (6, ["  浦东新区", "945", "19389", "26753", "10248", "11273"]),
    ]


def test_the_epd_monthly_record_is_read_from_its_header_below_seven_lines() -> None:
    table = open_table(REAL / "epd-aqhi-past-record-201401_Eng.csv")
    assert table.header.line == 8 and table.columns[:3] == ("Date", "Hour", "Central/Western")
    first = _cells(table)[0]
    assert first == (9, ["2014-01-01", "01", "6", "7", "9", "8", "6", "6", "6", "8", "6", "6",
                         "6", "4", "10", "7", "9"])  # fmt: skip


def test_a_header_of_too_many_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    book = Workbook()
    book.active.append(["a", "b"])
    book.save(path)
    with pytest.raises(InputError, match="a header has 1 to 4 rows, not 5"):
        open_table(path, header_rows=5)


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [("dup.csv", "a,b,a\n1,2,3\n", "the header, read from row 1, names column 'a' twice"),
     ("gap.csv", "Title,,\nwith a note,,\na,,c\n1,2,3\n", "header column 2 has no name (the header "
      "was read from row 3)")],
)  # fmt: skip
def test_a_header_that_cannot_be_read_says_where_it_was_read_and_which_option_helps(
    tmp_path: Path, name: str, content: str, said: str
) -> None:
    from hksh_packager.core.common.errors import Remedy

    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(InputError) as caught:
        open_table(path)
    text = str(caught.value)
    assert said in text and "give its row and how many rows it has" in text
    assert caught.value.remedy is Remedy.SET_HEADER
