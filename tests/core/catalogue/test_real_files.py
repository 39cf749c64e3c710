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
from hksh_packager.core.workflows.validate import validate_files

REAL = Path(__file__).parents[2] / "data" / "real"
CASES = json.loads((REAL / "real.json").read_text("utf-8"))


def test_every_real_file_is_listed_with_its_source() -> None:
    listed = {case["file"] for case in CASES}
    assert listed == {p.name for p in REAL.iterdir()} - {"SOURCES.md", "real.json"}
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


def _broken_copy(path: Path, target: Path, broken: dict[str, Any], pointer: str | None) -> None:
    """The file with one cell changed; CSV rows are file rows (the header's line, 1 unless the
    case says `header_line`, counts), JSON rows records (an object at the entry's pointer, or at
    the case's own `pointer`, or at the top level, is the one record)."""
    row, column, value = broken["row"], broken["column"], broken["value"]
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
    [result] = validate_files([target], case["entry"])
    found = [[e.row, e.column, e.keyword] for e in result.errors]
    assert found == [[broken["row"], broken["column"], broken["keyword"]]]
    assert result.invalid_rows == 1 and not result.table_problems
