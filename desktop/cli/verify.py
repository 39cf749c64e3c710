"""`hksh-packager verify BUNDLE... [--trust FILE] [--json]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK, StderrProgress, human_size
from hksh_packager.core.common.errors import InputError
from hksh_packager.core.signing.trust import TrustList, load_trust_list
from hksh_packager.core.submission.profile import load_profile_file
from hksh_packager.core.verify.report import Verdict, VerificationReport
from hksh_packager.core.verify.verifier import report_json, verify_bundle


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


def format_report(report: VerificationReport) -> str:
    lines = [f"{report.bundle}: {report.verdict.upper()}"]
    if report.bag_name:
        lines.append(
            f"  submission {report.submission_id or '?'} by team {report.team_id or '?'}: "
            f"{report.payload_files} files, {human_size(report.payload_bytes)}"
        )
    if report.key_id:
        lines.append(f"  signing key {report.key_id}: {report.trust}")
    lines.extend(f"  {problem}" for problem in report.problems)
    lines.extend(f"  note: {note}" for note in report.notes)
    return "\n".join(lines)


def exit_code(reports: list[VerificationReport], trust: TrustList | None) -> int:
    """Without a trust list an unknown key is expected; with one, it counts as a failure."""
    accepted = {Verdict.VALID} if trust else {Verdict.VALID, Verdict.VALID_UNTRUSTED_KEY}
    return EXIT_OK if all(r.verdict in accepted for r in reports) else EXIT_INVALID


def _verify(args: argparse.Namespace) -> int:
    for path in args.bundles:
        if not path.is_file():
            raise InputError(f"{path} does not exist or is not a file")
    trust = load_trust_list(args.trust) if args.trust else None
    profile = load_profile_file(args.profile) if args.profile else None
    reports = []
    for path in args.bundles:
        meter = StderrProgress()
        try:
            reports.append(
                verify_bundle(
                    path,
                    trust=trust,
                    revalidate=not args.no_revalidate,
                    profile=profile,
                    progress=meter,
                )
            )
        finally:
            meter.finish()
        if not args.json:
            print(format_report(reports[-1]))
    if args.json:
        print(report_json(reports))
    return exit_code(reports, trust)
