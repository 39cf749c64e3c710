"""A bundle's materials are read in their own process while its datasets are checked: whatever
stops the datasets' check, or the wait for the reading, stops the reading too, at once, and its
extracted files go."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.verify import material_checks, verifier


class SlowReading:
    """Stands for the reader of a long video: it takes 30 s unless told to stop."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.stopped = False

    def __call__(self, paths: Sequence[Path], budget: Budget, cancel: CancelToken) -> Any:
        self.paths = list(paths)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            if cancel.cancelled:
                self.stopped = True
                cancel.raise_if_cancelled()
            time.sleep(0.02)
        raise AssertionError("the reading was never told to stop")


@pytest.fixture
def reading(monkeypatch: pytest.MonkeyPatch) -> SlowReading:
    slow = SlowReading()
    monkeypatch.setattr(material_checks, "inspect_materials", slow)
    return slow


def test_a_failing_datasets_check_stops_the_reading(
    sample_bundle: Path, reading: SlowReading, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> list[object]:
        raise RuntimeError("the datasets' check failed")

    monkeypatch.setattr(verifier, "check_datasets", fail)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="datasets' check failed"):
        verifier.verify_bundle(sample_bundle)
    assert time.monotonic() - started < 10 and reading.stopped
    assert reading.paths and not any(p.exists() for p in reading.paths)


def test_ctrl_c_while_waiting_for_the_reading_stops_it(
    sample_bundle: Path, reading: SlowReading, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verifier, "check_datasets", lambda *args: [])  # done at once
    # Ctrl+C once the datasets are done, while the materials are still being read.
    interrupt = threading.Timer(1.0, os.kill, args=(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    interrupt.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            verifier.verify_bundle(sample_bundle)
    finally:
        interrupt.cancel()
    assert time.monotonic() - started < 10 and reading.stopped
    assert reading.paths and not any(p.exists() for p in reading.paths)
