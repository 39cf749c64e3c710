from __future__ import annotations

import pytest

from hksh_packager.core.common.cores import InlineExecutor


def test_inline_executor_behaves_as_a_pool_of_one() -> None:
    calls: list[int] = []

    def square(n: int) -> int:
        calls.append(n)
        if n == 3:
            raise ValueError("three")
        return n * n

    with InlineExecutor() as pool:
        assert list(pool.map(square, [1, 2])) == [1, 4]
        future = pool.submit(square, 3)
    with pytest.raises(ValueError, match="three"):
        future.result()
    assert calls == [1, 2, 3]  # each call ran at once, in order, in this thread
