"""Atomic file writes: a temp file in the same folder, flushed, fsynced, renamed over the target.

A crash or kill at any point leaves either the previous file or the complete new one at the path,
never a partial file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define

TEMP_SUFFIX = ".part"


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows has no folder handles to fsync.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _create_temp(folder: Path, name: str, private: bool) -> tuple[int, Path]:
    """A new file beside the target. Created with mode 0o666 (0o600 for secrets) so the system
    applies the umask itself: reading the umask would mean changing it, process-wide, for a moment
    in which another thread's new file could be created world-writable."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        # The writer's process id is in the name, so a later run knows whose part it is.
        tmp = folder / f".{name}.{os.getpid()}-{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            return os.open(tmp, flags, 0o600 if private else 0o666), tmp
        except FileExistsError:
            continue


def _writer_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap check: the age rule below decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


STALE_AFTER = 24 * 3600  # seconds; where a writer's liveness cannot be checked


def remove_stale_parts(target: Path) -> list[Path]:
    """Remove what killed writes to `target` left beside it: parts whose writer has ended (or, where
    that cannot be told, older than a day). A SIGKILL cannot be caught, so the next run cleans."""
    folder = Path(target).parent
    removed = []
    for part in folder.glob(f".{Path(target).name}.*{TEMP_SUFFIX}"):
        stem = part.name[len(Path(target).name) + 2 : -len(TEMP_SUFFIX)]
        pid_text = stem.split("-", 1)[0]
        try:
            age = time.time() - part.stat().st_mtime
        except OSError:
            continue
        dead = pid_text.isdigit() and not _writer_alive(int(pid_text))
        if dead or age > STALE_AFTER or not pid_text.isdigit():
            with contextlib.suppress(OSError):
                part.unlink()
                removed.append(part)
    return removed


# Windows refuses to replace a file another program holds open without sharing it for deletion
# (Excel with the CSV open, an antivirus or sync client reading it for a moment): the rename fails
# with "access denied" or a sharing violation. A scan ends in a moment, so the rename is tried
# again for a while; a program that keeps the file open is named as the reason.
REPLACE_TRIES = 20
REPLACE_PAUSE = 0.1  # seconds, doubled up to a second: about 12 seconds in all
HELD_OPEN = define(
    "file.held-open", "{file} cannot be replaced: another program has it open (a spreadsheet, "
    "a sync or antivirus tool). Close it there and try again"
)  # fmt: skip


OPEN_FILES_BLOCK_REPLACE = os.name == "nt"  # POSIX replaces a file whoever has it open


def _replace(source: Path, target: Path) -> None:
    pause = REPLACE_PAUSE
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            # Only a held file is worth waiting for: it exists, and this system lets an open
            # file block its replacement. A folder that refuses writes will not change its mind.
            held = OPEN_FILES_BLOCK_REPLACE and target.is_file()
            if not held:
                raise
            if attempt == REPLACE_TRIES - 1:
                break
            time.sleep(pause)
            pause = min(1.0, pause * 2)
    raise InputError(HELD_OPEN(file=str(target)), remedy=Remedy.FIX_FILE)


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: int | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces `path` only when the block finishes without error.

    `mode` sets the permission bits of the result (default: as any new file, under the umask);
    secrets pass 0o600, and their bytes are never readable by others, not even while written.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = _create_temp(folder, path.name, private=mode is not None and not mode & 0o077)
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_folder(folder)


def write_bytes_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    with atomic_writer(path, mode=mode) as handle:
        handle.write(data)


def write_text_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), mode=mode)
