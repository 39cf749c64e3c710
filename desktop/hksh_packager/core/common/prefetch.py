"""Produce the next items of an iterator on a background thread while the caller uses this one."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
_DONE = object()


class ReadAhead(Generic[T]):
    """The items of `items`, in order, produced on a background thread from the moment this is
    made, up to `depth` ahead of the caller; an error is raised where it belongs, in order.
    Close it (or use it as a context manager) whether or not every item was taken: closing stops
    the producer and waits for it, so no thread is left holding the source (an open file)."""

    def __init__(self, items: Iterator[T], depth: int = 1) -> None:
        self._buffer: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._ended = False
        self._worker = threading.Thread(
            target=self._produce, args=(items,), name="prefetch", daemon=True
        )
        self._worker.start()

    def _produce(self, items: Iterator[T]) -> None:
        try:
            for item in items:
                while not self._stop.is_set():
                    try:
                        self._buffer.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if self._stop.is_set():
                    return
            self._buffer.put((_DONE, None))
        except BaseException as exc:  # handed to the consumer, raised there
            self._buffer.put((_DONE, exc))
        finally:
            # A source stopped early lets go of what it holds (a file, which Windows would not
            # let the user move or delete while it is open) now, not whenever it is collected.
            close = getattr(items, "close", None)
            if close is not None:
                close()

    def __iter__(self) -> ReadAhead[T]:
        return self

    def __next__(self) -> T:
        if self._ended:
            raise StopIteration
        item, error = self._buffer.get()
        if item is _DONE:
            self._ended = True
            if error is not None:
                raise error
            raise StopIteration
        return item

    def close(self) -> None:
        self._ended = True
        self._stop.set()
        # Drain so a blocked producer can see the stop flag, and wait for it by joining: a
        # producer that has just put its last item ends in microseconds, and a timed get on the
        # empty buffer would make every table wait the whole timeout (0.1 s per small file).
        while self._worker.is_alive():
            with contextlib.suppress(queue.Empty):
                self._buffer.get_nowait()
            self._worker.join(timeout=0.01)

    def __enter__(self) -> ReadAhead[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def prefetch(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """Yield `items` in order, reading up to `depth` ahead from the first item asked for; errors
    are raised where they belong."""
    with ReadAhead(items, depth) as ahead:
        yield from ahead
