"""Work run in another process: its result, its error, its progress, and a cancel that stops it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import psutil
import pytest

from hksh_packager.core.common.errors import Cancelled, InputError
from hksh_packager.core.common.isolated import run_in_process
from hksh_packager.core.common.progress import CancelToken, Progress, Unit


def _count(limit: int, *, progress, cancel) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    for done in range(1, limit + 1):
        cancel.raise_if_cancelled()
        progress(Progress("counting", done, limit, Unit.ITEMS))
        time.sleep(0.01)
    return limit, os.getpid()


def _refuse(*, progress, cancel) -> None:  # type: ignore[no-untyped-def]
    raise InputError("data.csv: row 3 is not valid UTF-8; set the encoding")


def _work_until_stopped(marker: Path, *, progress, cancel) -> None:  # type: ignore[no-untyped-def]
    marker.with_suffix(".new").write_text(str(os.getpid()))
    marker.with_suffix(".new").replace(marker)  # whole, or not yet there
    time.sleep(120)


def test_the_result_comes_back_from_another_process_with_its_progress() -> None:
    seen: list[Progress] = []
    count, pid = run_in_process(_count, 20, progress=seen.append)
    assert count == 20 and pid != os.getpid()
    assert seen and seen[-1].done == 20  # the finishing report always comes through


def test_an_error_in_the_worker_is_raised_here_as_it_was() -> None:
    with pytest.raises(InputError, match="row 3 is not valid UTF-8"):
        run_in_process(_refuse)


def test_cancel_stops_the_worker_and_raises_cancelled_at_once() -> None:
    cancel = CancelToken()
    seen: list[Progress] = []

    def report(progress: Progress) -> None:
        seen.append(progress)
        cancel.cancel()  # as a user presses Cancel on the first report

    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_in_process(_count, 10_000, progress=report, cancel=cancel)
    assert time.monotonic() - started < 30  # not the 100 s the work would take


def test_what_the_caller_does_meanwhile_runs_beside_the_worker_and_its_error_is_raised(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "worker.pid"

    def meanwhile() -> None:  # as the caller checks the schema while the worker reads
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise InputError("schema s.json: invalid JSON Schema at /properties/a/type")

    started = time.monotonic()
    with pytest.raises(InputError, match="invalid JSON Schema"):
        run_in_process(_work_until_stopped, marker, meanwhile=meanwhile)
    assert time.monotonic() - started < 60  # the worker was running beside it, and is stopped
    assert not psutil.pid_exists(int(marker.read_text()))
    count, _ = run_in_process(_count, 3, meanwhile=lambda: None)  # when it passes, the result
    assert count == 3
