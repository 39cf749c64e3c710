"""How a text cell becomes a JSON value before it is checked (the documented conversion rules).

For a column whose schema declares `type` (a name or a list; `$ref` is followed to find it):
  - an empty cell is null when the type allows "null", and otherwise missing (absent from the row);
  - when "integer" or "number" is allowed, numeric text becomes a number: optional sign, digits,
    optional fraction and exponent ("12", "-0.5", "1e3", ".5"); whole-number text becomes an
    integer, the rest a float; text that would overflow a double stays text;
  - when "boolean" is allowed, "true"/"false" in any letter case become booleans;
  - everything else stays text, exactly as written (no trimming).
A column with no `type` keeps all its cells as text (an empty cell is still missing).
A cell holding exactly one of the column's missing-value markers (`x-missingValues`: "N/A", "-")
is null, whatever the type: the schema says whether null is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from hksh_packager.core.common.arrow import bools, empty_texts, numbers, pa, pc, texts

MISSING, NULL, INT, FLOAT, BOOL, STR = range(6)
NUMBER_RE = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
INT_RE = r"[+-]?[0-9]+"
SAFE_DIGITS = 15  # integers with more digits are compared exactly, not as doubles


def declared_types(schema: dict[str, Any]) -> frozenset[str] | None:
    value = schema.get("type")
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


@dataclass
class Converted:
    """One column of one chunk: each cell's kind and, for numbers, its value as a double."""

    text: pa.ChunkedArray  # the cells, as arrow strings
    kind: np.ndarray  # uint8 codes: MISSING, NULL, INT, FLOAT, BOOL, STR
    number: np.ndarray  # float64, NaN where not a number
    exact: np.ndarray  # bool: numbers whose double may not be exact (long integers)

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
                return INT, int(text)
            number = float(text)
            if math.isfinite(number):
                return FLOAT, number
        if "boolean" in types and text.lower() in ("true", "false"):
            return BOOL, text.lower() == "true"
    return STR, text


def convert_column(
    cells: pa.ChunkedArray, types: frozenset[str] | None, markers: frozenset[str] = frozenset()
) -> Converted:
    """One column of a chunk (cells strings, never null, as the readers give them), converted."""
    size = len(cells)
    kind = np.full(size, STR, dtype=np.uint8)
    number = np.full(size, np.nan)
    exact = np.zeros(size, dtype=bool)
    empty = empty_texts(cells)
    kind[empty] = NULL if types and "null" in types else MISSING
    if types and ("integer" in types or "number" in types):
        numeric, whole, candidates, values = _numeric_cells(cells, ~empty)
        if numeric.any():
            finite = np.isfinite(values)
            known = whole | finite
            long = numbers(pc.binary_length(candidates), np.int64) > SAFE_DIGITS  # ASCII text
            # The usual numeric column is numeric throughout: its masks need no placing.
            positions = None if numeric.all() else np.flatnonzero(numeric)
            kind[_placed(whole, positions)] = INT
            kind[_placed(~whole & finite, positions)] = FLOAT
            number[_placed(known, positions)] = values[known]
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


def _placed(mask: np.ndarray, positions: np.ndarray | None) -> np.ndarray:
    """A mask over some of a column's cells as an index into the column (`positions`: where those
    cells are; None: they are all of it)."""
    return mask if positions is None else positions[mask]


def _numeric_cells(
    arrow: pa.ChunkedArray, present: np.ndarray
) -> tuple[np.ndarray, np.ndarray, pa.ChunkedArray, np.ndarray]:
    """Which cells are numeric text; then, for those cells only: which are whole numbers, their
    text, and their values as doubles.

    Plain ASCII digit strings ("2026", "17") are the bulk of most numeric columns and are found
    with two cheap kernels, whole numbers all; only the other cells go through the full text rule
    (NUMBER_RE).
    """
    plain = bools(pc.and_(pc.string_is_ascii(arrow), pc.utf8_is_decimal(arrow)))
    numeric, whole = plain, plain
    other = present & ~plain
    if other.any():
        numeric, whole = plain.copy(), plain.copy()
        positions = np.flatnonzero(other)
        rest = arrow.filter(pa.array(other))
        numeric[positions[bools(pc.match_substring_regex(rest, f"^(?:{NUMBER_RE})$"))]] = True
        # Numeric text is whole when all of it after the sign is digits.
        whole[positions[bools(pc.utf8_is_decimal(pc.utf8_ltrim(rest, characters="+-")))]] = True
    candidates = arrow if numeric.all() else arrow.filter(pa.array(numeric))
    return numeric, whole[numeric], candidates, numbers(pc.cast(candidates, pa.float64()))
