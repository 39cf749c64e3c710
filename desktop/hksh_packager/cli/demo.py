"""`hksh-packager demo`: pack the shipped sample with a throwaway key, verify it, report."""

from __future__ import annotations

import argparse
from pathlib import Path

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK, language
from hksh_packager.cli.verify import reports_json


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help="pack and verify the sample submission")
    parser.add_argument("--output", type=Path, help="folder for the bundle (default: a new temp)")
    parser.add_argument("--json", action="store_true", help="print the verification as JSON")
    parser.set_defaults(run=_demo)


def _demo(args: argparse.Namespace) -> int:
    from hksh_packager.core.common.units import human_size
    from hksh_packager.core.verify.report import text_report
    from hksh_packager.core.workflows.demo import run_demo
    from hksh_packager.core.workflows.verify import is_accepted

    outcome = run_demo(args.output)
    if args.json:
        print(reports_json([outcome.report]))
    else:
        print(f"Packed the sample submission with a throwaway key {outcome.packed.key_id}:")
        print(f"  {outcome.bundle} ({human_size(outcome.packed.bundle_bytes)})")
        print(f"  trust list holding that key: {outcome.trust_path}")
        print("Verified it:")
        print(text_report(outcome.report, language()))
        print(f"Check it again: hksh-packager verify {outcome.bundle} --trust {outcome.trust_path}")
    return EXIT_OK if is_accepted(outcome.report, trust_given=True) else EXIT_INVALID
