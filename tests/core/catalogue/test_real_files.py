"""The catalogue against files publishers really released (tests/data/real/, SOURCES.md): each
is matched to its entry first and validates with no options given; a copy with one cell broken
gives exactly that one error."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from hksh_packager.core.catalogue.catalogue import load_catalogue
from hksh_packager.core.workflows.catalogue import match_file
from hksh_packager.core.workflows.validate import ReadOptions, validate_files

REAL = Path(__file__).parents[2] / "data" / "real"
CASES = json.loads((REAL / "real.json").read_text("utf-8"))


def test_every_real_file_is_listed_with_its_source() -> None:
    listed = {case["file"] for case in CASES}
    assert listed == {p.name for p in REAL.iterdir()} - {"SOURCES.md", "SEARCHES.md", "real.json"}
    sources = (REAL / "SOURCES.md").read_text("utf-8")
    assert all(f"| {name} |" in sources for name in listed)


def test_every_verified_entry_names_a_real_file_that_exists() -> None:
    verified = [e for e in load_catalogue().entries.values() if e.verified]
    assert {e.id for e in verified} == {case["entry"] for case in CASES}
    for entry in verified:
        assert (REAL.parents[2] / entry.verification["file"]).is_file(), entry.id


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_real_file_matches_its_entry_first_and_validates(case: dict[str, Any]) -> None:
    path = REAL / case["file"]
    matches = match_file(path)
    # The first match is this file's entry; a file holding several tables (HKO's current weather
    # report) has one per table, each matched in full, and any of them may come first.
    on_this_file = {c["entry"] for c in CASES if c["file"] == case["file"]}
    best = matches[0]
    assert best.entry.id in on_this_file and best.score == 1 and not best.folded
    assert any(m.entry.id == case["entry"] and m.score == 1 and not m.folded for m in matches)
    [result] = validate_files([path], case["entry"])
    assert result.valid, (result.errors[:3], result.table_problems)
    assert result.rows > 0 and result.invalid_rows == 0


def _text_and_codec(path: Path) -> tuple[str, str]:
    """The file's text and the codec to write the copy back in (UTF-16 by its BOM)."""
    raw = path.read_bytes()
    codec = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return raw.decode(codec), codec


def _xls_rows(path: Path) -> list[list[str]]:
    import xlrd

    sheet = xlrd.open_workbook(str(path)).sheet_by_index(0)

    def text(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return [[text(cell.value) for cell in sheet.row(i)] for i in range(sheet.nrows)]


def _broken_copy(path: Path, target: Path, broken: dict[str, Any], pointer: str | None) -> None:
    """The file with one cell changed; CSV rows are file rows (the header's line, 1 unless the
    case says `header_line`, counts), JSON rows records (an object at the entry's pointer, or at
    the case's own `pointer`, or at the top level, is the one record)."""
    row, column, value = broken["row"], broken["column"], broken["value"]
    if path.suffix == ".xls":
        # Excel 97 cannot be written here: the sheet's cells, read with xlrd, become a CSV of
        # the same rows (title, blank and header rows included), one cell changed.
        lines = _xls_rows(path)
        lines[row - 1][broken["column_index"]] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(lines)
        target.with_suffix(".csv").write_text(buffer.getvalue(), "utf-8")
        return
    text, codec = _text_and_codec(path)
    if path.suffix == ".csv":
        lines = list(csv.reader(io.StringIO(text)))
        header = lines[broken.get("header_line", 1) - 1]
        lines[row - 1][header.index(column)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(lines)
        target.write_text(buffer.getvalue(), codec)
        return
    document = json.loads(text)
    node = document
    # Plain keys, or an array's index (1823's /vcalendar/0/vevent).
    for key in (broken.get("pointer") or pointer or "").strip("/").split("/"):
        if key:
            node = node[int(key)] if isinstance(node, list) else node[key]
    record = node[row - 1] if isinstance(node, list) else node
    record[column] = value
    target.write_text(json.dumps(document, ensure_ascii=False), "utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_a_broken_copy_gives_exactly_the_expected_error(case: dict[str, Any], tmp_path: Path):
    broken = case["break"]
    target = tmp_path / case["file"]
    pointer = load_catalogue().entries[case["entry"]].pointer
    _broken_copy(REAL / case["file"], target, broken, pointer)
    if target.suffix == ".xls":
        target = target.with_suffix(".csv")
    [result] = validate_files([target], case["entry"])
    found = [[e.row, e.column, e.keyword] for e in result.errors]
    assert found == [[broken["row"], broken["column"], broken["keyword"]]]
    assert result.invalid_rows == 1 and not result.table_problems


PUBLISHED = REAL.parent / "publications"
EVERY_TABLE = sorted(
    [p for p in REAL.iterdir() if p.suffix in (".csv", ".json", ".xls")]
    + [p for p in PUBLISHED.iterdir() if p.suffix == ".xls"]
)


@pytest.mark.parametrize("path", EVERY_TABLE, ids=[p.name for p in EVERY_TABLE])
def test_every_real_table_drafts_a_schema_with_no_options_that_it_then_passes(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`catalogue infer` with no option, then `validate` against the draft: what a team does with
    a publication the catalogue lacks. The yearbook's tables that no entry describes (their layout
    changes between editions) are among them. A file that holds several tables (HKO's reports)
    is the one case that needs an option: the error names each table's pointer, and each drafts
    and passes."""
    from hksh_packager.cli import main

    draft = tmp_path / "draft.json"
    pointers: list[str | None] = [None]
    if main(["catalogue", "infer", str(path), "-o", str(draft)]) != 0:
        said = capsys.readouterr().err
        assert path.suffix == ".json" and "arrays of records are at: " in said, said
        pointers = said.split("arrays of records are at: ")[1].split(";")[0].split(", ")
        assert len(pointers) > 1
    for pointer in pointers:
        named = ["--pointer", pointer] if pointer else []
        assert main(["catalogue", "infer", str(path), "-o", str(draft), *named]) == 0
        schema = json.loads(draft.read_text("utf-8"))
        assert schema["properties"]
        [result] = validate_files([path], str(draft), options=ReadOptions(pointer=pointer))
        assert result.valid, (pointer, result.errors[:3], result.table_problems)
        assert result.rows > 0
