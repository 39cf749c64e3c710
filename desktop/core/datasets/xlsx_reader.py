"""Excel workbooks (.xlsx): one sheet, chosen by name, read as text cells in chunks.

Cells become text the way a person reads them: dates as ISO dates (with a time only when there is
one), whole numbers without ".0", booleans as true/false, formulas as their last calculated value.
Header cells covered by a merged range take the range's name followed by " (2)", " (3)", ...
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.csv_reader import CHUNK_ROWS, TableChunk
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

CANCEL_EVERY = 1_000
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds" if not value.microsecond else "microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class XlsxTable:
    path: Path
    sheet: str
    sheets: tuple[str, ...]
    columns: tuple[str, ...]
    header_row: int

    @property
    def description(self) -> str:
        return f"sheet '{self.sheet}'"

    def chunks(
        self, chunk_rows: int = CHUNK_ROWS, cancel: CancelToken | None = None
    ) -> Iterator[TableChunk]:
        cancel = cancel or CancelToken()
        workbook = load_workbook(self.path, read_only=True, data_only=True)
        try:
            rows = workbook[self.sheet].iter_rows(min_row=self.header_row + 1, values_only=True)
            width = len(self.columns)
            batch: list[list[str]] = []
            numbers: list[int] = []
            for number, values in enumerate(rows, start=self.header_row + 1):
                if number % CANCEL_EVERY == 0:  # openpyxl is slow: look often
                    cancel.raise_if_cancelled()
                texts = [cell_text(v) for v in values[:width]]
                if any(cell_text(v) for v in values[width:]):
                    raise InputError(
                        f"{self.path}, sheet '{self.sheet}': row {number} has values beyond the "
                        f"last named column ({self.columns[-1]}); name those columns in the header"
                    )
                if not any(texts):
                    continue  # blank rows, as a spreadsheet shows them, carry no data
                batch.append(texts + [""] * (width - len(texts)))
                numbers.append(number)
                if len(batch) >= chunk_rows:
                    yield _chunk(batch, numbers, self.columns)
                    batch, numbers = [], []
            if batch:
                yield _chunk(batch, numbers, self.columns)
        finally:
            workbook.close()


def _chunk(batch: list[list[str]], numbers: list[int], columns: tuple[str, ...]) -> TableChunk:
    frame = pd.DataFrame(batch, columns=list(columns))
    return TableChunk(frame, numbers[0], np.asarray(numbers, dtype=np.int64))


def _merged_header_ranges(path: Path, sheet_path: str | None, header_row: int) -> list[range]:
    """Column ranges (1-based) merged on the header row, read from the sheet XML as a stream."""
    if not sheet_path:
        return []
    spans: list[range] = []
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path.lstrip("/")) as xml:
        tail = b""
        while block := xml.read(1 << 20):
            data = tail + block
            for match in _MERGE.finditer(data):
                min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                if min_col is None or min_row is None or max_col is None or max_row is None:
                    continue  # a whole-row or whole-column range: no header cells to name
                if min_row <= header_row <= max_row and max_col > min_col:
                    spans.append(range(min_col, max_col + 1))
            tail = data[-200:]
    return list({(s.start, s.stop): s for s in spans}.values())


def open_xlsx(path: Path, *, sheet: str | None = None) -> XlsxTable:
    path = Path(path)
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty (0 bytes), not an Excel workbook; save it again")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"{path} is not a readable .xlsx workbook ({type(exc).__name__}: {exc}); "
            "open it in Excel and save it as .xlsx"
        ) from None
    except Exception as exc:  # openpyxl raises its own types for broken workbooks
        raise InputError(f"{path} is not a readable .xlsx workbook ({exc})") from None
    try:
        names = tuple(workbook.sheetnames)
        chosen = sheet or names[0]
        if chosen not in names:
            raise InputError(
                f"{path} has no sheet named '{chosen}'; its sheets are: {', '.join(names)}",
                remedy=Remedy.SET_SHEET,
                details={"sheets": ", ".join(names)},
            )
        worksheet = workbook[chosen]
        header: list[str] = []
        header_row = 0
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            texts = [cell_text(v) for v in values]
            if any(texts):
                header, header_row = texts, number
                break
        sheet_path = getattr(worksheet, "_worksheet_path", None)
    finally:
        workbook.close()
    if not header:
        raise InputError(f"{path}, sheet '{chosen}' is empty; put a header row and data in it")
    for span in _merged_header_ranges(path, sheet_path, header_row):
        name = header[span.start - 1] if span.start - 1 < len(header) else ""
        for offset, column in enumerate(span[1:], start=2):
            if column - 1 < len(header) and not header[column - 1] and name:
                header[column - 1] = f"{name} ({offset})"
    while header and not header[-1]:
        header.pop()
    for index, name in enumerate(header, start=1):
        if not name.strip():
            raise InputError(
                f"{path}, sheet '{chosen}': header column {index} (row {header_row}) has no "
                "name; give every column one"
            )
        if header.index(name) != index - 1:
            raise InputError(
                f"{path}, sheet '{chosen}': the header names column '{name}' twice; rename one"
            )
    return XlsxTable(path, chosen, names, tuple(header), header_row)
