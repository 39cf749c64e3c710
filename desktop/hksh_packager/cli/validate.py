"""`hksh-packager validate FILE... [--schema FILE_OR_CATALOGUE_ID]`: without a schema, each file
is checked against the one catalogue entry whose whole header it carries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    StderrProgress,
    describe_error,
    error,
    language,
    say,
)
from hksh_packager.core.common.messages import define

CHECKED_AGAINST = define(
    "validate.checked-against", "{file}: checked against catalogue entry {entry}, whose whole "
    "header it carries"
)  # fmt: skip

if TYPE_CHECKING:
    from hksh_packager.core.validation.results import ValidationResult
    from hksh_packager.core.workflows.validate import ReadOptions


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check data files against a dataset schema")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--schema", help="a schema file or a catalogue id (default: the catalogue "
                        "entry whose whole header the file carries, when one does)")  # fmt: skip
    parser.add_argument("--encoding", help="the text encoding, if detection gets it wrong")
    parser.add_argument("--sheet", help="the Excel sheet to read (default: the first)")
    parser.add_argument("--pointer", help="JSON pointer to the array of records (e.g. /data), or "
                        "the XML path of the record elements (e.g. /rss/channel/item)")  # fmt: skip
    parser.add_argument("--header-row", type=int, metavar="N",
                        help="the row the header is on (CSV, Excel), below titles")  # fmt: skip
    parser.add_argument("--header-rows", type=int, metavar="N",
                        help="how many rows the header has (.xls: names above units), joined into "
                        "one name per column")  # fmt: skip
    parser.add_argument("--missing", action="append", default=[], metavar="WORD",
                        help="a word marking a missing value, e.g. N/A (repeatable)")  # fmt: skip
    parser.add_argument("--skip-rows-matching", action="append", default=[],
                        metavar="[COLUMN=]PATTERN", help="rows that are not data, by a pattern "
                        "on the first column or on COLUMN (repeatable)")  # fmt: skip
    parser.add_argument("--max-errors", type=int, default=100, metavar="N",
                        help="errors kept per column and rule (all are counted)")  # fmt: skip
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=600.0,
        metavar="S",
        help="stop reading a file after S seconds (default 600; 0: no limit)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--html", type=Path, metavar="OUT", help="write an HTML report")
    parser.add_argument("--csv", type=Path, metavar="OUT", help="write the errors as CSV")
    parser.set_defaults(run=_validate)


def _validate(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.errors import HkshError
    from hksh_packager.core.validation.reports import report_json, text_summary
    from hksh_packager.core.workflows.validate import ReadOptions, validate_files, write_reports

    meter = StderrProgress()

    def show(result: ValidationResult) -> None:
        meter.finish()
        if not args.json:
            print(text_summary(result, language=language()), flush=True)

    options = ReadOptions(
        args.encoding, args.sheet, args.pointer, args.header_row, tuple(args.missing),
        tuple(args.skip_rows_matching), args.header_rows,
    )  # fmt: skip
    results: list[ValidationResult] = []
    failures: list[tuple[str, HkshError]] = []
    try:
        for path in args.files:
            try:
                schema = args.schema or _entry_for(path, options)
                results += validate_files(
                    [path], schema, options=options, cap=args.max_errors,
                    progress=meter.report, on_result=show,
                    seconds_per_file=args.max_seconds or None, single_threaded_caller=True,
                )  # fmt: skip
            except HkshError as exc:
                # Every file is checked whatever happened to the one before: in text mode the
                # failure is said at once, with --json it is part of the one document.
                failures.append((str(path), exc))
                if not args.json:
                    meter.finish()
                    error(describe_error(exc))
    finally:
        meter.finish()
    if args.json:
        unread = [(name, describe_error(exc), exc) for name, exc in failures]
        print(report_json(results, unread, language()))
    write_reports(results, html=args.html, csv=args.csv, language=language())
    if failures:
        return EXIT_USAGE
    return EXIT_OK if all(r.valid for r in results) else EXIT_INVALID


def _entry_for(path: Path, options: ReadOptions) -> str:
    from hksh_packager.core.workflows.catalogue import entry_for_file

    entry = entry_for_file(path, options)
    print(say(CHECKED_AGAINST(file=str(path), entry=entry)), file=sys.stderr)
    return entry
