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
from hksh_packager.core.common.messages import Message, define

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

# What is wrong with the archive as a whole: said of the bundle, whose name is shown before it.
TOO_SHORT = define("archive.too-short", "is too short to be a zip archive")
NOT_AT_END = define(
    "archive.not-at-end", "does not end with its end-of-central-directory record (a zip comment or "
    "bytes appended after the archive); a bundle ends exactly where pack wrote it"
)  # fmt: skip
SEVERAL_DISKS = define(
    "archive.several-disks", "claims to span several disks; a bundle is one file"
)
NO_ZIP64_END = define("archive.no-zip64-end", "marks ZIP64 sizes but has no ZIP64 end record")
BAD_LOCATOR = define(
    "archive.zip64-locator",
    "has a ZIP64 locator that does not point at a ZIP64 end record just before it",
)
BAD_ZIP64_END = define("archive.zip64-damaged", "has a damaged ZIP64 end record")
ENDS_DISAGREE = define(
    "archive.ends-disagree", "has two end records that disagree on the {what} ({classic} and "
    "{wide}): readers would list different members"
)  # fmt: skip
END_FIELDS = {
    "entries": define("archive.field-entry-count", "entry count"),
    "size": define("archive.field-directory-size", "central directory size"),
    "offset": define("archive.field-directory-offset", "central directory offset"),
}
BYTES_BEFORE_END = define(
    "archive.bytes-before-end", "has bytes between its central directory and its end record (a "
    "second end record, or data prepended to the archive); a bundle has neither"
)  # fmt: skip
COUNT_DIFFERS = define(
    "archive.count-differs",
    "says it holds {declared} entries but its central directory lists {listed}",
)
HIDDEN_FIRST = define(
    "archive.hidden-before-first", "has {count} bytes before its first member that no listed "
    "member covers (a hidden or prepended entry)"
)  # fmt: skip
HIDDEN_BEFORE = define(
    "archive.hidden-before", "has {count} bytes before {member} that no listed member covers (a "
    "hidden or prepended entry)"
)  # fmt: skip
OVERLAP = define("archive.overlap", "has members that overlap at {member}")
NO_LOCAL_HEADER = define(
    "archive.no-local-header", "has no local header where the central directory puts {member}"
)
LOCAL_UNICODE = define(
    "archive.local-unicode", "{member}: its local header carries a Unicode path or comment field "
    "that its central directory entry does not"
)  # fmt: skip
LOCAL_NAME = define("archive.local-name", "{member}: its local header gives another name")
LOCAL_DISAGREES = define(
    "archive.local-disagrees", "{member}: its local header disagrees with its central directory "
    "entry ({fields}); readers that follow local headers would extract something else"
)  # fmt: skip
HIDDEN_AFTER = define(
    "archive.hidden-after", "has {count} bytes after its last member that no listed member covers "
    "(a hidden entry)"
)  # fmt: skip
INTO_DIRECTORY = define("archive.into-directory", "has a member running into its central directory")
TRUNCATED = define("archive.truncated", "is truncated")
DATA_DESCRIPTOR = define(
    "archive.data-descriptor",
    "{member} uses a data descriptor; bundles keep sizes and CRC in the headers",
)

# Why one entry is refused: said of the entry, whose name is shown before it.
UNICODE_FIELD = define(
    "entry.unicode-field", "carries a Unicode path or comment field, which some readers use instead"
)
SPECIAL_TYPE = define(
    "entry.special-type", "is marked as a link, device or pipe, not a regular file"
)
FOLDER_DATA = define("entry.folder-data", "is a folder entry that carries data")
PERMISSIONS = define(
    "entry.permissions",
    "asks for file permissions {mode} (set-id, sticky or writable by anyone)",
)
VERSION_NEEDED = define(
    "entry.version", "needs zip version {version} to extract; some readers skip such an entry "
    "(bundles need 2.0 or 4.5)"
)  # fmt: skip
FLAGS = define(
    "entry.flags", "carries zip flags {flags} (patch data or strong encryption); some readers skip "
    "such an entry"
)  # fmt: skip

# The fields of a local header that can disagree with the central directory.
HEADER_FIELDS = {
    "missing": define("zip-field.local-header-missing", "local header missing"),
    "name": define("zip-field.name", "name"),
    "version": define("zip-field.version", "version"),
    "flags": define("zip-field.flags", "flags"),
    "method": define("zip-field.method", "compression method"),
    "time": define("zip-field.time", "time"),
    "sizes": define("zip-field.sizes", "CRC or sizes"),
}


@dataclass(frozen=True)
class EndRecord:
    entries: int
    cd_size: int
    cd_offset: int
    cd_end: int  # where the central directory must end: the ZIP64 end record, else the classic


def read_end_record(handle: BinaryIO, file_size: int) -> EndRecord:
    """The end record, which must close the file; ArchiveError otherwise."""
    if file_size < END.size:
        raise ArchiveError(TOO_SHORT())
    handle.seek(file_size - END.size)
    (sig, disk, cd_disk, disk_entries, entries, cd_size, cd_offset, comment) = END.unpack(
        handle.read(END.size)
    )
    if sig != END_SIG or comment:
        raise ArchiveError(NOT_AT_END())
    if disk or cd_disk or disk_entries != entries:
        raise ArchiveError(SEVERAL_DISKS())
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
            raise ArchiveError(NO_ZIP64_END())
        return _directly_before(EndRecord(entries, cd_size, cd_offset, end_at))
    _, locator_disk, record_at, disks = locator
    record_end = record_at + END64.size
    if locator_disk or disks != 1 or record_end != locator_at:
        raise ArchiveError(BAD_LOCATOR())
    handle.seek(record_at)
    record = END64.unpack(handle.read(END64.size))
    (sig64, size64, _, _, disk64, cd_disk64, disk_entries64, entries64, cd_size64, cd_offset64) = (
        record
    )
    if sig64 != END64_SIG or size64 != END64.size - 12 or disk64 or cd_disk64:
        raise ArchiveError(BAD_ZIP64_END())
    for classic, wide, what in (
        (entries, entries64, "entries"),
        (cd_size, cd_size64, "size"),
        (cd_offset, cd_offset64, "offset"),
    ):
        marker = MAX16 if what == "entries" else MAX32
        if classic != marker and classic != wide:
            raise ArchiveError(ENDS_DISAGREE(what=END_FIELDS[what](), classic=classic, wide=wide))
    if disk_entries64 != entries64:
        raise ArchiveError(SEVERAL_DISKS())
    return _directly_before(EndRecord(entries64, cd_size64, cd_offset64, record_at))


def _directly_before(end: EndRecord) -> EndRecord:
    """The central directory ends where the end records begin: nothing between them."""
    if end.cd_offset + end.cd_size != end.cd_end:
        raise ArchiveError(BYTES_BEFORE_END())
    return end


def _extra_ids(extra: bytes) -> list[int]:
    return [tag for tag, _ in extra_fields(extra)]


def entry_problem(info: zipfile.ZipInfo) -> Message | None:
    """Why a central directory entry would be read differently by another reader, or None."""
    if {UNICODE_PATH_EXTRA, UNICODE_COMMENT_EXTRA} & set(_extra_ids(info.extra)):
        return UNICODE_FIELD()
    kind = (info.external_attr >> 16) & FILE_TYPE_MASK
    if kind not in (0, REGULAR, DIRECTORY):
        return SPECIAL_TYPE()
    if info.filename.endswith("/") and (info.file_size or info.compress_size):
        return FOLDER_DATA()
    mode = (info.external_attr >> 16) & 0o7777
    if mode & 0o7002:
        # unzip restores permissions from an entry that is not signed: set-user-id, set-group-id
        # and sticky bits, or a file anyone may write.
        return PERMISSIONS(mode=f"{mode:04o}")
    if info.extract_version not in VERSIONS:
        return VERSION_NEEDED(version=f"{info.extract_version // 10}.{info.extract_version % 10}")
    if info.flag_bits & ~ALLOWED_FLAGS:
        return FLAGS(flags=f"{info.flag_bits:#06x}")
    return None


def local_header_mismatch(handle: BinaryIO, info: zipfile.ZipInfo) -> tuple[list[Message], int]:
    """The fields in which the local header at `info.header_offset` differs from the central
    record (empty when it agrees), and where the entry's data starts."""
    handle.seek(info.header_offset)
    raw = handle.read(LOCAL.size)
    if len(raw) != LOCAL.size or LOCAL.unpack(raw)[0] != LOCAL_SIG:
        return [HEADER_FIELDS["missing"]()], info.header_offset
    (_, version, flags, method, dostime, dosdate, crc, csize, usize, nlen, xlen) = LOCAL.unpack(raw)
    name = handle.read(nlen)
    extra = handle.read(xlen)
    mismatched: list[Message] = []
    if name != raw_name(info):
        mismatched.append(HEADER_FIELDS["name"]())
    if version != info.extract_version:
        mismatched.append(HEADER_FIELDS["version"]())
    if flags != info.flag_bits:
        mismatched.append(HEADER_FIELDS["flags"]())
    if method != info.compress_type:
        mismatched.append(HEADER_FIELDS["method"]())
    if (dostime, dosdate) != dos_fields(*info.date_time):
        mismatched.append(HEADER_FIELDS["time"]())
    if not flags & DATA_DESCRIPTOR_FLAG:  # with a descriptor the header's CRC and sizes are 0
        if csize == MAX32 or usize == MAX32:
            usize, csize = _local_zip64_sizes(extra, usize, csize)
        if (crc, csize, usize) != (info.CRC, info.compress_size, info.file_size):
            mismatched.append(HEADER_FIELDS["sizes"]())
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
        raise ArchiveError(COUNT_DIFFERS(declared=end.entries, listed=len(infos)))
    position = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != position:
            hidden = info.header_offset - position
            if hidden < 0:
                raise ArchiveError(OVERLAP(member=info.filename))
            if position == 0:
                raise ArchiveError(HIDDEN_FIRST(count=hidden))
            raise ArchiveError(HIDDEN_BEFORE(count=hidden, member=info.filename))
        handle.seek(info.header_offset)
        header = handle.read(LOCAL.size)
        if len(header) != LOCAL.size or LOCAL.unpack(header)[0] != LOCAL_SIG:
            raise ArchiveError(NO_LOCAL_HEADER(member=info.filename))
        name_length, extra_length = LOCAL.unpack(header)[9:11]
        handle.seek(info.header_offset + LOCAL.size + name_length)
        local_extra = handle.read(extra_length)
        unicode_fields = {UNICODE_PATH_EXTRA, UNICODE_COMMENT_EXTRA}
        if unicode_fields & set(_extra_ids(local_extra)) - set(_extra_ids(info.extra)):
            raise ArchiveError(LOCAL_UNICODE(member=info.filename))
        if name_length != len(raw_name(info)):
            raise ArchiveError(LOCAL_NAME(member=info.filename))
        mismatched, _ = local_header_mismatch(handle, info)
        if mismatched:
            raise ArchiveError(LOCAL_DISAGREES(member=info.filename, fields=mismatched))
        position = info.header_offset + LOCAL.size + name_length + extra_length + info.compress_size
    if position != end.cd_offset:
        raise ArchiveError(
            HIDDEN_AFTER(count=end.cd_offset - position)
            if end.cd_offset > position
            else INTO_DIRECTORY()
        )
    if end.cd_end > file_size:
        raise ArchiveError(TRUNCATED())


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
            raise ArchiveError(DATA_DESCRIPTOR(member=info.filename))
    with Path(path).open("rb") as handle:
        check_tiling(handle, infos, end, file_size)
