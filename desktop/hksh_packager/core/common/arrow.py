"""pyarrow, for the readers and the validator, without pandas unless something asks for it.

pyarrow imports pandas, when it is installed, the first time any array is built (`pa.array`,
`pa.scalar`, a compute call given a numpy mask): it checks whether its argument is a pandas object.
pandas is installed (the careful CSV reader uses it) and takes about 0.2 s to import, which every
`validate` and `verify` process, and the app's first check, would pay for nothing: datasets are
read and checked with arrow and numpy only.

pyarrow's own lazy importer (its "pandas shim") treats a pandas that cannot be imported as absent
and asks again whenever pandas is really needed (`to_pandas`, `from_pandas`). So the first array is
built here while an import of pandas is refused: pyarrow then takes arguments as arrow or numpy
objects, which is all this project gives it, and pandas loads only where it is used.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from typing import Any

import numpy as np
import pyarrow as pa

# pyarrow.compute writes a Python wrapper, and its documentation, for each of Arrow's 300 compute
# functions as it is imported: 45 ms of every process that reads data, for the dozen this project
# calls. They are called here through `call_function`, which pyarrow.compute's wrappers call too.
from pyarrow._compute import (
    CastOptions,
    FilterOptions,
    MatchSubstringOptions,
    SetLookupOptions,
    TrimOptions,
    call_function,
)

__all__ = [
    "array_chunks", "bools", "byte_lengths", "dictionary_codes", "empty_texts", "indices", "mask",
    "numbers", "offsets", "pa", "pc", "texts",
]  # fmt: skip


class _RefusePandas(MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("not while pyarrow starts", name=name)


def _first_array_without_pandas() -> None:
    if "pandas" in sys.modules:
        return  # already paid for: pyarrow may as well use it
    refuse = _RefusePandas()
    sys.meta_path.insert(0, refuse)
    try:
        pa.array([], pa.string())
    finally:
        sys.meta_path.remove(refuse)


_first_array_without_pandas()


# Arrow to numpy through the buffers: `to_numpy` goes through pyarrow's pandas conversion, which
# imports pandas on every call until it succeeds.
def array_chunks(values: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return values.chunks if isinstance(values, pa.ChunkedArray) else [values]


def _bits(buffer: pa.Buffer | None, offset: int, length: int) -> np.ndarray:
    if buffer is None or length == 0:
        return np.zeros(length, dtype=bool)
    first, last = offset // 8, (offset + length + 7) // 8
    raw = np.frombuffer(buffer, dtype=np.uint8)[first:last]
    start = offset % 8
    return np.unpackbits(raw, bitorder="little")[start : start + length].astype(bool)


def _valid(chunk: pa.Array) -> np.ndarray | None:
    if chunk.null_count == 0:
        return None
    return _bits(chunk.buffers()[0], chunk.offset, len(chunk))


def bools(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean array as numpy; null reads as False."""
    parts = [np.zeros(0, dtype=bool)]
    for chunk in array_chunks(values):
        data = _bits(chunk.buffers()[1], chunk.offset, len(chunk))
        valid = _valid(chunk)
        parts.append(data if valid is None else data & valid)
    return np.concatenate(parts)


def _dtype(kind: pa.DataType) -> np.dtype:
    size = kind.bit_width // 8
    if pa.types.is_floating(kind):
        return np.dtype(f"f{size}")
    if pa.types.is_signed_integer(kind):
        return np.dtype(f"i{size}")
    if pa.types.is_unsigned_integer(kind):
        return np.dtype(f"u{size}")
    raise TypeError(f"not a number type: {kind}")


def numbers(values: pa.Array | pa.ChunkedArray, dtype: Any = np.float64) -> np.ndarray:
    """An integer or floating-point array as numpy `dtype`; null reads as NaN (integers have no
    nulls here: a null integer is an error)."""
    parts = [np.zeros(0, dtype=dtype)]
    for chunk in array_chunks(values):
        kind = _dtype(chunk.type)
        data = (
            np.frombuffer(
                chunk.buffers()[1],
                dtype=kind,
                count=len(chunk),
                offset=chunk.offset * kind.itemsize,
            )
            if len(chunk)
            else np.zeros(0, dtype=kind)
        )
        valid = _valid(chunk)
        if valid is not None:
            if not np.issubdtype(np.dtype(dtype), np.floating):
                raise ValueError("an integer array with nulls cannot become integers")
            data = data.astype(dtype)  # a copy of arrow's buffer, to write NaN into
            data[~valid] = np.nan
        parts.append(data)
    # One copy, made here: into a new array of `dtype`, writable and arrow's buffers left alone.
    return np.concatenate(parts, dtype=dtype, casting="unsafe")


def dictionary_codes(encoded: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Each cell's index, and the dictionary, of a dictionary-encoded array (the chunks of a
    chunked one sharing theirs, as dictionary_encode and unify_dictionaries make them); no cell
    may be null."""
    chunks = array_chunks(encoded)
    if not chunks:
        return np.zeros(0, dtype=np.int64), texts([])
    indices = pa.chunked_array([chunk.indices for chunk in chunks])
    return numbers(indices, np.int64), chunks[0].dictionary


def mask(values: np.ndarray) -> pa.Array:
    """A numpy boolean array as an arrow one (to filter with), from its bits: `pa.array` would go
    through pyarrow's numpy conversion, which imports numpy.ma (10 ms a process) to ask whether
    the array is a masked one."""
    bits = np.packbits(values, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def indices(values: np.ndarray) -> pa.Array:
    """Positions from numpy as an arrow array (to take with), from their bytes, for the same
    reason as `mask`."""
    data = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def offsets(chunk: pa.Array) -> np.ndarray:
    """Where each cell of a string or binary array starts in its data, and where the last ends:
    len(chunk) + 1 positions, a view of arrow's buffer."""
    width = np.dtype(np.int64 if pa.types.is_large_string(chunk.type)
                     or pa.types.is_large_binary(chunk.type) else np.int32)  # fmt: skip
    if not len(chunk):
        return np.zeros(1, dtype=width)
    return np.frombuffer(
        chunk.buffers()[1], dtype=width, count=len(chunk) + 1, offset=chunk.offset * width.itemsize
    )


def byte_lengths(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """How many bytes each cell of a text array holds, from where it starts and ends."""
    parts = [np.zeros(0, dtype=np.int64)]
    for chunk in array_chunks(values):
        parts.append(np.diff(offsets(chunk)))
    return np.concatenate(parts, dtype=np.int64, casting="unsafe")


def empty_texts(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Which cells of a text array are empty (""): where a cell starts where it ends. The readers
    give no nulls; a null reads as empty only where it takes no bytes, as arrow writes one."""
    return byte_lengths(values) == 0


def texts(values: Sequence[str]) -> pa.Array:
    """Python strings as an arrow string array. From a list: once pyarrow has started without
    pandas (above), its conversion from Python objects loads neither pandas nor numpy.ma, where
    one from a numpy array of objects loads numpy.ma, and takes twice as long."""
    return pa.array(list(values), pa.string())


class _Compute:
    """The compute functions this project calls, with pyarrow.compute's names and arguments, and
    the array methods that would import it (filter, take, dictionary_encode)."""

    @staticmethod
    def any(values: Any) -> Any:
        return call_function("any", [values])

    @staticmethod
    def ascii_is_decimal(values: Any) -> Any:
        return call_function("ascii_is_decimal", [values])

    @staticmethod
    def cast(values: Any, target_type: pa.DataType) -> Any:
        return call_function("cast", [values], CastOptions.safe(target_type))

    @staticmethod
    def dictionary_encode(values: Any) -> Any:
        return call_function("dictionary_encode", [values])

    @staticmethod
    def equal(left: Any, right: Any) -> Any:
        return call_function("equal", [left, right])

    @staticmethod
    def fill_null(values: Any, fill_value: Any) -> Any:
        return call_function("coalesce", [values, pa.scalar(fill_value, type=values.type)])

    @staticmethod
    def fill_null_forward(values: Any) -> Any:
        return call_function("fill_null_forward", [values])

    @staticmethod
    def filter(values: Any, selection: pa.Array) -> Any:
        """The rows (of an array, a chunked array or a table) where `selection` is true."""
        return call_function("filter", [values, selection], FilterOptions("drop"))

    @staticmethod
    def if_else(condition: Any, left: Any, right: Any) -> Any:
        return call_function("if_else", [condition, left, right])

    @staticmethod
    def is_in(values: Any, value_set: pa.Array) -> Any:
        return call_function("is_in", [values], SetLookupOptions(value_set))

    @staticmethod
    def match_substring_regex(values: Any, pattern: str) -> Any:
        return call_function("match_substring_regex", [values], MatchSubstringOptions(pattern))

    @staticmethod
    def take(values: Any, positions: pa.Array) -> Any:
        """The rows (of an array, a chunked array or a table) at `positions`."""
        return call_function("take", [values, positions])

    @staticmethod
    def unique(values: Any) -> Any:
        return call_function("unique", [values])

    @staticmethod
    def utf8_length(values: Any) -> Any:
        return call_function("utf8_length", [values])

    @staticmethod
    def utf8_lower(values: Any) -> Any:
        return call_function("utf8_lower", [values])

    @staticmethod
    def utf8_ltrim(values: Any, characters: str) -> Any:
        return call_function("utf8_ltrim", [values], TrimOptions(characters))

    @staticmethod
    def utf8_trim(values: Any, characters: str) -> Any:
        return call_function("utf8_trim", [values], TrimOptions(characters))


pc = _Compute()
