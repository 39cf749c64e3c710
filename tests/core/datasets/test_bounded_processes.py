"""A dataset from a bundle, previewed or validated again in the organisers' window, is read in a
worker process within a budget: a small file built to expand in memory ends as BudgetExceeded,
and the window's own memory is not touched."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.errors import BudgetExceeded
from hksh_packager.core.datasets import preview
from hksh_packager.core.verify.bundle_review import revalidate_reviewed
from hksh_packager.core.verify.safezip import Limits

COLUMNS = 10
ROWS = 3_000
LONG = 32_000  # characters: Excel's own limit for one cell is 32,767
SHEET_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def amplifying_workbook(path: Path) -> Path:
    """An .xlsx of about 100 KB whose every cell is the same 32,000-character shared string:
    read as a table, 3,000 rows of 10 such cells are about 1 GB of text."""
    letters = [chr(ord("A") + i) for i in range(COLUMNS)]
    header = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>c{i}</t></is></c>' for i, c in enumerate(letters)
    )
    rows = [f'<row r="1">{header}</row>']
    for number in range(2, ROWS + 2):
        cells = "".join(f'<c r="{c}{number}" t="s"><v>0</v></c>' for c in letters)
        rows.append(f'<row r="{number}">{cells}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPES}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{SHEET_TYPES}.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{SHEET_TYPES}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="r1" '
            f'Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{relations}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="r1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}">'
            f'<Relationship Id="r1" Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="r2" Type="{relations}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}" count="1" uniqueCount="1"><si><t>{"x" * LONG}</t></si></sst>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


@pytest.mark.slow
def test_a_preview_that_would_expand_past_its_budget_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = amplifying_workbook(tmp_path / "small.xlsx")
    assert book.stat().st_size < 200_000
    monkeypatch.setattr(preview, "PREVIEW_PROCESS_BUDGET", Budget(120.0, 400 << 20))
    with pytest.raises(BudgetExceeded, match="reading small.xlsx needed more than"):
        preview.load_preview_isolated(book)


@pytest.mark.slow
def test_validating_a_bundles_dataset_again_stops_at_the_verifiers_budget(tmp_path: Path) -> None:
    amplifying_workbook(tmp_path / "small.xlsx")
    (tmp_path / "schema.json").write_text('{"type": "object"}')
    entry = {"file": "small.xlsx", "schema": "schema.json", "usage": "u"}
    limits = Limits(max_memory_bytes=400 << 20, max_revalidate_seconds=120.0)
    with pytest.raises(BudgetExceeded, match="validating small.xlsx needed more than"):
        revalidate_reviewed(tmp_path, entry, limits=limits)


@pytest.mark.slow
def test_the_command_lines_validate_stops_a_file_at_its_memory_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hksh_packager.cli import main
    from hksh_packager.core.workflows import validate

    book = amplifying_workbook(tmp_path / "small.xlsx")
    (tmp_path / "s.json").write_text('{"type": "object"}')
    monkeypatch.setattr(validate, "VALIDATE_MEMORY", 400 << 20)
    code = main(["validate", str(book), "--schema", str(tmp_path / "s.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert "small.xlsx: validating it needed more than 419.4 MB of memory" in err
