from __future__ import annotations

import threading
import time

import pytest

from hksh_packager.core.common.prefetch import ReadAhead, prefetch


def test_items_arrive_in_order_and_errors_where_they_happened() -> None:
    def items():  # type: ignore[no-untyped-def]
        yield 1
        yield 2
        raise ValueError("row 3 is broken")

    seen = []
    with pytest.raises(ValueError, match="row 3 is broken"):
        for item in prefetch(items()):
            seen.append(item)
    assert seen == [1, 2]


def test_a_consumer_that_stops_early_stops_the_producer() -> None:
    produced = []

    def endless():  # type: ignore[no-untyped-def]
        count = 0
        while True:
            produced.append(count)
            yield count
            count += 1

    for item in prefetch(endless()):
        if item == 3:
            break
    time.sleep(0.3)
    settled = len(produced)
    time.sleep(0.3)
    assert len(produced) == settled <= 6
    assert not [t for t in threading.enumerate() if t.name == "prefetch"]


def test_a_read_ahead_starts_producing_before_the_first_item_is_asked_for() -> None:
    started = threading.Event()

    def items():  # type: ignore[no-untyped-def]
        started.set()
        yield 1
        yield 2

    with ReadAhead(items()) as ahead:
        assert started.wait(5)
        assert list(ahead) == [1, 2]
        assert list(ahead) == []


def test_a_read_ahead_closed_unread_stops_and_releases_its_source() -> None:
    released = threading.Event()

    def endless():  # type: ignore[no-untyped-def]
        try:
            while True:
                yield 0
        finally:
            released.set()

    ahead = ReadAhead(endless(), depth=2)
    ahead.close()
    assert released.is_set()
    assert not [t for t in threading.enumerate() if t.name == "prefetch"]
    assert list(ahead) == []
