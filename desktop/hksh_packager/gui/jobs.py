"""Long core calls run off the GUI thread: a Job runs one call in the thread pool and reports
progress, its result or its failure back by signal; Cancel sets the call's CancelToken.

Progress is throttled before it crosses threads, so a fast worker cannot flood the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from hksh_packager.core.common.progress import CancelToken, Progress, throttled

log = logging.getLogger(__name__)


class Reporter:
    """The progress callback a job's work receives: call it with a Progress (throttled), or
    hand over a part of the result with `partial` (never dropped)."""

    def __init__(self, signals: JobSignals) -> None:
        self._progress = throttled(signals.progress.emit, 0.05)
        self._signals = signals

    def __call__(self, progress: Progress) -> None:
        self._progress(progress)

    def partial(self, value: Any) -> None:
        self._signals.partial.emit(value)


Work = Callable[[Reporter, CancelToken], Any]


class JobSignals(QObject):
    progress = Signal(object)  # Progress
    partial = Signal(object)  # a part of the result, as soon as it is made
    succeeded = Signal(object)  # the call's result
    failed = Signal(object)  # the exception
    ended = Signal()  # after succeeded or failed


class Job(QRunnable):
    """`work(progress, cancel)` run in a pool thread. The signals object lives in the GUI thread,
    so its slots run there."""

    def __init__(self, name: str, work: Work) -> None:
        super().__init__()
        self.name = name
        self.work = work
        self.cancel_token = CancelToken()
        self.signals = JobSignals()
        self.setAutoDelete(False)  # the Python side keeps it until `ended`

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        report = Reporter(self.signals)
        try:
            result = self.work(report, self.cancel_token)
        except BaseException as exc:  # every failure goes back to the GUI thread, none is lost
            log.debug("job %s failed: %r", self.name, exc)
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        self.signals.ended.emit()


class Jobs(QObject):
    """The jobs of a window: started, kept alive while they run, cancelled together on close."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.running: dict[int, Job] = {}

    def start(
        self,
        name: str,
        work: Work,
        *,
        succeeded: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        progress: Callable[[Progress], None] | None = None,
        partial: Callable[[Any], None] | None = None,
        ended: Callable[[], None] | None = None,
    ) -> Job:
        job = Job(name, work)
        if progress is not None:
            job.signals.progress.connect(progress)
        if partial is not None:
            job.signals.partial.connect(partial)
        if succeeded is not None:
            job.signals.succeeded.connect(succeeded)
        if failed is not None:
            job.signals.failed.connect(failed)
        if ended is not None:
            job.signals.ended.connect(ended)
        job.signals.ended.connect(lambda: self.running.pop(id(job), None))
        self.running[id(job)] = job
        self.pool.start(job)
        return job

    def busy(self) -> bool:
        return bool(self.running)

    def cancel_all(self) -> None:
        for job in list(self.running.values()):
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job of the pool ended (at close, after cancel_all)."""
        return self.pool.waitForDone(msecs)
