"""`hksh-packager verify BUNDLE... [--trust FILE] [--json]`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK, StderrProgress

if TYPE_CHECKING:
    from hksh_packager.core.verify.report import VerificationReport


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("verify", help="check bundles: integrity, signature, trust")
    parser.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE")
    parser.add_argument("--trust", type=Path, help="trust list of registered team keys")
    parser.add_argument(
        "--no-revalidate", action="store_true",
        help="skip checking the bundled datasets again (integrity and signature only)",
    )  # fmt: skip
    parser.add_argument("--profile", type=Path, help="check against this profile file instead")
    parser.add_argument(
        "--receipt", type=Path, metavar="FILE",
        help="confirm that the (one) bundle is the one this .receipt.txt describes",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(run=_verify)


def reports_json(reports: list[VerificationReport], **extra: object) -> str:
    document = {"bundles": [r.to_json() for r in reports], **extra}
    return json.dumps(document, ensure_ascii=False, indent=2)


def _verify(args: argparse.Namespace) -> int:
    from hksh_packager.core.verify.report import text_report
    from hksh_packager.core.workflows import verify

    paths = verify.check_bundle_paths(args.bundles)
    receipt = None
    if args.receipt is not None:
        from hksh_packager.core.common.errors import InputError
        from hksh_packager.core.workflows.receipt import read_receipt

        if len(paths) != 1:
            raise InputError("--receipt describes one bundle; give that bundle alone")
        receipt = read_receipt(args.receipt)
    trust = verify.load_trust(args.trust)
    profile = verify.load_profile_override(args.profile)
    meter = StderrProgress()

    def show(report: VerificationReport) -> None:
        meter.finish()
        if not args.json:
            print(text_report(report), flush=True)

    try:
        reports = verify.verify_many(
            paths, trust=trust, profile=profile, revalidate=not args.no_revalidate,
            single_threaded_caller=True, progress=meter.report, on_report=show,
        )  # fmt: skip
    finally:
        meter.finish()
    accepted = verify.all_accepted(reports, trust is not None)
    extra: dict[str, object] = {}
    if receipt is not None:
        from hksh_packager.core.workflows.receipt import receipt_problems

        problems = receipt_problems(receipt, paths[0], reports[0].key_id)
        extra["receipt"] = {"file": str(args.receipt), "matches": not problems,
                            "problems": problems}  # fmt: skip
        accepted = accepted and not problems
        if not args.json:
            if problems:
                print(f"RECEIPT DOES NOT MATCH ({args.receipt}):")
                for problem in problems:
                    print(f"  {problem}")
            else:
                print(f"Receipt matches: {args.receipt} describes this bundle.")
    if args.json:
        print(reports_json(reports, **extra))
    return EXIT_OK if accepted else EXIT_INVALID
