"""Verifying bundles in worker processes, each under a memory limit, with every core busy.

A bundle from a stranger may be built to exhaust memory in some reader. In a worker with an
address-space limit (RLIMIT_AS, where the system has one) that ends as a MemoryError, reported as
an invalid bundle. A worker the system kills breaks the pool; the bundles that were in flight are
then checked again one at a time, so the one that kills its worker is found and reported and the
others are not blamed. Reports come back in the order the bundles were given.

Workers start from a fork server on Linux (a fresh process: no threads of the caller's, such as a
GUI's, are copied into them) and are spawned elsewhere. Progress and cancel cross the process
boundary through a queue and an event.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import psutil

from hksh_packager.core.common.bounded import (
    SharedToken,
    address_space_limits,
    end_with_parent,
    exit_on_memory_error,
    kill_tree,
    remove_when_ended,
    this_process,
    tree_memory,
)
from hksh_packager.core.common.cores import share_cores
from hksh_packager.core.common.errors import Cancelled
from hksh_packager.core.common.isolated import worker_context
from hksh_packager.core.common.logs import log_unexpected
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.paths import HOME_ENV
from hksh_packager.core.common.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    no_progress,
    throttled,
)
from hksh_packager.core.signing.trust import TrustList
from hksh_packager.core.submission.profile import Profile
from hksh_packager.core.verify.report import Check, Problem, Verdict, VerificationReport
from hksh_packager.core.verify.safezip import Limits

try:
    import resource
except ImportError:  # Windows: no address-space limit; every other limit still holds
    resource = None  # type: ignore[assignment]

POLL_SECONDS = 0.05
WATCH_SECONDS = 0.25  # how often the parent reads its workers' memory


@dataclass(frozen=True)
class Job:
    """What every bundle of a batch is checked with."""

    trust: TrustList | None
    profile: Profile | None
    revalidate: bool
    limits: Limits


_worker_cancel: CancelToken = CancelToken()
_worker_progress: Any = None


def _start_worker(
    memory: int,
    event: Any,
    progress_queue: Any,
    home: str | None,
    workers: int,
    parent: tuple[int, float],
    scratch: str,
) -> None:
    global _worker_cancel, _worker_progress
    # The pool stops its workers with SIGTERM (when one of them dies). A forked worker inherits
    # the command line's handler, which turns SIGTERM into Ctrl+C: raised in the middle of a
    # progress report, it left the queue's lock held and the batch waiting for ever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # What a worker extracts goes in its batch's folder, removed when the batch ends: a worker
    # stopped that way, or killed by the system, cannot remove what it had extracted itself.
    tempfile.tempdir = scratch
    # A pool's worker waits for its next bundle for ever: with the caller killed, it would
    # outlive it, with whatever it had started.
    threading.Thread(target=end_with_parent, args=(*parent, scratch), daemon=True).start()
    if home is not None:  # the caller's user folder (logs), whatever the worker server inherited
        os.environ[HOME_ENV] = home
    share_cores(workers)  # one bundle alone may use every core; many share them
    if memory and resource is not None and address_space_limits():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    exit_on_memory_error()  # a thread meeting the limit ends the worker, which is then reported
    _worker_cancel = SharedToken(event)
    _worker_progress = progress_queue
    # A worker the system kills may die holding the queue's lock, shared by every worker and
    # kept for the bundles checked again after it: a worker waiting at its end for its progress
    # to be handed over would then wait for ever, and the whole batch with it. Progress may be
    # lost; a worker never waits for it.
    progress_queue.cancel_join_thread()


def verify_isolated(
    path: Path, job: Job, progress: ProgressCallback, cancel: CancelToken
) -> VerificationReport:
    """One bundle's report, whatever happens while checking it; only Cancelled escapes."""
    from hksh_packager.core.verify.verifier import verify_bundle

    try:
        return verify_bundle(
            path, trust=job.trust, profile=job.profile, revalidate=job.revalidate,
            limits=job.limits, progress=progress, cancel=cancel,
        )  # fmt: skip
    except Cancelled:
        raise
    except MemoryError:
        return memory_report(path, job.limits)
    except Exception as exc:  # a crash in one bundle becomes its report, never the batch's end
        return crashed_report(path, exc)


def _verify_in_worker(index: int, path: Path, job: Job) -> VerificationReport:
    def report(progress: Progress) -> None:
        _worker_progress.put((index, progress))

    return verify_isolated(path, job, throttled(report, 0.2), _worker_cancel)


CRASHED = define(
    "verifier.crashed", "could not be checked: the verifier failed unexpectedly ({error}); the "
    "details are in {log}"
)  # fmt: skip
OVER_MEMORY = define(
    "verifier.over-memory", "checking it needed more than the {mib} MiB of memory one bundle may "
    "use: a bundle built to exhaust memory, or data far larger than a submission needs"
)  # fmt: skip
ENDED = define(
    "verifier.ended", "the process checking it was ended by the system (out of memory, or a "
    "crash inside a reader); the bundle cannot be checked"
)  # fmt: skip


def crashed_report(path: Path, exc: BaseException) -> VerificationReport:
    """The report for a bundle the verifier failed on: invalid, with where the details are."""
    where = log_unexpected(exc, f"verifying {path}")
    problem = Problem.of(
        Check.VERIFIER, "", CRASHED(error=f"{type(exc).__name__}: {exc}", log=str(where))
    )
    return VerificationReport(Path(path), Verdict.INVALID, (problem,))


def memory_report(path: Path, limits: Limits) -> VerificationReport:
    problem = Problem.of(Check.VERIFIER, "", OVER_MEMORY(mib=limits.max_memory_bytes >> 20))
    return VerificationReport(Path(path), Verdict.INVALID, (problem,))


def died_report(path: Path) -> VerificationReport:
    problem = Problem.of(Check.VERIFIER, "", ENDED())
    return VerificationReport(Path(path), Verdict.INVALID, (problem,))


BATCH_PREFIX = "hksh-verify-batch-"


def _batch_folder() -> Path:
    """A new folder for what a batch's workers extract, named for this process. A batch's
    folder is removed by its caller, or by its workers if the caller is killed; a caller killed
    while none of its workers runs leaves it, for the next batch to remove here."""
    for left in Path(tempfile.gettempdir()).glob(f"{BATCH_PREFIX}*"):
        owner = left.name.removeprefix(BATCH_PREFIX).split("-")[0]
        if owner.isdigit() and not psutil.pid_exists(int(owner)):
            shutil.rmtree(left, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{BATCH_PREFIX}{os.getpid()}-"))


def verify_in_workers(
    paths: Sequence[Path],
    job: Job,
    *,
    workers: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_report: Callable[[VerificationReport], None] | None = None,
    context: Any = None,
) -> list[VerificationReport]:
    """Verify `paths` in worker processes (all cores unless `workers`); `on_report` sees each
    report in the order of `paths`. Only Cancelled stops the batch."""
    cancel = cancel or CancelToken()
    context = context or worker_context()
    event, progress_queue = context.Event(), context.Queue()
    reports: dict[int, VerificationReport] = {}
    emitted = 0

    def emit_ready() -> None:
        nonlocal emitted
        while emitted in reports:
            if on_report is not None:
                on_report(reports[emitted])
            emitted += 1

    def drain() -> None:
        while True:
            try:
                index, report = progress_queue.get_nowait()
            except queue.Empty:
                return
            progress(replace(report, step=index + 1, steps=len(paths)))

    over_memory = False

    def watch(pool: ProcessPoolExecutor) -> None:
        """The memory budget on every system: a worker whose processes hold more than a bundle
        may use is killed with them (the pool then breaks, and its bundles are checked again
        one at a time). RLIMIT_AS, where it works, usually stops the bundle first."""
        nonlocal over_memory
        for pid in list(getattr(pool, "_processes", None) or {}):
            if tree_memory(pid) > job.limits.max_memory_bytes:
                over_memory = True
                kill_tree(pid)

    def run(batch: list[int], size: int) -> list[int]:
        """Verify `batch` with `size` workers; return the bundles in flight when a worker died."""
        broken: list[int] = []
        watched = 0.0
        home = os.environ.get(HOME_ENV)
        pool = ProcessPoolExecutor(
            size, mp_context=context, initializer=_start_worker,
            initargs=(
                job.limits.max_memory_bytes, event, progress_queue, home, size, this_process(),
                str(scratch),
            ),
        )  # fmt: skip
        try:
            futures: dict[Future[VerificationReport], int] = {
                pool.submit(_verify_in_worker, i, Path(paths[i]), job): i for i in batch
            }
            while futures:
                done, _ = wait(futures, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                drain()
                if time.monotonic() - watched > WATCH_SECONDS:
                    watched = time.monotonic()
                    watch(pool)
                if cancel.cancelled:
                    event.set()
                for future in done:
                    index = futures.pop(future)
                    try:
                        reports[index] = future.result()
                    except BrokenProcessPool:
                        broken.append(index)
                    except Cancelled:
                        event.set()
                if event.is_set():
                    raise Cancelled()
                emit_ready()
        finally:
            # On cancel, return at once: the workers see the event at their next check, remove
            # their temporary files and end by themselves.
            if event.is_set():
                stopping.extend(getattr(pool, "_processes", None) or {})
            pool.shutdown(wait=not event.is_set(), cancel_futures=True)
        drain()
        return broken

    size = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    scratch = _batch_folder()
    stopping: list[int] = []  # workers left to end by themselves, after a cancel
    try:
        for index in run(list(range(len(paths))), size):
            # A worker died with this bundle in flight: check it alone, in a pool of its own.
            over_memory = False
            if run([index], 1):
                path = Path(paths[index])
                reports[index] = (
                    memory_report(path, job.limits) if over_memory else died_report(path)
                )
            emit_ready()
    finally:
        if stopping:  # cancelled: the workers are still ending, removing their own files
            remove_when_ended(stopping, scratch)
        else:  # every worker has ended
            shutil.rmtree(scratch, ignore_errors=True)
    return [reports[i] for i in range(len(paths))]
