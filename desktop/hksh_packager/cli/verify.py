"""`hksh-packager verify BUNDLE_OR_FOLDER... [--trust FILE] [--receipts DIR] [--report FILE]...
[--json]`: one bundle or a whole intake."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK, StderrProgress, language, say
from hksh_packager.core.common.messages import define, define_plural

INTAKE = define("verify.intake", "Intake:")
USING_TRUST = define_plural(
    "verify.using-trust", "Using the imported trust list {source} ({count} key).",
    "Using the imported trust list {source} ({count} keys).",
)  # fmt: skip
RECEIPT_DIFFERS = define("verify.receipt-differs", "RECEIPT DOES NOT MATCH ({file}):")
RECEIPT_MATCHES = define("verify.receipt-matches", "Receipt matches: {file} describes this bundle.")
REPORT_WRITTEN = define("verify.report-written", "Report written: {path}")

if TYPE_CHECKING:
    from hksh_packager.core.common.messages import Message
    from hksh_packager.core.verify.intake import Intake, ReceiptCheck
    from hksh_packager.core.verify.report import VerificationReport


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "verify", help="check bundles: integrity, signature, trust, rules, datasets",
        description="Check bundles one by one or a whole intake: a folder is searched for *.zip. "
        "Bundles are checked in parallel; the exit code is 0 when every bundle is accepted.",
    )  # fmt: skip
    parser.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE_OR_FOLDER")
    parser.add_argument(
        "--trust", type=Path,
        help="trust list of registered team keys (default: the list imported with "
        "'hksh-packager trust import', if any)",
    )  # fmt: skip
    parser.add_argument(
        "--no-revalidate", action="store_true",
        help="skip checking the bundled datasets again (integrity and signature only)",
    )  # fmt: skip
    parser.add_argument("--profile", type=Path, help="check against this profile file instead")
    parser.add_argument(
        "--receipt", type=Path, metavar="FILE",
        help="confirm that the (one) bundle is the one this .receipt.txt describes",
    )  # fmt: skip
    parser.add_argument(
        "--receipts", type=Path, metavar="DIR",
        help="a folder of the teams' .receipt.txt files: each bundle must match its receipt",
    )  # fmt: skip
    parser.add_argument(
        "--report", type=Path, action="append", default=[], metavar="FILE",
        help="write the intake report to FILE: .html (for judges), .csv or .json; repeat for "
        "several",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(run=_verify)


def reports_json(reports: list[VerificationReport], **extra: object) -> str:
    document = {"bundles": [r.to_json(language()) for r in reports], **extra}
    return json.dumps(document, ensure_ascii=False, indent=2)


def _verify(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.errors import InputError
    from hksh_packager.core.verify.report import text_report
    from hksh_packager.core.workflows import verify

    if args.report:
        from hksh_packager.core.verify.intake_reports import report_format

        for path in args.report:  # a bad name is found before minutes of checking
            report_format(path)
    paths = verify.check_bundle_paths(args.bundles)
    receipt = None
    if args.receipt is not None:
        from hksh_packager.core.workflows.receipt import read_receipt

        if len(paths) != 1:
            raise InputError("--receipt describes one bundle; give that bundle alone")
        receipt = read_receipt(args.receipt)
    trust = verify.load_trust(args.trust, stored=True)
    if trust is not None and args.trust is None:
        print(say(USING_TRUST(source=str(trust.source), count=len(trust.entries))),
              file=sys.stderr)  # fmt: skip
    checker: ReceiptCheck | None = None
    notes: list[Message | str] = []
    if args.receipts is not None:
        checker, notes = verify.receipt_checker(args.receipts, paths)
    profile = verify.load_profile_override(args.profile)
    meter = StderrProgress()

    def show(report: VerificationReport) -> None:
        meter.finish()
        if not args.json:
            print(text_report(report, language()), flush=True)

    try:
        reports = verify.verify_many(
            paths, trust=trust, profile=profile, revalidate=not args.no_revalidate,
            single_threaded_caller=True, progress=meter.report, on_report=show,
        )  # fmt: skip
    finally:
        meter.finish()
    intake = verify.judge(reports, trust, checker, notes)
    accepted = intake.all_accepted
    extra: dict[str, object] = {}
    if receipt is not None:
        from hksh_packager.core.workflows.receipt import receipt_mismatches

        mismatches = receipt_mismatches(receipt, paths[0], reports[0].key_id)
        problems = [str(mismatch) for mismatch in mismatches]
        extra["receipt"] = {"file": str(args.receipt), "matches": not problems,
                            "problems": problems}  # fmt: skip
        accepted = accepted and not problems
        if not args.json:
            if problems:
                print(say(RECEIPT_DIFFERS(file=str(args.receipt))))
                for mismatch in mismatches:
                    print(f"  {say(mismatch)}")
            else:
                print(say(RECEIPT_MATCHES(file=str(args.receipt))))
    if not args.json:
        _print_intake(intake)
    if args.json:
        print(json.dumps({**intake.to_json(language()), **extra}, ensure_ascii=False, indent=2))
    if args.report:
        from hksh_packager.core.verify.intake_reports import write_reports

        for path in write_reports(intake, args.report, language()):
            print(say(REPORT_WRITTEN(path=str(path))), file=sys.stderr)
    print(intake.summary(language()), file=sys.stderr)
    return EXIT_OK if accepted else EXIT_INVALID


def _print_intake(intake: Intake) -> None:
    """What only the whole intake shows: standings and findings, when there is more than one
    bundle or something was found."""
    from hksh_packager.core.common.textsafety import escape_text
    from hksh_packager.core.verify.intake import STANDINGS
    from hksh_packager.core.verify.report import NOTE

    if len(intake.entries) < 2 and not any(e.findings for e in intake.entries) and not intake.notes:
        return
    print(say(INTAKE()))
    for entry in intake.entries:
        standing = say(STANDINGS[entry.standing]())
        print(f"  {escape_text(entry.report.bundle.name)}: {standing}")
        for finding in entry.said_findings():
            print(f"    {escape_text(say(finding))}")
    for note in intake.said_notes():
        print(f"  {escape_text(say(NOTE(note=note)))}")
