"""`hksh-packager validate FILE... --schema FILE_OR_CATALOGUE_ID`."""

from __future__ import annotations

import argparse
from pathlib import Path

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK
from hksh_packager.core.common.atomic import write_text_atomic


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check data files against a dataset schema")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--schema", required=True, help="a schema file or a catalogue id")
    parser.add_argument("--encoding", help="the text encoding, if detection gets it wrong")
    parser.add_argument("--sheet", help="the Excel sheet to read (default: the first)")
    parser.add_argument("--pointer", help="JSON pointer to the array of records, e.g. /data")
    parser.add_argument("--max-errors", type=int, default=100, metavar="N",
                        help="errors kept per column and rule (all are counted)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--html", type=Path, metavar="OUT", help="write an HTML report")
    parser.add_argument("--csv", type=Path, metavar="OUT", help="write the errors as CSV")
    parser.set_defaults(run=_validate)


def _validate(args: argparse.Namespace) -> int:
    # The data stack (pandas, pyarrow) loads only for commands that read datasets.
    from hksh_packager.core.catalogue.lookup import find_schema
    from hksh_packager.core.datasets.tables import open_table
    from hksh_packager.core.validation.engine import validate_table
    from hksh_packager.core.validation.reports import (
        report_html,
        report_json,
        text_summary,
        write_errors_csv,
    )

    schema = find_schema(args.schema)
    results = []
    for path in args.files:
        table = open_table(path, encoding=args.encoding, sheet=args.sheet, pointer=args.pointer)
        results.append(validate_table(table, schema, cap=args.max_errors))
        if not args.json:
            print(text_summary(results[-1]))
    if args.json:
        print(report_json(results))
    if args.html:
        write_text_atomic(args.html, report_html(results))
    if args.csv:
        write_errors_csv(results, args.csv)
    return EXIT_OK if all(r.valid for r in results) else EXIT_INVALID
