"""Which rows of a table are data, and which cells mark a missing value.

Publishers mix rows that are not data into their tables (EPD's `Daily Max` lines, totals, notes
under the table) and write a missing reading as a word (`N/A`, `N.A.`, `-`, `***`). A schema
declares them, and a user can add to them for one run:

  x-skipRows        [{"column": name, "pattern": regex}, ...]: a row whose cell in `column` (the
                    first column when omitted) matches `pattern` is not data (pattern as in JSON
                    Schema: found anywhere in the cell, so anchor it with ^ and $ to match whole)
  x-missingValues   ["N/A", ...]: cells holding exactly one of these read as null, in every column
  x-missingValues   inside a column's schema: markers for that column only, added to the table's
  x-trim            true, or a list of columns: spaces around a value (ASCII and the full-width
                    U+3000 a Chinese table indents names with) are not part of it
  x-fillDown        [name, ...]: an empty cell in these columns holds the value of the data row
                    above it (EPD writes a day's date on its first hour only)

A row whose every cell is empty (the unused rows a spreadsheet saves as `,,,,,,`) is never data.
In a file whose header sits below titles, a run of rows at the very end of a table of three or
more columns with text in the first cell only is a note under the table ("* substituted",
"Source: ...") and is skipped too; in a file that starts with its header, such a row is data.
The report says what was skipped, how many rows, and where.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hksh_packager.core.common.errors import PatternError, SchemaProblem
from hksh_packager.core.common.messages import ENGLISH, Message, define, render
from hksh_packager.core.validation.patterns import compile_pattern

if TYPE_CHECKING:
    from hksh_packager.core.datasets.chunk import TableChunk

NOTE = define("skipped.note", "a note under the table (text in the first cell only)")()
EMPTY = define("skipped.empty", "an empty row (every cell empty)")()
MATCHES_FIRST = define("skipped.first-column-matches", "the first column matches {pattern}")
MATCHES = define("skipped.column-matches", "'{column}' matches {pattern}")
ABOVE_HEADER = define("skipped.above-header", "above the header (titles and notes)")
ROWS_SHOWN = 10  # row numbers the report lists for each reason
TRIMMED = " \t\r\n\u3000"  # ASCII spaces and the ideographic (full-width) space
NOTE_MIN_COLUMNS = 3  # in a narrower table, a row with one value may well be data


@dataclass(frozen=True)
class SkipRule:
    pattern: str
    column: str | None = None  # None: the first column

    @property
    def reason(self) -> Message:
        if self.column:
            return MATCHES(column=self.column, pattern=self.pattern)
        return MATCHES_FIRST(pattern=self.pattern)


@dataclass(frozen=True)
class RowRules:
    skip: tuple[SkipRule, ...] = ()
    markers: frozenset[str] = frozenset()
    column_markers: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    notes_below: bool = True
    trim: frozenset[str] = frozenset()
    trim_all: bool = False
    fill_down: tuple[str, ...] = ()

    def markers_for(self, column: str) -> frozenset[str]:
        return self.markers | self.column_markers.get(column, frozenset())

    def with_extra(self, extra: RowRules) -> RowRules:
        """These rules with a user's additions for one run."""
        columns = dict(self.column_markers)
        for name, values in extra.column_markers.items():
            columns[name] = columns.get(name, frozenset()) | values
        return RowRules(
            self.skip + extra.skip,
            self.markers | extra.markers,
            MappingProxyType(columns),
            self.notes_below and extra.notes_below,
            self.trim | extra.trim,
            self.trim_all or extra.trim_all,
            self.fill_down + tuple(c for c in extra.fill_down if c not in self.fill_down),
        )


NO_RULES = RowRules()

BAD_SKIP = define(
    "skip.bad-pattern", "the pattern of rows that are not data, {pattern}, cannot be used: "
    "{reason}; write it as a pattern on the first column, or COLUMN=PATTERN"
)  # fmt: skip


def rules_of_patterns(
    patterns: Sequence[str], columns: Sequence[str], missing: Sequence[str] = ()
) -> RowRules:
    """The rows a user says are not data, for one file: each a pattern on the first column, or
    COLUMN=PATTERN where COLUMN is one of the file's columns; and missing-value words."""
    from hksh_packager.core.common.errors import InputError

    rules = []
    for text in patterns:
        name, sep, pattern = text.partition("=")
        rule = SkipRule(pattern, name) if sep and name in columns else SkipRule(text)
        try:
            compile_pattern(rule.pattern)
        except PatternError as exc:
            raise InputError(BAD_SKIP(pattern=text, reason=exc.said)) from None
        rules.append(rule)
    return RowRules(tuple(rules), frozenset(missing))


def _strings(value: Any, where: str) -> frozenset[str]:
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise SchemaProblem(f"{where} must be a list of strings (the markers, exactly as written)")
    if "" in value:
        raise SchemaProblem(f"{where}: an empty cell is already missing; list only words")
    return frozenset(value)


def check_rule_shapes(schema: dict[str, Any], where: str) -> None:
    """Refuse malformed x-skipRows and x-missingValues when the schema is loaded."""
    rules_of(schema, where)


def rules_of(schema: dict[str, Any], where: str = "schema") -> RowRules:
    """The row rules a schema declares."""
    skip = []
    declared = schema.get("x-skipRows", [])
    if not isinstance(declared, list):
        raise SchemaProblem(f"{where}: /x-skipRows must be a list of {{column, pattern}} objects")
    for index, rule in enumerate(declared):
        pointer = f"{where}: /x-skipRows/{index}"
        if not (
            isinstance(rule, dict)
            and isinstance(rule.get("pattern"), str)
            and set(rule) <= {"column", "pattern", "description"}
            and isinstance(rule.get("column", ""), str)
        ):
            raise SchemaProblem(f"{pointer} must be an object with a 'pattern' and an optional "
                                "'column'")  # fmt: skip
        try:
            compile_pattern(rule["pattern"])
        except PatternError as exc:
            raise SchemaProblem(f"{pointer}/pattern: {exc}") from None
        skip.append(SkipRule(rule["pattern"], rule.get("column")))
    markers = _strings(schema.get("x-missingValues", []), f"{where}: /x-missingValues")
    columns = {}
    for name, column in (schema.get("properties") or {}).items():
        if isinstance(column, dict) and "x-missingValues" in column:
            columns[name] = _strings(
                column["x-missingValues"], f"{where}: /properties/{name}/x-missingValues"
            )
    trim = schema.get("x-trim", False)
    if not (isinstance(trim, bool) or (isinstance(trim, list) and _names(trim))):
        raise SchemaProblem(f"{where}: /x-trim must be true, or a list of column names")
    fill = schema.get("x-fillDown", [])
    if not (isinstance(fill, list) and (not fill or _names(fill))):
        raise SchemaProblem(f"{where}: /x-fillDown must be a list of column names")
    return RowRules(
        tuple(skip), markers, MappingProxyType(columns),
        trim=frozenset(trim) if isinstance(trim, list) else frozenset(),
        trim_all=trim is True, fill_down=tuple(dict.fromkeys(fill)),
    )  # fmt: skip


def _names(value: list[Any]) -> bool:
    return bool(value) and all(isinstance(v, str) and v for v in value)


@dataclass
class SkippedRows:
    reason: Message | str
    count: int = 0
    rows: list[int] = field(default_factory=list)

    def add(self, rows: Any) -> None:
        self.count += len(rows)
        room = ROWS_SHOWN - len(self.rows)
        if room > 0:
            self.rows.extend(int(r) for r in rows[:room])

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        said = (
            {"reason_id": self.reason.code, "reason_params": self.reason.to_json()["params"]}
            if isinstance(self.reason, Message)
            else {}
        )
        return {
            "reason": str(self.reason),
            **said,
            "reason_text": render(self.reason, language),
            "count": self.count,
            "rows": list(self.rows),
        }


class SkipLog:
    """What was skipped, by reason, in the order reasons were first met."""

    def __init__(self) -> None:
        self.by_reason: dict[str, SkippedRows] = {}

    def add(self, reason: Message, rows: Any) -> None:
        if len(rows):
            self.by_reason.setdefault(str(reason), SkippedRows(reason)).add(rows)

    def entries(self) -> tuple[SkippedRows, ...]:
        return tuple(self.by_reason.values())


def data_rows(
    chunks: Iterator[TableChunk],
    columns: tuple[str, ...],
    rules: RowRules,
    log: SkipLog,
    *,
    titled: bool = False,
) -> Iterator[TableChunk]:
    """The chunks without the rows that are not data, keeping every row's own number, their
    values trimmed and filled down as the rules say. `titled`: the file had titles above its
    header, so notes below the table are expected too."""
    trimmed = [c for c in columns if rules.trim_all or c in rules.trim]
    rows = _only_data(
        (_trimmed(chunk, trimmed) for chunk in chunks), columns, rules, log, titled=titled
    )
    filled = [c for c in rules.fill_down if c in columns]
    return _filled_down(rows, filled) if filled else rows


def _trimmed(chunk: TableChunk, columns: list[str]) -> TableChunk:
    if not columns or not len(chunk.frame):
        return chunk
    from hksh_packager.core.common.arrow import pc

    frame = chunk.frame
    for name in columns:
        index = frame.column_names.index(name)
        cells = pc.utf8_trim(frame.column(index), characters=TRIMMED)
        frame = frame.set_column(index, name, cells)
    return replace(chunk, frame=frame)


def _filled_down(chunks: Iterator[TableChunk], columns: list[str]) -> Iterator[TableChunk]:
    """Empty cells of `columns` take the value above them, across chunks."""
    from hksh_packager.core.common.arrow import pa, pc

    above: dict[str, str] = {}
    for chunk in chunks:
        frame = chunk.frame
        for name in columns:
            index = frame.column_names.index(name)
            cells = frame.column(index).combine_chunks()
            blank = pc.equal(pc.utf8_trim(cells, characters=TRIMMED), "")
            values = pc.fill_null_forward(pc.if_else(blank, pa.scalar(None, pa.string()), cells))
            values = pc.fill_null(values, above.get(name, ""))
            if len(values):
                above[name] = values[len(values) - 1].as_py()
            frame = frame.set_column(index, name, values)
        yield replace(chunk, frame=frame)


def _only_data(
    chunks: Iterator[TableChunk],
    columns: tuple[str, ...],
    rules: RowRules,
    log: SkipLog,
    *,
    titled: bool,
) -> Iterator[TableChunk]:
    held: TableChunk | None = None  # note-like rows at the end of the chunk before
    for chunk in chunks:
        chunk = _without_empty_rows(chunk, log)
        chunk = _without_matches(chunk, columns, rules.skip, log)
        if not len(chunk.frame):
            continue
        if held is not None:
            yield held  # rows followed them: they were data after all
            held = None
        if titled and rules.notes_below and len(columns) >= NOTE_MIN_COLUMNS:
            chunk, held = _split_notes(chunk)
        if len(chunk.frame):
            yield chunk
    if held is not None:
        log.add(NOTE, held.row_numbers())


def _take(chunk: TableChunk, keep: Any) -> TableChunk:
    from hksh_packager.core.common.arrow import indices, pc
    from hksh_packager.core.datasets.chunk import TableChunk

    rows = chunk.row_numbers()[keep]
    frame = pc.take(chunk.frame, indices(keep))
    return TableChunk(frame, int(rows[0]) if len(rows) else chunk.first_row, rows)


def _without_empty_rows(chunk: TableChunk, log: SkipLog) -> TableChunk:
    if not len(chunk.frame) or not chunk.frame.num_columns:
        return chunk
    import numpy as np

    from hksh_packager.core.common.arrow import empty_texts, indices, pc

    # Data rows almost always fill their first cell: one pass over it finds the few candidates,
    # and only their other cells are looked at.
    candidates = np.flatnonzero(empty_texts(chunk.frame.column(0)))
    if not len(candidates):
        return chunk
    rest = pc.take(chunk.frame, indices(candidates))
    empty = np.ones(len(candidates), dtype=bool)
    for column in rest.columns[1:]:
        empty &= empty_texts(column)
    drop = candidates[empty]
    if not len(drop):
        return chunk
    log.add(EMPTY, chunk.row_numbers()[drop])
    keep = np.ones(len(chunk.frame), dtype=bool)
    keep[drop] = False
    return _take(chunk, np.flatnonzero(keep))


def _without_matches(
    chunk: TableChunk, columns: tuple[str, ...], skip: tuple[SkipRule, ...], log: SkipLog
) -> TableChunk:
    if not skip or not len(chunk.frame):
        return chunk
    import numpy as np

    from hksh_packager.core.common.arrow import bools, pc

    drop = np.zeros(len(chunk.frame), dtype=bool)
    reasons: dict[str, Any] = defaultdict(lambda: np.zeros(len(chunk.frame), dtype=bool))
    said: dict[str, Message] = {}
    for rule in skip:
        name = rule.column or (columns[0] if columns else None)
        if name is None or name not in chunk.frame.column_names:
            continue
        cells = chunk.frame.column(name)
        # Arrow's regular expressions are RE2: linear time, as for every pattern from a schema.
        hit = bools(pc.match_substring_regex(cells, rule.pattern))
        hit &= ~drop
        reasons[str(rule.reason)] |= hit
        said[str(rule.reason)] = rule.reason
        drop |= hit
    if not drop.any():
        return chunk
    numbers = chunk.row_numbers()
    for reason, hit in reasons.items():
        log.add(said[reason], numbers[hit])
    return _take(chunk, np.flatnonzero(~drop))


def _split_notes(chunk: TableChunk) -> tuple[TableChunk, TableChunk | None]:
    """The chunk, and the run of note-like rows at its end (held until the next chunk says
    whether they are the end of the table)."""
    import numpy as np

    frame = chunk.frame
    end = len(frame)
    while end > 0:
        row = [column[end - 1].as_py() for column in frame.columns]
        first = row[0].strip()
        if not _is_text(first) or any(cell.strip() for cell in row[1:]):
            break
        end -= 1
    if end == len(frame):
        return chunk, None
    positions = np.arange(len(frame))
    return _take(chunk, positions[:end]), _take(chunk, positions[end:])


def _is_text(cell: str) -> bool:
    """Words, not a value: a note has letters (a number or a code alone is data)."""
    return any(ch.isalpha() for ch in cell) and (" " in cell or not cell.isascii())
