"""Arrow arrays to numpy through their buffers, checked against pyarrow's own `to_numpy` (which
this project avoids at run time because it imports pandas) on sliced, chunked and null-holding
arrays."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hksh_packager.core.common.arrow import bools, empty_texts, indices, mask, numbers, texts

CHUNKS = st.lists(st.lists(st.one_of(st.none(), st.booleans()), max_size=40), max_size=4)


def _sliced(chunks: list[list], kind: pa.DataType, cut: int) -> pa.ChunkedArray:
    """The chunks as arrow arrays, each sliced from `cut` on, so offsets are not multiples of 8."""
    return pa.chunked_array([pa.array(c, kind)[min(cut, len(c)) :] for c in chunks], kind)


@settings(deadline=None)  # the oracle, to_numpy, imports pandas on its first call
@given(chunks=CHUNKS, cut=st.integers(0, 11))
@example(chunks=[[True] * 9 + [None, False]], cut=7)  # a slice that starts inside a byte
@example(chunks=[], cut=0)
def test_bools_read_as_pyarrow_reads_them_with_null_as_false(chunks, cut) -> None:
    array = _sliced(chunks, pa.bool_(), cut)
    expected = np.array([bool(v) for v in array.to_pylist()], dtype=bool)
    assert np.array_equal(bools(array), expected)
    for chunk in array.chunks:
        assert np.array_equal(bools(chunk), chunk.fill_null(False).to_numpy(zero_copy_only=False))


@given(
    chunks=st.lists(st.lists(st.integers(-(2**31), 2**31 - 1), max_size=30), max_size=4),
    cut=st.integers(0, 5),
    kind=st.sampled_from([pa.int32(), pa.int64()]),
)
def test_integers_read_as_pyarrow_reads_them(chunks, cut, kind) -> None:
    array = _sliced(chunks, kind, cut)
    got = numbers(array, np.int64)
    assert got.dtype == np.int64
    assert got.tolist() == array.to_pylist()
    assert np.array_equal(got, array.to_numpy().astype(np.int64))


@given(
    chunks=st.lists(
        st.lists(st.one_of(st.none(), st.floats(allow_nan=False)), max_size=30), max_size=4
    ),
    cut=st.integers(0, 5),
)
def test_doubles_read_as_pyarrow_reads_them_with_null_as_nan(chunks, cut) -> None:
    array = _sliced(chunks, pa.float64(), cut)
    got = numbers(array)
    assert np.array_equal(got, array.to_numpy(zero_copy_only=False), equal_nan=True)


def test_integers_with_nulls_are_refused() -> None:
    try:
        numbers(pa.array([1, None], pa.int32()), np.int64)
    except ValueError:
        return
    raise AssertionError("a null integer became a number")


@given(st.lists(st.text(), max_size=20))
@example(["", "港", "\U0001f600", "a\x00b"])
def test_texts_round_trip(values: list[str]) -> None:
    array = texts(values)
    assert array.type == pa.string()
    assert array.to_pylist() == values


@given(
    chunks=st.lists(st.lists(st.text(max_size=3), max_size=20), max_size=4),
    cut=st.integers(0, 5),
    kind=st.sampled_from([pa.string(), pa.large_string()]),
)
@example(chunks=[["", "a", ""], []], cut=1, kind=pa.string())
def test_empty_texts_are_the_empty_cells(chunks, cut, kind) -> None:
    array = _sliced(chunks, kind, cut)
    assert empty_texts(array).tolist() == [value == "" for value in array.to_pylist()]


@given(kind=st.sampled_from([pa.float64(), pa.int64(), pa.int32()]))
def test_numbers_are_a_copy_to_write_into(kind) -> None:
    array = pa.chunked_array([pa.array([1, 2, 3], kind)[1:]])
    got = numbers(array)
    got[0] = 9  # writable, and arrow's buffer left as it was
    assert got.tolist() == [9.0, 3.0]
    assert array.to_pylist() == [2, 3]


@given(values=st.lists(st.text(max_size=2), min_size=1, max_size=20), data=st.data())
def test_masks_and_indices_pick_what_numpy_picks(values: list[str], data) -> None:
    chosen = np.array(data.draw(st.lists(st.booleans(), min_size=len(values),
                                         max_size=len(values))), dtype=bool)  # fmt: skip
    array = pa.chunked_array([texts(values)])
    picked = [v for v, keep in zip(values, chosen, strict=True) if keep]
    assert array.filter(mask(chosen)).to_pylist() == picked
    positions = np.flatnonzero(chosen)[::-1]  # any order, a view with a negative stride
    assert array.take(indices(positions)).to_pylist() == picked[::-1]
