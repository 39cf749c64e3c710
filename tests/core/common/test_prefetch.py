from __future__ import annotations

import threading
import time

import pytest

from hksh_packager.core.common.prefetch import prefetch


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
