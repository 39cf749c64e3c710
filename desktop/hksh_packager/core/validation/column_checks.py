"""The keywords the engine knows, compiled into checks over a whole column of a chunk at once.

Each check returns the positions that fail and a message for a failing cell. Semantics follow
jsonschema's exactly: a keyword applies only to the JSON types it is defined for, and every keyword
is checked whatever the others found. Keywords evaluated on distinct values (enum, const, format)
are run once per distinct cell text and spread back over the rows; a pattern runs in Arrow's RE2
kernel over every cell.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from hksh_packager.core.common.arrow import (
    bools,
    byte_lengths,
    dictionary_codes,
    mask,
    numbers,
    pc,
    texts,
)
from hksh_packager.core.common.messages import Message, define, define_plural
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
from hksh_packager.core.validation.formats import format_test
from hksh_packager.core.validation.patterns import compile_pattern

KNOWN = {
    "type", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "format",
}  # fmt: skip
ANNOTATIONS = {
    "title", "description", "default", "examples", "$comment", "deprecated", "readOnly",
    "writeOnly", "$id", "$anchor",
}  # fmt: skip
# A failing cell's message, one whole sentence each; {value} is the cell as found, quoted.
NOT_TYPE = {
    "string": define("cell.not-text", "{value} is not text"),
    "integer": define("cell.not-integer", "{value} is not an integer"),
    "number": define("cell.not-number", "{value} is not a number"),
    "boolean": define("cell.not-boolean", "{value} is not true or false"),
}
NOT_TYPES = define("cell.not-types", "{value} is not of the types this column allows ({types})")
MISSING_NOT_ALLOWED = define(
    "cell.missing-marker", "{value} marks a missing value, but this column may not be empty; "
    'allow "null" in its type if readings may be missing'
)  # fmt: skip
RANGE = {
    "minimum": define("cell.minimum", "{value} is less than the minimum of {bound}"),
    "maximum": define("cell.maximum", "{value} is greater than the maximum of {bound}"),
    "exclusiveMinimum": define("cell.exclusive-minimum", "{value} must be greater than {bound}"),
    "exclusiveMaximum": define("cell.exclusive-maximum", "{value} must be less than {bound}"),
}
NOT_MULTIPLE = define("cell.multiple-of", "{value} is not a multiple of {divisor}")
TOO_SHORT = define_plural(
    "cell.min-length", "{value} is shorter than {count} character",
    "{value} is shorter than {count} characters",
)  # fmt: skip
TOO_LONG = define_plural(
    "cell.max-length", "{value} is longer than {count} character",
    "{value} is longer than {count} characters",
)  # fmt: skip
NOT_CONST = define("cell.const", "{value} must be {allowed}")
NOT_ALLOWED = define("cell.enum", "{value} is not one of the allowed values: {allowed}")
NOT_ALLOWED_MORE = define(
    "cell.enum-more", "{value} is not one of the allowed values: {allowed}, ... ({count} in all)"
)
NO_MATCH = define("cell.pattern", "{value} does not match the pattern {pattern}")
NOT_FORMAT = {
    "date": define("cell.not-date", "{value} is not a valid date (YYYY-MM-DD)"),
    "date-time": define(
        "cell.not-date-time",
        "{value} is not a valid date and time (YYYY-MM-DDThh:mm:ss with a time zone)",
    ),
    "time": define("cell.not-time", "{value} is not a valid time (hh:mm:ss with a time zone)"),
    "email": define("cell.not-email", "{value} is not a valid e-mail address"),
    "uri": define("cell.not-uri", "{value} is not a valid URI (with a scheme, such as https://)"),
}
NOT_FORMAT_OTHER = define("cell.not-format", "{value} is not a valid {format}")


@dataclass(frozen=True)
class Failure:
    positions: np.ndarray
    message: Callable[[int], Message | str]  # position -> message


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
    cells = column.text if len(positions) == len(applies) else pc.filter(column.text, mask(applies))
    codes, dictionary = dictionary_codes(pc.dictionary_encode(cells))
    texts = dictionary.to_pylist()
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


def _failing_texts(
    column: Converted, applies: np.ndarray, test: Callable[[str], bool]
) -> np.ndarray:
    """The positions among `applies` whose text fails `test`, run once per distinct text (for a
    test of the text alone). Where no text fails, the cells are not looked at again: a column of
    dates, nearly all valid, takes half as long as numbering every cell's distinct value."""
    if column.encoded is not None:  # each distinct text by its index
        codes, distinct = column.encoded.codes, column.encoded.texts.to_pylist()
        present = np.zeros(len(distinct), dtype=np.bool_)
        present[codes[applies]] = True
        fails = np.zeros(len(distinct), dtype=np.bool_)
        fails[[i for i in np.flatnonzero(present) if not test(distinct[i])]] = True
        return np.flatnonzero(applies & fails[codes])
    cells = column.text if applies.all() else pc.filter(column.text, mask(applies))
    failing = [text for text in pc.unique(cells).to_pylist() if not test(text)]
    if not failing:
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(applies & bools(pc.is_in(column.text, value_set=texts(failing))))


def _per_text(column: Converted, test: Callable[[Any], Any]) -> np.ndarray:
    """A vectorised test of the text alone, for every cell: run over the distinct texts where the
    column is encoded (a column of district names has 18), over every cell where it is not."""
    if column.encoded is not None:
        return bools(test(column.encoded.texts))[column.encoded.codes]
    return bools(test(column.text))


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
        # A float is an integer when it is whole ("2.0"): only floats are divided, few of them
        # in a column of integers (dividing every cell took 3 ms of a 200,000-row chunk).
        floats = np.flatnonzero(kind == FLOAT)
        allowed[floats] |= np.mod(column.number[floats], 1) == 0
    if "boolean" in types:
        allowed |= kind == BOOL
    if "null" in types:
        allowed |= kind == NULL
    positions = np.flatnonzero(~allowed)
    named = sorted(types - {"null"})
    not_type = NOT_TYPE.get(named[0]) if len(named) == 1 else None

    def message(position: int) -> Message:
        cell = column.cell(position)
        if kind[position] == NULL and cell:
            return MISSING_NOT_ALLOWED(value=_shown(cell))
        if not_type is not None:
            return not_type(value=_shown(cell))
        return NOT_TYPES(value=_shown(cell), types=sorted(types))

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
    said = RANGE[keyword]
    positions = np.flatnonzero(failed)
    return (
        Failure(positions, lambda p: said(value=column.cell(p), bound=bound))
        if positions.size
        else None
    )


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
        Failure(positions, lambda p: NOT_MULTIPLE(value=column.cell(p), divisor=divisor))
        if positions.size
        else None
    )


def check_length(column: Converted, keyword: str, limit: int) -> Failure | None:
    strings = column.kind == STR
    if not strings.any():
        return None
    # A character takes one to four bytes (UTF-8): most cells' byte counts settle it, and only
    # the others' characters are counted.
    size = byte_lengths(column.text)
    if keyword == "minLength":  # fewer bytes than the limit: too short; four times: long enough
        failed = strings & (size < limit)
        unsure = strings & (size >= limit) & (size < 4 * limit)
    else:  # at most the limit's bytes: short enough; over four times: too long
        failed = strings & (size > 4 * limit)
        unsure = strings & (size > limit) & (size <= 4 * limit)
    if unsure.any():
        at = np.flatnonzero(unsure)
        characters = numbers(pc.utf8_length(pc.filter(column.text, mask(unsure))), np.int64)
        failed[at] = characters < limit if keyword == "minLength" else characters > limit
    positions = np.flatnonzero(failed)
    said = TOO_SHORT if keyword == "minLength" else TOO_LONG
    return (
        Failure(positions, lambda p: said(value=_shown(column.cell(p)), count=limit))
        if positions.size
        else None
    )


def check_enum(column: Converted, keyword: str, allowed: Any) -> Failure | None:
    options = [allowed] if keyword == "const" else list(allowed)
    keys = {_json_key(option) for option in options}
    text_only = not np.isin(column.kind, (INT, FLOAT, BOOL)).any()
    if text_only and all(isinstance(option, str) for option in options):
        # Text cells against text options, the usual enum (district names): compared in one
        # arrow pass, where finding the distinct cells first costs three times as long. A
        # null (a missing-value marker) is none of them.
        listed_text = _per_text(column, lambda cells: pc.is_in(cells, value_set=texts(options)))
        positions = np.flatnonzero(((column.kind == STR) & ~listed_text) | (column.kind == NULL))
    else:
        positions = _per_distinct(
            column, column.kind != MISSING, lambda k, t: _json_key(python_value(k, t)) in keys
        )
    listed = [json.dumps(o, ensure_ascii=False) for o in options[:6]]

    def message(position: int) -> Message:
        value = _shown(column.cell(position))
        if keyword == "const":
            return NOT_CONST(value=value, allowed=json.dumps(allowed, ensure_ascii=False))
        if len(options) > 6:
            return NOT_ALLOWED_MORE(value=value, allowed=listed, count=len(options))
        return NOT_ALLOWED(value=value, allowed=listed)

    return Failure(positions, message) if positions.size else None


def check_pattern(column: Converted, pattern: str) -> Failure | None:
    compile_pattern(pattern)  # refuses what RE2 cannot run in linear time, saying why
    # Arrow's kernel is RE2 as well (the same dialect; a partial match, like search), run over
    # the whole column in C++: a column of a million distinct codes took 5.6 s at one Python
    # call per distinct value, and takes 0.3 s so.
    found = _per_text(column, lambda cells: pc.match_substring_regex(cells, pattern))
    positions = np.flatnonzero((column.kind == STR) & ~found)
    return (
        Failure(
            positions,
            lambda p: NO_MATCH(value=_shown(column.cell(p)), pattern=pattern),
        )
        if positions.size
        else None
    )


def check_format(column: Converted, name: str) -> Failure | None:
    test = format_test(name)
    if test is None:
        return None
    positions = _failing_texts(column, column.kind == STR, test)
    said = NOT_FORMAT.get(name)

    def message(position: int) -> Message:
        value = _shown(column.cell(position))
        return said(value=value) if said else NOT_FORMAT_OTHER(value=value, format=name)

    return Failure(positions, message) if positions.size else None


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
