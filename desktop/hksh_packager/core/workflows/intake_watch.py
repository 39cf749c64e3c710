"""`intake watch`: scan as bundles appear. The operating system tells of changes (watchdog:
inotify, FSEvents, Windows' change notifications); a synced drive writes a file in pieces, so a
bundle is taken only once its size and time have not changed for `settle` seconds, never half
written (a half-written zip would be recorded as an arrival of its own, and invalid)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.verify.ledger import Ledger
from hksh_packager.core.workflows.intake import NO_SETTINGS, IntakeSettings, ScanSummary, scan
from hksh_packager.core.workflows.verify import bundle_files

log = logging.getLogger(__name__)

RECORD_LOOKS_SECONDS = 10  # how often a look at the folders is recorded as evidence
POLL_SECONDS = 1.0  # the longest wait between looks, events or not


def _zips(sources: Sequence[Path]) -> dict[Path, tuple[int, int]]:
    """Every bundle file under `sources` (as a verify or a scan finds them) with its size and
    modification time."""
    found: dict[Path, tuple[int, int]] = {}
    for source in map(Path, sources):
        for path in bundle_files(source) if source.is_dir() else [source]:
            try:
                state = path.stat()
            except OSError:
                continue  # gone between listing and looking
            found[path] = (state.st_size, state.st_mtime_ns)
    return found


def stable_files(
    sources: Sequence[Path],
    seen: dict[Path, tuple[tuple[int, int], float]],
    settle: float,
    now: float,
) -> list[Path]:
    """The bundle files whose size and time have not changed for `settle` seconds; `seen`
    (path -> (size and time, when first seen so)) is updated."""
    current = _zips(sources)
    for path in list(seen):
        if path not in current:
            del seen[path]
    ready = []
    for path, state in current.items():
        known = seen.get(path)
        if known is None or known[0] != state:
            seen[path] = (state, now)
        elif now - known[1] >= settle:
            ready.append(path)
    return sorted(ready)


def watch(
    sources: Sequence[Path],
    folder: Path,
    settings: IntakeSettings = NO_SETTINGS,
    *,
    settle: float = 5.0,
    cancel: CancelToken,
    on_scan: Callable[[ScanSummary], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    wall: Callable[[], int] = lambda: int(time.time()),
) -> None:
    """Scan the stable bundles in `sources` into the intake at `folder` each time files settle
    after a change, until `cancel` is set."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()
    changed.set()  # the first look happens at once

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            changed.set()

    observer = Observer()
    for source in map(Path, sources):
        observer.schedule(Handler(), str(source if source.is_dir() else source.parent),
                          recursive=True)  # fmt: skip
    observer.start()
    seen: dict[Path, tuple[tuple[int, int], float]] = {}
    taken: dict[Path, tuple[int, int]] = {}
    watched = [Path(s).resolve() for s in sources if Path(s).is_dir()]
    last_recorded = 0
    try:
        while not cancel.cancelled:
            # A look at once after an event, else every POLL_SECONDS (a network drive may send
            # no events, and settling files are looked at again).
            changed.wait(POLL_SECONDS)
            changed.clear()
            looked = wall()  # before listing: a file the listing misses arrived after this
            ready = stable_files(sources, seen, settle, clock())
            if looked - last_recorded >= RECORD_LOOKS_SECONDS:
                # Each look is evidence of what was not there (or not yet complete): an arrival
                # is never earlier than the last look before it was taken, whatever its file's
                # time says. A look every ten seconds is recorded, not every second.
                with Ledger(folder) as ledger:
                    for source in watched:
                        ledger.record_scan(source, looked)
                last_recorded = looked
            fresh = [p for p in ready if taken.get(p) != seen[p][0]]
            if fresh:
                # The folders were just listed whole: the scan stands for that listing too.
                summary = scan(fresh, folder, settings, cancel=cancel, listed=watched)
                taken.update({p: seen[p][0] for p in fresh})
                log.debug("watch: %d files settled, %d new", len(fresh), summary.new)
                if on_scan is not None:
                    on_scan(summary)
    finally:
        observer.stop()
        observer.join(timeout=5)
