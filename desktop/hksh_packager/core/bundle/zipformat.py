"""The zip file format's records (PKWARE APPNOTE), shared by the bundle writer and the reader of
untrusted bundles, so that both agree on every field."""

from __future__ import annotations

import struct
import time
import zipfile
from collections.abc import Iterator

LOCAL = struct.Struct("<IHHHHHIIIHH")  # local file header
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # central directory header
END = struct.Struct("<IHHHHIIH")  # end of central directory
END64 = struct.Struct("<IQHHIIQQQQ")  # ZIP64 end of central directory
LOCATOR64 = struct.Struct("<IIQI")  # ZIP64 end of central directory locator

LOCAL_SIG = 0x04034B50
CENTRAL_SIG = 0x02014B50
END_SIG = 0x06054B50
END64_SIG = 0x06064B50
LOCATOR64_SIG = 0x07064B50

ZIP64_EXTRA = 0x0001  # the extra field holding 64-bit sizes and offsets
MAX16 = 0xFFFF
MAX32 = 0xFFFFFFFF
UTF8_FLAG = 0x800  # general purpose bit 11: the name is UTF-8
DATA_DESCRIPTOR_FLAG = 0x8  # general purpose bit 3: CRC and sizes follow the data
ENCRYPTED_FLAG = 0x1


def signature_bytes(signature: int) -> bytes:
    return struct.pack("<I", signature)


def dos_datetime(epoch: int) -> tuple[int, int]:
    """(time, date) in MS-DOS form, UTC, clamped to the range zip can hold (1980-2107)."""
    year, month, day, hour, minute, second = time.gmtime(epoch)[:6]
    if year < 1980:
        year, month, day, hour, minute, second = 1980, 1, 1, 0, 0, 0
    elif year > 2107:
        year, month, day, hour, minute, second = 2107, 12, 31, 23, 59, 58
    return dos_fields(year, month, day, hour, minute, second)


def dos_fields(
    year: int, month: int, day: int, hour: int, minute: int, second: int
) -> tuple[int, int]:
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def raw_name(info: zipfile.ZipInfo) -> bytes:
    """An entry's name as its headers store it (zipfile's `filename` is cut at a NUL)."""
    return info.orig_filename.encode("utf-8" if info.flag_bits & UTF8_FLAG else "cp437")


def extra_fields(extra: bytes) -> Iterator[tuple[int, bytes]]:
    """(tag, data) of each field in an extra block, stopping at a field that runs past its end."""
    at = 0
    while at + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, at)
        if at + 4 + size > len(extra):
            return
        yield tag, extra[at + 4 : at + 4 + size]
        at += 4 + size
