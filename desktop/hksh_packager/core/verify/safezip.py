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
from dataclasses import dataclass
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
from hksh_packager.core.common.portable_names import CONTROL, folded, part_problem
from hksh_packager.core.verify.zipview import (
    check_end,
    check_single_view,
    entry_problem,
    local_header_mismatch,
)

CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")


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
    name: str
    reason: str


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


def name_problem(info: zipfile.ZipInfo) -> str | None:
    """Why this entry's name or type is unsafe, or None."""
    name = info.filename
    if "\x00" in info.orig_filename:
        # zipfile cuts a name at its first NUL; other readers keep the rest, or stop elsewhere.
        return "has a NUL byte in its name"
    if not name:
        return "has an empty name"
    if "\\" in name:
        return "uses a backslash in its name; bundles use '/' only"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    if CONTROL.search(name):
        return "has control characters in its name"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "climbs out of its folder with '..'"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' path segment"
    for part in parts:
        problem = part_problem(part)
        if problem is not None:
            return str(problem)
    # Whatever system the entry says made it: unzip honours these bits for BeOS, VMS and others too.
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return "is a symbolic link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "is not a regular file"
    if info.flag_bits & ENCRYPTED_FLAG:
        return "is encrypted"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return f"uses compression method {info.compress_type}; bundles use only store and deflate"
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
            raise ArchiveError(f"cannot be read: {exc.strerror or exc}") from None
        if file_size == 0:
            raise ArchiveError("is an empty file (0 bytes), not a bundle; upload it again")
        if not _has_end_record(path, file_size):
            if magic == signature_bytes(LOCAL_SIG):
                raise ArchiveError(
                    "is a truncated zip: its central directory is missing, so the copy or "
                    "download was probably cut short; get the complete file"
                )
            raise ArchiveError("is not a zip archive; a bundle is the .zip that pack writes")
        end = check_end(path, file_size)  # before any zip reader parses the directory
        if end.entries > limits.max_entries:
            raise ArchiveError(
                f"declares {end.entries} entries; a bundle may hold at most {limits.max_entries}"
            )
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, struct.error, EOFError) as exc:
            raise ArchiveError(f"is a damaged zip: {exc}") from None
        total = sum(info.file_size for info in infos)
        if total > limits.max_total_size:
            raise ArchiveError(
                f"declares {total} bytes uncompressed; a bundle may hold at most "
                f"{limits.max_total_size} (a zip bomb, or far more data than a submission needs)"
            )
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
                    reason = "appears more than once in the archive"
                elif other is not None:
                    reason = f"collides with '{other}' once case and Unicode form are ignored"
                else:
                    seen[folded_name] = info.filename
            if reason is None:
                reason = entry_problem(info) or _size_problem(info, limits)
            if reason is None:
                accepted.append(info)
            else:
                rejected.append(Rejected(info.filename, reason))
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
                    raise MemberError("its data is cut short: the archive is truncated")
                remaining -= len(data)
                pieces = [data] if inflater is None else _inflate(inflater, data, chunk)
                for piece in pieces:
                    produced += len(piece)
                    if produced > info.file_size:
                        raise MemberError(
                            f"expands beyond its declared size of {info.file_size} bytes "
                            "(a zip bomb or a damaged archive)"
                        )
                    crc = zlib.crc32(piece, crc)
                    yield piece
            if inflater is not None and (not inflater.eof or inflater.unused_data):
                raise MemberError("its compressed data is damaged (the deflate stream is broken)")
        if produced != info.file_size:
            raise MemberError(f"holds {produced} bytes but declares {info.file_size}")
        if crc != info.CRC:
            raise MemberError("its content does not match its CRC-32: the archive is damaged")

    def read(self, member: Member, limit: int) -> bytes:
        if member.size > limit:
            raise MemberError(f"is {member.size} bytes; at most {limit} are allowed for this file")
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
        raise MemberError(f"its compressed data is damaged ({exc})") from None


def _size_problem(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    if info.file_size > limits.max_entry_size:
        return (
            f"declares {info.file_size} bytes uncompressed; one member may have at most "
            f"{limits.max_entry_size}"
        )
    if info.file_size > limits.ratio_floor:
        ratio = info.file_size / max(1, info.compress_size)
        if ratio > limits.max_ratio:
            return (
                f"would expand {ratio:.0f} times ({info.compress_size} to {info.file_size} bytes), "
                f"more than the {limits.max_ratio}x allowed: a zip bomb"
            )
    return None


def _check_local_header(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Compare the local header with the central directory; return where the data starts.
    (check_tiling has compared every entry's already; a member read again is compared again.)"""
    mismatched, start = local_header_mismatch(handle, info)
    if mismatched:
        raise MemberError(
            f"its local header disagrees with the central directory ({', '.join(mismatched)}): "
            "the archive was altered or damaged"
        )
    return start
