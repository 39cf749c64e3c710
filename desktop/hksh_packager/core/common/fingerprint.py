"""What a file's bytes were when it was checked: its SHA-256, size and modification time.

The digest proves the bytes (packing refuses a dataset whose bytes differ from the validated ones);
size and modification time are a cheap first look for "changed since checked" in a live view.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from hksh_packager.core.common.errors import DatasetChanged
from hksh_packager.core.common.progress import CancelToken

BLOCK = 1 << 20


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    mtime_ns: int

    def looks_unchanged(self, path: Path) -> bool:
        """Size and modification time still match (cheap; the digest is the proof)."""
        try:
            info = os.stat(path)
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == (self.size, self.mtime_ns)


def sha256_file(path: Path, cancel: CancelToken | None = None) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(BLOCK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            digest.update(block)
    return digest.hexdigest()


class FingerprintWhileReading:
    """Hash a file on a thread of its own while the caller reads it (hashing releases the GIL), and
    make sure it did not change in the meantime.

    with FingerprintWhileReading(path, cancel) as running:
        ... read and check the file ...
    running.result()  # the Fingerprint, or DatasetChanged if the file changed meanwhile
    """

    def __init__(self, path: Path, cancel: CancelToken) -> None:
        self._path = Path(path)
        self._cancel = cancel
        self._future: Future[str] = Future()
        self._before = os.stat(self._path)

    def __enter__(self) -> FingerprintWhileReading:
        threading.Thread(target=self._run, name="fingerprint", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            self._future.set_result(sha256_file(self._path, self._cancel))
        except BaseException as exc:  # handed to result()
            self._future.set_exception(exc)

    def __exit__(self, *exc: object) -> None:
        self._future.exception()  # wait for the hash to finish, whatever happened

    def result(self) -> Fingerprint:
        digest = self._future.result()
        after = os.stat(self._path)
        before = self._before
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            raise DatasetChanged(str(self._path), while_checking=True)
        return Fingerprint(digest, before.st_size, before.st_mtime_ns)
