"""Progress reporting and cooperative cancellation for long core operations."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from hksh_packager.core.common.errors import Cancelled


@dataclass(frozen=True)
class Progress:
    """How far a long operation has come; `total` is 0 when unknown."""

    stage: str
    done: int
    total: int
    item: str = ""

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


ProgressCallback = Callable[[Progress], None]


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


def no_progress(_: Progress) -> None:
    """The default progress callback: ignore."""
