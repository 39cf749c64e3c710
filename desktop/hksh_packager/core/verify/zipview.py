"""One view of an archive: a bundle that some common zip reader (Info-ZIP unzip, Python's zipfile,
libarchive, 7-Zip, a reader that streams local headers from the start) would read differently
from the verifier is refused.

The rules, each closing a way two readers disagree:
- The end-of-central-directory record is the file's last 22 bytes: no archive comment, nothing
  appended (a second end record could hide there), and its disk numbers are 0.
- A ZIP64 end record, when there is one, agrees with the classic record; the entry count they give
  is the central directory's.
- Members tile the file: the first local header at byte 0 (nothing prepended), each member's
  header and data followed directly by the next, the last followed directly by the central
  directory. A stream reader, which walks local headers, then sees exactly the listed members.
- Every entry's local header, folders' included, equals its central record: name bytes, version,
  flags, method, time, CRC and sizes. (libarchive, and every stream reader, takes the local
  header's name: a folder entry whose local header named a file made bsdtar write that file.)
- No data descriptors (sizes and CRC live in the headers, where every reader looks), no Unicode
  path or comment extra fields (unzip would use a name other than the one checked), no directory
  entries with data, no link, device or pipe type bits whatever system the entry says made it.
- Only the versions and flags zip writers use for plain entries: version needed 1.0, 2.0 or 4.5;
  flags for deflate's level and UTF-8 names only (unzip refuses 6.3 and skips an entry flagged as
  patch data or strong encryption, and Python's zipfile refuses them: the checked file would be
  missing from what they extract).
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from hksh_packager.core.bundle.zipformat import (
    DATA_DESCRIPTOR_FLAG,
    END,
    END64,
    END64_SIG,
    END_SIG,
    LOCAL,
    LOCAL_SIG,
    LOCATOR64,
    LOCATOR64_SIG,
    MAX16,
    MAX32,
    ZIP64_EXTRA,
    dos_fields,
    extra_fields,
    raw_name,
)
from hksh_packager.core.common.errors import ArchiveError

UNICODE_PATH_EXTRA = 0x7075
UNICODE_COMMENT_EXTRA = 0x6375
FILE_TYPE_MASK = 0o170000
REGULAR, DIRECTORY = 0o100000, 0o040000
# Version needed to extract: 1.0 (stored, folders), 2.0 (deflate), 4.5 (ZIP64). pack writes 2.0
# and 4.5; Info-ZIP and Python's zipfile write 1.0 and 2.0 as well.
VERSIONS = (10, 20, 45)
# General purpose flags a plain entry may carry: deflate's level (bits 1 and 2) and UTF-8 (11).
# Encryption (0) and data descriptors (3) have their own messages.
ALLOWED_FLAGS = 0x0806 | 0x0001 | 0x0008


@dataclass(frozen=True)
class EndRecord:
    entries: int
    cd_size: int
    cd_offset: int
    cd_end: int  # where the central directory must end: the ZIP64 end record, else the classic


def read_end_record(handle: BinaryIO, file_size: int) -> EndRecord:
    """The end record, which must close the file; ArchiveError otherwise."""
    if file_size < END.size:
        raise ArchiveError("is too short to be a zip archive")
    handle.seek(file_size - END.size)
    (sig, disk, cd_disk, disk_entries, entries, cd_size, cd_offset, comment) = END.unpack(
        handle.read(END.size)
    )
    if sig != END_SIG or comment:
        raise ArchiveError(
            "does not end with its end-of-central-directory record (a zip comment or bytes "
            "appended after the archive); a bundle ends exactly where pack wrote it"
        )
    if disk or cd_disk or disk_entries != entries:
        raise ArchiveError("claims to span several disks; a bundle is one file")
    end_at = file_size - END.size
    locator_at = end_at - LOCATOR64.size
    has_locator = False
    if locator_at >= 0:
        handle.seek(locator_at)
        locator = LOCATOR64.unpack(handle.read(LOCATOR64.size))
        has_locator = locator[0] == LOCATOR64_SIG
    needs_zip64 = MAX16 in (entries,) or MAX32 in (cd_size, cd_offset)
    if not has_locator:
        if needs_zip64:
            raise ArchiveError("marks ZIP64 sizes but has no ZIP64 end record")
        return _directly_before(EndRecord(entries, cd_size, cd_offset, end_at))
    _, locator_disk, record_at, disks = locator
    record_end = record_at + END64.size
    if locator_disk or disks != 1 or record_end != locator_at:
        raise ArchiveError(
            "has a ZIP64 locator that does not point at a ZIP64 end record just before it"
        )
    handle.seek(record_at)
    record = END64.unpack(handle.read(END64.size))
    (sig64, size64, _, _, disk64, cd_disk64, disk_entries64, entries64, cd_size64, cd_offset64) = (
        record
    )
    if sig64 != END64_SIG or size64 != END64.size - 12 or disk64 or cd_disk64:
        raise ArchiveError("has a damaged ZIP64 end record")
    for classic, wide, what in (
        (entries, entries64, "entry count"),
        (cd_size, cd_size64, "central directory size"),
        (cd_offset, cd_offset64, "central directory offset"),
    ):
        marker = MAX16 if what == "entry count" else MAX32
        if classic != marker and classic != wide:
            raise ArchiveError(
                f"has two end records that disagree on the {what} ({classic} and {wide}): "
                "readers would list different members"
            )
    if disk_entries64 != entries64:
        raise ArchiveError("claims to span several disks; a bundle is one file")
    return _directly_before(EndRecord(entries64, cd_size64, cd_offset64, record_at))


def _directly_before(end: EndRecord) -> EndRecord:
    """The central directory ends where the end records begin: nothing between them."""
    if end.cd_offset + end.cd_size != end.cd_end:
        raise ArchiveError(
            "has bytes between its central directory and its end record (a second end record, "
            "or data prepended to the archive); a bundle has neither"
        )
    return end


def _extra_ids(extra: bytes) -> list[int]:
    return [tag for tag, _ in extra_fields(extra)]


def entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a central directory entry would be read differently by another reader, or None."""
    if {UNICODE_PATH_EXTRA, UNICODE_COMMENT_EXTRA} & set(_extra_ids(info.extra)):
        return "carries a Unicode path or comment field, which some readers use instead"
    kind = (info.external_attr >> 16) & FILE_TYPE_MASK
    if kind not in (0, REGULAR, DIRECTORY):
        return "is marked as a link, device or pipe, not a regular file"
    if info.filename.endswith("/") and (info.file_size or info.compress_size):
        return "is a folder entry that carries data"
    mode = (info.external_attr >> 16) & 0o7777
    if mode & 0o7002:
        # unzip restores permissions from an entry that is not signed: set-user-id, set-group-id
        # and sticky bits, or a file anyone may write.
        return f"asks for file permissions {mode:04o} (set-id, sticky or writable by anyone)"
    if info.extract_version not in VERSIONS:
        return (
            f"needs zip version {info.extract_version // 10}.{info.extract_version % 10} to "
            "extract; some readers skip such an entry (bundles need 2.0 or 4.5)"
        )
    if info.flag_bits & ~ALLOWED_FLAGS:
        return (
            f"carries zip flags {info.flag_bits:#06x} (patch data or strong encryption); some "
            "readers skip such an entry"
        )
    return None


def local_header_mismatch(handle: BinaryIO, info: zipfile.ZipInfo) -> tuple[list[str], int]:
    """The fields in which the local header at `info.header_offset` differs from the central
    record (empty when it agrees), and where the entry's data starts."""
    handle.seek(info.header_offset)
    raw = handle.read(LOCAL.size)
    if len(raw) != LOCAL.size or LOCAL.unpack(raw)[0] != LOCAL_SIG:
        return ["local header missing"], info.header_offset
    (_, version, flags, method, dostime, dosdate, crc, csize, usize, nlen, xlen) = LOCAL.unpack(raw)
    name = handle.read(nlen)
    extra = handle.read(xlen)
    mismatched = []
    if name != raw_name(info):
        mismatched.append("name")
    if version != info.extract_version:
        mismatched.append("version")
    if flags != info.flag_bits:
        mismatched.append("flags")
    if method != info.compress_type:
        mismatched.append("compression method")
    if (dostime, dosdate) != dos_fields(*info.date_time):
        mismatched.append("time")
    if not flags & DATA_DESCRIPTOR_FLAG:  # with a descriptor the header's CRC and sizes are 0
        if csize == MAX32 or usize == MAX32:
            usize, csize = _local_zip64_sizes(extra, usize, csize)
        if (crc, csize, usize) != (info.CRC, info.compress_size, info.file_size):
            mismatched.append("CRC or sizes")
    return mismatched, info.header_offset + LOCAL.size + nlen + xlen


def _local_zip64_sizes(extra: bytes, usize: int, csize: int) -> tuple[int, int]:
    for tag, values in extra_fields(extra):
        if tag == ZIP64_EXTRA:
            fields = [struct.unpack_from("<Q", values, i)[0] for i in range(0, len(values) - 7, 8)]
            if usize == MAX32 and fields:
                usize = fields.pop(0)
            if csize == MAX32 and fields:
                csize = fields.pop(0)
            break
    return usize, csize


def check_tiling(
    handle: BinaryIO, infos: list[zipfile.ZipInfo], end: EndRecord, file_size: int
) -> None:
    """Members must fill the file from byte 0 to the central directory, with nothing between."""
    if end.entries != len(infos):
        raise ArchiveError(
            f"says it holds {end.entries} entries but its central directory lists {len(infos)}"
        )
    position = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != position:
            where = "before its first member" if position == 0 else f"before {info.filename}"
            raise ArchiveError(
                f"has {info.header_offset - position} bytes {where} that no listed member covers "
                "(a hidden or prepended entry)"
                if info.header_offset > position
                else f"has members that overlap at {info.filename}"
            )
        handle.seek(info.header_offset)
        header = handle.read(LOCAL.size)
        if len(header) != LOCAL.size or LOCAL.unpack(header)[0] != LOCAL_SIG:
            raise ArchiveError(
                f"has no local header where the central directory puts {info.filename}"
            )
        name_length, extra_length = LOCAL.unpack(header)[9:11]
        handle.seek(info.header_offset + LOCAL.size + name_length)
        local_extra = handle.read(extra_length)
        unicode_fields = {UNICODE_PATH_EXTRA, UNICODE_COMMENT_EXTRA}
        if unicode_fields & set(_extra_ids(local_extra)) - set(_extra_ids(info.extra)):
            raise ArchiveError(
                f"{info.filename}: its local header carries a Unicode path or comment field that "
                "its central directory entry does not"
            )
        if name_length != len(raw_name(info)):
            raise ArchiveError(f"{info.filename}: its local header gives another name")
        mismatched, _ = local_header_mismatch(handle, info)
        if mismatched:
            raise ArchiveError(
                f"{info.filename}: its local header disagrees with its central directory entry "
                f"({', '.join(mismatched)}); readers that follow local headers would extract "
                "something else"
            )
        position = info.header_offset + LOCAL.size + name_length + extra_length + info.compress_size
    if position != end.cd_offset:
        raise ArchiveError(
            f"has {end.cd_offset - position} bytes after its last member that no listed member "
            "covers (a hidden entry)"
            if end.cd_offset > position
            else "has a member running into its central directory"
        )
    if end.cd_end > file_size:
        raise ArchiveError("is truncated")


def check_end(path: Path, file_size: int) -> EndRecord:
    """The end record, checked before any zip reader parses the file."""
    with Path(path).open("rb") as handle:
        return read_end_record(handle, file_size)


def check_single_view(
    path: Path, infos: list[zipfile.ZipInfo], end: EndRecord, file_size: int
) -> None:
    """Raise ArchiveError when another common reader could see other members than `infos`."""
    for info in infos:
        if info.flag_bits & DATA_DESCRIPTOR_FLAG:
            raise ArchiveError(
                f"{info.filename} uses a data descriptor; bundles keep sizes and CRC in the headers"
            )
    with Path(path).open("rb") as handle:
        check_tiling(handle, infos, end, file_size)
