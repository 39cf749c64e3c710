"""Checking data files against a dataset schema or catalogue entry, and writing the reports."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.errors import Remedy
from hksh_packager.core.common.isolated import run_in_process, worker_context
from hksh_packager.core.common.messages import ENGLISH
from hksh_packager.core.common.progress import (
    CancelToken,
    ProgressCallback,
    as_step,
    no_progress,
)

if TYPE_CHECKING:
    from hksh_packager.core.validation.results import ValidationResult
    from hksh_packager.core.validation.row_rules import RowRules


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file where detection and the schema are not enough: its encoding, the Excel
    sheet, the JSON pointer (or XML path) to its records, the CSV row its header is on; and, for
    one run, more missing-value markers and more patterns of rows that are not data (matched on
    the first column, or "COLUMN=PATTERN")."""

    encoding: str | None = None
    sheet: str | None = None
    pointer: str | None = None
    header_row: int | None = None
    missing: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    header_rows: int | None = None

    @classmethod
    def of_entry(cls, options: Mapping[str, Any]) -> ReadOptions:
        """The options a dataset entry of submission.json sets (encoding, sheet, pointer, the
        header's row and rows)."""

        def text(name: str) -> str | None:
            value = options.get(name)
            return value if isinstance(value, str) else None

        def number(name: str) -> int | None:
            value = options.get(name)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        skip = options.get("skip_rows")
        rows = tuple(p for p in skip if isinstance(p, str)) if isinstance(skip, list) else ()
        return cls(text("encoding"), text("sheet"), text("pointer"), number("header_row"),
                   skip=rows, header_rows=number("header_rows"))  # fmt: skip

    def table_options(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "sheet": self.sheet,
            "pointer": self.pointer,
            "header_row": self.header_row,
            "header_rows": self.header_rows,
        }

    def row_rules(self, columns: tuple[str, ...]) -> RowRules:
        from hksh_packager.core.validation.row_rules import rules_of_patterns

        return rules_of_patterns(self.skip, columns, self.missing)


DETECT = ReadOptions()  # everything detected from the file
# Each file's time and memory: a file built to stall or exhaust its reader ends; a team's file of
# millions of rows takes a minute or two and a few GiB.
VALIDATE_SECONDS = 600.0
VALIDATE_MEMORY = 8 << 30


def validate_files(
    paths: Sequence[Path],
    schema: str,
    *,
    options: ReadOptions = DETECT,
    cap: int = 100,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_result: Callable[[ValidationResult], None] | None = None,
    seconds_per_file: float | None = VALIDATE_SECONDS,
    single_threaded_caller: bool = False,
) -> list[ValidationResult]:
    """Validate each file against `schema` (a schema file or a catalogue id); progress counts rows,
    file i of n; `on_result` sees each result as it is made. With `seconds_per_file` (None: in
    this process, no budget) each file is opened and checked in a worker process within that
    time and VALIDATE_MEMORY, killed when over: BudgetExceeded (remedy ALLOW_MORE_TIME when it
    was the time). A caller running no other thread (a command line) says so: its workers are
    forked where that is quick."""
    from hksh_packager.core.catalogue.lookup import find_schema

    cancel = cancel or CancelToken()
    # A schema that cannot be used is said once, before any result. With workers, it is checked
    # here while the first one starts reading (the worker leaves out what needs jsonschema).
    check_schema: Callable[[], object] | None = partial(find_schema, schema)
    if not seconds_per_file or not paths:
        find_schema(schema)
        check_schema = None
    results = []
    for step, path in enumerate(paths, start=1):
        step_progress = as_step(progress, step, len(paths))
        if seconds_per_file:
            result = run_in_process(
                _validate_file, Path(path), schema, options, cap,
                progress=step_progress, cancel=cancel,
                context=worker_context(single_threaded_caller),
                budget=Budget(seconds_per_file, VALIDATE_MEMORY),
                what=f"{path}: validating it", time_remedy=Remedy.ALLOW_MORE_TIME,
                meanwhile=check_schema,
            )  # fmt: skip
            check_schema = None
        else:
            result = _validate_file(
                Path(path), schema, options, cap, progress=step_progress, cancel=cancel
            )
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def _validate_file(
    path: Path,
    schema: str,
    options: ReadOptions,
    cap: int,
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> ValidationResult:
    # The data stack (pyarrow, numpy) loads only for calls that read datasets.
    from hksh_packager.core.catalogue.lookup import find_schema
    from hksh_packager.core.common.prefetch import ReadAhead
    from hksh_packager.core.datasets.chunk import CHUNK_ROWS
    from hksh_packager.core.validation.reading import open_for_schema

    found = find_schema(schema, with_jsonschema=False)  # the caller checks the rest
    table = open_for_schema(path, found, **options.table_options())
    cancel.raise_if_cancelled()
    # The file is read from here on while the checks load: in a new worker that is about a
    # tenth of a second, when one core would otherwise wait.
    with ReadAhead(table.chunks(CHUNK_ROWS, cancel), depth=2) as chunks:
        from hksh_packager.core.validation.engine import validate_table

        return validate_table(
            table, found, cap=cap, rules=options.row_rules(table.columns), progress=progress,
            cancel=cancel, chunks=chunks,
        )  # fmt: skip


def write_reports(
    results: Sequence[ValidationResult],
    *,
    html: Path | None = None,
    csv: Path | None = None,
    language: str = ENGLISH,
) -> None:
    """Write the HTML report and the CSV of errors where asked (atomically), in `language`."""
    from hksh_packager.core.validation.reports import report_html, write_errors_csv

    if html is not None:
        write_text_atomic(html, report_html(list(results), language))
    if csv is not None:
        write_errors_csv(list(results), csv, language)
