"""A data file held for browsing: any row's cells at once, and the row where an error was found.

Rows are kept as the readers give them (arrow text, a few bytes over the file's own size)
so a view can ask for any cell of a million-row file without reading it again. Past a memory
budget the preview stops and says so; the rows it holds are the file's first ones.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hksh_packager.core.common.arrow import pa
from hksh_packager.core.common.bounded import Budget
from hksh_packager.core.common.progress import (
    CancelToken,
    Progress,
    ProgressCallback,
    Unit,
    no_progress,
)
from hksh_packager.core.datasets.tables import open_table

PREVIEW_BUDGET_BYTES = 512 << 20


@dataclass
class TablePreview:
    path: Path
    columns: tuple[str, ...]
    description: str
    complete: bool = True  # False when the budget stopped it before the end of the file
    _frames: list[pa.Table] = field(default_factory=list, repr=False)
    _numbers: list[np.ndarray] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _rows: int = 0

    @property
    def rows(self) -> int:
        return self._rows

    def _locate(self, index: int) -> tuple[int, int]:
        if not 0 <= index < self._rows:
            raise IndexError(f"row index {index} is outside the preview (0..{self._rows - 1})")
        chunk = bisect.bisect_right(self._starts, index) - 1
        return chunk, index - self._starts[chunk]

    def cell(self, index: int, column: int) -> str:
        """The text of a cell ("" for an empty one); `index` counts data rows from 0."""
        chunk, offset = self._locate(index)
        value = self._frames[chunk].column(column)[offset].as_py()
        return "" if value is None else str(value)

    def row_number(self, index: int) -> int:
        """The row as the user sees it in the file (the header is row 1)."""
        chunk, offset = self._locate(index)
        return int(self._numbers[chunk][offset])

    def index_of_row(self, row_number: int) -> int | None:
        """The preview index of the file's row `row_number`, or None when the preview does not
        hold it (past its end, or a row that is not data)."""
        for chunk, numbers in enumerate(self._numbers):
            if len(numbers) and numbers[0] <= row_number <= numbers[-1]:
                offset = int(np.searchsorted(numbers, row_number))
                if offset < len(numbers) and numbers[offset] == row_number:
                    return self._starts[chunk] + offset
        return None

    def add(self, frame: pa.Table, numbers: np.ndarray) -> None:
        self._starts.append(self._rows)
        self._frames.append(frame)
        self._numbers.append(numbers)
        self._rows += len(frame)


def load_preview(
    path: Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    pointer: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
    budget_bytes: int = PREVIEW_BUDGET_BYTES,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> TablePreview:
    """Read the file's rows for browsing (progress: rows read), up to `budget_bytes` of memory."""
    cancel = cancel or CancelToken()
    table = open_table(path, encoding=encoding, sheet=sheet, pointer=pointer,
                       header_row=header_row, header_rows=header_rows)  # fmt: skip
    preview = TablePreview(Path(path), tuple(table.columns), table.description)
    held = 0
    for chunk in table.chunks(cancel=cancel):
        cancel.raise_if_cancelled()
        held += chunk.frame.nbytes
        preview.add(chunk.frame, chunk.row_numbers())
        progress(Progress("previewing", preview.rows, 0, Unit.ROWS, Path(path).name))
        if held > budget_bytes:
            preview.complete = False
            break
    return preview


# A preview holds at most PREVIEW_BUDGET_BYTES of cells; reading towards it may take more (an
# XML or JSON file's parse), and a stranger's file may be built to take all there is.
PREVIEW_PROCESS_BUDGET = Budget(seconds=600.0, memory_bytes=4 << 30)


def load_preview_isolated(
    path: Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    pointer: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> TablePreview:
    """`load_preview` in a worker process within PREVIEW_PROCESS_BUDGET: the preview comes back,
    the memory its reading took does not stay, and a file that would stall or exhaust the reader
    ends as BudgetExceeded."""
    from hksh_packager.core.common.isolated import run_in_process

    return run_in_process(
        _preview_call, Path(path), encoding, sheet, pointer, header_row, header_rows,
        progress=progress, cancel=cancel,
        budget=PREVIEW_PROCESS_BUDGET, what=f"reading {Path(path).name}",
    )  # fmt: skip


def _preview_call(
    path: Path,
    encoding: str | None,
    sheet: str | None,
    pointer: str | None,
    header_row: int | None,
    header_rows: int | None,
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> TablePreview:
    return load_preview(
        path, encoding=encoding, sheet=sheet, pointer=pointer, header_row=header_row,
        header_rows=header_rows, progress=progress, cancel=cancel,
    )  # fmt: skip
