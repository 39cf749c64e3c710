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
from hksh_packager.core.common.messages import (
    ENGLISH,
    LANGUAGE_TAGS,
    Message,
    MessageFactory,
    define,
    define_plural,
    render,
)
from hksh_packager.core.common.textsafety import spreadsheet_cell
from hksh_packager.core.validation.results import DISTINCT_CAP, ValidationResult


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


CSV_HEADERS = (
    define("errors-csv.file", "file"), define("errors-csv.row", "row"),
    define("errors-csv.column", "column"), define("errors-csv.value", "value"),
    define("errors-csv.keyword", "keyword"), define("errors-csv.message", "message"),
)  # fmt: skip


def errors_csv_text(results: list[ValidationResult], language: str = ENGLISH) -> str:
    """Every kept error as a row, headed and worded in `language` (the rule's keyword stays the
    schema's)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([render(header(), language) for header in CSV_HEADERS])
    for result in results:
        for problem in result.table_problems:
            text = problem.text(language)
            writer.writerow(_cells([result.file, "", "", "", problem.rule, text]))
        for error in result.errors:
            cells = [result.file, error.row, error.column, error.value, error.keyword,
                     error.text(language)]  # fmt: skip
            writer.writerow(_cells(cells))
    return buffer.getvalue()


def _cells(row: list[object]) -> list[object]:
    """Text cells come from the data: a spreadsheet must show them, never run them."""
    return [spreadsheet_cell(cell) if isinstance(cell, str) else cell for cell in row]


def write_errors_csv(results: list[ValidationResult], path: Path, language: str = ENGLISH) -> None:
    # A BOM so that Excel opens the Chinese text as UTF-8.
    write_text_atomic(path, "\ufeff" + errors_csv_text(results, language))


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


HTML_VALID = define("report-html.valid", "VALID")
HTML_INVALID = define("report-html.invalid", "INVALID")
READ_AS = define_plural(
    "report-html.read-as", "Read as {read_as}; schema {schema}. {rows:,} row, {bad:,} with "
    "errors, {errors:,} errors.", "Read as {read_as}; schema {schema}. {rows:,} rows, {bad:,} "
    "with errors, {errors:,} errors.", count="rows",
)  # fmt: skip
INLINE = define("report-html.inline", "(inline)")
COLUMN = define("report-html.column", "column")
RULE = define("report-html.rule", "rule")
SUMMARY_HEADERS = (
    COLUMN, define("report-html.in-schema", "in schema"),
    define("report-html.missing", "missing"), define("report-html.invalid-cells", "invalid"),
    define("report-html.distinct", "distinct"), define("report-html.min", "min"),
    define("report-html.max", "max"),
)  # fmt: skip
YES = define("report-html.yes", "yes")
NO = define("report-html.no", "no")
MORE_THAN = define("report-html.more-than", "more than {count:,}")
ROW = define("report-html.whole-row", "(row)")
COUNT_HEADERS = (COLUMN, RULE, define("report-html.errors", "errors"))
FIRST_ERRORS = define("report-html.first-errors", "The first errors of each column and rule:")
ERROR_HEADERS = (
    define("report-html.row", "row"), COLUMN, define("report-html.value", "value"), RULE,
    define("report-html.message", "message"),
)  # fmt: skip
HTML_TITLE = define("report-html.title", "Validation report: {verdict}")
HTML_HEADING = define("report-html.heading", "Dataset validation report: {verdict}")


def _heads(headers: tuple[MessageFactory, ...], language: str) -> str:
    return "".join(f"<th>{_esc(render(header(), language))}</th>" for header in headers)


def _file_section(result: ValidationResult, language: str = ENGLISH) -> str:
    def say(message: Message | str) -> str:
        return _esc(render(message, language))

    state = "valid" if result.valid else "invalid"
    verdict = HTML_VALID() if result.valid else HTML_INVALID()
    read_as = READ_AS(
        read_as=result.description, schema=result.schema or INLINE(), rows=result.rows,
        bad=result.invalid_rows, errors=result.error_count,
    )  # fmt: skip
    parts = [
        f'<h2>{_esc(result.file)} <span class="{state}">{say(verdict)}</span></h2>',
        f"<p>{say(read_as)}</p>",
    ]
    if result.table_problems:
        items = "".join(
            f'<li class="{"warning" if p.warning else "invalid"}"><code>{_esc(p.rule)}</code> '
            f"{_esc(p.text(language))}</li>"
            for p in result.table_problems
        )
        parts.append(f"<ul>{items}</ul>")

    def distinct(summary: Any) -> str:
        if summary.distinct_capped:
            return say(MORE_THAN(count=DISTINCT_CAP))
        return f"{len(summary.distinct):,}"

    summary_rows = "".join(
        f"<tr><td>{_esc(s.name)}</td><td>{say(YES() if s.in_schema else NO())}</td>"
        f'<td class="num">{s.missing:,}</td><td class="num">{s.invalid:,}</td>'
        f'<td class="num">{distinct(s)}</td>'
        f"<td>{_esc('' if s.minimum is None else s.minimum)}</td>"
        f"<td>{_esc('' if s.maximum is None else s.maximum)}</td></tr>"
        for s in result.summaries
    )
    parts.append(f"<table><tr>{_heads(SUMMARY_HEADERS, language)}</tr>{summary_rows}</table>")
    if result.counts:
        count_rows = "".join(
            f"<tr><td>{_esc(column) if column else say(ROW())}</td>"
            f'<td><code>{_esc(keyword)}</code></td><td class="num">{count:,}</td></tr>'
            for (column, keyword), count in sorted(result.counts.items())
        )
        parts.append(f"<table><tr>{_heads(COUNT_HEADERS, language)}</tr>{count_rows}</table>")
        error_rows = "".join(
            f'<tr><td class="num">{e.row}</td><td>{_esc(e.column)}</td><td>{_esc(e.value)}</td>'
            f"<td><code>{_esc(e.keyword)}</code></td><td>{_esc(e.text(language))}</td></tr>"
            for e in result.errors
        )
        parts.append(
            f"<p>{say(FIRST_ERRORS())}</p><table><tr>{_heads(ERROR_HEADERS, language)}</tr>"
            f"{error_rows}</table>"
        )
    return "\n".join(parts)


def report_html(results: list[ValidationResult], language: str = ENGLISH) -> str:
    """The results as one self-contained page in `language`."""
    valid = all(r.valid for r in results)
    verdict = HTML_VALID() if valid else HTML_INVALID()
    state = "valid" if valid else "invalid"
    body = "\n".join(_file_section(r, language) for r in results)
    shown = f'<span class="{state}">{_esc(render(verdict, language))}</span>'
    heading = _esc(render(HTML_HEADING(verdict="\x00"), language)).replace("\x00", shown)
    return (
        f'<!DOCTYPE html>\n<html lang="{LANGUAGE_TAGS.get(language, "en")}"><head>'
        f'<meta charset="utf-8"><title>{_esc(render(HTML_TITLE(verdict=verdict), language))}'
        f"</title><style>{_STYLE}</style></head><body><h1>{heading}</h1>"
        f"<p>HKSH Packager {__version__}</p>\n{body}\n</body></html>\n"
    )
