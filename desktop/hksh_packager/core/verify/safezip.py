"""Reading a zip from a stranger without trusting it.

Before any content is read: limits on entry count, sizes and compression ratio; names that could
escape a folder or collide are refused; members must not overlap. Content is streamed with output
capped at the declared size, and every member's local header must agree with the central directory.
Nothing is ever extracted to disk.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from hksh_packager.core.bundle.zipformat import (
    ENCRYPTED_FLAG,
    END,
    END_SIG,
    LOCAL_SIG,
    signature_bytes,
)
from hksh_packager.core.common.errors import ArchiveError, MemberError
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.portable_names import CONTROL, folded, part_problem
from hksh_packager.core.verify.zipview import (
    check_end,
    check_single_view,
    entry_problem,
    local_header_mismatch,
)

CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")

# The file is not a bundle that can be opened: said of it, its name shown before.
UNREADABLE = define("archive.unreadable", "cannot be read: {reason}")
EMPTY = define("archive.empty", "is an empty file (0 bytes), not a bundle; upload it again")
CUT_SHORT = define(
    "archive.cut-short", "is a truncated zip: its central directory is missing, so the copy or "
    "download was probably cut short; get the complete file"
)  # fmt: skip
NOT_A_ZIP = define(
    "archive.not-a-zip", "is not a zip archive; a bundle is the .zip that pack writes"
)
TOO_MANY = define(
    "archive.too-many-entries", "declares {count} entries; a bundle may hold at most {limit}"
)
DAMAGED = define("archive.damaged", "is a damaged zip: {reason}")
TOO_LARGE = define(
    "archive.too-large", "declares {size} bytes uncompressed; a bundle may hold at most {limit} (a "
    "zip bomb, or far more data than a submission needs)"
)  # fmt: skip
# The bundle's name and what is wrong with it, as a verifier's problem or an error.
BUNDLE_PROBLEM = define("archive.bundle-problem", "{bundle} {problem}")

# Why an entry is refused: said of the entry, its name shown before.
NUL_IN_NAME = define("entry.nul", "has a NUL byte in its name")
EMPTY_NAME = define("entry.empty-name", "has an empty name")
BACKSLASH = define("entry.backslash", "uses a backslash in its name; bundles use '/' only")
ABSOLUTE = define("entry.absolute", "is an absolute path")
DRIVE = define("entry.drive", "starts with a drive letter")
CONTROL_CHARACTERS = define("entry.control", "has control characters in its name")
CLIMBS = define("entry.climbs", "climbs out of its folder with '..'")
EMPTY_SEGMENT = define("entry.empty-segment", "has an empty or '.' path segment")
SYMLINK = define("entry.symlink", "is a symbolic link")
NOT_REGULAR = define("entry.not-regular", "is not a regular file")
ENCRYPTED = define("entry.encrypted", "is encrypted")
METHOD = define(
    "entry.method", "uses compression method {method}; bundles use only store and deflate"
)
TWICE = define("entry.twice", "appears more than once in the archive")
COLLIDES = define(
    "entry.collides", "collides with '{other}' once case and Unicode form are ignored"
)
ENTRY_TOO_LARGE = define(
    "entry.too-large", "declares {size} bytes uncompressed; one member may have at most {limit}"
)
BOMB = define(
    "entry.bomb", "would expand {ratio:.0f} times ({packed} to {size} bytes), more than the "
    "{limit}x allowed: a zip bomb"
)  # fmt: skip

# A member's stored data is damaged or hostile: said of the member, its name shown before.
CUT = define("member.cut-short", "its data is cut short: the archive is truncated")
EXPANDS = define(
    "member.expands", "expands beyond its declared size of {size} bytes (a zip bomb or a damaged "
    "archive)"
)  # fmt: skip
BROKEN_DEFLATE = define(
    "member.broken-deflate", "its compressed data is damaged (the deflate stream is broken)"
)
WRONG_SIZE = define("member.wrong-size", "holds {found} bytes but declares {declared}")
CRC = define("member.crc", "its content does not match its CRC-32: the archive is damaged")
OVER_LIMIT = define(
    "member.over-limit", "is {size} bytes; at most {limit} are allowed for this file"
)
BAD_DEFLATE = define("member.bad-deflate", "its compressed data is damaged ({reason})")
LOCAL_HEADER = define(
    "member.local-header", "its local header disagrees with the central directory ({fields}): the "
    "archive was altered or damaged"
)  # fmt: skip


@dataclass(frozen=True)
class Limits:
    max_entries: int = 10_000
    max_entry_size: int = 8 << 30
    max_total_size: int = 32 << 30
    max_ratio: int = 1_000
    ratio_floor: int = 1 << 20  # small members may compress very well without being bombs
    max_tag_file_size: int = 64 << 20
    # Re-validation extracts datasets to a temporary folder: at most this much per bundle.
    max_revalidate_bytes: int = 2 << 30
    max_revalidate_seconds: float = 600.0  # for all the datasets of one bundle
    # Materials (proposals, videos, images) are extracted to be opened: at most this much.
    max_material_bytes: int = 2 << 30
    # Each material is opened in a child process with this much time and memory; over either,
    # it is killed with what it started (an image reader's Ghostscript) and the file is a problem.
    max_material_seconds: float = 60.0
    max_material_memory: int = 3 << 30
    # Address space of the worker process verifying one bundle, where the system can limit it.
    # A worker already reserves about 1.8 GB after an ordinary re-validation (thread stacks,
    # allocator arenas), so this leaves room for real data and stops what is built to exhaust it.
    max_memory_bytes: int = 4 << 30


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Rejected:
    """An entry refused: `reason` is in English, said of the entry ("is encrypted"); `said` is
    the same, by code."""

    name: str
    reason: str
    said: Message | str | None = field(default=None, compare=False)

    @staticmethod
    def of(name: str, reason: Message | str) -> Rejected:
        return Rejected(name, str(reason), reason)


@dataclass(frozen=True)
class Member:
    name: str
    info: zipfile.ZipInfo

    @property
    def size(self) -> int:
        return self.info.file_size

    @property
    def is_dir(self) -> bool:
        return self.name.endswith("/")


def _has_end_record(path: Path, file_size: int) -> bool:
    """Whether an end-of-central-directory record is anywhere a reader would look for one (the
    last 64 KiB): what tells a cut-short zip or another file from a zip with a bad ending."""
    with path.open("rb") as handle:
        tail = min(file_size, 65_535 + END.size)
        handle.seek(file_size - tail)
        return signature_bytes(END_SIG) in handle.read(tail)


def name_problem(info: zipfile.ZipInfo) -> Message | None:
    """Why this entry's name or type is unsafe, or None."""
    name = info.filename
    if "\x00" in info.orig_filename:
        # zipfile cuts a name at its first NUL; other readers keep the rest, or stop elsewhere.
        return NUL_IN_NAME()
    if not name:
        return EMPTY_NAME()
    if "\\" in name:
        return BACKSLASH()
    if name.startswith("/"):
        return ABSOLUTE()
    if _DRIVE.match(name):
        return DRIVE()
    if CONTROL.search(name):
        return CONTROL_CHARACTERS()
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return CLIMBS()
    if any(part in ("", ".") for part in parts):
        return EMPTY_SEGMENT()
    for part in parts:
        problem = part_problem(part)
        if problem is not None:
            return problem
    # Whatever system the entry says made it: unzip honours these bits for BeOS, VMS and others too.
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return SYMLINK()
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return NOT_REGULAR()
    if info.flag_bits & ENCRYPTED_FLAG:
        return ENCRYPTED()
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return METHOD(method=info.compress_type)
    return None


class SafeArchive:
    """An opened untrusted zip: the members that passed every name and size rule, and why the
    others were rejected."""

    def __init__(self, path: Path, members: list[Member], rejected: list[Rejected]) -> None:
        self.path = path
        self.members = members
        self.rejected = rejected

    @classmethod
    def open(cls, path: Path, limits: Limits = Limits()) -> SafeArchive:
        path = Path(path)
        try:
            file_size = path.stat().st_size
            with path.open("rb") as handle:
                magic = handle.read(4)
        except OSError as exc:
            raise ArchiveError(UNREADABLE(reason=str(exc.strerror or exc))) from None
        if file_size == 0:
            raise ArchiveError(EMPTY())
        if not _has_end_record(path, file_size):
            raise ArchiveError(CUT_SHORT() if magic == signature_bytes(LOCAL_SIG) else NOT_A_ZIP())
        end = check_end(path, file_size)  # before any zip reader parses the directory
        if end.entries > limits.max_entries:
            raise ArchiveError(TOO_MANY(count=end.entries, limit=limits.max_entries))
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, struct.error, EOFError) as exc:
            raise ArchiveError(DAMAGED(reason=str(exc))) from None
        total = sum(info.file_size for info in infos)
        if total > limits.max_total_size:
            raise ArchiveError(TOO_LARGE(size=total, limit=limits.max_total_size))
        check_single_view(path, infos, end, file_size)
        return cls._screen(path, infos, file_size, limits)

    @classmethod
    def _screen(
        cls, path: Path, infos: list[zipfile.ZipInfo], file_size: int, limits: Limits
    ) -> SafeArchive:
        rejected: list[Rejected] = []
        accepted: list[zipfile.ZipInfo] = []
        seen: dict[str, str] = {}
        for info in infos:
            reason = name_problem(info)
            if reason is None:
                folded_name = folded(info.filename)
                other = seen.get(folded_name)
                if other == info.filename:
                    reason = TWICE()
                elif other is not None:
                    reason = COLLIDES(other=other)
                else:
                    seen[folded_name] = info.filename
            if reason is None:
                reason = entry_problem(info) or _size_problem(info, limits)
            if reason is None:
                accepted.append(info)
            else:
                rejected.append(Rejected.of(info.filename, reason))
        bad = {r.name for r in rejected}
        members = [Member(i.filename, i) for i in accepted if i.filename not in bad]
        return cls(path, members, rejected)

    # -- reading content ------------------------------------------------------------------------
    def chunks(self, member: Member, chunk: int = CHUNK) -> Iterator[bytes]:
        """The member's content, checked against its declared size and CRC-32 as it streams."""
        info = member.info
        with self.path.open("rb") as handle:
            handle.seek(info.header_offset)
            start = _check_local_header(handle, info)
            handle.seek(start)
            remaining = info.compress_size
            produced = crc = 0
            inflater = (
                zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
            )
            while remaining:
                data = handle.read(min(chunk, remaining))
                if not data:
                    raise MemberError(CUT())
                remaining -= len(data)
                pieces = [data] if inflater is None else _inflate(inflater, data, chunk)
                for piece in pieces:
                    produced += len(piece)
                    if produced > info.file_size:
                        raise MemberError(EXPANDS(size=info.file_size))
                    crc = zlib.crc32(piece, crc)
                    yield piece
            if inflater is not None and (not inflater.eof or inflater.unused_data):
                raise MemberError(BROKEN_DEFLATE())
        if produced != info.file_size:
            raise MemberError(WRONG_SIZE(found=produced, declared=info.file_size))
        if crc != info.CRC:
            raise MemberError(CRC())

    def read(self, member: Member, limit: int) -> bytes:
        if member.size > limit:
            raise MemberError(OVER_LIMIT(size=member.size, limit=limit))
        return b"".join(self.chunks(member))


def _inflate(inflater: zlib._Decompress, data: bytes, chunk: int) -> Iterator[bytes]:
    try:
        piece = inflater.decompress(data, chunk)
        while True:
            if piece:
                yield piece
            if not inflater.unconsumed_tail:
                return
            piece = inflater.decompress(inflater.unconsumed_tail, chunk)
    except zlib.error as exc:
        raise MemberError(BAD_DEFLATE(reason=str(exc))) from None


def _size_problem(info: zipfile.ZipInfo, limits: Limits) -> Message | None:
    if info.file_size > limits.max_entry_size:
        return ENTRY_TOO_LARGE(size=info.file_size, limit=limits.max_entry_size)
    if info.file_size > limits.ratio_floor:
        ratio = info.file_size / max(1, info.compress_size)
        if ratio > limits.max_ratio:
            return BOMB(
                ratio=ratio, packed=info.compress_size, size=info.file_size, limit=limits.max_ratio
            )
    return None


def _check_local_header(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Compare the local header with the central directory; return where the data starts.
    (check_tiling has compared every entry's already; a member read again is compared again.)"""
    mismatched, start = local_header_mismatch(handle, info)
    if mismatched:
        raise MemberError(LOCAL_HEADER(fields=mismatched))
    return start
