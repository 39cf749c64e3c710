"""After packing: the bundle checked by the verifier an organiser uses, and a receipt a team sends
with its upload (which file, its size and SHA-256, which key signed it, when it was packed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hksh_packager import APP_NAME
from hksh_packager.core.bundle.pack import PackResult
from hksh_packager.core.common.fingerprint import sha256_file
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.common.units import human_size
from hksh_packager.core.submission.project import Project
from hksh_packager.core.verify.report import VerificationReport


@dataclass(frozen=True)
class Receipt:
    challenge: str
    team_id: str
    team_name: str
    submission_id: str
    file_name: str
    size: int
    sha256: str
    key_id: str
    packed_at: datetime

    def text(self) -> str:
        """A short text for the email that goes with the upload link."""
        rows = (
            ("Challenge", self.challenge),
            ("Team", f"{self.team_id} {self.team_name}"),
            ("Submission id", self.submission_id),
            ("File", self.file_name),
            ("Size", f"{self.size:,} bytes ({human_size(self.size)})"),
            ("SHA-256", self.sha256),
            ("Signing key id", self.key_id),
            ("Packed at", self.packed_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
            ("Check it with", f"{APP_NAME} verify {self.file_name}"),
        )
        width = max(len(label) for label, _ in rows) + 2
        lines = [f"{APP_NAME} submission receipt"]
        lines += [f"{label + ':':<{width}}{value}" for label, value in rows]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "team_id": self.team_id,
            "team_name": self.team_name,
            "submission_id": self.submission_id,
            "file": self.file_name,
            "size": self.size,
            "sha256": self.sha256,
            "key_id": self.key_id,
            "packed_at": self.packed_at.isoformat(),
        }


def make_receipt(
    project: Project, result: PackResult, epoch: int, cancel: CancelToken | None = None
) -> Receipt:
    """The receipt of a bundle just packed; hashes the bundle as it is on disk now."""
    return Receipt(
        challenge=str(project.submission["challenge"]),
        team_id=project.team_id,
        team_name=str(project.submission["team"]["name"]),
        submission_id=project.submission_id,
        file_name=result.path.name,
        size=result.path.stat().st_size,
        sha256=sha256_file(result.path, cancel),
        key_id=result.key_id,
        packed_at=datetime.fromtimestamp(epoch, UTC),
    )


@dataclass(frozen=True)
class PackedBundle:
    """A bundle as the Done step shows it: where it is, what the verifier says, the receipt."""

    path: Path
    report: VerificationReport
    receipt: Receipt


def check_packed(
    project: Project, result: PackResult, epoch: int, cancel: CancelToken | None = None
) -> PackedBundle:
    """Verify the new bundle as an organiser would, in a worker process (the data checks must not
    hold a window's interpreter), and make its receipt."""
    from hksh_packager.core.workflows.verify import verify_many

    report = verify_many([result.path], workers=1, cancel=cancel)[0]
    return PackedBundle(result.path, report, make_receipt(project, result, epoch, cancel))
