"""Reading a stranger's files in a process of their own, under a time and a memory budget.

A file from a bundle may be built to make a reader hang (an EPS image Pillow hands to Ghostscript,
a JPEG with thousands of scans) or to make it take all the memory there is. Such a file is read in
a child process that is given a budget per file; over it, the child is killed with every process
it started (Ghostscript included), and the file is reported as over its budget, never as a hang or
a crash of the caller. The other files go on in a new child.

Killing "everything it started": the child leads a process group of its own (POSIX), killed as a
whole, and psutil kills what it still finds below it (Windows has no process groups; a program
started by a reader is its child there). Memory: where the system has an address-space limit
(RLIMIT_AS on Linux) the child runs under it and meets a MemoryError; everywhere, a watchdog
reads the resident memory of the child and its children and kills them past the budget.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

import psutil

from hksh_packager.core.common.errors import Cancelled
from hksh_packager.core.common.paths import HOME_ENV
from hksh_packager.core.common.progress import CancelToken

try:
    import resource
except ImportError:  # Windows: the watchdog alone keeps the memory budget
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

POLL_SECONDS = 0.02
WATCH_SECONDS = 0.1  # how often the watchdog reads the memory of the child's processes

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Budget:
    """What one file may take: `seconds` of wall time and `memory_bytes` of memory (the child's
    address space where the system limits it, and the resident memory of all its processes)."""

    seconds: float
    memory_bytes: int


class Overrun(StrEnum):
    TIME = "time"  # still running when its time was up
    MEMORY = "memory"  # reached its memory budget
    CRASHED = "crashed"  # the reader's process ended without an answer (a crash in a library)


@dataclass(frozen=True)
class Outcome(Generic[Result]):
    """One file's answer: `value`, or what stopped it (`overrun`) and the budget it met."""

    value: Result | None = None
    overrun: Overrun | None = None
    budget: Budget | None = None


def _end_with_parent(parent: int, born: float) -> None:
    """End this process and what it started once the process that keeps its budget is gone
    (killed, or ended without cleaning up): nothing would stop it otherwise."""
    while True:
        time.sleep(0.5)
        try:
            alive = psutil.Process(parent).create_time() == born
        except psutil.Error:
            alive = False
        if not alive:
            if hasattr(os, "killpg"):
                with contextlib.suppress(OSError):
                    os.killpg(os.getpgrp(), signal.SIGKILL)
            os._exit(1)


def _child(
    connection: Any,
    function: Callable[[Any], Any],
    items: Sequence[Any],
    memory_bytes: int,
    limit_address_space: bool,
    home: str | None,
    parent: tuple[int, float],
) -> None:
    threading.Thread(target=_end_with_parent, args=parent, daemon=True).start()
    if home is not None:
        os.environ[HOME_ENV] = home
    if hasattr(os, "setsid"):
        os.setsid()  # a process group of its own: killed as a whole, with what it started
    if resource is not None and memory_bytes and limit_address_space:
        with contextlib.suppress(ValueError, OSError):  # a system that refuses: the watchdog
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    for index, item in enumerate(items):
        connection.send(("start", index))
        try:
            value = function(item)
        except MemoryError:
            connection.send(("memory", index))
            return
        connection.send(("done", index, value))
    connection.close()


def _kill_tree(process: Any) -> None:
    """End the child and every process it started."""
    pid = process.pid
    if pid is None:
        return
    try:
        below = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        below = []
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)  # the child's group: what it started, reparented or not
    for found in [*below, None]:
        with contextlib.suppress(psutil.Error, OSError):
            (found or psutil.Process(pid)).kill()
    process.join(5)


def _tree_memory(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for found in processes:
        with contextlib.suppress(psutil.Error):
            total += found.memory_info().rss
    return total


def run_each_bounded(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    budget: Budget,
    *,
    cancel: CancelToken | None = None,
    context: Any = None,
    limit_address_space: bool = True,
) -> Iterator[tuple[int, Outcome[Result]]]:
    """`function(item)` for each item, in order, in a child process, each within `budget`:
    yields (index, Outcome). `function` and the items must be picklable (a module-level
    function). Cancelling kills the child and its processes and raises Cancelled.
    `limit_address_space=False` leaves the memory budget to the watchdog alone, as on a system
    without RLIMIT_AS (Windows; macOS does not enforce it)."""
    cancel = cancel or CancelToken()
    # Spawned, on every system: the caller may itself be a forked worker, whose copy of the
    # parent's fork server is not its own, or run threads that a fork would copy mid-work. A
    # spawn costs about 0.1 s, once for all the files of a call.
    context = context or multiprocessing.get_context("spawn")
    home = os.environ.get(HOME_ENV)
    start = 0
    while start < len(items):
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_child,
            args=(
                sending,
                function,
                list(items[start:]),
                budget.memory_bytes,
                limit_address_space,
                home,
                (os.getpid(), psutil.Process().create_time()),
            ),
            daemon=True,
        )
        process.start()
        sending.close()
        current = start
        began = time.monotonic()
        watched = 0.0
        restart: int | None = None
        try:
            while restart is None:
                if cancel.cancelled:
                    raise Cancelled()
                if receiving.poll(POLL_SECONDS):
                    try:
                        message = receiving.recv()
                    except EOFError:  # ended without a word: a crash in the reader
                        yield current, Outcome(overrun=Overrun.CRASHED, budget=budget)
                        restart = current + 1
                        continue
                    kind, index = message[0], start + message[1]
                    if kind == "start":
                        current, began = index, time.monotonic()
                    elif kind == "done":
                        yield index, Outcome(value=message[2])
                        if index == len(items) - 1:
                            restart = len(items)
                    else:  # "memory": the address-space limit was met
                        yield index, Outcome(overrun=Overrun.MEMORY, budget=budget)
                        restart = index + 1
                    continue
                now = time.monotonic()
                if now - began > budget.seconds:
                    log.info(
                        "item %d ran past %.0f s: its reader is killed", current, budget.seconds
                    )
                    yield current, Outcome(overrun=Overrun.TIME, budget=budget)
                    restart = current + 1
                elif now - watched > WATCH_SECONDS:
                    watched = now
                    if _tree_memory(process.pid) > budget.memory_bytes:
                        log.info("item %d passed its memory budget: its reader is killed", current)
                        yield current, Outcome(overrun=Overrun.MEMORY, budget=budget)
                        restart = current + 1
        finally:
            _kill_tree(process)
            receiving.close()
        start = restart
