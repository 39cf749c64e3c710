"""The keywords the engine knows, compiled into checks over a whole column of a chunk at once.

Each check returns the positions that fail and a message for a failing cell. Semantics follow
jsonschema's exactly: a keyword applies only to the JSON types it is defined for, and every keyword
is checked whatever the others found. Keywords evaluated on distinct values (enum, const, pattern,
format) are run once per distinct cell text and spread back over the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from jsonschema import FormatChecker

from hksh_packager.core.common.arrow import numbers, pc
from hksh_packager.core.validation.convert import (
    BOOL,
    FLOAT,
    INT,
    MISSING,
    NULL,
    STR,
    Converted,
    declared_types,
    python_value,
)
from hksh_packager.core.validation.patterns import compile_pattern

KNOWN = {
    "type", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "format",
}  # fmt: skip
ANNOTATIONS = {
    "title", "description", "default", "examples", "$comment", "deprecated", "readOnly",
    "writeOnly", "$id", "$anchor",
}  # fmt: skip
FORMAT_CHECKER = FormatChecker()
TYPE_NAMES = {
    "string": "text", "integer": "an integer", "number": "a number", "boolean": "true or false",
    "null": "empty",
}  # fmt: skip


@dataclass(frozen=True)
class Failure:
    positions: np.ndarray
    message: Callable[[int], str]  # position -> message


def is_vectorisable(schema: dict[str, Any]) -> bool:
    return all(k in KNOWN or k in ANNOTATIONS or k.startswith("x-") for k in schema)


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57] + "...")


def _json_key(value: Any) -> tuple[str, Any]:
    """A key under which values are equal exactly when jsonschema's `equal` says so."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if value is None:
        return ("z", None)
    if isinstance(value, str):
        return ("s", value)
    return ("j", json.dumps(value, sort_keys=True))


@dataclass(frozen=True)
class DistinctCells:
    """The distinct texts among some cells of a column: `codes[i]` is the distinct value of the
    cell at `positions[i]`. A text always converts to the same kind within a column, so the
    text alone is the key."""

    positions: np.ndarray
    codes: np.ndarray
    kinds: np.ndarray
    texts: Any

    def values(self) -> Any:
        """(index, kind, text) of each distinct value."""
        return enumerate(zip(self.kinds, self.texts, strict=True))


def distinct_cells(column: Converted, applies: np.ndarray) -> DistinctCells:
    positions = np.flatnonzero(applies)
    # Distinct texts in order of first appearance, and each cell's index among them.
    cells = column.text if len(positions) == len(applies) else column.text.take(positions)
    encoded = cells.combine_chunks().dictionary_encode()
    codes = numbers(encoded.indices, np.int64)
    texts = encoded.dictionary.to_pylist()
    # Where each code first occurs, in one pass (a sort would cost n log n).
    first = np.empty(len(texts), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return DistinctCells(positions, codes, column.kind[positions][first], texts)


def _per_distinct(
    column: Converted, applies: np.ndarray, test: Callable[[int, str], bool]
) -> np.ndarray:
    """Run `test(kind, text)` once per distinct text among `applies`; the failing positions."""
    cells = distinct_cells(column, applies)
    verdicts = np.fromiter(
        (not test(int(kind), text) for _, (kind, text) in cells.values()),
        dtype=bool,
        count=len(cells.texts),
    )
    return cells.positions[verdicts[cells.codes]]


def _numbers(column: Converted) -> np.ndarray:
    return (column.kind == INT) | (column.kind == FLOAT)


def _exact_fallback(
    column: Converted, failed: np.ndarray, test: Callable[[Any], bool]
) -> np.ndarray:
    """Recheck long integers, whose doubles may round, with exact Python numbers."""
    for position in np.flatnonzero(column.exact):
        failed[position] = not test(column.value(int(position)))
    return failed


def check_type(column: Converted, types: frozenset[str]) -> Failure | None:
    kind = column.kind
    allowed = kind == MISSING
    if "string" in types:
        allowed |= kind == STR
    if "integer" in types or "number" in types:
        allowed |= kind == INT
    if "number" in types:
        allowed |= kind == FLOAT
    elif "integer" in types:
        allowed |= (kind == FLOAT) & (np.mod(column.number, 1) == 0)
    if "boolean" in types:
        allowed |= kind == BOOL
    if "null" in types:
        allowed |= kind == NULL
    positions = np.flatnonzero(~allowed)
    wanted = " or ".join(TYPE_NAMES.get(t, t) for t in sorted(types))

    def message(position: int) -> str:
        cell = column.cell(position)
        if kind[position] == NULL and cell:
            return (
                f"{_shown(cell)} marks a missing value, but this column must be {wanted}; "
                'allow "null" in its type if readings may be missing'
            )
        return f"{_shown(cell)} is not {wanted}"

    return Failure(positions, message) if positions.size else None


def _range(column: Converted, keyword: str, bound: float) -> Failure | None:
    numbers = _numbers(column)
    value = column.number
    with np.errstate(invalid="ignore"):
        compare = {
            "minimum": lambda x: x < bound,
            "maximum": lambda x: x > bound,
            "exclusiveMinimum": lambda x: x <= bound,
            "exclusiveMaximum": lambda x: x >= bound,
        }[keyword]
        failed = numbers & compare(value)
    failed = _exact_fallback(column, failed, lambda v: not compare(v))
    words = {
        "minimum": f"is less than the minimum of {bound}",
        "maximum": f"is greater than the maximum of {bound}",
        "exclusiveMinimum": f"must be greater than {bound}",
        "exclusiveMaximum": f"must be less than {bound}",
    }[keyword]
    positions = np.flatnonzero(failed)
    return Failure(positions, lambda p: f"{column.cell(p)} {words}") if positions.size else None


def _multiple_fails(value: Any, divisor: Any) -> bool:
    """jsonschema's multipleOf, for one Python number."""
    if isinstance(divisor, float):
        quotient = value / divisor
        try:
            return int(quotient) != quotient
        except OverflowError:
            return (Fraction(value) / Fraction(divisor)).denominator != 1
    return bool(value % divisor)


def check_multiple_of(column: Converted, divisor: Any) -> Failure | None:
    numbers = _numbers(column)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if isinstance(divisor, float):
            quotient = column.number / divisor
            finite = np.isfinite(quotient)
            failed = numbers & finite & (quotient != np.trunc(quotient))
            awkward = numbers & ~finite  # overflow: jsonschema falls back to exact fractions
        else:
            failed = numbers & (np.fmod(column.number, divisor) != 0)
            awkward = np.zeros_like(numbers)
    for position in np.flatnonzero(awkward | (column.exact & numbers)):
        failed[position] = _multiple_fails(column.value(int(position)), divisor)
    positions = np.flatnonzero(failed)
    return (
        Failure(positions, lambda p: f"{column.cell(p)} is not a multiple of {divisor}")
        if positions.size
        else None
    )


def check_length(column: Converted, keyword: str, limit: int) -> Failure | None:
    strings = column.kind == STR
    if not strings.any():
        return None
    lengths = numbers(pc.utf8_length(column.text), np.int64)
    failed = strings & (lengths < limit if keyword == "minLength" else lengths > limit)
    positions = np.flatnonzero(failed)
    words = "shorter than" if keyword == "minLength" else "longer than"
    return (
        Failure(positions, lambda p: f"{_shown(column.cell(p))} is {words} {limit} characters")
        if positions.size
        else None
    )


def check_enum(column: Converted, keyword: str, allowed: Any) -> Failure | None:
    options = [allowed] if keyword == "const" else list(allowed)
    keys = {_json_key(option) for option in options}
    present = column.kind != MISSING
    positions = _per_distinct(column, present, lambda k, t: _json_key(python_value(k, t)) in keys)
    if keyword == "const":
        wanted = f"must be {json.dumps(allowed, ensure_ascii=False)}"
    else:
        listed = ", ".join(json.dumps(o, ensure_ascii=False) for o in options[:6])
        more = f", ... ({len(options)} in all)" if len(options) > 6 else ""
        wanted = f"is not one of the allowed values: {listed}{more}"
    return (
        Failure(positions, lambda p: f"{_shown(column.cell(p))} {wanted}")
        if positions.size
        else None
    )


def check_pattern(column: Converted, pattern: str) -> Failure | None:
    compiled = compile_pattern(pattern)  # RE2: linear time whatever the pattern and the cell
    positions = _per_distinct(
        column, column.kind == STR, lambda k, t: compiled.search(t) is not None
    )
    return (
        Failure(
            positions,
            lambda p: f"{_shown(column.cell(p))} does not match the pattern {pattern}",
        )
        if positions.size
        else None
    )


FORMAT_HINTS = {
    "date": "date (YYYY-MM-DD)",
    "date-time": "date and time (YYYY-MM-DDThh:mm:ss with a time zone)",
    "time": "time (hh:mm:ss with a time zone)",
    "email": "e-mail address",
    "uri": "URI (with a scheme, such as https://)",
}


def check_format(column: Converted, name: str) -> Failure | None:
    if name not in FORMAT_CHECKER.checkers:
        return None  # jsonschema ignores formats it has no checker for; so do we
    positions = _per_distinct(
        column, column.kind == STR, lambda k, t: FORMAT_CHECKER.conforms(t, name)
    )
    hint = FORMAT_HINTS.get(name, name)
    return (
        Failure(positions, lambda p: f"{_shown(column.cell(p))} is not a valid {hint}")
        if positions.size
        else None
    )


def column_failures(column: Converted, schema: dict[str, Any]) -> list[tuple[str, Failure]]:
    """Every known keyword of `schema` checked over the column: (keyword, failure) pairs."""
    found: list[tuple[str, Failure | None]] = []
    types = declared_types(schema)
    if types is not None:
        found.append(("type", check_type(column, types)))
    for keyword in ("enum", "const"):
        if keyword in schema:
            found.append((keyword, check_enum(column, keyword, schema[keyword])))
    if "pattern" in schema:
        found.append(("pattern", check_pattern(column, schema["pattern"])))
    if "format" in schema:
        found.append(("format", check_format(column, schema["format"])))
    for keyword in ("minLength", "maxLength"):
        if keyword in schema:
            found.append((keyword, check_length(column, keyword, schema[keyword])))
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if keyword in schema:
            found.append((keyword, _range(column, keyword, schema[keyword])))
    if "multipleOf" in schema:
        found.append(("multipleOf", check_multiple_of(column, schema["multipleOf"])))
    return [(keyword, failure) for keyword, failure in found if failure is not None]
