"""A zip writer whose bytes depend only on its inputs, deflating blocks on all cores.

Fixed times, modes and versions, entries in the order added (the caller sorts), no extra fields but
ZIP64 where sizes need it. Member data is read and hashed (SHA-256 and CRC-32) in the calling thread
while worker threads deflate blocks; output is written strictly in order, so memory holds only the
blocks in flight, whatever the file sizes.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from zlib_ng import zlib_ng

from hksh_packager.core.bundle.compression import STORED, WINDOW, choose_method, deflate_block
from hksh_packager.core.bundle.zipformat import (
    CENTRAL,
    CENTRAL_SIG,
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
    UTF8_FLAG,
    dos_datetime,
)
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define

BLOCK_SIZE = 1 << 20
# Sizes, offsets and counts from here on need ZIP64 fields in the central directory.
CENTRAL_LIMIT = MAX32
# Above this size a member gets a ZIP64 local header: deflate's worst case stays under 4 GiB - 1.
ZIP64_THRESHOLD = 0xF0000000
UNIX_FILE_MODE = 0o100644 << 16
MADE_BY_UNIX = 3 << 8


CHANGED = define(
    "pack.changed", "{file} changed while it was being packed ({listed} bytes listed, {read} "
    "read); close the program writing it and pack again"
)  # fmt: skip
GREW = define("pack.grew", "{file} grew past 4 GiB while it was being packed; pack it again")


@dataclass
class _Member:
    name: bytes
    flags: int
    method: int
    zip64: bool
    crc: int = 0
    size: int = 0
    compressed: int = 0
    offset: int = 0
    far: bool = False  # starts beyond 4 GiB: its central entry needs a ZIP64 offset

    @property
    def version(self) -> int:
        return 45 if self.zip64 or self.far else 20


@dataclass(frozen=True)
class MemberDigest:
    sha256: str
    size: int


@dataclass
class _Pipeline:
    """Work queued for the output, in order: ("start", m), ("data", bytes | Future), ("end", m)."""

    ops: deque[tuple[str, _Member | bytes | Future[bytes]]] = field(default_factory=deque)
    blocks_in_flight: int = 0


class DeterministicZipWriter:
    def __init__(
        self,
        out: BinaryIO,
        *,
        epoch: int,
        level: int = 6,
        workers: int | None = None,
        block_size: int = BLOCK_SIZE,
    ) -> None:
        self._out = out
        self._time, self._date = dos_datetime(epoch)
        self._level = level
        self._block_size = block_size
        self._workers = workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="deflate")
        self._max_in_flight = 2 * self._workers + 2
        self._pipe = _Pipeline()
        self._members: list[_Member] = []
        self._last_name: str | None = None
        self._writing: _Member | None = None

    # -- adding members -------------------------------------------------------------------------
    def _start(self, name: str, method: int, size_hint: int) -> _Member:
        if self._last_name is not None and name <= self._last_name:
            raise ValueError(f"zip members must be added in sorted order: {name!r}")
        self._last_name = name
        encoded = name.encode("utf-8")
        flags = UTF8_FLAG if not name.isascii() else 0
        member = _Member(encoded, flags, method, zip64=size_hint > ZIP64_THRESHOLD)
        self._members.append(member)
        self._queue("start", member)
        return member

    def add_bytes(self, name: str, data: bytes) -> MemberDigest:
        member = self._start(name, choose_method(name, data), len(data))
        self._feed(member, [data])
        return MemberDigest(hashlib.sha256(data).hexdigest(), len(data))

    def add_file(
        self,
        name: str,
        path: Path,
        expected_size: int,
        on_read: Callable[[int], None] | None = None,
    ) -> MemberDigest:
        """Stream `path` in; raise InputError if it changed size since it was listed."""
        sha = hashlib.sha256()
        total = 0

        def blocks() -> Iterator[bytes]:
            nonlocal total
            with path.open("rb") as handle:
                while block := handle.read(self._block_size):
                    sha.update(block)
                    total += len(block)
                    if on_read:
                        on_read(len(block))
                    yield block

        reader = blocks()
        first = next(reader, b"")
        member = self._start(name, choose_method(name, first), expected_size)
        self._feed(member, _chain_first(first, reader))
        if total != expected_size:
            said = CHANGED(file=str(path), listed=expected_size, read=total)
            raise InputError(said, remedy=Remedy.FIX_FILE)
        return MemberDigest(sha.hexdigest(), total)

    def _feed(self, member: _Member, blocks: Iterable[bytes]) -> None:
        crc = 0
        size = 0
        primer = b""
        pending: bytes | None = None
        for block in blocks:
            if not block:
                continue
            if pending is not None:
                self._emit(member, pending, primer, last=False)
                primer = (
                    pending[-WINDOW:] if len(pending) >= WINDOW else (primer + pending)[-WINDOW:]
                )
            crc = zlib_ng.crc32(block, crc)  # the same CRC-32, four times as fast
            size += len(block)
            pending = block
        if pending is not None:
            self._emit(member, pending, primer, last=True)
        member.crc, member.size = crc, size
        if size > ZIP64_THRESHOLD and not member.zip64:
            raise InputError(GREW(file=member.name.decode()), remedy=Remedy.FIX_FILE)
        self._queue("end", member)

    def _emit(self, member: _Member, block: bytes, primer: bytes, *, last: bool) -> None:
        if member.method == STORED:
            self._queue("data", block)
        else:
            self._queue("data", self._pool.submit(deflate_block, block, primer, self._level, last))

    # -- the ordered output ---------------------------------------------------------------------
    def _queue(self, kind: str, item: _Member | bytes | Future[bytes]) -> None:
        self._pipe.ops.append((kind, item))
        if kind == "data":
            self._pipe.blocks_in_flight += 1
        while self._pipe.blocks_in_flight > self._max_in_flight:
            self._write_next()

    def _write_next(self) -> None:
        kind, item = self._pipe.ops.popleft()
        if isinstance(item, _Member):
            if kind == "start":
                self._write_local_header(item)
            else:
                self._patch_local_header(item)
            return
        data = item.result() if isinstance(item, Future) else item
        self._out.write(data)
        if self._writing is not None:  # always set: a member's "start" comes before its data
            self._writing.compressed += len(data)
        self._pipe.blocks_in_flight -= 1

    def _write_local_header(self, member: _Member) -> None:
        member.offset = self._out.tell()
        member.far = member.offset >= CENTRAL_LIMIT
        self._writing = member
        extra = struct.pack("<HHQQ", 1, 16, 0, 0) if member.zip64 else b""
        self._out.write(
            LOCAL.pack(
                LOCAL_SIG,
                member.version,
                member.flags,
                member.method,
                self._time,
                self._date,
                0,
                0,
                0,
                len(member.name),
                len(extra),
            )
            + member.name
            + extra
        )

    def _patch_local_header(self, member: _Member) -> None:
        end = self._out.tell()
        if member.zip64:
            self._out.seek(member.offset + 14)
            self._out.write(struct.pack("<III", member.crc, MAX32, MAX32))
            self._out.seek(member.offset + LOCAL.size + len(member.name) + 4)
            self._out.write(struct.pack("<QQ", member.size, member.compressed))
        else:
            self._out.seek(member.offset + 14)
            self._out.write(struct.pack("<III", member.crc, member.compressed, member.size))
        self._out.seek(end)

    def close(self) -> None:
        try:
            while self._pipe.ops:
                self._write_next()
            self._write_central_directory()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _write_central_directory(self) -> None:
        start = self._out.tell()
        for member in self._members:
            extra_fields = []
            size, compressed, offset = member.size, member.compressed, member.offset
            if size >= CENTRAL_LIMIT:
                extra_fields.append(size)
                size = MAX32
            if compressed >= CENTRAL_LIMIT:
                extra_fields.append(compressed)
                compressed = MAX32
            if member.far:
                extra_fields.append(offset)
                offset = MAX32
            extra = (
                struct.pack(f"<HH{len(extra_fields)}Q", 1, 8 * len(extra_fields), *extra_fields)
                if extra_fields
                else b""
            )
            version = member.version  # the same as in the local header, which verifiers compare
            self._out.write(
                CENTRAL.pack(
                    CENTRAL_SIG,
                    MADE_BY_UNIX | version,
                    version,
                    member.flags,
                    member.method,
                    self._time,
                    self._date,
                    member.crc,
                    compressed,
                    size,
                    len(member.name),
                    len(extra),
                    0,
                    0,
                    0,
                    UNIX_FILE_MODE,
                    offset,
                )
                + member.name
                + extra
            )
        end = self._out.tell()
        count, cd_size = len(self._members), end - start
        if count >= min(MAX16, CENTRAL_LIMIT) or max(cd_size, start) >= CENTRAL_LIMIT:
            self._out.write(
                END64.pack(END64_SIG, 44, MADE_BY_UNIX | 45, 45, 0, 0, count, count, cd_size, start)
            )
            self._out.write(LOCATOR64.pack(LOCATOR64_SIG, 0, end, 1))
            self._out.write(END.pack(END_SIG, 0, 0, MAX16, MAX16, MAX32, MAX32, 0))
        else:
            self._out.write(END.pack(END_SIG, 0, 0, count, count, cd_size, start, 0))


def _chain_first(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest
