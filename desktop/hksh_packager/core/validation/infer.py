"""Draft a row schema from a data file, for data that is not in the catalogue.

The draft is for a person to review before saving it as a custom schema: each column gets a type
(integer, number, boolean or text, by the same conversion rules the validator uses), null allowed
when some cells are empty, required when none are, observed ranges for numbers, a date format or
pattern for date-like text, and an enum for low-cardinality text. The draft validates the file it
came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hksh_packager.core.common.arrow import mask, pc
from hksh_packager.core.datasets.tables import Table
from hksh_packager.core.validation.convert import (
    BOOL,
    FLOAT,
    INT,
    MISSING,
    NULL,
    STR,
    convert_column,
)
from hksh_packager.core.validation.row_rules import NO_RULES, SkipLog, data_rows
from hksh_packager.core.validation.schema import DRAFT

ENUM_LIMIT = 12
DATE_FORMS = [
    ("date", None, re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
    (None, "^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$", re.compile(r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$")),
    (None, "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
     re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?$")),
]  # fmt: skip
ANY_TYPE = frozenset({"integer", "number", "boolean", "null"})


@dataclass
class _ColumnStats:
    rows: int = 0
    missing: int = 0
    kinds: set[int] = field(default_factory=set)
    minimum: float | None = None
    maximum: float | None = None
    values: set[str] = field(default_factory=set)
    many_values: bool = False
    date_forms: set[int] | None = None  # indexes into DATE_FORMS every text value matched

    def add(self, cells: Any) -> None:
        column = convert_column(cells, ANY_TYPE)
        present = column.kind != NULL
        self.rows += len(column.kind)
        self.missing += int((~present).sum())
        self.kinds.update(int(k) for k in np.unique(column.kind[present]))
        numbers = column.number[(column.kind == INT) | (column.kind == FLOAT)]
        if numbers.size:
            low, high = float(numbers.min()), float(numbers.max())
            self.minimum = low if self.minimum is None else min(self.minimum, low)
            self.maximum = high if self.maximum is None else max(self.maximum, high)
        texts = set(pc.unique(pc.filter(column.text, mask(present))).to_pylist())
        if not self.many_values:
            self.values |= texts
            if len(self.values) > ENUM_LIMIT:
                self.many_values, self.values = True, set()
        strings = pc.unique(pc.filter(column.text, mask(column.kind == STR))).to_pylist()
        forms = {i for i, (_, _, rx) in enumerate(DATE_FORMS) if all(rx.match(t) for t in strings)}
        if strings:
            self.date_forms = forms if self.date_forms is None else self.date_forms & forms


def _column_schema(stats: _ColumnStats) -> dict[str, Any]:
    kinds = stats.kinds - {MISSING}
    nullable = stats.missing > 0
    schema: dict[str, Any]
    low, high = stats.minimum, stats.maximum
    if kinds and kinds <= {INT} and low is not None and high is not None:
        schema = {"type": "integer", "minimum": int(low), "maximum": int(high)}
    elif kinds and kinds <= {INT, FLOAT}:
        schema = {"type": "number", "minimum": stats.minimum, "maximum": stats.maximum}
    elif kinds and kinds <= {BOOL}:
        schema = {"type": "boolean"}
    elif kinds == {STR} and stats.date_forms:
        form, pattern, _ = DATE_FORMS[min(stats.date_forms)]
        schema = {"type": "string", **({"format": form} if form else {"pattern": pattern})}
    elif stats.values and not stats.many_values and stats.rows >= 2 * len(stats.values):
        return {"enum": sorted(stats.values) + ([""] if nullable else [])}
    else:
        schema = {"type": "string"}
    if nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def infer_schema(table: Table, *, title: str | None = None) -> dict[str, Any]:
    stats = {name: _ColumnStats() for name in table.columns}
    # Rows that are never data (every cell empty) say nothing about the columns.
    for chunk in data_rows(table.chunks(), tuple(table.columns), NO_RULES, SkipLog()):
        for name in table.columns:
            stats[name].add(chunk.frame.column(name))
    properties = {name: _column_schema(stats[name]) for name in table.columns}
    required = [name for name in table.columns if stats[name].missing == 0]
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "title": title or f"Custom schema drafted from {table.path.name}",
        "description": "Drafted by hksh-packager from the data; review every rule before use.",
        "type": "object",
        "required": required,
        "properties": properties,
        "x-headers": list(table.columns),
        "x-minRows": 1,
    }
    encoding = getattr(table, "encoding", None)
    if encoding is not None:
        schema["x-encodings"] = [encoding.label]
    return schema
