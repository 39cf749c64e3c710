"""A chunk of a table's rows as every reader gives it: arrow text columns, and each row's number.

Cells are text exactly as written and never null (an empty cell is ""), so the validator has one
kind of column to convert. Arrow, not pandas: the engine works with arrow kernels and numpy
throughout, and pandas alone takes about 0.2 s to import (see `common/arrow.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hksh_packager.core.common.arrow import pa, texts

CHUNK_ROWS = 200_000


@dataclass(frozen=True)
class TableChunk:
    frame: pa.Table  # one string column per header name, in the header's order
    first_row: int  # row number of frame's first row; the header is row 1
    rows: np.ndarray | None = None  # each row's number, where they are not consecutive

    def row_numbers(self) -> np.ndarray:
        if self.rows is not None:
            return self.rows
        return np.arange(self.first_row, self.first_row + len(self.frame), dtype=np.int64)

    def row_lists(self) -> list[list[str]]:
        """The cells row by row (for tests and small previews; the engine works by column)."""
        columns = [column.to_pylist() for column in self.frame.columns]
        return [list(row) for row in zip(*columns, strict=True)] if columns else []


def text_frame(rows: Sequence[Sequence[str]], columns: Sequence[str]) -> pa.Table:
    """Rows of text cells, each as long as `columns`, as an arrow table of string columns."""
    cells = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return pa.Table.from_arrays([texts(column) for column in cells], names=list(columns))
