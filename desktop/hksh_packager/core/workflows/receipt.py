"""After packing: the bundle checked by the verifier an organiser uses, and a receipt a team sends
with its upload (which file, its size and SHA-256, which key signed it, when it was packed).

The receipt is written beside the bundle as `<bundle>.receipt.txt`, lines of "Label: value" that a
person reads in an email and `verify --receipt` reads back: a bundle matches its receipt when its
name, size and SHA-256 are the ones written, and its signature is by the key id written. For a team
from Hong Kong or Shanghai the same values follow in its own script, after a blank line, so the
email reads in either language; `verify --receipt` reads the English block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hksh_packager import APP_NAME
from hksh_packager.core.bundle.pack import PackResult
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.fingerprint import sha256_file
from hksh_packager.core.common.messages import (
    ENGLISH,
    HONG_KONG,
    SHANGHAI,
    Message,
    define,
    define_plural,
    render,
)
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.common.units import human_size
from hksh_packager.core.submission.profile import Profile
from hksh_packager.core.submission.project import Project
from hksh_packager.core.verify.report import Problem, Verdict, VerificationReport

LABELS = {
    "challenge": define("receipt.challenge", "Challenge"),
    "stage": define("receipt.stage", "Stage"),
    "team": define("receipt.team", "Team"),
    "submission": define("receipt.submission-id", "Submission id"),
    "file": define("receipt.file", "File"),
    "size": define("receipt.size", "Size"),
    "sha256": define("receipt.sha256", "SHA-256"),
    "key": define("receipt.key-id", "Signing key id"),
    "signed": define("receipt.signed-at", "Signed at"),
    "check": define("receipt.check", "Check it with"),
}
SIZE = define_plural("receipt.bytes", "{count:,} byte ({size})", "{count:,} bytes ({size})")
RECEIPT_TITLE = define("receipt.title", "HKSH Packager submission receipt")
ROW = define("receipt.row", "{label}: {value}")
# A file that is not a receipt, and how a bundle differs from its receipt.
TOO_LARGE = define(
    "receipt.too-large", "{file} is larger than a receipt; give the .receipt.txt file"
)
UNREADABLE = define("receipt.unreadable", "the receipt {file} cannot be read: {reason}")
NOT_A_RECEIPT = define(
    "receipt.not-a-receipt", "{file} is not a HKSH Packager receipt; give the .receipt.txt file "
    "written beside the bundle"
)  # fmt: skip
INCOMPLETE = define("receipt.incomplete", "the receipt {file} has no {labels}; give the whole file")
OTHER_FILE = define("receipt.other-file", "the receipt is for {written}, not {file}")
OTHER_SIZE = define(
    "receipt.other-size", "the receipt says {written}, the bundle is {size:,} bytes"
)
OTHER_SHA256 = define(
    "receipt.other-sha256", "the SHA-256 differs: the receipt says {written}, the bundle is {found}"
)
OTHER_KEY = define(
    "receipt.other-key", "the receipt names key {written}, the bundle is signed by {key}"
)
NO_VALID_KEY = define(
    "receipt.no-valid-key", "the receipt names key {written}, the bundle is signed by no valid key"
)
REFUSED = define(
    "receipt.refused", "the bundle just written does not pass the organisers' verifier; it was "
    "removed and no receipt was written: fix what is named below and pack again"
)  # fmt: skip
ON_MEMBER = define("receipt.refused-member", "{member}: {problem}")
ON_ARCHIVE = define("receipt.refused-archive", "the archive: {problem}")
# A team's receipt also reads in its city's script.
TEAM_LANGUAGES = {"Hong Kong": HONG_KONG, "Shanghai": SHANGHAI}


@dataclass(frozen=True)
class Receipt:
    challenge: str
    stage: str
    team_id: str
    team_name: str
    submission_id: str
    file_name: str
    size: int
    sha256: str
    key_id: str
    packed_at: datetime
    language: str = ENGLISH  # the team's own: its receipt says everything again in it

    def _said(self, language: str) -> tuple[tuple[Message, str], ...]:
        return (
            (LABELS["challenge"](), self.challenge),
            (LABELS["stage"](), self.stage),
            (LABELS["team"](), f"{self.team_id} {self.team_name}"),
            (LABELS["submission"](), self.submission_id),
            (LABELS["file"](), self.file_name),
            (LABELS["size"](), render(SIZE(count=self.size, size=human_size(self.size)), language)),
            (LABELS["sha256"](), self.sha256),
            (LABELS["key"](), self.key_id),
            (LABELS["signed"](), self.packed_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
            (LABELS["check"](), f"{APP_NAME} verify {self.file_name}"),
        )

    def rows(self) -> tuple[tuple[str, str], ...]:
        """The English labels and values, as `read_receipt` reads them back."""
        return tuple((str(label), value) for label, value in self._said(ENGLISH))

    def text(self) -> str:
        """A short text for the email that goes with the upload link: in English, then in the
        team's language when it is not English."""
        rows = self.rows()
        width = max(len(label) for label, _ in rows) + 2
        lines = [TITLE]
        lines += [f"{label + ':':<{width}}{value}" for label, value in rows]
        if self.language != ENGLISH:
            lines += ["", render(RECEIPT_TITLE(), self.language)]
            lines += [
                render(ROW(label=label, value=value), self.language)
                for label, value in self._said(self.language)
            ]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "challenge": self.challenge,
            "stage": self.stage,
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
        stage=str(project.submission.get("stage", "")),
        team_id=project.team_id,
        team_name=str(project.submission["team"]["name"]),
        submission_id=project.submission_id,
        file_name=result.path.name,
        size=result.path.stat().st_size,
        sha256=sha256_file(result.path, cancel),
        key_id=result.key_id,
        packed_at=datetime.fromtimestamp(epoch, UTC),
        language=TEAM_LANGUAGES.get(str(project.submission["team"].get("city")), ENGLISH),
    )


TITLE = "HKSH Packager submission receipt"
RECEIPT_SUFFIX = ".receipt.txt"
MAX_RECEIPT_BYTES = 64 << 10


def receipt_path(bundle: Path) -> Path:
    return Path(bundle).with_name(Path(bundle).name + RECEIPT_SUFFIX)


def write_receipt(receipt: Receipt, bundle: Path) -> Path:
    """Write the receipt beside the bundle (atomically); return its path."""
    path = receipt_path(bundle)
    write_text_atomic(path, receipt.text())
    return path


def read_receipt(path: Path) -> dict[str, str]:
    """The receipt's values by label; InputError when the file is not a receipt."""
    try:
        if Path(path).stat().st_size > MAX_RECEIPT_BYTES:
            raise InputError(TOO_LARGE(file=str(path)))
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(UNREADABLE(file=str(path), reason=str(exc))) from None
    values: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        if not line.strip():
            break  # the team's language follows: the English block is the record
        label, colon, value = line.partition(":")
        if colon:
            values[label.strip()] = value.strip()
    missing = [k for k in ("File", "Size", "SHA-256", "Signing key id") if k not in values]
    if not text.startswith(TITLE):
        raise InputError(NOT_A_RECEIPT(file=str(path)))
    if missing:
        raise InputError(INCOMPLETE(file=str(path), labels=missing))
    return values


def receipt_mismatches(
    values: dict[str, str],
    bundle: Path,
    key_id: str | None,
    cancel: CancelToken | None = None,
    *,
    digest: str | None = None,
) -> list[Message]:
    """How `bundle`, signed by `key_id` (from its verification), differs from the receipt; an
    empty list when it is the bundle the receipt describes. `digest`: the bundle's SHA-256 when
    the caller has it already."""
    bundle = Path(bundle)
    values = {label: escape_text(value[:200]) for label, value in values.items()}  # a file's text
    problems = []
    if values["File"] != bundle.name:
        problems.append(OTHER_FILE(written=values["File"], file=bundle.name))
    size = bundle.stat().st_size
    written = values["Size"].split(" ", 1)[0].replace(",", "")
    if written != str(size):
        problems.append(OTHER_SIZE(written=values["Size"], size=size))
    digest = digest or sha256_file(bundle, cancel)
    if values["SHA-256"].lower() != digest:
        problems.append(OTHER_SHA256(written=values["SHA-256"], found=digest))
    if key_id is None or values["Signing key id"].upper() != key_id.upper():
        said = NO_VALID_KEY if not key_id else OTHER_KEY
        problems.append(said(written=values["Signing key id"], key=key_id))
    return problems


def receipt_problems(
    values: dict[str, str], bundle: Path, key_id: str | None, cancel: CancelToken | None = None
) -> list[str]:
    """`receipt_mismatches` in English, as the JSON of `verify --receipt` gives them."""
    return [str(problem) for problem in receipt_mismatches(values, bundle, key_id, cancel)]


@dataclass(frozen=True)
class PackedBundle:
    """A bundle as the Done step shows it: where it is, what the verifier says, the receipt."""

    path: Path
    report: VerificationReport
    receipt: Receipt
    receipt_file: Path
    result: PackResult | None = None  # what packing wrote (sizes, key), for a face to show


def check_packed(
    project: Project,
    result: PackResult,
    epoch: int,
    cancel: CancelToken | None = None,
    profile: Profile | None = None,
) -> PackedBundle:
    """Verify the new bundle as an organiser would, in a worker process (the data checks must not
    hold a window's interpreter), and write its receipt beside it. A bundle the verifier finds
    invalid is removed and InputError says why: no receipt is written for it. `profile`: the
    rules it was packed under (a profile file given to pack), else the shipped one."""
    from hksh_packager.core.workflows.verify import verify_many

    report = verify_many([result.path], profile=profile, workers=1, cancel=cancel)[0]
    if report.verdict == Verdict.INVALID:
        # Never left for a team to upload: what the organisers would refuse is not a result.
        Path(result.path).unlink(missing_ok=True)
        problems = [_refusal(problem) for problem in report.problems]
        raise InputError(REFUSED(), remedy=Remedy.FIX_FILE, listed=problems)
    receipt = make_receipt(project, result, epoch, cancel)
    receipt_file = write_receipt(receipt, result.path)
    return PackedBundle(result.path, report, receipt, receipt_file, result)


def _refusal(problem: Problem) -> Message:
    """One line under the refusal: the member (or the archive) and its problem."""
    said = problem.said or problem.message
    if problem.member:
        return ON_MEMBER(member=problem.member, problem=said)
    return ON_ARCHIVE(problem=said)
