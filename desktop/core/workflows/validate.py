"""Checking data files against a dataset schema or catalogue entry, and writing the reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.progress import (
    CancelToken,
    ProgressCallback,
    as_step,
    no_progress,
)

if TYPE_CHECKING:
    from hksh_packager.core.validation.results import ValidationResult


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file where detection is not enough: its encoding, the Excel sheet, the JSON
    pointer to its records."""

    encoding: str | None = None
    sheet: str | None = None
    pointer: str | None = None


DETECT = ReadOptions()  # everything detected from the file


def validate_files(
    paths: Sequence[Path],
    schema: str,
    *,
    options: ReadOptions = DETECT,
    cap: int = 100,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_result: Callable[[ValidationResult], None] | None = None,
) -> list[ValidationResult]:
    """Validate each file against `schema` (a schema file or a catalogue id); progress counts rows,
    file i of n; `on_result` sees each result as it is made."""
    # The data stack (pandas, pyarrow) loads only for calls that read datasets.
    from hksh_packager.core.catalogue.lookup import find_schema
    from hksh_packager.core.datasets.tables import open_table
    from hksh_packager.core.validation.engine import validate_table

    cancel = cancel or CancelToken()
    found = find_schema(schema)
    results = []
    for step, path in enumerate(paths, start=1):
        table = open_table(
            path, encoding=options.encoding, sheet=options.sheet, pointer=options.pointer
        )
        cancel.raise_if_cancelled()
        result = validate_table(
            table, found, cap=cap, progress=as_step(progress, step, len(paths)), cancel=cancel
        )
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def write_reports(
    results: Sequence[ValidationResult], *, html: Path | None = None, csv: Path | None = None
) -> None:
    """Write the HTML report and the CSV of errors where asked (atomically)."""
    from hksh_packager.core.validation.reports import report_html, write_errors_csv

    if html is not None:
        write_text_atomic(html, report_html(list(results)))
    if csv is not None:
        write_errors_csv(list(results), csv)
