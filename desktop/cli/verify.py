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
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(run=_verify)


def reports_json(reports: list[VerificationReport]) -> str:
    return json.dumps({"bundles": [r.to_json() for r in reports]}, ensure_ascii=False, indent=2)


def _verify(args: argparse.Namespace) -> int:
    from hksh_packager.core.verify.report import text_report
    from hksh_packager.core.workflows import verify

    paths = verify.check_bundle_paths(args.bundles)
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
    if args.json:
        print(reports_json(reports))
    return EXIT_OK if verify.all_accepted(reports, trust is not None) else EXIT_INVALID
