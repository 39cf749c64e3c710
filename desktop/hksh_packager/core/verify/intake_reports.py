"""The intake written for people and machines: CSV for spreadsheets (with a BOM, so Excel reads
the Chinese names as UTF-8), JSON for scripts, and the HTML page for judges (intake_html). The
format follows the file's extension; every write is atomic."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import ENGLISH, render
from hksh_packager.core.common.textsafety import escape_text, spreadsheet_cell
from hksh_packager.core.verify.intake import COLUMNS, Intake
from hksh_packager.core.verify.intake_html import intake_html

FORMATS = {".html": "html", ".htm": "html", ".csv": "csv", ".json": "json"}
# After the table's columns, what a spreadsheet user filters on and what a script needs.
CSV_EXTRA = ("accepted", "submission_id", "key_id", "content_id", "receipt", "findings",
             "problems_list", "path")  # fmt: skip


def report_format(path: Path) -> str:
    """The format of a report file by its extension; InputError naming the ones there are."""
    found = FORMATS.get(Path(path).suffix.lower())
    if found is None:
        raise InputError(
            f"{path}: a report is written as .html, .csv or .json; name the file with one of "
            "these extensions",
            remedy=Remedy.FIX_FILE,
        )
    return found


def intake_json(intake: Intake, language: str = ENGLISH) -> str:
    return json.dumps(intake.to_json(language), ensure_ascii=False, indent=2) + "\n"


def intake_csv(intake: Intake, language: str = ENGLISH) -> str:
    """One row per bundle, the judges' columns headed and worded in `language` (the columns after
    them keep their English names, for scripts). Cells from bundles are hostile: control
    characters are escaped and a cell that starts like a formula is kept as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([render(column.header(), language) for column in COLUMNS] + list(CSV_EXTRA))
    for entry in intake.entries:
        report = entry.report
        extra = (
            "yes" if entry.accepted else "no",
            report.submission_id or "",
            report.key_id or "",
            report.content_id or "",
            entry.receipt,
            " | ".join(entry.findings),
            " | ".join(str(problem) for problem in report.problems),
            str(report.bundle),
        )
        cells = [column.text(entry, language) for column in COLUMNS] + list(extra)
        writer.writerow([spreadsheet_cell(escape_text(cell)) for cell in cells])
    return "\ufeff" + buffer.getvalue()


def write_reports(intake: Intake, paths: Sequence[Path], language: str = ENGLISH) -> list[Path]:
    """Write each report in the format its extension names, in `language` (the HTML page
    switches to the others); return the paths written."""
    writers: dict[str, Callable[[], str]] = {
        "html": lambda: intake_html(intake, language=language),
        "csv": lambda: intake_csv(intake, language),
        "json": lambda: intake_json(intake, language),
    }
    for path in paths:
        report_format(path)  # every name checked before anything is written
    for path in paths:
        write_text_atomic(Path(path), writers[report_format(path)]())
    return [Path(p) for p in paths]
