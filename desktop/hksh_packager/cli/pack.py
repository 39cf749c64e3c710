"""`hksh-packager pack PROJECT_DIR -o BUNDLE.zip`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.cli.console import (
    EXIT_INVALID,
    EXIT_OK,
    PASSPHRASE,
    StderrProgress,
    describe_error,
    error,
    language,
    say,
)
from hksh_packager.core.common.errors import InvalidData
from hksh_packager.core.common.messages import define, define_plural
from hksh_packager.core.common.units import human_size

PACKED = define_plural(
    "pack.packed", "Packed {bag}: {count} file, {size} -> {path} ({bundle_size}), signed by key "
    "{key}", "Packed {bag}: {count} files, {size} -> {path} ({bundle_size}), signed by key {key}",
)  # fmt: skip
RECEIPT_AT = define("pack.receipt", "Receipt for the upload email: {path}")

if TYPE_CHECKING:
    from hksh_packager.core.validation.report_format import ProjectValidation


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("pack", help="bundle and sign a project folder")
    parser.add_argument("project", type=Path, help="folder holding submission.json")
    parser.add_argument("-o", "--output", required=True, type=Path, help="BUNDLE.zip to write")
    parser.add_argument("--team", help="sign with this team's key (default: the submission's)")
    parser.add_argument(
        "--level", type=int, default=6, choices=range(0, 10), metavar="0-9",
        help="deflate level for text members (default 6)",
    )  # fmt: skip
    parser.add_argument(
        "--allow-invalid", action="store_true",
        help="pack datasets that fail validation anyway; the bundle records it",
    )  # fmt: skip
    parser.add_argument("--profile", type=Path, help="check against this profile file instead")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(run=_pack)


def _pack(args: argparse.Namespace) -> int:
    from hksh_packager.core.validation.reports import text_summary
    from hksh_packager.core.workflows.keys import unlock_key
    from hksh_packager.core.workflows.pack import pack_planned, plan_pack

    # Quick checks first (rules, key), then the passphrase, then the long work.
    plan = plan_pack(
        args.project, args.output, team=args.team, profile_file=args.profile, level=args.level
    )
    secret = unlock_key(plan.key, PASSPHRASE)
    meter = StderrProgress()

    def show(validation: ProjectValidation) -> None:
        meter.finish()
        for dataset in validation.datasets:
            if not dataset.result.valid or not args.json:
                shown = replace(dataset.result, file=str(dataset.source))
                stream = sys.stderr if args.json else sys.stdout
                print(text_summary(shown, language=language()), file=stream)

    # The sequence the app runs too: validate, refuse invalid data unless allowed, write, and check
    # the written bundle with the organisers' verifier before its receipt is written.
    try:
        packed = pack_planned(plan, secret, allow_invalid=args.allow_invalid, on_validated=show,
                              progress=meter.report)  # fmt: skip
    except InvalidData as exc:
        error(describe_error(exc))
        return EXIT_INVALID
    finally:
        meter.finish()
    result, receipt, receipt_file = packed.result, packed.receipt, packed.receipt_file
    assert result is not None
    if args.json:
        document = {**asdict(result), "path": str(result.path),
                    "receipt_file": str(receipt_file), "receipt": receipt.to_json(),
                    "verdict": str(packed.report.verdict)}  # fmt: skip
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(say(PACKED(
            bag=result.bag_name, count=result.payload_files, size=human_size(result.payload_bytes),
            path=str(result.path), bundle_size=human_size(result.bundle_bytes), key=result.key_id,
        )))  # fmt: skip
        print(say(RECEIPT_AT(path=str(receipt_file))))
        print(receipt.text(), end="")
    return EXIT_OK
