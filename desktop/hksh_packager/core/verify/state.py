"""What the checks of one verification learn as they go; turned into the report at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hksh_packager.core.bundle import bag
from hksh_packager.core.common.messages import Message
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.signing.minisign import PublicKey
from hksh_packager.core.verify.report import Check, Problem
from hksh_packager.core.verify.safezip import Member, SafeArchive


@dataclass
class VerifyState:
    archive: SafeArchive
    bag_name: str = ""
    members: dict[str, Member] = field(default_factory=dict)  # path inside the bag -> member
    tags: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Message | str] = field(default_factory=list)  # for the reader; not problems
    info: bag.ParsedBagInfo | None = None
    public_key: PublicKey | None = None
    signature_ok: bool = False
    signed_fields: dict[str, str] = field(default_factory=dict)  # the verified trusted comment
    declared_errors: int = 0  # errors of datasets the team packed as invalid, declaring it

    def problem(self, check: Check, member: str, message: Message | str) -> None:
        self.problems.append(Problem.of(check, member, message))

    def extract(self, name: str, target: Path, cancel: CancelToken) -> Path:
        """Write the member `name` to `target` (its folder made), checking `cancel` per block."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            for piece in self.archive.chunks(self.members[name]):
                cancel.raise_if_cancelled()
                handle.write(piece)
        return target
