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
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from hksh_packager.core.common.bounded import Budget, call_in_process
from hksh_packager.core.common.errors import Remedy
from hksh_packager.core.common.progress import (
    CancelToken,
    ProgressCallback,
    no_progress,
)

POLL_SECONDS = 0.05
# Loaded once in the fork server, so each worker starts with them (verifying, validating).
PRELOAD = ["hksh_packager.core.verify.verifier", "hksh_packager.core.validation.project"]

Result = TypeVar("Result")


START_ENV = "HKSH_WORKER_START"  # "spawn": every worker spawned, as on Windows and macOS


def worker_context(single_threaded_caller: bool = False) -> Any:
    """How workers start. Forking copies the caller as it is, which is quick and safe only when
    the caller runs no other thread (a command line, not an app); a fork server or spawning
    starts fresh processes. HKSH_WORKER_START=spawn spawns them on any system, so that the path
    Windows and macOS take is run here too."""
    if os.environ.get(START_ENV) == "spawn":
        return multiprocessing.get_context("spawn")
    if sys.platform.startswith("linux") and single_threaded_caller:
        return multiprocessing.get_context("fork")
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def run_in_process(
    function: Callable[..., Result],
    *args: Any,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    context: Any = None,
    budget: Budget | None = None,
    what: str = "the work",
    time_remedy: Remedy | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Result:
    """`function(*args, progress=..., cancel=...)` in a worker process; its result, or its
    exception, raised here. `function` and its arguments must be picklable (a module-level
    function). Cancelling kills the worker, with whatever it started, and raises Cancelled here
    at once. With a `budget` (a stranger's file), the worker is killed when over it and
    BudgetExceeded names `what` (core/common/bounded.py). `meanwhile()` runs here while the
    worker starts; what it raises is raised instead."""
    return call_in_process(
        function, *args, budget=budget, what=what, progress=progress, cancel=cancel,
        context=context or worker_context(), time_remedy=time_remedy, meanwhile=meanwhile,
    )  # fmt: skip
