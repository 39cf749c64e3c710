"""Validation reports: JSON for machines, a self-contained HTML page for people, CSV of errors."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hksh_packager import __version__
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import HkshError
from hksh_packager.core.common.messages import ENGLISH, Message, define, define_plural, render
from hksh_packager.core.common.textsafety import spreadsheet_cell
from hksh_packager.core.validation.results import ValidationResult


def report_json(
    results: list[ValidationResult],
    unread: Sequence[tuple[str, str, HkshError]] = (),
    language: str = ENGLISH,
) -> str:
    """The results as one JSON document, English keys and codes with each message's text in
    `language`; a file that could not be read is listed with an `error` (its message in English,
    its text, and the remedy a face can offer) instead of a result."""
    files: list[dict[str, Any]] = [r.to_json(language) for r in results]
    files += [
        {
            "file": name,
            "valid": False,
            "error": {
                "message": str(exc),
                "text": message,
                "remedy": exc.remedy.value if exc.remedy else None,
            },
        }
        for name, message, exc in unread
    ]
    return json.dumps(
        {"valid": bool(results) and not unread and all(r.valid for r in results), "files": files},
        ensure_ascii=False,
        indent=2,
    )


def errors_csv_text(results: list[ValidationResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "row", "column", "value", "keyword", "message"])
    for result in results:
        for problem in result.table_problems:
            writer.writerow(_cells([result.file, "", "", "", problem.rule, problem.message]))
        for error in result.errors:
            writer.writerow(
                _cells(
                    [
                        result.file,
                        error.row,
                        error.column,
                        error.value,
                        error.keyword,
                        error.message,
                    ]
                )
            )
    return buffer.getvalue()


def _cells(row: list[object]) -> list[object]:
    """Text cells come from the data: a spreadsheet must show them, never run them."""
    return [spreadsheet_cell(cell) if isinstance(cell, str) else cell for cell in row]


def write_errors_csv(results: list[ValidationResult], path: Path) -> None:
    # A BOM so that Excel opens the Chinese text as UTF-8.
    write_text_atomic(path, "\ufeff" + errors_csv_text(results))


VALID = define("summary.valid", "VALID")
INVALID = define("summary.invalid", "INVALID")
LINE = define("summary.line", "{file} ({read_as}): {verdict}: {counts}")
ROWS = define_plural("summary.rows", "{count:,} row", "{count:,} rows")
WITH_ERRORS = define_plural(
    "summary.rows-with-errors", "{count:,} with errors", "{count:,} with errors"
)
ERRORS = define_plural(
    "summary.errors", "{count:,} cell or row error", "{count:,} cell or row errors"
)
TABLE_PROBLEMS = define_plural(
    "summary.table-problems", "{count:,} table problem", "{count:,} table problems"
)
TABLE_PROBLEM = define("summary.table-problem", "table problem [{rule}]: {message}")
WARNING = define("summary.warning", "warning [{rule}]: {message}")
SKIPPED = define_plural(
    "summary.skipped", "skipped {count:,} row ({reason}): row {rows}",
    "skipped {count:,} rows ({reason}): rows {rows}",
)  # fmt: skip
COLUMN_ERRORS = define_plural(
    "summary.column-errors", "column '{column}' [{keyword}]: {count:,} error",
    "column '{column}' [{keyword}]: {count:,} errors",
)  # fmt: skip
ROW_ERRORS = define_plural(
    "summary.row-errors", "row [{keyword}]: {count:,} error", "row [{keyword}]: {count:,} errors"
)
EXAMPLE = define("summary.example", "row {row}: {message}")


def text_summary(result: ValidationResult, examples: int = 3, language: str = ENGLISH) -> str:
    """The result for a terminal, in `language`: a line with the verdict and counts, then each
    table problem, the rows skipped, and each column's errors with a few examples."""

    def say(message: Message | str) -> str:
        return render(message, language)

    failing = [p for p in result.table_problems if not p.warning]
    counts = [ROWS(count=result.rows)]
    if result.error_count or not failing:
        counts.append(WITH_ERRORS(count=result.invalid_rows))
        counts.append(ERRORS(count=result.error_count))
    if failing:
        counts.append(TABLE_PROBLEMS(count=len(failing)))
    verdict = VALID() if result.valid else INVALID()
    line = LINE(file=result.file, read_as=result.description, verdict=verdict, counts=counts)
    lines = [say(line)]
    for problem in result.table_problems:
        said = WARNING if problem.warning else TABLE_PROBLEM
        lines.append("  " + say(said(rule=problem.rule, message=problem.message)))
    for skipped in result.skipped:
        listed: list[object] = list(skipped.rows)
        if skipped.count > len(skipped.rows):
            listed.append("...")
        lines.append("  " + say(SKIPPED(count=skipped.count, reason=skipped.reason, rows=listed)))
    shown: dict[tuple[str, str], int] = defaultdict(int)
    for (column, keyword), count in sorted(result.counts.items()):
        where = (
            COLUMN_ERRORS(column=column, keyword=keyword, count=count)
            if column
            else ROW_ERRORS(keyword=keyword, count=count)
        )
        lines.append("  " + say(where))
        for error in result.errors:
            if (error.column, error.keyword) != (column, keyword):
                continue
            if shown[(column, keyword)] < examples:
                shown[(column, keyword)] += 1
                lines.append("    " + say(EXAMPLE(row=error.row, message=error.message)))
    return "\n".join(lines)


_STYLE = """
body{font-family:system-ui,"Noto Sans CJK TC","Microsoft JhengHei","PingFang TC",sans-serif;
margin:2rem;color:#1d2433}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
td,th{border:1px solid #d5d9e0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f3f6}.valid{color:#137333}.invalid{color:#b3261e}
.warning{color:#8a5a00}code{background:#f1f3f6;padding:0 .2rem}.num{text-align:right}
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _file_section(result: ValidationResult) -> str:
    state = "valid" if result.valid else "invalid"
    parts = [
        f'<h2>{_esc(result.file)} <span class="{state}">{state.upper()}</span></h2>',
        f"<p>Read as {_esc(result.description)}; schema {_esc(result.schema or '(inline)')}. "
        f"{result.rows:,} rows, {result.invalid_rows:,} with errors, "
        f"{result.error_count:,} errors.</p>",
    ]
    if result.table_problems:
        items = "".join(
            f'<li class="{"warning" if p.warning else "invalid"}"><code>{_esc(p.rule)}</code> '
            f"{_esc(p.message)}</li>"
            for p in result.table_problems
        )
        parts.append(f"<ul>{items}</ul>")
    summary_rows = "".join(
        f"<tr><td>{_esc(s.name)}</td><td>{'yes' if s.in_schema else 'no'}</td>"
        f'<td class="num">{s.missing:,}</td><td class="num">{s.invalid:,}</td>'
        f'<td class="num">{_esc(s.to_json()["distinct"])}</td>'
        f"<td>{_esc('' if s.minimum is None else s.minimum)}</td>"
        f"<td>{_esc('' if s.maximum is None else s.maximum)}</td></tr>"
        for s in result.summaries
    )
    parts.append(
        "<table><tr><th>column</th><th>in schema</th><th>missing</th><th>invalid</th>"
        f"<th>distinct</th><th>min</th><th>max</th></tr>{summary_rows}</table>"
    )
    if result.counts:
        count_rows = "".join(
            f"<tr><td>{_esc(column or '(row)')}</td><td><code>{_esc(keyword)}</code></td>"
            f'<td class="num">{count:,}</td></tr>'
            for (column, keyword), count in sorted(result.counts.items())
        )
        parts.append(
            f"<table><tr><th>column</th><th>rule</th><th>errors</th></tr>{count_rows}</table>"
        )
        error_rows = "".join(
            f'<tr><td class="num">{e.row}</td><td>{_esc(e.column)}</td><td>{_esc(e.value)}</td>'
            f"<td><code>{_esc(e.keyword)}</code></td><td>{_esc(e.message)}</td></tr>"
            for e in result.errors
        )
        parts.append(
            "<p>The first errors of each column and rule:</p><table><tr><th>row</th>"
            f"<th>column</th><th>value</th><th>rule</th><th>message</th></tr>{error_rows}</table>"
        )
    return "\n".join(parts)


def report_html(results: list[ValidationResult]) -> str:
    verdict = "valid" if all(r.valid for r in results) else "invalid"
    body = "\n".join(_file_section(r) for r in results)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Validation report: {verdict}</title><style>{_STYLE}</style></head><body>"
        f'<h1>Dataset validation report: <span class="{verdict}">{verdict.upper()}</span></h1>'
        f"<p>HKSH Packager {__version__}</p>\n{body}\n</body></html>\n"
    )
