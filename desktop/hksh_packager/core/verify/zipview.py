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
- No data descriptors (sizes and CRC live in the headers, where every reader looks), no Unicode
  path or comment extra fields (unzip would use a name other than the one checked), no directory
  entries with data, no link, device or pipe type bits whatever system the entry says made it.
"""

from __future__ import annotations

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
    extra_fields,
    raw_name,
)
from hksh_packager.core.common.errors import ArchiveError

UNICODE_PATH_EXTRA = 0x7075
UNICODE_COMMENT_EXTRA = 0x6375
FILE_TYPE_MASK = 0o170000
REGULAR, DIRECTORY = 0o100000, 0o040000


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
    return None


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
