"""Progress reporting and cooperative cancellation for long core operations.

The contract every long core call follows:
- It takes `progress: ProgressCallback` and `cancel: CancelToken | None`.
- It calls `progress` from whatever thread does the work (a worker thread, or several): the
  callback must be thread-safe and cheap, and must not touch a GUI. A GUI emits a signal from it;
  the CLI wraps it in `throttled` and writes one line to stderr.
- It checks `cancel` between steps a user can wait for (a chunk of rows, a block of bytes, a
  member) and stops with `Cancelled`, leaving nothing half-written.
- It never asks the user anything: what it needs (a passphrase) is asked for before it starts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from hksh_packager.core.common.errors import Cancelled, TimeLimitReached
from hksh_packager.core.common.messages import define

TIME_LIMIT = define("progress.time-limit", "stopped after its time limit of {seconds} s")


class Unit(StrEnum):
    BYTES = "bytes"
    ROWS = "rows"
    ITEMS = "items"  # bundles in a batch, datasets in a project


@dataclass(frozen=True)
class Progress:
    """How far a long operation has come.

    `done` and `total` count `unit`s of the current stage (`total` is 0 when unknown, as for the
    rows of a CSV file before it is read); `step` of `steps` places the stage in the whole call
    (dataset 2 of 3); `item` names what is being worked on (a file, a member).
    """

    stage: str
    done: int
    total: int
    unit: Unit = Unit.BYTES
    item: str = ""
    step: int = 1
    steps: int = 1

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    @property
    def finished(self) -> bool:
        return bool(self.total) and self.done >= self.total


ProgressCallback = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """The default progress callback: ignore."""


def throttled(callback: ProgressCallback, interval: float = 0.1) -> ProgressCallback:
    """Forward at most one report per `interval` seconds, but always the first of a stage or step
    and the one that finishes it. Safe to call from several threads at once."""
    lock = threading.Lock()
    last_time = 0.0
    last_key: tuple[str, int, str] | None = None

    def forward(progress: Progress) -> None:
        nonlocal last_time, last_key
        now = time.monotonic()
        key = (progress.stage, progress.step, progress.item)
        with lock:
            due = key != last_key or progress.finished or now - last_time >= interval
            if not due:
                return
            last_time, last_key = now, key
        callback(progress)

    return forward


def as_step(
    callback: ProgressCallback, step: int, steps: int, stage: str | None = None
) -> ProgressCallback:
    """A callback for one step of a longer call: what it reports is placed as `step` of `steps`
    (and named `stage`, when given)."""
    if callback is no_progress:
        return no_progress
    if stage is None:
        return lambda progress: callback(replace(progress, step=step, steps=steps))
    return lambda progress: callback(replace(progress, step=step, steps=steps, stage=stage))


class CancelToken:
    """Set from any thread (a Cancel button, Ctrl+C); checked by the worker between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class DeadlineToken(CancelToken):
    """Cancelled when `parent` is, or when `seconds` have passed: a time budget for one piece of
    work inside a longer one. A user's cancel raises Cancelled; the deadline TimeLimitReached."""

    def __init__(self, parent: CancelToken, seconds: float) -> None:
        super().__init__()
        self._parent = parent
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds

    @property
    def cancelled(self) -> bool:
        return self._parent.cancelled or super().cancelled or time.monotonic() > self._deadline

    def raise_if_cancelled(self) -> None:
        self._parent.raise_if_cancelled()
        super().raise_if_cancelled()
        if time.monotonic() > self._deadline:
            raise TimeLimitReached(TIME_LIMIT(seconds=round(self._seconds)))
