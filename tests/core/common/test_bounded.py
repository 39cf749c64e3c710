"""Files read under a budget: a reader that hangs, eats memory, crashes or starts another program
is stopped, with everything it started, and only its own file is marked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from hksh_packager.core.common.bounded import (
    Budget,
    Overrun,
    end_with_parent,
    run_each_bounded,
    start_reader,
    this_process,
)
from hksh_packager.core.common.errors import Cancelled
from hksh_packager.core.common.progress import CancelToken

BUDGET = Budget(seconds=2.0, memory_bytes=1 << 30)


# The readers below run in a child process: module-level, so it can find them by name.
def read(item: str) -> str:
    """Each item says what its reader does."""
    if item.startswith("hang"):
        if ":" in item:  # where to say which process this is
            Path(item.split(":", 1)[1]).write_text(str(os.getpid()))
        while True:
            time.sleep(0.01)
    if item.startswith("start-program:"):
        # A program the reader starts and waits on, as Pillow waits on Ghostscript; its pid is
        # written where the test can find it.
        program = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        Path(item.split(":", 1)[1]).write_text(str(program.pid))
        program.wait()
    if item == "eat-memory":
        hoard = []
        while True:
            hoard.append(bytearray(64 << 20))
    if item == "crash":
        os._exit(3)
    if item == "pid":
        return str(os.getpid())
    if item.startswith("loaded:"):
        return str(item.split(":", 1)[1] in sys.modules)
    return item.upper()


def _ends_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True  # ended; its parent, killed too, never collected it
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def _values(items: list[str], budget: Budget = BUDGET) -> list[tuple[int, object]]:
    return [
        (index, outcome.value if outcome.overrun is None else outcome.overrun)
        for index, outcome in run_each_bounded(read, items, budget)
    ]


def test_answers_come_back_in_order() -> None:
    assert _values(["a", "b", "c"]) == [(0, "A"), (1, "B"), (2, "C")]


@pytest.mark.slow
def test_a_reader_that_hangs_is_stopped_at_its_budget_and_the_next_file_is_read() -> None:
    started = time.monotonic()
    assert _values(["a", "hang", "b"]) == [(0, "A"), (1, Overrun.TIME), (2, "B")]
    assert time.monotonic() - started < BUDGET.seconds + 10


@pytest.mark.slow
def test_a_program_the_reader_started_is_killed_with_it(tmp_path: Path) -> None:
    written = tmp_path / "pid"
    assert _values([f"start-program:{written}", "b"]) == [(0, Overrun.TIME), (1, "B")]
    assert _ends_within(int(written.read_text()), 5), "the program the reader started outlived it"


@pytest.mark.parametrize("address_space_limit", [True, False], ids=["rlimit", "watchdog"])
def test_a_reader_that_eats_memory_is_stopped_at_its_budget(address_space_limit: bool) -> None:
    # Without the address-space limit (Windows, macOS) the watchdog alone stops it.
    budget = Budget(seconds=30.0, memory_bytes=512 << 20)
    outcomes = run_each_bounded(
        read, ["eat-memory", "b"], budget, limit_address_space=address_space_limit
    )
    found = [(i, o.value if o.overrun is None else o.overrun) for i, o in outcomes]
    assert found == [(0, Overrun.MEMORY), (1, "B")]


def test_a_reader_that_crashes_marks_only_its_file() -> None:
    assert _values(["a", "crash", "b"]) == [(0, "A"), (1, Overrun.CRASHED), (2, "B")]


def test_cancel_kills_the_reader_at_once(tmp_path: Path) -> None:
    cancel = CancelToken()
    written = tmp_path / "reader"
    outcomes = run_each_bounded(
        read, ["a", f"hang:{written}"], Budget(600.0, 1 << 30), cancel=cancel
    )
    assert next(outcomes)[0] == 0
    deadline = time.monotonic() + 30
    while not (written.exists() and written.read_text()) and time.monotonic() < deadline:
        time.sleep(0.01)  # the reader is in the file that hangs
    reader = int(written.read_text())
    cancel.cancel()
    asked = time.monotonic()
    with pytest.raises(Cancelled):
        next(outcomes)
    assert time.monotonic() - asked < 5
    assert _ends_within(reader, 5)


def _run_and_hang(written: str) -> None:
    """A parent that starts a reader on a file that hangs, then stops answering."""
    for _ in run_each_bounded(read, [f"hang:{written}"], Budget(600.0, 1 << 30)):
        pass


def test_a_reader_whose_parent_is_killed_ends_too(tmp_path: Path) -> None:
    import multiprocessing

    written = tmp_path / "reader"
    parent = multiprocessing.get_context("spawn").Process(
        target=_run_and_hang, args=(str(written),)
    )
    parent.start()
    deadline = time.monotonic() + 60
    while not (written.exists() and written.read_text()) and time.monotonic() < deadline:
        time.sleep(0.01)
    reader = int(written.read_text())
    parent.kill()  # no clean-up runs: as the system ending a worker
    parent.join()
    assert _ends_within(reader, 5)


def test_the_reader_is_kept_between_calls_and_replaced_after_an_overrun() -> None:
    [(_, first)] = list(run_each_bounded(read, ["pid"], BUDGET))
    [(_, again)] = list(run_each_bounded(read, ["pid"], BUDGET))
    assert first.value == again.value  # no second spawn
    outcomes = list(run_each_bounded(read, ["crash", "pid"], BUDGET))
    assert outcomes[0][1].overrun == Overrun.CRASHED
    assert outcomes[1][1].value != first.value  # a fresh reader after the crash
    assert _ends_within(int(first.value or 0), 5)


def _readers() -> set[int]:
    """This process's children, but for multiprocessing's resource tracker."""
    return {
        child.pid
        for child in psutil.Process().children()
        if "resource_tracker" not in " ".join(child.cmdline())
    }


def test_a_reader_started_ahead_is_the_one_used_with_its_modules_loaded() -> None:
    budget = Budget(seconds=2.5, memory_bytes=1 << 30)  # settings no reader is kept for yet
    before = _readers()
    start_reader(read, budget, preload=["wave"])
    start_reader(read, budget, preload=["wave"])  # one is kept: not a second
    started = _readers() - before
    outcomes = list(run_each_bounded(read, ["pid", "loaded:wave", "loaded:aifc"], budget))
    pid, wave, aifc = (outcome.value for _, outcome in outcomes)
    assert started == {int(pid or 0)}
    assert (wave, aifc) == ("True", "False")  # preloaded; a module no one asked for is not


def _outlive_a_clock_set(parent: tuple[int, float], written: str) -> None:
    import threading

    import psutil._pslinux as linux

    threading.Thread(target=end_with_parent, args=parent, daemon=True).start()
    time.sleep(0.2)
    boot = linux.boot_time
    linux.boot_time = lambda: boot() + 5.0  # the clock set 5 s ahead: create times move too
    time.sleep(2.0)  # four of the watch's looks
    Path(written).write_text("still here")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="psutil's Linux create time")
def test_a_child_outlives_a_clock_set_while_its_parent_runs(tmp_path: Path) -> None:
    import multiprocessing

    written = tmp_path / "child"
    child = multiprocessing.get_context("spawn").Process(
        target=_outlive_a_clock_set, args=(this_process(), str(written))
    )
    child.start()
    child.join(30)
    assert child.exitcode == 0 and written.read_text() == "still here"


def _watch_forever(parent: tuple[int, float]) -> None:
    import threading

    threading.Thread(target=end_with_parent, args=parent, daemon=True).start()
    time.sleep(600)


def _caller(written: str) -> None:
    import multiprocessing

    worker = multiprocessing.get_context("spawn").Process(
        target=_watch_forever, args=(this_process(),)
    )
    worker.start()
    Path(written).write_text(str(worker.pid))
    time.sleep(600)


@pytest.mark.skipif(sys.platform == "win32", reason="no zombie processes on Windows")
def test_a_child_ends_when_its_parent_is_killed_before_it_is_reaped(tmp_path: Path) -> None:
    import multiprocessing

    written = tmp_path / "worker"
    caller = multiprocessing.get_context("spawn").Process(target=_caller, args=(str(written),))
    caller.start()
    deadline = time.monotonic() + 60
    while not (written.exists() and written.read_text()) and time.monotonic() < deadline:
        time.sleep(0.01)
    worker = int(written.read_text())
    os.kill(caller.pid, signal.SIGKILL)  # a zombie until joined below
    try:
        assert _ends_within(worker, 5)
    finally:
        caller.join()
