"""A column converted at once gives each cell the kind and number the documented rules give it.

The oracle is written here, cell by cell, with Python's own `re` and `float`: numeric text is an
optional sign, digits with an optional point and fraction (or a point and digits), and an optional
exponent; whole when it has no point and no exponent.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

import numpy as np
import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hksh_packager.core.validation.convert import (
    BOOL,
    FLOAT,
    INT,
    MISSING,
    NULL,
    STR,
    convert_column,
)

NUMERIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
WHOLE = re.compile(r"[+-]?\d+", re.ASCII)


def expected(text: str, types: frozenset[str]) -> tuple[int, float]:
    if text == "":
        return (NULL if "null" in types else MISSING), math.nan
    if {"integer", "number"} & types and NUMERIC.fullmatch(text):
        if WHOLE.fullmatch(text):
            # Python reads whole numbers of up to 4,300 characters (its default limit).
            return (STR, math.nan) if len(text) > 4300 else (INT, float(text))
        if math.isfinite(float(text)):
            return FLOAT, float(text)
    if "boolean" in types and text.lower() in ("true", "false"):
        return BOOL, math.nan
    return STR, math.nan


CELLS = st.one_of(
    st.text(alphabet="0123456789.+-eE", max_size=6),
    st.text(alphabet="09.a ١１區\u00e9", max_size=4),
    st.sampled_from(["", ".", "..", "1.", ".5", "1.2.3", "160.8", "1e400", "-.5e-3", "+7", "TRUE"]),
    # Digits around the lengths where parsing changes: 15 (exact as a double), 18 (the most
    # parsed as a 64-bit integer), 19 and more (as a double); 2**53 + 1 rounds.
    st.sampled_from(["999999999999999", "9007199254740993", "123456789012345678",
                     "999999999999999999", "9999999999999999999", "99999999999999999999999"]),
)  # fmt: skip
TYPES = st.sampled_from(
    [frozenset({"integer"}), frozenset({"number", "null"}), frozenset({"integer", "boolean"})]
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(CELLS, max_size=40), types=TYPES, cuts=st.lists(st.integers(0, 40)),
       skip=st.integers(0, 3))  # fmt: skip
# Digits around one point, and what only looks like it: no digit, two points, a sign.
@example(cells=["1.", ".5", ".", "1.2.", "+1.5", "12"], types=frozenset({"number"}), cuts=[3],
         skip=1)  # fmt: skip
# Non-ASCII digits are never numbers, though Unicode calls them decimal.
@example(cells=["١٢", "１２", "1١"], types=frozenset({"integer"}), cuts=[], skip=0)
# Whole numbers longer than Python reads stay text; the float of such text would be infinite.
@example(cells=["9" * 4300, "9" * 4301, "-" + "9" * 4300, "9" * 4301 + ".5"],
         types=frozenset({"number"}), cuts=[2], skip=1)  # fmt: skip
# A column of digits alone, the longest 18 (integers) or 19 (doubles) long.
@example(cells=["007", "9007199254740993", "999999999999999999"], types=frozenset({"integer"}),
         cuts=[], skip=0)  # fmt: skip
@example(cells=["007", "9007199254740993", "9999999999999999999"], types=frozenset({"integer"}),
         cuts=[], skip=0)  # fmt: skip
def test_each_cell_as_the_rules_say(
    cells: list[str], types: frozenset[str], cuts: list[int], skip: int
) -> None:
    # Pieces of different sizes, the first of them sliced, as the readers hand chunks over.
    bounds = sorted({0, len(cells), *(c for c in cuts if c <= len(cells))})
    pieces = [
        pa.array(["x"] * skip + cells[a:b], pa.string()).slice(skip) for a, b in pairwise(bounds)
    ]
    column = convert_column(pa.chunked_array(pieces, pa.string()), types)
    for index, text in enumerate(cells):
        kind, number = expected(text, types)
        assert int(column.kind[index]) == kind, text
        if kind in (INT, FLOAT):
            assert column.number[index] == number, text
        else:
            assert np.isnan(column.number[index]), text


@given(cells=st.lists(CELLS, max_size=30), skip=st.integers(0, 3))
def test_digits_around_one_point_in_a_sliced_array(cells: list[str], skip: int) -> None:
    # The finder reads the cells' bytes: a slice (as a chunk of a larger read is) starts inside.
    from hksh_packager.core.validation.convert import _pointed_decimals

    pieces = pa.array(["9.9"] * skip + cells, pa.string()).slice(skip)
    found = _pointed_decimals(pa.chunked_array([pieces], pa.string()))
    assert found.tolist() == [re.fullmatch(r"\d*\.\d*", c, re.ASCII) is not None and c != "."
                              for c in cells]  # fmt: skip
