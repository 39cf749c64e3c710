"""Produce the next item of an iterator on a background thread while the caller uses this one."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def prefetch(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """Yield `items` in order, reading up to `depth` ahead; errors are raised where they belong."""
    buffer: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put((_DONE, None))
        except BaseException as exc:  # handed to the consumer, raised there
            buffer.put((_DONE, exc))

    worker = threading.Thread(target=produce, name="prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item, error = buffer.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        # Drain so a blocked producer can see the stop flag, and wait for it by joining: a
        # producer that has just put its last item ends in microseconds, and a timed get on the
        # empty buffer would make every table wait the whole timeout (0.1 s per small file).
        while worker.is_alive():
            with contextlib.suppress(queue.Empty):
                buffer.get_nowait()
            worker.join(timeout=0.01)
