"""`hksh-packager demo`: pack the shipped sample with a throwaway key, verify it, report."""

from __future__ import annotations

import argparse
from pathlib import Path

from hksh_packager.cli.console import EXIT_INVALID, EXIT_OK, language, say
from hksh_packager.cli.verify import reports_json
from hksh_packager.core.common.messages import define

PACKED = define("demo.packed", "Packed the sample submission with a throwaway key {key}:")
TRUST_LIST = define("demo.trust-list", "trust list holding that key: {path}")
VERIFIED = define("demo.verified", "Verified it:")
AGAIN = define("demo.again", "Check it again: hksh-packager verify {bundle} --trust {trust}")


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
        print(say(PACKED(key=outcome.packed.key_id)))
        print(f"  {outcome.bundle} ({human_size(outcome.packed.bundle_bytes)})")
        print("  " + say(TRUST_LIST(path=str(outcome.trust_path))))
        print(say(VERIFIED()))
        print(text_report(outcome.report, language()))
        print(say(AGAIN(bundle=str(outcome.bundle), trust=str(outcome.trust_path))))
    return EXIT_OK if is_accepted(outcome.report, trust_given=True) else EXIT_INVALID
