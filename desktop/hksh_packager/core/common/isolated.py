"""Running work in another process: a fresh interpreter that shares nothing with the caller, so
heavy data work cannot hold a window's interpreter (its GIL) for a tenth of a second at a time, and
a crash in a reader ends only that process.

Progress and cancel cross the boundary through a queue and an event; the result comes back
pickled. Processes start from a fork server on Linux (no threads of the caller's are copied into
them; the modules that do the work are loaded once in the server) and are spawned elsewhere.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from hksh_packager.core.common.errors import Cancelled
from hksh_packager.core.common.paths import HOME_ENV
from hksh_packager.core.common.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    no_progress,
    throttled,
)

POLL_SECONDS = 0.05
# Loaded once in the fork server, so each worker starts with them (verifying, validating).
PRELOAD = ["hksh_packager.core.verify.verifier", "hksh_packager.core.validation.project"]

Result = TypeVar("Result")


def worker_context(single_threaded_caller: bool = False) -> Any:
    """How workers start. Forking copies the caller as it is, which is quick and safe only when
    the caller runs no other thread (a command line, not an app); a fork server or spawning
    starts fresh processes."""
    if sys.platform.startswith("linux") and single_threaded_caller:
        return multiprocessing.get_context("fork")
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


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


_cancel: CancelToken = CancelToken()
_progress: Any = None


def _start(event: Any, progress_queue: Any, home: str | None) -> None:
    global _cancel, _progress
    if home is not None:  # the caller's user folder (logs), whatever the fork server inherited
        os.environ[HOME_ENV] = home
    _cancel, _progress = SharedToken(event), progress_queue


def _call(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    def report(progress: Progress) -> None:
        _progress.put(progress)

    return function(*args, progress=throttled(report, 0.1), cancel=_cancel)


def run_in_process(
    function: Callable[..., Result],
    *args: Any,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    context: Any = None,
) -> Result:
    """`function(*args, progress=..., cancel=...)` in a worker process; its result, or its
    exception, raised here. `function` and its arguments must be picklable (a module-level
    function). Cancelling sets the worker's token and raises Cancelled here at once."""
    cancel = cancel or CancelToken()
    context = context or worker_context()
    event, progress_queue = context.Event(), context.Queue()

    def drain() -> None:
        while True:
            try:
                progress(progress_queue.get_nowait())
            except queue.Empty:
                return

    home = os.environ.get(HOME_ENV)
    pool = ProcessPoolExecutor(
        1, mp_context=context, initializer=_start, initargs=(event, progress_queue, home)
    )
    try:
        future = pool.submit(_call, function, args)
        while True:
            done, _ = wait([future], timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            drain()
            if cancel.cancelled:
                event.set()
                raise Cancelled()
            if done:
                return future.result()
    finally:
        # On cancel, return at once: the worker sees the event at its next check and ends.
        pool.shutdown(wait=not event.is_set(), cancel_futures=True)
