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

import atexit
import contextlib
import importlib
import logging
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar

import psutil

from hksh_packager.core.common.errors import BudgetExceeded, Cancelled, Remedy
from hksh_packager.core.common.paths import HOME_ENV
from hksh_packager.core.common.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    no_progress,
    throttled,
)
from hksh_packager.core.common.units import human_size

try:
    import resource
except ImportError:  # Windows: the watchdog alone keeps the memory budget
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

POLL_SECONDS = 0.02
# "watchdog": no address-space limit, the resident-memory watchdog alone keeps memory budgets,
# as on Windows (no RLIMIT_AS) and macOS (which does not enforce it).
MEMORY_ENV = "HKSH_MEMORY_LIMIT"
# The exit code of a process that met its memory limit in a thread other than its main one.
MEMORY_EXIT = 86
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


def _limit_address_space(memory_bytes: int) -> None:
    """A backstop under the watchdog: the address space may grow by `memory_bytes` from what the
    process has reserved so far (Arrow and the allocators reserve far more than they touch, so
    a limit on the whole would fail at once or allow nothing)."""
    if resource is None or not address_space_limits():
        return
    limit = psutil.Process().memory_info().vms + memory_bytes
    with contextlib.suppress(ValueError, OSError):  # a system that refuses: the watchdog alone
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def address_space_limits() -> bool:
    """Whether RLIMIT_AS guards memory here, under the watchdog: where the system has it, unless
    HKSH_MEMORY_LIMIT=watchdog."""
    return resource is not None and os.environ.get(MEMORY_ENV) != "watchdog"


def kill_tree(pid: int) -> None:
    """End a process and every process below it, and its process group where it leads one
    (what it started, reparented or not)."""
    below = _children(pid)
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):  # not a group leader: there is no such group
            os.killpg(pid, signal.SIGKILL)
    for found in [*below, None]:
        with contextlib.suppress(psutil.Error, OSError):
            (found or psutil.Process(pid)).kill()


def exit_on_memory_error() -> None:
    """Make a MemoryError anywhere in this process end it with MEMORY_EXIT. A thread that meets
    its process's memory limit dies alone (or, starting, is reported as "ignored"), and the
    thread waiting on it would wait for ever: the whole process ends instead, and its parent
    reports the memory budget."""

    def on_thread_error(args: threading.ExceptHookArgs) -> None:
        if isinstance(args.exc_value, MemoryError):
            os._exit(MEMORY_EXIT)
        threading.__excepthook__(args)

    def on_unraisable(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, MemoryError):
            os._exit(MEMORY_EXIT)
        sys.__unraisablehook__(unraisable)

    threading.excepthook = on_thread_error
    sys.unraisablehook = on_unraisable


def end_with_parent(parent: int, born: float, leftover: str | None = None) -> None:
    """End this process and what it started once the process that keeps its budget is gone
    (killed, or ended without cleaning up): nothing would stop it otherwise. Run it on a daemon
    thread, first thing in a child; `born` is the parent's create time (a pid may be reused).
    `leftover`: a folder of this process's files that the parent would have removed, removed
    then too."""
    try:
        watched = psutil.Process(parent)
        # The parent, not a process given its pid since: the create time it read for itself,
        # within a second (on Linux, a clock set meanwhile moves what psutil reads).
        alive = abs(watched.create_time() - born) < 1.0
    except psutil.Error:
        alive = False
    while alive:
        time.sleep(0.5)
        alive = _running(watched)
    # A process group only where this process leads one: a pool's worker shares its caller's,
    # which may hold the caller's terminal pipeline.
    if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
        with contextlib.suppress(OSError):
            os.killpg(os.getpgrp(), signal.SIGKILL)
    for child in _children(os.getpid()):
        with contextlib.suppress(psutil.Error):
            child.kill()
    if leftover is not None:
        shutil.rmtree(leftover, ignore_errors=True)
    os._exit(1)


def _running(process: psutil.Process) -> bool:
    """Whether `process` still runs: psutil knows it by its pid and its start counted from boot,
    which a clock set does not move; a zombie (killed, not yet reaped) has ended."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def remove_when_ended(pids: Sequence[int], folder: Path, seconds: float = 60.0) -> None:
    """Remove `folder` once the processes `pids` have ended by themselves (within `seconds`),
    from a thread of its own and, should this program end first, at its exit. The processes are
    not reaped here: whoever started them does that."""
    watched = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            watched.append(psutil.Process(pid))

    def remove() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and any(_running(p) for p in watched):
            time.sleep(0.1)
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    threading.Thread(target=remove, name="remove-when-ended", daemon=True).start()


def this_process() -> tuple[int, float]:
    """This process's id and create time, for a child's `end_with_parent`."""
    return os.getpid(), psutil.Process().create_time()


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _become_child(parent: tuple[int, float], home: str | None, memory_bytes: int) -> None:
    """What every child of this module does first: end with its parent, use the caller's user
    folder, lead a process group of its own (killed as a whole, with what it started), limit its
    address space by `memory_bytes` (0: not at all), and end on a MemoryError in any thread."""
    threading.Thread(target=end_with_parent, args=parent, daemon=True).start()
    if home is not None:
        os.environ[HOME_ENV] = home
    if hasattr(os, "setsid"):
        os.setsid()
    if memory_bytes:
        _limit_address_space(memory_bytes)
    exit_on_memory_error()


def _serve(
    connection: Any,
    function: Callable[[Any], Any],
    memory_bytes: int,
    limit_address_space: bool,
    home: str | None,
    parent: tuple[int, float],
    preload: tuple[str, ...] = (),
) -> None:
    """A reader process: reads each list of items it is sent, saying when it starts each and
    what it found, until its parent closes the pipe. Kept between calls (a spawn costs about
    0.1 s); killed, and replaced, when a file takes it over a budget. The modules in `preload`
    are imported while it waits for its first items."""
    _become_child(parent, home, memory_bytes if limit_address_space else 0)
    for name in preload:
        with contextlib.suppress(ImportError):  # the reader says so when it needs it
            importlib.import_module(name)
    while True:
        try:
            items = connection.recv()
        except EOFError:
            return
        for index, item in enumerate(items):
            connection.send(("start", index))
            try:
                value = function(item)
            except MemoryError:
                connection.send(("memory", index))
                os._exit(MEMORY_EXIT)  # a process that met its limit is not used again
            connection.send(("done", index, value))


@dataclass
class _Reader:
    process: Any
    connection: Any
    owner: int  # the process that started it: a fork's copy of this table is not its own
    busy: threading.Lock


_readers: dict[tuple[Any, ...], _Reader] = {}
_readers_lock = threading.Lock()


def _start_reader(
    context: Any,
    function: Callable[[Any], Any],
    budget: Budget,
    limit_address_space: bool,
    preload: tuple[str, ...] = (),
) -> _Reader:
    here, there = context.Pipe(duplex=True)
    process = context.Process(
        target=_serve,
        args=(
            there, function, budget.memory_bytes, limit_address_space, os.environ.get(HOME_ENV),
            this_process(), preload,
        ),
        daemon=True,
    )  # fmt: skip
    process.start()
    there.close()
    reader = _Reader(process, here, os.getpid(), threading.Lock())
    reader.busy.acquire()
    return reader


def _kept(key: tuple[Any, ...]) -> _Reader | None:
    """The reader this process keeps for `key`, while it lives (hold _readers_lock)."""
    kept = _readers.get(key)
    if kept is not None and kept.owner == os.getpid() and kept.process.is_alive():
        return kept
    return None


def _reader_for(
    key: tuple[Any, ...],
    context: Any,
    function: Callable[[Any], Any],
    budget: Budget,
    limit_address_space: bool,
    preload: tuple[str, ...] = (),
) -> tuple[_Reader, bool]:
    """A reader for this call, and whether it is kept for the next: the one kept for `key` when
    it is alive and free, else a new one (kept when none is)."""
    with _readers_lock:
        kept = _kept(key)
        if kept is not None:
            if kept.busy.acquire(blocking=False):
                return kept, True
            return _start_reader(context, function, budget, limit_address_space), False
        # One reader is kept per process: an idle one kept for other settings (another user
        # folder, another budget) goes, so readers never pile up.
        for other_key, other in list(_readers.items()):
            if other.owner == os.getpid() and other.busy.acquire(blocking=False):
                _close(other)
                del _readers[other_key]
        reader = _start_reader(context, function, budget, limit_address_space, preload)
        _readers[key] = reader
        return reader, True


def _reader_key(
    function: Callable[[Any], Any], budget: Budget, limit_address_space: bool, context: Any
) -> tuple[Any, ...]:
    return (
        function.__module__, function.__qualname__, budget.memory_bytes, limit_address_space,
        os.environ.get(HOME_ENV), os.environ.get(MEMORY_ENV), context.get_start_method(),
    )  # fmt: skip


def start_reader(
    function: Callable[[Any], Any],
    budget: Budget,
    *,
    preload: Sequence[str] = (),
    context: Any = None,
    limit_address_space: bool = True,
) -> None:
    """Start now the reader that run_each_bounded(function, ..., budget) will use, importing the
    modules in `preload`, so that its start (a spawn: a tenth of a second, and the libraries it
    reads with) goes on while the caller does other work. Nothing, when one is kept already."""
    context = context or multiprocessing.get_context("spawn")
    key = _reader_key(function, budget, limit_address_space, context)
    with _readers_lock:
        if _kept(key) is not None:
            return
    reader, kept_for_later = _reader_for(
        key, context, function, budget, limit_address_space, tuple(preload)
    )
    if kept_for_later:
        reader.busy.release()
    else:
        _close(reader)


def _close(reader: _Reader) -> None:
    _kill_tree(reader.process)
    reader.connection.close()


def _retire(key: tuple[Any, ...], reader: _Reader) -> None:
    """Kill a reader (over a budget, cancelled, or not kept) and forget it."""
    _close(reader)
    with _readers_lock:
        if _readers.get(key) is reader:
            del _readers[key]


def _kill_tree(process: Any) -> None:
    """End the child and every process it started, and collect it."""
    if process.pid is not None:
        kill_tree(process.pid)
        process.join(5)


def _ended_by(process: Any) -> Overrun:
    """Why a child that sent no answer ended: its memory limit met in a thread, or a crash."""
    process.join(5)
    return Overrun.MEMORY if process.exitcode == MEMORY_EXIT else Overrun.CRASHED


def tree_memory(pid: int) -> int:
    """The resident memory of a process and every process below it, in bytes."""
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
    # parent's fork server is not its own, or run threads that a fork would copy mid-work. The
    # reader is kept for the next call (a spawn costs about 0.1 s).
    context = context or multiprocessing.get_context("spawn")
    key = _reader_key(function, budget, limit_address_space, context)
    start = 0
    while start < len(items):
        reader, kept = _reader_for(key, context, function, budget, limit_address_space)
        process, connection = reader.process, reader.connection
        current = start
        began = time.monotonic()
        watched = 0.0
        restart: int | None = None
        healthy = False
        try:
            connection.send(list(items[start:]))
            while restart is None:
                if cancel.cancelled:
                    raise Cancelled()
                if connection.poll(POLL_SECONDS):
                    try:
                        message = connection.recv()
                    except EOFError:  # ended without a word: a crash, or memory in a thread
                        yield current, Outcome(overrun=_ended_by(process), budget=budget)
                        restart = current + 1
                        continue
                    kind, index = message[0], start + message[1]
                    if kind == "start":
                        current, began = index, time.monotonic()
                    elif kind == "done":
                        if index == len(items) - 1:
                            restart, healthy = len(items), True
                        yield index, Outcome(value=message[2])
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
                    if tree_memory(process.pid) > budget.memory_bytes:
                        log.info("item %d passed its memory budget: its reader is killed", current)
                        yield current, Outcome(overrun=Overrun.MEMORY, budget=budget)
                        restart = current + 1
        finally:
            if healthy and kept:
                reader.busy.release()  # kept for the next call
            else:
                _retire(key, reader)
        start = restart


class SharedToken(CancelToken):
    """A cancel token a worker process shares with its parent, through an event."""

    def __init__(self, event: Any) -> None:
        super().__init__()
        self._shared = event

    def cancel(self) -> None:
        self._shared.set()

    @property
    def cancelled(self) -> bool:
        return bool(self._shared.is_set())

    def raise_if_cancelled(self) -> None:
        if self._shared.is_set():
            raise Cancelled()


def _call_child(
    connection: Any,
    progress_queue: Any,
    event: Any,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    memory_bytes: int,
    home: str | None,
    parent: tuple[int, float],
) -> None:
    _become_child(parent, home, memory_bytes)

    def report(progress: Progress) -> None:
        progress_queue.put(progress)

    try:
        value = function(*args, progress=throttled(report, 0.1), cancel=SharedToken(event))
    except MemoryError:
        connection.send(("memory", None))
    except BaseException as exc:  # the caller raises it, as if the call had been its own
        connection.send(("raised", exc))
    else:
        connection.send(("done", value))


def overrun_error(
    overrun: Overrun, budget: Budget, what: str, time_remedy: Remedy | None = None
) -> BudgetExceeded:
    """The error for work on `what` stopped by its budget (`time_remedy`: what a face may offer
    when it ran out of time)."""
    if overrun == Overrun.TIME:
        return BudgetExceeded(
            f"{what} could not be finished within {budget.seconds:g} seconds and was stopped "
            "(a file built to stall its reader, or one too large for this computer)",
            remedy=time_remedy,
            details={"seconds": f"{budget.seconds:g}"},
        )
    if overrun == Overrun.MEMORY:
        return BudgetExceeded(
            f"{what} needed more than {human_size(budget.memory_bytes)} of memory and was stopped "
            "(a file built to exhaust its reader, or one too large for this computer)"
        )
    return BudgetExceeded(f"{what} stopped the reader unexpectedly (a damaged or crafted file)")


def call_in_process(
    function: Callable[..., Result],
    *args: Any,
    budget: Budget | None = None,
    what: str = "the work",
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    context: Any = None,
    time_remedy: Remedy | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Result:
    """`function(*args, progress=..., cancel=...)` in a child process; its result, or its
    exception, raised here. With a `budget`, the child runs within it and BudgetExceeded (naming
    `what`) is raised when it is over, the child killed with all it started. Cancelling kills it
    too, at once, and raises Cancelled. `function` must be a module-level function.
    `meanwhile()` runs here once the child has started, before its answer is read: what it
    raises is raised instead (the child killed), whatever the child did. Cancel and the memory
    watchdog are looked at once it returns: it is meant to be short (a schema checked)."""
    cancel = cancel or CancelToken()
    context = context or multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    event, progress_queue = context.Event(), context.Queue()

    def drain() -> None:
        while True:
            try:
                progress(progress_queue.get_nowait())
            except queue.Empty:
                return

    memory = budget.memory_bytes if budget else 0
    parent = this_process()
    process = context.Process(
        target=_call_child,
        args=(
            sending,
            progress_queue,
            event,
            function,
            args,
            memory,
            os.environ.get(HOME_ENV),
            parent,
        ),
        daemon=True,
    )
    process.start()
    sending.close()
    began = watched = time.monotonic()
    try:
        if meanwhile is not None:
            meanwhile()
        while True:
            if receiving.poll(POLL_SECONDS):
                try:
                    kind, value = receiving.recv()
                except EOFError:
                    drain()
                    raise overrun_error(_ended_by(process), budget or Budget(0, 0), what) from None
                drain()
                if kind == "done":
                    return value
                if kind == "raised":
                    raise value
                raise overrun_error(Overrun.MEMORY, budget or Budget(0, 0), what)
            drain()
            if cancel.cancelled:
                event.set()
                raise Cancelled()
            now = time.monotonic()
            if budget and now - began > budget.seconds:
                raise overrun_error(Overrun.TIME, budget, what, time_remedy)
            if budget and now - watched > WATCH_SECONDS:
                watched = now
                if tree_memory(process.pid) > budget.memory_bytes:
                    raise overrun_error(Overrun.MEMORY, budget, what)
    finally:
        _kill_tree(process)
        receiving.close()
        progress_queue.cancel_join_thread()
