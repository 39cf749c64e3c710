"""`hksh-packager intake scan|watch|report|decide`: the organisers' ledger of an intake, in a
folder they choose (core.workflows.intake)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import EXIT_OK, StderrProgress, language, say
from hksh_packager.core.common.messages import define

if TYPE_CHECKING:
    from hksh_packager.core.workflows.intake import IntakeSettings, ScanSummary

SCANNED = define(
    "intake-cli.scanned", "{seen} bundles in the sources; {new} new since the last scan; "
    "{verified} verified now"
)  # fmt: skip
WATCHING = define(
    "intake-cli.watching", "Watching {sources} for bundles (a file is taken once it has not "
    "changed for {settle} seconds); Ctrl+C stops"
)  # fmt: skip
LEFT_OUT = define(
    "intake-cli.left-out", "Left out (gone since listed, unreadable, or a name that is not "
    "text; rename or check them): {files}"
)  # fmt: skip
DECIDED = define("intake-cli.decided", "Recorded: {bundle}, {decision} by {who}: {reason}")
REPORT_WRITTEN = define("intake-cli.report-written", "Report written: {path}")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "intake", help="the organisers' ledger of an intake: scan, watch, report, decide",
        description="Keep an intake in a folder: each bundle recorded when first seen (the "
        "organisers' clock and the file's own time) and verified once; reports and decisions "
        "from the ledger.",
    )  # fmt: skip
    actions = parser.add_subparsers(dest="intake_command", metavar="ACTION", required=True)
    scan = actions.add_parser("scan", help="record and verify the bundles that are new")
    _sources(scan)
    scan.set_defaults(run=_scan)
    watch = actions.add_parser("watch", help="scan as bundles appear, until stopped")
    _sources(watch)
    watch.add_argument("--settle", type=float, default=5.0, metavar="SECONDS",
                       help="how long a file must stay unchanged before it is taken")  # fmt: skip
    watch.set_defaults(run=_watch)
    report = actions.add_parser("report", help="write the intake's reports from the ledger")
    report.add_argument("--intake", type=Path, required=True, metavar="DIR")
    report.add_argument("--report", type=Path, action="append", default=[], metavar="FILE",
                        help=".html (for judges), .csv or .json; repeat for several")  # fmt: skip
    report.add_argument("--json", action="store_true", help="print one JSON document")
    report.set_defaults(run=_report)
    decide = actions.add_parser("decide", help="record a decision on a bundle")
    decide.add_argument("--intake", type=Path, required=True, metavar="DIR")
    decide.add_argument("bundle", help="the bundle's path, file name or SHA-256 (its start)")
    which = decide.add_mutually_exclusive_group(required=True)
    which.add_argument("--accept-late", action="store_true", help="accept it though late")
    which.add_argument("--reject", action="store_true", help="do not accept it")
    decide.add_argument("--reason", required=True, help="why, for the judges and the record")
    decide.add_argument("--by", default=os.environ.get("USER") or os.environ.get("USERNAME"),
                        help="who decides (default: this computer's user)")  # fmt: skip
    decide.set_defaults(run=_decide)


def _sources(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                        help="folders (searched for *.zip) or bundle files")  # fmt: skip
    parser.add_argument("--intake", type=Path, required=True, metavar="DIR",
                        help="the intake's folder, where its ledger is kept")  # fmt: skip
    parser.add_argument("--trust", type=Path, help="trust list of registered team keys")
    parser.add_argument("--receipts", type=Path, metavar="DIR",
                        help="a folder of the teams' .receipt.txt files")  # fmt: skip
    parser.add_argument("--profile", type=Path, help="check against this profile file instead")


def _settings(args: argparse.Namespace) -> IntakeSettings:
    from hksh_packager.core.workflows.intake import IntakeSettings

    return IntakeSettings(args.trust, args.receipts, args.profile)


def _scan(args: argparse.Namespace) -> int:
    from hksh_packager.core.workflows.intake import scan

    meter = StderrProgress()
    try:
        summary = scan(args.sources, args.intake, _settings(args), single_threaded_caller=True,
                       progress=meter.report)  # fmt: skip
    finally:
        meter.finish()
    print(say(SCANNED(seen=summary.seen, new=summary.new, verified=summary.verified)))
    if summary.skipped:
        print(say(LEFT_OUT(files=list(summary.skipped))), file=sys.stderr)
    return EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.progress import CancelToken
    from hksh_packager.core.workflows.intake_watch import watch

    sources = [str(source) for source in args.sources]
    print(say(WATCHING(sources=sources, settle=args.settle)), file=sys.stderr)

    def scanned(summary: ScanSummary) -> None:
        print(say(SCANNED(seen=summary.seen, new=summary.new, verified=summary.verified)),
              flush=True)  # fmt: skip

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a watch ends
        watch(args.sources, args.intake, _settings(args), settle=args.settle,
              cancel=CancelToken(), on_scan=scanned)  # fmt: skip
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from hksh_packager.core.verify.intake_reports import report_format, write_reports
    from hksh_packager.core.workflows.intake import load_intake

    for path in args.report:
        report_format(path)
    intake = load_intake(args.intake)
    if args.json:
        print(json.dumps(intake.to_json(language()), ensure_ascii=False, indent=2))
    for path in write_reports(intake, args.report, language()):
        print(say(REPORT_WRITTEN(path=str(path))), file=sys.stderr)
    print(intake.summary(language()), file=sys.stderr)
    return EXIT_OK


def _decide(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.textsafety import escape_text
    from hksh_packager.core.verify.intake import DECISIONS, DecisionKind
    from hksh_packager.core.workflows.intake import decide

    kind = DecisionKind.ACCEPT_LATE if args.accept_late else DecisionKind.REJECT
    decision = decide(args.intake, args.bundle, kind, args.reason, args.by or "")
    said = DECIDED(bundle=escape_text(args.bundle), decision=DECISIONS[kind](),
                   who=escape_text(decision.who), reason=escape_text(decision.reason))  # fmt: skip
    print(say(said))
    return EXIT_OK
