"""The Qt binding itself: a release that miscounts references crashes the app after hours of use,
so the app pins around it (pyproject.toml) and this test says so if it comes back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(object)
    done = Signal()


def test_emitting_signals_leaves_the_reference_counts_of_none_true_and_false_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received = [0]

    def count(value: object) -> None:
        received[0] += 1

    emitter.changed.connect(count)
    emitter.done.connect(lambda: None)
    before = [sys.getrefcount(value) for value in (None, True, False)]
    for _ in range(1000):
        emitter.changed.emit(None)
        emitter.done.emit()
    after = [sys.getrefcount(value) for value in (None, True, False)]
    assert received == [1000]
    assert after == before
