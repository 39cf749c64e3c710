"""The demo: pack the shipped sample submission with a throwaway key, write a trust list holding
that key, and verify the bundle against it."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hksh_packager.core.bundle.pack import PackResult, pack_project
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.paths import resources_dir
from hksh_packager.core.common.progress import ProgressCallback, no_progress
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.trust import TrustEntry, TrustList
from hksh_packager.core.submission.project import load_project
from hksh_packager.core.verify.report import VerificationReport
from hksh_packager.core.verify.verifier import verify_bundle


@dataclass(frozen=True)
class DemoOutcome:
    bundle: Path
    trust_path: Path
    trust: TrustList
    packed: PackResult
    report: VerificationReport


def run_demo(folder: Path | None = None, progress: ProgressCallback = no_progress) -> DemoOutcome:
    """Pack and verify the sample in `folder` (default: a new temporary folder)."""
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="hksh-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    project = load_project(resources_dir() / "sample")
    secret = SecretKey.generate()  # throwaway: never stored
    bundle = folder / f"{project.submission_id}.zip"
    packed = pack_project(project, bundle, secret, progress=progress)
    team = project.submission["team"]
    trust = TrustList(None, (TrustEntry(team["id"], team["name"], secret.public_key),))
    trust_path = folder / "trust-list.json"
    write_text_atomic(trust_path, json.dumps(trust.to_json(), indent=2, ensure_ascii=False) + "\n")
    report = verify_bundle(bundle, trust=trust, progress=progress)
    return DemoOutcome(bundle, trust_path, trust, packed, report)
