"""What validation found. Errors are stored capped per column and rule, with full counts, so ten
million bad cells cost little memory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hksh_packager.core.common.messages import (
    ENGLISH,
    Message,
    message_fields,
    message_from_json,
    render,
)

if TYPE_CHECKING:  # numpy loads with the data stack, not with every reader of a result
    import numpy as np

    from hksh_packager.core.validation.row_rules import SkippedRows

DISTINCT_CAP = 10_000


@dataclass(frozen=True)
class CellError:
    """`row` is the row as the user sees it (CSV/XLSX: header = row 1; JSON: record number);
    `column` is "" for a rule about the whole row."""

    row: int
    column: str
    value: str
    keyword: str
    message: Message | str

    def text(self, language: str = ENGLISH) -> str:
        return render(self.message, language)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        """`message` in English, with its code and parameters; `text` in `language`."""
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "keyword": self.keyword,
            "message": str(self.message),
            **message_fields(self.message, language),
        }


def said_from_json(data: dict[str, Any]) -> Message | str:
    """A message read back from `to_json`: by its code when this version defines it (so it can
    be shown in any language), else its English text."""
    return message_from_json(data.get("message_id"), data.get("params"), str(data["message"]))


@dataclass(frozen=True)
class TableProblem:
    rule: str
    message: Message | str
    warning: bool = False

    def text(self, language: str = ENGLISH) -> str:
        return render(self.message, language)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": str(self.message),
            **message_fields(self.message, language),
            "warning": self.warning,
        }


@dataclass
class ColumnSummary:
    name: str
    in_schema: bool
    missing: int = 0
    invalid: int = 0
    distinct: set[str] = field(default_factory=set, repr=False)
    distinct_capped: bool = False
    minimum: float | None = None
    maximum: float | None = None

    def add_bounds(self, low: float, high: float) -> None:
        """A chunk's least and greatest finite numbers."""
        self.minimum = low if self.minimum is None else min(self.minimum, low)
        self.maximum = high if self.maximum is None else max(self.maximum, high)

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.name,
            "in_schema": self.in_schema,
            "missing": self.missing,
            "invalid": self.invalid,
            "distinct": f"more than {DISTINCT_CAP}" if self.distinct_capped else len(self.distinct),
            "minimum": self.minimum,
            "maximum": self.maximum,
        }


class ErrorStore:
    """Keeps the first `cap` errors of each (column, keyword) and counts them all."""

    def __init__(self, cap: int = 100) -> None:
        self.cap = cap
        self.kept: dict[tuple[str, str], list[CellError]] = defaultdict(list)
        self.counts: dict[tuple[str, str], int] = defaultdict(int)

    def add(
        self,
        column: str,
        keyword: str,
        rows: np.ndarray,
        values: Callable[[int], str],
        message: Callable[[int], Message | str],
    ) -> None:
        """`rows` are the failing rows' numbers; `values(i)`/`message(i)` describe the i-th one,
        called only for errors that are kept."""
        if not len(rows):
            return
        key = (column, keyword)
        self.counts[key] += len(rows)
        room = self.cap - len(self.kept[key])
        for index in range(min(room, len(rows))):
            self.kept[key].append(
                CellError(int(rows[index]), column, values(index), keyword, message(index))
            )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def errors(self) -> list[CellError]:
        every = [error for kept in self.kept.values() for error in kept]
        return sorted(every, key=lambda e: (e.row, e.column, e.keyword))


@dataclass(frozen=True)
class ValidationResult:
    file: str
    description: str
    schema: str
    columns: tuple[str, ...]
    rows: int
    invalid_rows: int
    errors: tuple[CellError, ...]
    counts: dict[tuple[str, str], int]
    table_problems: tuple[TableProblem, ...]
    summaries: tuple[ColumnSummary, ...]
    skipped: tuple[SkippedRows, ...] = ()  # rows read but not data: titles, totals, notes

    @property
    def error_count(self) -> int:
        return sum(self.counts.values())

    @property
    def valid(self) -> bool:
        return self.error_count == 0 and not any(not p.warning for p in self.table_problems)

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        return {
            "file": self.file,
            "read_as": self.description,
            "schema": self.schema,
            "valid": self.valid,
            "rows": self.rows,
            "invalid_rows": self.invalid_rows,
            "error_count": self.error_count,
            "error_counts": [
                {"column": column, "keyword": keyword, "count": count}
                for (column, keyword), count in sorted(self.counts.items())
            ],
            "table_problems": [p.to_json(language) for p in self.table_problems],
            "errors": [e.to_json(language) for e in self.errors],
            "columns": [s.to_json() for s in self.summaries],
            "skipped_rows": [s.to_json(language) for s in self.skipped],
        }
