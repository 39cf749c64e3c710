"""How a text cell becomes a JSON value before it is checked (the documented conversion rules).

For a column whose schema declares `type` (a name or a list; `$ref` is followed to find it):
  - an empty cell is null when the type allows "null", and otherwise missing (absent from the row);
  - when "integer" or "number" is allowed, numeric text becomes a number: optional sign, digits,
    optional fraction and exponent ("12", "-0.5", "1e3", ".5"); whole-number text becomes an
    integer, the rest a float; text that would overflow a double stays text, and so does a
    whole number longer than Python reads as an integer (4,300 characters by default);
  - when "boolean" is allowed, "true"/"false" in any letter case become booleans;
  - everything else stays text, exactly as written (no trimming).
A column with no `type` keeps all its cells as text (an empty cell is still missing).
A cell holding exactly one of the column's missing-value markers (`x-missingValues`: "N/A", "-")
is null, whatever the type: the schema says whether null is allowed.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from hksh_packager.core.common.arrow import (
    array_chunks,
    bools,
    byte_lengths,
    mask,
    numbers,
    offsets,
    pa,
    pc,
    texts,
)

MISSING, NULL, INT, FLOAT, BOOL, STR = range(6)
NUMBER_RE = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
INT_RE = r"[+-]?[0-9]+"
SAFE_DIGITS = 15  # integers with more digits are compared exactly, not as doubles


def declared_types(schema: dict[str, Any]) -> frozenset[str] | None:
    value = schema.get("type")
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


@dataclass(frozen=True)
class Encoded:
    """A column of a chunk dictionary-encoded: each cell's index among its distinct texts, and
    those texts (the cells reach them through `codes`)."""

    codes: np.ndarray
    texts: pa.Array


@dataclass
class Converted:
    """One column of one chunk: each cell's kind and, for numbers, its value as a double."""

    text: pa.ChunkedArray  # the cells, as arrow strings
    kind: np.ndarray  # uint8 codes: MISSING, NULL, INT, FLOAT, BOOL, STR
    number: np.ndarray  # float64, NaN where not a number
    exact: np.ndarray  # bool: numbers whose double may not be exact (long integers)
    # Where the engine has encoded the chunk (engine._encoding), so that a rule on the text alone
    # (a pattern, an enum of words, a format) runs once per distinct text.
    encoded: Encoded | None = None

    def cell(self, index: int) -> str:
        """One cell's text as written."""
        return cast(str, self.text[index].as_py())

    def value(self, index: int) -> Any:
        """The converted Python value of one cell (for exact checks and messages)."""
        return python_value(int(self.kind[index]), self.cell(index))


def python_value(kind: int, text: str) -> Any:
    if kind == NULL:
        return None
    if kind == INT:
        return int(text)
    if kind == FLOAT:
        return float(text)
    if kind == BOOL:
        return text.lower() == "true"
    return text


def convert_text(text: str, types: frozenset[str] | None) -> tuple[int, Any]:
    """The same rules for one cell, used where the engine works value by value."""
    if text == "":
        return (NULL, None) if types and "null" in types else (MISSING, None)
    if types:
        import re

        if ("integer" in types or "number" in types) and re.fullmatch(NUMBER_RE, text):
            if re.fullmatch(INT_RE, text):
                return (STR, text) if _too_long(len(text)) else (INT, int(text))
            number = float(text)
            if math.isfinite(number):
                return FLOAT, number
        if "boolean" in types and text.lower() in ("true", "false"):
            return BOOL, text.lower() == "true"
    return STR, text


def convert_column(
    cells: pa.ChunkedArray,
    types: frozenset[str] | None,
    markers: frozenset[str] = frozenset(),
    encoded: Encoded | None = None,
) -> Converted:
    """One column of a chunk (cells strings, never null, as the readers give them), converted.
    With the column `encoded`, each distinct text is converted once: a text converts the same
    wherever it is."""
    if encoded is not None:
        once, codes = convert_column(encoded.texts, types, markers), encoded.codes
        return Converted(cells, once.kind[codes], once.number[codes], once.exact[codes], encoded)
    size = len(cells)
    kind = np.full(size, STR, dtype=np.uint8)
    number = np.full(size, np.nan)
    exact = np.zeros(size, dtype=bool)
    lengths = byte_lengths(cells)
    empty = lengths == 0
    kind[empty] = NULL if types and "null" in types else MISSING
    if types and ("integer" in types or "number" in types):
        numeric, whole, long, values = _numeric_cells(cells, lengths)
        if numeric.all() and whole.all():
            # The usual integer column, whole numbers throughout: nothing to place.
            kind[:], number, exact = INT, values, long
        elif numeric.any():
            finite = np.isfinite(values)
            known = whole | finite
            # A numeric column is usually numeric throughout, of whole numbers or of others
            # throughout: its masks then need no placing.
            positions = None if numeric.all() else np.flatnonzero(numeric)
            if whole.all():
                kind[_placed(None, positions)] = INT
            else:
                kind[_placed(whole, positions)] = INT
                kind[_placed(~whole & finite, positions)] = FLOAT
            if known.all():
                number[_placed(None, positions)] = values
            else:
                number[_placed(known, positions)] = values[known]
            if long.any():
                exact[_placed(whole & long, positions)] = True
    if types and "boolean" in types:
        lowered = pc.utf8_lower(cells)
        flags = bools(pc.is_in(lowered, value_set=texts(["true", "false"])))
        kind[flags & (kind == STR)] = BOOL
    if markers:
        marked = bools(pc.is_in(cells, value_set=texts(sorted(markers))))
        kind[marked] = NULL
        number[marked] = np.nan
    return Converted(cells, kind, number, exact)


def _placed(mask: np.ndarray | None, positions: np.ndarray | None) -> Any:
    """A mask over some of a column's cells as an index into the column (`positions`: where those
    cells are, None: they are all of it; `mask` None: all those cells)."""
    if mask is None:
        return slice(None) if positions is None else positions
    return mask if positions is None else positions[mask]


# What each byte is to a number written with a point: a digit, the point, anything else.
_DIGIT, _POINT, _OTHER = 0, 1, 2
_BYTE_CLASS = np.full(256, _OTHER, dtype=np.uint8)
_BYTE_CLASS[ord("0") : ord("9") + 1] = _DIGIT
_BYTE_CLASS[ord(".")] = _POINT


def _pointed_decimals(arrow: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Which cells are digits around one point ("160.8", ".5", "12."): most cells of a column of
    measurements, found here from the cells' bytes (a regular expression takes longer).

    Each byte is classed 0 (digit), 1 (point) or 2 (other); a cell's classes add up to exactly 1
    when it holds one point and otherwise digits, and it must hold a digit (not be ".").
    """
    found = [np.zeros(0, dtype=bool)]
    for chunk in array_chunks(arrow):
        if not len(chunk):
            continue
        starts = offsets(chunk)
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[starts[0] : starts[-1]]
        # Sums reach twice the bytes: 32 bits hold them below a gigabyte, and add up faster.
        sums = np.zeros(len(data) + 1, dtype=np.int32 if len(data) < 1 << 30 else np.int64)
        np.cumsum(np.take(_BYTE_CLASS, data), out=sums[1:])
        starts = starts - starts[0]
        classes = sums[starts[1:]] - sums[starts[:-1]]
        found.append((classes == _POINT) & (np.diff(starts) > 1))
    return np.concatenate(found)


def _too_long(characters: Any) -> Any:
    """Whether whole-number text of this many characters is longer than Python reads as an int
    (sys.set_int_max_str_digits; int() refuses it, and jsonschema could not compare it)."""
    limit = sys.get_int_max_str_digits()
    return characters > limit if limit else characters < 0


def _numeric_cells(
    arrow: pa.ChunkedArray, size: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which cells are numeric text (`size`: each cell's bytes); then, for those cells only:
    which are whole numbers, which have more than SAFE_DIGITS characters, and their values as
    doubles.

    Plain digits ("2026") and digits around a point ("160.8") are the bulk of most numeric columns
    and are found without a regular expression; only the other cells (signs, exponents, words) go
    through the full text rule (NUMBER_RE).
    """
    plain = bools(pc.ascii_is_decimal(arrow))
    numeric, whole = plain, plain
    other = (size > 0) & ~plain
    if other.any():
        numeric, whole = plain.copy(), plain.copy()
        positions = np.flatnonzero(other)
        rest = pc.filter(arrow, mask(other))
        pointed = _pointed_decimals(rest)
        numeric[positions[pointed]] = True
        if not pointed.all():
            positions, rest = positions[~pointed], pc.filter(rest, mask(~pointed))
            matched = bools(pc.match_substring_regex(rest, f"^(?:{NUMBER_RE})$"))
            numeric[positions[matched]] = True
            # Numeric text is whole when all of it after the sign is digits.
            signless = pc.utf8_ltrim(rest, characters="+-")
            whole[positions[bools(pc.ascii_is_decimal(signless))]] = True
    huge = whole & _too_long(size)  # bytes are characters where the text is numeric (ASCII)
    if huge.any():  # no integer, and never a double either (it would be infinite)
        numeric, whole = numeric & ~huge, whole & ~huge
    candidates = arrow if numeric.all() else pc.filter(arrow, mask(numeric))
    digits = size[numeric]
    # Digits alone, 18 at most, are parsed as 64-bit integers, a third quicker than as doubles:
    # the double of that integer is the double of the text (both round the same number).
    plain_only = not (numeric & ~plain).any() and not (len(digits) and digits.max() > 18)
    values = numbers(pc.cast(candidates, pa.int64() if plain_only else pa.float64()))
    return numeric, whole[numeric], digits > SAFE_DIGITS, values
