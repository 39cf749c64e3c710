"""How many threads one task may use. Alone, a task uses every core; in a worker of a process
pool, its share of them: one where the pool keeps every core busy (a batch verify), since threads
there only add start-up and hand-over costs to small bundles."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_threads: int | None = None


def task_threads() -> int:
    return _threads or os.cpu_count() or 1


def share_cores(workers: int) -> None:
    """Called first in a worker of a pool of `workers` processes. Arrow sizes its own thread
    pool from OMP_NUM_THREADS when it is imported, which in a fresh worker is after this."""
    global _threads
    _threads = max(1, (os.cpu_count() or 1) // max(1, workers))
    os.environ["OMP_NUM_THREADS"] = str(_threads)


class InlineExecutor(Executor):
    """An executor that runs each call at once, in the caller's thread: what a pool of one
    thread does, without the hand-over to another thread and back for every call."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the caller sees it from result(), as from a pool
            future.set_exception(exc)
        return future


def task_pool(width: int) -> Executor:
    """A pool of up to `width` threads, within this task's share of the cores; inline when
    that is one."""
    threads = max(1, min(width, task_threads()))
    return InlineExecutor() if threads == 1 else ThreadPoolExecutor(threads)
