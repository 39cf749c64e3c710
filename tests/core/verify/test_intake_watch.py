"""`intake watch` takes a bundle only once it has stopped changing: a synced drive writes a file
in pieces, and a half-written zip must never be recorded as an arrival."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from hksh_packager.core.common.fingerprint import sha256_file
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.verify.ledger import Ledger
from hksh_packager.core.workflows.intake_watch import stable_files, watch
from tests.intake import KEYS, _pack


def test_a_file_is_ready_only_after_it_has_not_changed_for_the_settling_time(tmp_path: Path):
    drive = tmp_path / "drive"
    drive.mkdir()
    seen: dict = {}  # type: ignore[type-arg]
    part = drive / "t001.zip"
    part.write_bytes(b"PK\x03\x04" + b"x" * 100)
    assert stable_files([drive], seen, settle=5, now=100.0) == []
    assert stable_files([drive], seen, settle=5, now=103.0) == []
    with part.open("ab") as handle:  # more arrives: the wait starts again
        handle.write(b"y" * 100)
    assert stable_files([drive], seen, settle=5, now=104.0) == []
    assert stable_files([drive], seen, settle=5, now=108.0) == []
    assert stable_files([drive], seen, settle=5, now=109.5) == [part]
    (drive / ".hidden").mkdir()
    (drive / ".hidden" / "x.zip").write_bytes(b"PK")
    assert stable_files([drive], seen, settle=5, now=200.0) == [part]


def test_watch_records_a_bundle_written_in_pieces_once_whole(tmp_path: Path) -> None:
    drive, intake = tmp_path / "drive", tmp_path / "intake"
    drive.mkdir()
    bundle = _pack(tmp_path / "work", tmp_path / "t001.zip", "T001", "Map", KEYS["T001"],
                   1_690_000_000)  # fmt: skip
    data = bundle.read_bytes()
    cancel = CancelToken()
    scans: list[object] = []
    thread = threading.Thread(
        target=watch, args=([drive], intake), daemon=True,
        kwargs={"settle": 1.0, "cancel": cancel, "on_scan": scans.append},
    )  # fmt: skip
    thread.start()
    try:
        target = drive / "t001.zip"
        with target.open("wb") as handle:  # as a sync client writes it: in pieces
            for start in range(0, len(data), len(data) // 4 + 1):
                handle.write(data[start : start + len(data) // 4 + 1])
                handle.flush()
                time.sleep(0.4)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not scans:
            time.sleep(0.1)
    finally:
        cancel.cancel()
        thread.join(timeout=30)
    assert scans, "the watch never scanned"
    with Ledger(intake) as ledger:
        [arrival] = ledger.arrivals()
        assert arrival.sha256 == sha256_file(bundle)  # the whole file, never a part of it
        assert str(next(iter(ledger.reports().values())).verdict) == "valid-untrusted-key"
