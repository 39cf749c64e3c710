"""`hksh-packager demo`: pack the shipped sample with a throwaway key, verify it, report."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from hksh_packager.cli.console import human_size
from hksh_packager.cli.verify import exit_code, format_report
from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.paths import resources_dir
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.trust import TrustEntry, TrustList
from hksh_packager.core.submission.project import load_project
from hksh_packager.core.verify.verifier import report_json, verify_bundle


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help="pack and verify the sample submission")
    parser.add_argument("--output", type=Path, help="folder for the bundle (default: a new temp)")
    parser.add_argument("--json", action="store_true", help="print the verification as JSON")
    parser.set_defaults(run=_demo)


def _demo(args: argparse.Namespace) -> int:
    folder = args.output or Path(tempfile.mkdtemp(prefix="hksh-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    project = load_project(resources_dir() / "sample")
    secret = SecretKey.generate()  # throwaway: never stored
    bundle = folder / f"{project.submission_id}.zip"
    result = pack_project(project, bundle, secret)
    team = project.submission["team"]
    trust = TrustList(None, (TrustEntry(team["id"], team["name"], secret.public_key),))
    trust_path = folder / "trust-list.json"
    write_text_atomic(trust_path, json.dumps(trust.to_json(), indent=2, ensure_ascii=False) + "\n")
    report = verify_bundle(bundle, trust=trust)
    if args.json:
        print(report_json([report]))
    else:
        print(f"Packed the sample submission with a throwaway key {result.key_id}:")
        print(f"  {bundle} ({human_size(result.bundle_bytes)})")
        print(f"  trust list holding that key: {trust_path}")
        print("Verified it:")
        print(format_report(report))
        print(f"Check it again: hksh-packager verify {bundle} --trust {trust_path}")
    return exit_code([report], trust)
