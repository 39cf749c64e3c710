"""`hksh-packager pack PROJECT_DIR -o BUNDLE.zip`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, replace
from pathlib import Path

from hksh_packager.cli.console import (
    EXIT_INVALID,
    EXIT_OK,
    StderrProgress,
    describe_error,
    error,
    human_size,
)
from hksh_packager.cli.keys import store_for_kind
from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.errors import InputError, InvalidData
from hksh_packager.core.common.paths import keys_dir
from hksh_packager.core.signing.team_keys import find_team_key, unlock_secret
from hksh_packager.core.submission.profile import load_profile_file
from hksh_packager.core.submission.project import load_project


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
    project = load_project(args.project)
    team_id = args.team or project.team_id
    if team_id != project.team_id:
        raise InputError(
            f"submission.json is by team {project.team_id}, not {team_id}; "
            "sign with that team's key"
        )
    secret = unlock_secret(find_team_key(keys_dir(), team_id), store_for_kind)
    # The data stack (pandas, pyarrow) loads only for commands that read datasets.
    from hksh_packager.core.validation.project import validate_project
    from hksh_packager.core.validation.reports import text_summary

    validation = validate_project(project)
    for dataset in validation.datasets:
        if not dataset.result.valid or not args.json:
            shown = replace(dataset.result, file=str(dataset.source))
            print(text_summary(shown), file=sys.stderr if args.json else sys.stdout)
    if not validation.valid and not args.allow_invalid:
        error(describe_error(InvalidData(validation)))
        return EXIT_INVALID
    meter = StderrProgress()
    try:
        result = pack_project(
            project, args.output, secret, level=args.level, validation=validation,
            allow_invalid=args.allow_invalid, progress=meter,
            profile=load_profile_file(args.profile) if args.profile else None,
        )  # fmt: skip
    finally:
        meter.finish()
    if args.json:
        print(json.dumps({**asdict(result), "path": str(result.path)}, indent=2))
    else:
        print(
            f"Packed {result.bag_name}: {result.payload_files} files, "
            f"{human_size(result.payload_bytes)} -> {result.path} "
            f"({human_size(result.bundle_bytes)}), signed by key {result.key_id}"
        )
    return EXIT_OK
