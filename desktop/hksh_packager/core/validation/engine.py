"""Validate a table against a dataset schema, chunk by chunk, column by column.

Known keywords run as vectorised column checks (`column_checks.py`); a column whose schema uses any
other keyword is checked by jsonschema once per distinct value; root keywords beyond properties,
required and additionalProperties are checked by jsonschema row by row. The result is the same set
of (row, column, keyword) that jsonschema reports row by row on the converted rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from hksh_packager.core.common.arrow import dictionary_codes, empty_texts, mask, pa, pc
from hksh_packager.core.common.cores import task_pool, task_threads
from hksh_packager.core.common.messages import Message, define, define_plural, either
from hksh_packager.core.common.prefetch import prefetch
from hksh_packager.core.common.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    Unit,
    no_progress,
)
from hksh_packager.core.datasets.chunk import CHUNK_ROWS, TableChunk
from hksh_packager.core.datasets.encoding import DetectedEncoding
from hksh_packager.core.datasets.tables import Table, describe
from hksh_packager.core.validation.column_checks import (
    Failure,
    column_failures,
    distinct_cells,
    is_vectorisable,
)
from hksh_packager.core.validation.convert import (
    FLOAT,
    INT,
    MISSING,
    NULL,
    Converted,
    Encoded,
    convert_column,
    declared_types,
    python_value,
)
from hksh_packager.core.validation.results import (
    DISTINCT_CAP,
    ColumnSummary,
    ErrorStore,
    TableProblem,
    ValidationResult,
)
from hksh_packager.core.validation.row_rules import (
    ABOVE_HEADER,
    NO_RULES,
    ROWS_SHOWN,
    RowRules,
    SkipLog,
    SkippedRows,
    data_rows,
    rules_of,
)
from hksh_packager.core.validation.schema import DatasetSchema

ROOT_HANDLED = {
    "$schema", "$id", "$comment", "title", "description", "type", "properties", "required",
    "additionalProperties", "$defs", "definitions", "examples", "default",
}  # fmt: skip
ROW_KEYWORDS_DONE = {"required", "additionalProperties", "properties", "type"}
DISTINCT_HEAD = 2 * DISTINCT_CAP + 2  # rows enough to find more distinct texts than are counted


class _UniqueKeys:
    """The key columns of every chunk, dictionary-encoded (each chunk's distinct texts and four
    bytes a row: at most the key columns' own size), so repeated keys are found exactly at the
    end, with no hash collision to craft."""

    def __init__(self, keys: list[list[str]]) -> None:
        self.keys = keys
        self.encoded: dict[str, list[pa.DictionaryArray]] = {n: [] for key in keys for n in key}
        self.rows: list[np.ndarray] = []

    def add(self, frame: pa.Table, rows: np.ndarray) -> None:
        if not self.keys:
            return  # nothing to compare: keep nothing, so memory stays flat
        for name, chunks in self.encoded.items():
            # One array per chunk: encoding the column's own pieces apart makes more, larger
            # dictionaries to unify at the end (0.58 against 0.30 s for two keys over 1M rows).
            chunks.append(pc.dictionary_encode(frame.column(name).combine_chunks()))
        self.rows.append(rows)

    def _codes(self, name: str) -> tuple[np.ndarray, int]:
        """Each row's index among the column's distinct texts, and how many there are."""
        codes, texts = dictionary_codes(pa.chunked_array(self.encoded[name]).unify_dictionaries())
        return codes, len(texts)

    def _key_codes(self, key: list[str]) -> np.ndarray:
        """One number per row, equal exactly when the rows' texts in `key` are all equal."""
        combined, count = self._codes(key[0])
        for name in key[1:]:
            codes, more = self._codes(name)
            if count * more >= 1 << 62:  # renumber the combinations seen, so the product fits
                _, combined = np.unique(combined, return_inverse=True)
                count = int(combined.max()) + 1
            combined, count = combined * more + codes, count * more
        return combined

    def report(self, store: ErrorStore) -> np.ndarray:
        """Record the repeated keys in `store`; return the numbers of the rows that repeat."""
        found: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
        if not self.rows:
            return found[0]
        rows = np.concatenate(self.rows)
        for key in self.keys:
            codes = self._key_codes(key)
            order = np.argsort(codes, kind="stable")
            ordered = codes[order]
            repeat = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
            if not repeat.size:
                continue
            # The first row of each run of equal keys is the original; the rest duplicate it.
            starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            first_of = rows[order][starts[np.searchsorted(starts, repeat, side="right") - 1]]
            duplicate_rows = rows[order][repeat]
            sort = np.argsort(duplicate_rows)
            duplicate_rows, first_of = duplicate_rows[sort], first_of[sort]
            found.append(duplicate_rows)
            name = ", ".join(key)
            store.add(
                name,
                "x-uniqueKeys",
                duplicate_rows,
                _no_value,
                partial(_repeats_message, name, first_of),
            )
        return np.concatenate(found)


# What the error store asks of each kept error, bound per call with functools.partial.
def _no_value(i: int) -> str:
    return ""


REPEATS = define("row.repeats-key", "This row repeats the {key} of row {row}")
REQUIRED_EMPTY = define("cell.required", "The required '{column}' is empty")
# jsonschema's own words for a rule the engine does not check itself: named, then quoted.
OTHER_RULE = define("cell.other-rule", "Breaks the rule '{keyword}': {detail}")
MISSING_COLUMN = define(
    "table.required-column", "The required column '{column}' is not in the file's header; add "
    "it (columns found: {columns})"
)  # fmt: skip
HEADER_LACKS = define("table.header-lacks", "The header lacks the expected columns: {columns}")
OTHER_ENCODING = define(
    "table.encoding", "The file is {found}, but this dataset is published as {expected}; check "
    "it is the right file"
)  # fmt: skip
GEOMETRY = define("row.geometry", "The feature's geometry is {found}, not {expected}")
EXTRA_VALUES = define(
    "row.extra-columns", "This row has values in columns the schema does not allow: {columns}"
)
TOO_FEW_ROWS = define_plural(
    "table.min-rows", "The file has {count} data row; at least {minimum} are expected",
    "The file has {count} data rows; at least {minimum} are expected",
)  # fmt: skip
NO_ROWS = define("table.no-rows", "The file has a header but no data rows")


def _repeats_message(name: str, first_of: np.ndarray, i: int) -> Message:
    return REPEATS(key=name, row=int(first_of[i]))


def _message_of_value(messages: dict[int, Message], code_at: np.ndarray, position: int) -> Message:
    return messages[int(code_at[position])]


def _nth_message(items: list[tuple[int, Message]], i: int) -> Message:
    return items[i][1]


def _required_message(name: str, position: int) -> Message:
    return REQUIRED_EMPTY(column=name)


def _cell_text(column: Converted, positions: np.ndarray, i: int) -> str:
    return column.cell(int(positions[i]))


def _failure_message(failure: Failure, positions: np.ndarray, i: int) -> Message | str:
    return failure.message(int(positions[i]))


def _fallback_failures(column: Converted, validator: Any) -> list[tuple[str, Failure]]:
    """jsonschema on each distinct value of a column whose schema the engine cannot vectorise."""
    cells = distinct_cells(column, column.kind != MISSING)
    failing: dict[str, dict[int, Message]] = defaultdict(dict)
    for index, (kind, text) in cells.values():
        for error in validator.iter_errors(python_value(int(kind), text)):
            said = OTHER_RULE(keyword=str(error.validator), detail=error.message)
            failing[str(error.validator)].setdefault(index, said)
    code_at = np.full(len(column.kind), -1, dtype=np.int64)  # the distinct value of each cell
    code_at[cells.positions] = cells.codes
    found = []
    for keyword, messages in failing.items():
        bad = np.zeros(len(cells.texts), dtype=bool)
        bad[list(messages)] = True
        positions = cells.positions[bad[cells.codes]]
        found.append((keyword, Failure(positions, partial(_message_of_value, messages, code_at))))
    return found


def _row_fallback(
    schema: DatasetSchema, converted: dict[str, Converted], rows: np.ndarray, store: ErrorStore
) -> np.ndarray:
    """jsonschema row by row for root keywords the engine does not vectorise."""
    bad = np.zeros(len(rows), dtype=bool)
    found: dict[str, list[tuple[int, Message]]] = defaultdict(list)
    for index in range(len(rows)):
        row = {
            name: column.value(index)
            for name, column in converted.items()
            if column.kind[index] != MISSING
        }
        for error in schema.validator.iter_errors(row):
            if error.path or error.validator in ROW_KEYWORDS_DONE:
                continue
            said = OTHER_RULE(keyword=str(error.validator), detail=error.message)
            found[str(error.validator)].append((index, said))
            bad[index] = True
    for keyword, items in found.items():
        positions = np.array([i for i, _ in items], dtype=np.int64)
        store.add("", keyword, rows[positions], _no_value, partial(_nth_message, items))
    return bad


def _table_rules_before(table: Table, schema: DatasetSchema) -> list[TableProblem]:
    problems = []
    columns = set(table.columns)
    for name in schema.required:
        if name not in columns:
            problems.append(
                TableProblem("required", MISSING_COLUMN(column=name, columns=list(table.columns)))
            )
    missing = [h for h in schema.rule("x-headers", []) if h not in columns]
    if missing:
        problems.append(TableProblem("x-headers", HEADER_LACKS(columns=missing)))
    encoding: DetectedEncoding | None = getattr(table, "encoding", None)
    expected = schema.rule("x-encodings")
    if expected and encoding is not None:
        wanted = {e.lower().replace("_", "-") for e in expected}
        label = encoding.label.lower()
        if label not in wanted and label.replace(" with bom", "") not in wanted:
            problems.append(
                TableProblem(
                    "x-encodings",
                    OTHER_ENCODING(found=encoding.label, expected=either(list(expected))),
                    warning=True,
                )
            )
    return problems


@dataclass
class _Plan:
    """What checking each chunk of `table` needs, decided once from the schema and the header."""

    schema: DatasetSchema
    columns: tuple[str, ...]
    props: dict[str, dict[str, Any]]
    required: set[str]
    types: dict[str, frozenset[str] | None]
    fallback: dict[str, Any]  # columns jsonschema checks per distinct value
    extras: list[str]  # columns the schema forbids (additionalProperties: false)
    by_rows: bool  # root keywords only jsonschema can check, row by row
    absent_required: list[str]
    geometry: str | None
    geometry_types: Any  # per feature, for GeoJSON
    rules: RowRules

    @classmethod
    def of(cls, table: Table, schema: DatasetSchema, extra: RowRules) -> _Plan:
        props = schema.properties
        strict_extras = schema.schema.get("additionalProperties") is False and (
            "patternProperties" not in schema.schema
        )
        return cls(
            schema=schema,
            columns=table.columns,
            props=props,
            required=set(schema.required),
            types={name: _column_types(props.get(name, {}), schema) for name in table.columns},
            fallback={
                name: schema.validator.evolve(schema=props[name])
                for name in table.columns
                if name in props and not is_vectorisable(props[name])
            },
            extras=[n for n in table.columns if n not in props] if strict_extras else [],
            by_rows=any(k not in ROOT_HANDLED and not k.startswith("x-") for k in schema.schema),
            absent_required=[name for name in schema.required if name not in table.columns],
            geometry=schema.rule("x-geometryType"),
            geometry_types=getattr(table, "geometry_types", None),
            rules=rules_of(schema.schema).with_extra(extra),
        )


def validate_table(
    table: Table,
    schema: DatasetSchema,
    *,
    cap: int = 100,
    chunk_rows: int = CHUNK_ROWS,
    rules: RowRules = NO_RULES,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    chunks: Iterator[TableChunk] | None = None,
) -> ValidationResult:
    """Check every row of `table` against `schema`; progress counts rows ("validating").
    `rules` adds to the rows to skip and the missing-value markers the schema declares.
    `chunks`: the table's chunks, where the caller started reading them already."""
    cancel = cancel or CancelToken()
    plan = _Plan.of(table, schema, rules)
    skipped = SkipLog()
    store = ErrorStore(cap)
    problems = _table_rules_before(table, schema)
    summaries = {name: ColumnSummary(name, name in plan.props) for name in table.columns}
    seen = {name: _SeenTexts() for name in table.columns}
    unique = _UniqueKeys(
        [k for k in schema.rule("x-uniqueKeys", []) if all(c in table.columns for c in k)]
    )
    total_rows = 0
    bad_rows: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    pool = task_pool(len(table.columns))
    try:
        rows_of_data = data_rows(
            chunks if chunks is not None else table.chunks(chunk_rows, cancel), table.columns,
            plan.rules, skipped, titled=getattr(table, "skipped_above", 0) > 0,
        )  # fmt: skip
        # The next chunk is read meanwhile, when this task has another core to read it on.
        for chunk in prefetch(rows_of_data) if task_threads() > 1 else rows_of_data:
            cancel.raise_if_cancelled()
            rows = chunk.row_numbers()
            bad = _check_chunk(plan, chunk.frame, rows, pool, store, summaries, seen)
            bad_rows.append(rows[bad])
            unique.add(chunk.frame, rows)
            total_rows += len(rows)
            progress(Progress("validating", total_rows, 0, Unit.ROWS, str(table.path)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    # A row is invalid once, whatever number of its cells or keys fail.
    invalid_rows = _how_many_distinct(np.concatenate([*bad_rows, unique.report(store)]))
    problems.extend(_table_rules_after(schema, total_rows))
    for name, texts in seen.items():
        texts.fill(summaries[name])
    return ValidationResult(
        file=str(table.path),
        description=describe(table),
        schema=str(schema.source) if schema.source else "",
        columns=tuple(table.columns),
        rows=total_rows,
        invalid_rows=invalid_rows,
        errors=tuple(store.errors()),
        counts=dict(store.counts),
        table_problems=tuple(problems),
        summaries=tuple(summaries.values()),
        skipped=_above_header(table) + skipped.entries(),
    )


def _how_many_distinct(rows: np.ndarray) -> int:
    # Sorted and compared in place: np.union1d or np.unique would import numpy.ma, 10 ms more for
    # every process that validates.
    rows = np.sort(rows)
    return int(np.count_nonzero(rows[1:] != rows[:-1])) + (len(rows) > 0)


def _above_header(table: Table) -> tuple[SkippedRows, ...]:
    above = getattr(table, "skipped_above", 0)
    if not above:
        return ()
    return (SkippedRows(ABOVE_HEADER(), above, list(range(1, min(above, ROWS_SHOWN) + 1))),)


def _check_chunk(
    plan: _Plan,
    frame: pa.Table,
    rows: np.ndarray,
    pool: Executor,
    store: ErrorStore,
    summaries: dict[str, ColumnSummary],
    seen: dict[str, _SeenTexts],
) -> np.ndarray:
    """Check one chunk into `store`, `summaries` and `seen`; return which of its rows are
    invalid."""
    bad_row = np.zeros(len(rows), dtype=bool)
    converted: dict[str, Converted] = {}
    # Columns are checked in parallel: arrow and numpy release the GIL for the heavy parts.
    works = pool.map(
        lambda name: _work_on_column(
            name, frame.column(name), plan.types[name], plan.props, plan.fallback,
            plan.required, not seen[name].capped, seen[name].encoding_pays,
            plan.rules.markers_for(name),
        ),
        plan.columns,
    )  # fmt: skip
    for name, work in zip(plan.columns, works, strict=True):
        converted[name] = work.column
        bad_row |= _record(name, work, rows, store, summaries[name])
        if work.distinct is not None:
            seen[name].add(work.distinct)
        seen[name].encoded(work.column)
    if plan.absent_required:
        bad_row[:] = True
    if plan.extras:
        bad_row |= _check_extras(plan.extras, converted, rows, store)
    if plan.by_rows:
        bad_row |= _row_fallback(plan.schema, converted, rows, store)
    if plan.geometry and plan.geometry_types is not None:
        bad_row |= _check_geometry(plan.geometry, plan.geometry_types, rows, store)
    return bad_row


def _check_geometry(
    expected: str, geometry_types: Any, rows: np.ndarray, store: ErrorStore
) -> np.ndarray:
    found = np.array([geometry_types[r - 1] for r in rows], dtype=object)
    wrong = np.flatnonzero(found != expected)
    store.add(
        "",
        "x-geometryType",
        rows[wrong],
        lambda i: str(found[wrong[i]]),
        lambda i: GEOMETRY(found=str(found[wrong[i]]), expected=expected),
    )
    bad = np.zeros(len(rows), dtype=bool)
    bad[wrong] = True
    return bad


def _column_types(column: dict[str, Any], schema: DatasetSchema) -> frozenset[str] | None:
    """The column's declared type, following `$ref` chains (which schema loading resolved)."""
    seen = 0
    while "type" not in column and isinstance(column.get("$ref"), str) and seen < 20:
        column = schema.resolve(column["$ref"])
        seen += 1
    return declared_types(column) if isinstance(column, dict) else None


@dataclass
class _ColumnWork:
    """One column of one chunk, converted and checked (in a worker thread)."""

    column: Converted
    failures: list[tuple[str, Failure]]
    distinct: Any  # the chunk's distinct texts, or None once the summary stopped counting
    empty: int  # cells empty or null
    bounds: tuple[float, float] | None  # the least and greatest finite number, if any


def _work_on_column(
    name: str,
    cells: pa.ChunkedArray,
    types: frozenset[str] | None,
    props: dict[str, dict[str, Any]],
    fallback: dict[str, Any],
    required: set[str],
    count_distinct: bool,
    encoding_pays: bool,
    markers: frozenset[str],
) -> _ColumnWork:
    """`count_distinct`: the summary still counts the column's distinct texts; `encoding_pays`:
    the column's last chunk had few of them, so it is encoded without looking at its first rows
    (and still encoded after the summary stops counting, as a column of measurements is)."""
    if count_distinct:
        encoded, distinct = _encoding(cells, look_first=not encoding_pays)
    elif encoding_pays and _gains_from_encoding(types, props.get(name, {})):
        encoded, distinct = _encode(cells), None
    else:
        encoded, distinct = None, None
    column = convert_column(cells, types, markers, encoded)
    failures: list[tuple[str, Failure]] = []
    if name in fallback:
        failures = _fallback_failures(column, fallback[name])
    elif name in props:
        failures = column_failures(column, props[name])
    if name in required:
        missing = np.flatnonzero(column.kind == MISSING)
        if missing.size:
            failures.append(("required", Failure(missing, partial(_required_message, name))))
    # The summary's figures are worked out here, on the pool's threads, so that recording a
    # chunk's results on the calling thread (one column after another) takes little time.
    empty = int(((column.kind == MISSING) | (column.kind == NULL)).sum())
    return _ColumnWork(column, failures, distinct, empty, _bounds(column))


class _SeenTexts:
    """A column's distinct texts so far, up to DISTINCT_CAP, kept as arrow strings until the
    end: made into Python strings chunk by chunk, a column's few thousand were made and hashed
    again for every chunk, with the GIL held."""

    def __init__(self) -> None:
        self.texts: pa.Array | None = None
        self.capped = False
        # Whether the column's last chunk was encoded and had at most half as many distinct
        # texts as cells: converting and checking them once each then saves more than encoding
        # costs, and the next chunk is encoded too.
        self.encoding_pays = False

    def encoded(self, column: Converted) -> None:
        """How a chunk of the column was converted."""
        encoded = column.encoded
        self.encoding_pays = encoded is not None and 2 * len(encoded.texts) <= len(encoded.codes)

    def add(self, texts: pa.Array) -> None:
        """A chunk's distinct texts."""
        if self.capped:
            return
        if self.texts is not None:
            texts = pc.unique(pa.chunked_array([self.texts, texts]))
        if len(texts) > DISTINCT_CAP:
            self.capped, self.texts = True, None
        else:
            self.texts = texts

    def fill(self, summary: ColumnSummary) -> None:
        summary.distinct_capped = self.capped
        if self.texts is not None:
            summary.distinct = set(self.texts.to_pylist())


def _encoding(cells: pa.ChunkedArray, look_first: bool = True) -> tuple[Encoded | None, pa.Array]:
    """The chunk's cells encoded (each cell's index among its distinct texts, and those texts),
    with its distinct texts for the summary (an empty cell is not a value): the column is then
    converted, and checked on its text alone, once per distinct text (`Converted.encoded`). Or,
    when its first rows alone hold more than the summary counts, no encoding and those texts,
    which is all the summary needs to stop counting: encoding a column of identifiers takes
    several times as long, and saves its conversion and its checks nothing. Without
    `look_first` (the column's last chunk had few distinct texts) it is encoded at once."""
    if look_first:
        head = _non_empty(pc.unique(cells.slice(0, DISTINCT_HEAD)))
        if len(head) > DISTINCT_CAP:
            return None, head
    encoded = _encode(cells)
    return encoded, _non_empty(encoded.texts)


def _gains_from_encoding(types: frozenset[str] | None, rules: dict[str, Any]) -> bool:
    """Whether converting or checking the column's distinct texts, not its cells, saves work:
    numbers to read, or a rule on the text alone. Lengths are read from the cells' bytes, as
    cheaply as from the distinct texts."""
    converts = bool(types and types & {"integer", "number", "boolean"})
    return converts or any(k in rules for k in ("enum", "const", "pattern", "format"))


def _encode(cells: pa.ChunkedArray) -> Encoded:
    return Encoded(*dictionary_codes(pc.dictionary_encode(cells)))


def _non_empty(values: pa.Array) -> pa.Array:
    return pc.filter(values, mask(~empty_texts(values)))


def _bounds(column: Converted) -> tuple[float, float] | None:
    """The least and greatest finite number of the column, if it has one."""
    if not len(column.number):
        return None
    # A cell that is not a number is NaN, which fmin and fmax pass over: no mask to build.
    low, high = np.fmin.reduce(column.number), np.fmax.reduce(column.number)
    if np.isnan(low):
        return None
    if np.isfinite(low) and np.isfinite(high):
        return float(low), float(high)
    numbers = column.number[(column.kind == INT) | (column.kind == FLOAT)]  # an integer too long
    finite = numbers[np.isfinite(numbers)]  # for a double is infinite: not a bound
    return (float(finite.min()), float(finite.max())) if finite.size else None


def _record(
    name: str, work: _ColumnWork, rows: np.ndarray, store: ErrorStore, summary: ColumnSummary
) -> np.ndarray:
    """Store a column's failures and update its summary (in order, on the calling thread)."""
    column = work.column
    bad = np.zeros(len(rows), dtype=bool)
    for keyword, failure in work.failures:
        positions = failure.positions
        store.add(
            name,
            keyword,
            rows[positions],
            partial(_cell_text, column, positions),
            partial(_failure_message, failure, positions),
        )
        bad[positions] = True
    summary.missing += work.empty
    summary.invalid += int(bad.sum())
    if work.bounds is not None:
        summary.add_bounds(*work.bounds)
    return bad


def _check_extras(
    extras: list[str], converted: dict[str, Converted], rows: np.ndarray, store: ErrorStore
) -> np.ndarray:
    present = np.zeros(len(rows), dtype=bool)
    for name in extras:
        present |= converted[name].kind != MISSING
    positions = np.flatnonzero(present)

    def message(i: int) -> Message:
        names = [n for n in extras if converted[n].kind[positions[i]] != MISSING]
        return EXTRA_VALUES(columns=names)

    store.add("", "additionalProperties", rows[positions], lambda i: "", message)
    return present


def _table_rules_after(schema: DatasetSchema, rows: int) -> list[TableProblem]:
    minimum = schema.rule("x-minRows")
    if minimum is not None and rows < minimum:
        return [TableProblem("x-minRows", TOO_FEW_ROWS(count=rows, minimum=minimum))]
    if minimum is None and rows == 0:
        return [TableProblem("x-minRows", NO_ROWS())]
    return []
