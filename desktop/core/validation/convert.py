"""How a text cell becomes a JSON value before it is checked (the documented conversion rules).

For a column whose schema declares `type` (a name or a list; `$ref` is followed to find it):
  - an empty cell is null when the type allows "null", and otherwise missing (absent from the row);
  - when "integer" or "number" is allowed, numeric text becomes a number: optional sign, digits,
    optional fraction and exponent ("12", "-0.5", "1e3", ".5"); whole-number text becomes an
    integer, the rest a float; text that would overflow a double stays text;
  - when "boolean" is allowed, "true"/"false" in any letter case become booleans;
  - everything else stays text, exactly as written (no trimming).
A column with no `type` keeps all its cells as text (an empty cell is still missing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

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

    text: pd.Series  # the cells, as string[pyarrow]
    kind: np.ndarray  # uint8 codes: MISSING, NULL, INT, FLOAT, BOOL, STR
    number: np.ndarray  # float64, NaN where not a number
    exact: np.ndarray  # bool: numbers whose double may not be exact (long integers)

    def value(self, index: int) -> Any:
        """The converted Python value of one cell (for exact checks and messages)."""
        return python_value(self.kind[index], self.text.iat[index])


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


def convert_column(cells: pd.Series, types: frozenset[str] | None) -> Converted:
    text = cells.astype("string[pyarrow]")
    size = len(text)
    kind = np.full(size, STR, dtype=np.uint8)
    number = np.full(size, np.nan)
    exact = np.zeros(size, dtype=bool)
    empty = (text == "").to_numpy(dtype=bool, na_value=True)
    kind[empty] = NULL if types and "null" in types else MISSING
    if types and ("integer" in types or "number" in types):
        numeric = text.str.fullmatch(NUMBER_RE).to_numpy(dtype=bool, na_value=False)
        if numeric.any():
            values = pd.to_numeric(text[numeric], errors="coerce").to_numpy(dtype=float)
            whole = text[numeric].str.fullmatch(INT_RE).to_numpy(dtype=bool, na_value=False)
            finite = np.isfinite(values)
            positions = np.flatnonzero(numeric)
            kind[positions[whole]] = INT
            kind[positions[~whole & finite]] = FLOAT
            number[positions[whole | finite]] = values[whole | finite]
            digits = text[numeric].str.len().to_numpy() > SAFE_DIGITS
            exact[positions[whole & digits]] = True
    if types and "boolean" in types:
        flags = text.str.lower().isin(["true", "false"]).to_numpy(dtype=bool, na_value=False)
        kind[flags & (kind == STR)] = BOOL
    return Converted(text, kind, number, exact)
