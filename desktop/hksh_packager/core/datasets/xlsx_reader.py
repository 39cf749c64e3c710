"""Excel workbooks (.xlsx): one sheet, chosen by name, read as text cells in chunks.

Cells become text the way a person reads them: dates as ISO dates (with a time only when there is
one), whole numbers without ".0", booleans as true/false, formulas as their last calculated value.
The header is found below any title, over one to four rows (header_guess), or given. In a
one-row header, cells covered by a merged range take the range's name followed by " (2)",
" (3)", ...; a header of several rows joins its rows into one name per column.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import numpy as np
from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import Message, define
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.datasets.chunk import CHUNK_ROWS, TableChunk, text_frame
from hksh_packager.core.datasets.header_guess import (
    MAX_HEADER_ROWS,
    SCAN_ROWS,
    HeaderGuess,
    guess_header,
    joined_names,
    spans_in_order,
)

CANCEL_EVERY = 1_000
# Excel's last row. openpyxl yields an empty row for every row number a sheet skips, so a sheet
# whose rows are numbered far beyond it would keep a reader busy for hours.
MAX_ROW = 1_048_576
MAX_COLUMNS = 4_096  # header cells read; Excel allows 16,384
MAX_MERGED = 4 * MAX_COLUMNS  # merged ranges on a header's rows worth reading
BEYOND_HEADER = 1_024  # columns right of the header still read, to report stray values there
# An .xlsx is a zip: limits like a bundle's, so a small file cannot expand into gigabytes.
MAX_ENTRIES = 10_000
MAX_TOTAL = 2 << 30
MAX_RATIO = 200
RATIO_FLOOR = 1 << 20
# What a hostile workbook's XML raises: entity expansion and external entities are refused by
# defusedxml, which openpyxl uses when it is installed.
UNSAFE_XML = (DefusedXmlException, ParseError)


# What a team is told about a workbook, .xlsx or .xls alike (xls_reader uses these too).
NOT_A_WORKBOOK = define(
    "excel.unreadable-xlsx", "{file} is not a readable .xlsx workbook ({reason}); open it in "
    "Excel and save it as .xlsx"
)  # fmt: skip
NOT_AN_XLS = define(
    "excel.unreadable-xls", "{file} is not a readable Excel 97 (.xls) workbook ({reason}); open "
    "it in Excel and save it again"
)  # fmt: skip
EMPTY_FILE = define(
    "excel.empty-file", "{file} is empty (0 bytes), not an Excel workbook; save it again"
)
NO_SHEET = define("excel.no-sheet", "{file} has no sheet named '{sheet}'; its sheets are: {sheets}")
PAST_LAST_ROW = define(
    "excel.past-last-row", "{file}, sheet '{sheet}': its rows are numbered past {limit:,}, "
    "Excel's last row; it was not saved by Excel: open it in Excel and save it again"
)  # fmt: skip
VALUES_BEYOND = define(
    "excel.beyond-header", "{file}, sheet '{sheet}': row {row} has values beyond the last named "
    "column ({column}); name those columns in the header"
)  # fmt: skip
HEADER_ROWS = define("excel.header-rows", "a header has 1 to {limit} rows, not {rows}")
HEADER_ROW_EMPTY = define(
    "excel.header-row-empty", "{file}, sheet '{sheet}': row {row}, given as the header row, is "
    "empty; give the row the column names are on"
)  # fmt: skip
SHEET_EMPTY = define(
    "excel.sheet-empty", "{file}, sheet '{sheet}' is empty; put a header row and data in it"
)
UNNAMED = define(
    "excel.header-unnamed", "{file}, sheet '{sheet}': header column {column} has no name (the "
    "header was read from row {row}). If the header is on another row, or spans several rows, "
    "give its row and how many rows it has; otherwise give every column a name"
)  # fmt: skip
TWICE = define(
    "excel.header-twice", "{file}, sheet '{sheet}': the header, read from row {row}, names "
    "column '{name}' twice. If the header is on another row, or spans several rows, give its "
    "row and how many rows it has; otherwise rename one column"
)  # fmt: skip


def _unsafe_cause(exc: BaseException) -> BaseException | None:
    """The XML refusal behind an error openpyxl wrapped in its own, if there is one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, UNSAFE_XML):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


UNSAFE = define(
    "excel.unsafe-xml", "{file} holds XML that is not safe or not well formed ({error}); open it "
    "in Excel and save it again as .xlsx"
)  # fmt: skip
TOO_MANY_PARTS = define(
    "excel.too-many-parts", "{file} holds {count} parts expanding to {size} bytes; a workbook "
    "may hold at most {parts} parts and {limit} bytes"
)  # fmt: skip
ZIP_BOMB = define(
    "excel.zip-bomb", "{file}: its part {part} would expand {ratio} times, more than the "
    "{limit}x a workbook needs (a zip bomb)"
)  # fmt: skip


def _unsafe(path: Path, exc: BaseException) -> InputError:
    return InputError(UNSAFE(file=str(path), error=type(exc).__name__), remedy=Remedy.FIX_FILE)


def check_workbook_archive(path: Path) -> None:
    """Refuse workbooks whose zip would expand beyond what any real sheet needs."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        said = NOT_A_WORKBOOK(file=str(path), reason=str(exc))
        raise InputError(said, remedy=Remedy.FIX_FILE) from None
    total = sum(info.file_size for info in infos)
    worst = max(
        (i for i in infos if i.file_size > RATIO_FLOOR),
        key=lambda i: i.file_size / max(1, i.compress_size),
        default=None,
    )
    if len(infos) > MAX_ENTRIES or total > MAX_TOTAL:
        said = TOO_MANY_PARTS(file=str(path), count=len(infos), size=total, parts=MAX_ENTRIES,
                              limit=MAX_TOTAL)  # fmt: skip
        raise InputError(said, remedy=Remedy.FIX_FILE)
    if worst is not None and worst.file_size / max(1, worst.compress_size) > MAX_RATIO:
        ratio = worst.file_size // max(1, worst.compress_size)
        part = escape_text(worst.filename)
        said = ZIP_BOMB(file=str(path), part=part, ratio=ratio, limit=MAX_RATIO)
        raise InputError(said, remedy=Remedy.FIX_FILE)


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
    header_rows: int = 1

    @property
    def description(self) -> str:
        return f"sheet '{self.sheet}'"

    def chunks(
        self, chunk_rows: int = CHUNK_ROWS, cancel: CancelToken | None = None
    ) -> Iterator[TableChunk]:
        cancel = cancel or CancelToken()
        workbook = load_workbook(self.path, read_only=True, data_only=True)
        try:
            worksheet = workbook[self.sheet]
            worksheet.reset_dimensions()  # the file's <dimension> may claim a million rows
            yield from sheet_chunks(self._rows(worksheet, cancel), self, chunk_rows)
        except UNSAFE_XML as exc:
            raise _unsafe(self.path, exc) from None
        finally:
            workbook.close()

    def _rows(self, worksheet: Any, cancel: CancelToken) -> Iterator[SheetRow]:
        width = len(self.columns)
        rows = worksheet.iter_rows(
            min_row=self.header_row + self.header_rows, max_col=width + BEYOND_HEADER,
            values_only=True,
        )  # fmt: skip
        for number, values in enumerate(rows, start=self.header_row + self.header_rows):
            if number % CANCEL_EVERY == 0:  # openpyxl is slow: look often
                cancel.raise_if_cancelled()
            if number > MAX_ROW:
                said = PAST_LAST_ROW(file=str(self.path), sheet=self.sheet, limit=MAX_ROW)
                raise InputError(said, remedy=Remedy.FIX_FILE)
            if values.count(None) == len(values):
                continue  # an empty row, or one openpyxl made up for a skipped number
            beyond = any(cell_text(v) for v in values[width:])
            yield number, [cell_text(v) for v in values[:width]], beyond


# A sheet's row as the readers give it: its number, its cells under the header as text, and
# whether a cell right of the header holds a value.
SheetRow = tuple[int, list[str], bool]


def sheet_chunks(rows: Iterable[SheetRow], table: Any, chunk_rows: int) -> Iterator[TableChunk]:
    """A workbook's rows (.xlsx or .xls) as chunks: blank rows left out, a value beyond the last
    named column refused naming its row. `table` gives `path`, `sheet` and `columns`."""
    columns: tuple[str, ...] = table.columns
    batch: list[list[str]] = []
    numbers: list[int] = []
    for number, texts, beyond in rows:
        if beyond:
            raise InputError(
                VALUES_BEYOND(file=str(table.path), sheet=table.sheet, row=number,
                              column=columns[-1]),
                remedy=Remedy.FIX_FILE,
            )  # fmt: skip
        if not any(texts):
            continue  # blank rows, as a spreadsheet shows them, carry no data
        batch.append(texts + [""] * (len(columns) - len(texts)))
        numbers.append(number)
        if len(batch) >= chunk_rows:
            yield make_chunk(batch, numbers, columns)
            batch, numbers = [], []
    if batch:
        yield make_chunk(batch, numbers, columns)


def make_chunk(batch: list[list[str]], numbers: list[int], columns: tuple[str, ...]) -> TableChunk:
    frame = text_frame(batch, columns)
    return TableChunk(frame, numbers[0], np.asarray(numbers, dtype=np.int64))


def _merged_header_ranges(
    path: Path, sheet_path: str | None, first: int, last: int
) -> list[tuple[int, int, int]]:
    """Merged cells that start on the header's rows `first` to `last` (1-based) and span
    columns, as (row, first column, last column), 1-based; read from the sheet XML as a stream."""
    if not sheet_path:
        return []
    spans: set[tuple[int, int, int]] = set()
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path.lstrip("/")) as xml:
        tail = b""
        while block := xml.read(1 << 20):
            data = tail + block
            for match in _MERGE.finditer(data):
                min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                if min_col is None or min_row is None or max_col is None or max_row is None:
                    continue  # a whole-row or whole-column range: no header cells to name
                if first <= min_row <= last and max_col > min_col and min_col <= MAX_COLUMNS:
                    spans.add((min_row, min_col, max_col))
                    if len(spans) > MAX_MERGED:  # no table has more merged header cells
                        return sorted(spans)
            tail = data[-200:]
    return sorted(spans)


def chosen_sheet(path: Path, names: tuple[str, ...], sheet: str | None) -> str:
    """The sheet asked for (the first when none is), or InputError listing the sheets."""
    chosen = sheet or names[0]
    if chosen not in names:
        raise InputError(
            NO_SHEET(file=str(path), sheet=chosen, sheets=list(names)),
            remedy=Remedy.SET_SHEET,
            details={"sheets": ", ".join(names)},
        )
    return chosen


def check_header_rows(header_rows: int | None) -> None:
    """A declared header has 1 to MAX_HEADER_ROWS rows; said before the workbook is opened."""
    if header_rows is not None and not 1 <= header_rows <= MAX_HEADER_ROWS:
        raise InputError(HEADER_ROWS(limit=MAX_HEADER_ROWS, rows=header_rows))


def place_header(
    path: Path,
    sheet: str,
    top: list[list[str]],
    header_row: int | None,
    header_rows: int | None,
    empty: Message,
) -> HeaderGuess:
    """Where the header is among a sheet's `top` rows (.xlsx or .xls): on `header_row` (from 1),
    which must hold a value, when declared; else found by header_guess. `empty` is said when the
    top of the sheet holds no value at all."""
    if header_row is not None and (header_row > len(top) or not any(top[header_row - 1])):
        raise InputError(HEADER_ROW_EMPTY(file=str(path), sheet=sheet, row=header_row))
    if not any(any(row) for row in top):
        raise InputError(empty)
    first = None if header_row is None else header_row - 1
    return guess_header(top, first=first, count=header_rows)


def check_header_names(path: Path, sheet: str, header: list[str], row: int) -> None:
    """Every column named, and each name once (a workbook's header, .xlsx or .xls, read from
    `row`); an error says where the header was read and which option helps."""
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if not name.strip():
            said = UNNAMED(file=str(path), sheet=sheet, column=index, row=row)
            raise InputError(said, remedy=Remedy.SET_HEADER)
        if name in seen:
            said = TWICE(file=str(path), sheet=sheet, row=row, name=name)
            raise InputError(said, remedy=Remedy.SET_HEADER)
        seen.add(name)


def _trimmed(texts: list[str]) -> list[str]:
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _one_row_names(header: list[str], spans: list[tuple[int, int, int]]) -> list[str]:
    """A one-row header's names; a merged cell's name, repeated right of it, is numbered."""
    width = min(MAX_COLUMNS, max((stop for _, _, stop in spans), default=0))
    header = header + [""] * (width - len(header))
    # 0-based and non-overlapping: each column is named once, however many ranges a file lists.
    for _, start, stop in spans_in_order([(0, a - 1, b - 1) for _, a, b in spans], len(header)):
        name = header[start]
        for offset, column in enumerate(range(start + 1, stop + 1), start=2):
            if not header[column] and name:
                header[column] = f"{name} ({offset})"
    while header and not header[-1]:
        header.pop()
    return header


def open_xlsx(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
) -> XlsxTable:
    """The sheet (the first when none is named) as a table; its header on `header_row` over
    `header_rows` rows when given, else found below any title over one to four rows
    (header_guess)."""
    path = Path(path)
    check_header_rows(header_rows)
    if path.stat().st_size == 0:
        raise InputError(EMPTY_FILE(file=str(path)), remedy=Remedy.FIX_FILE)
    check_workbook_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except UNSAFE_XML as exc:
        raise _unsafe(path, exc) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        cause = _unsafe_cause(exc)
        if cause is not None:
            raise _unsafe(path, cause) from None
        said = NOT_A_WORKBOOK(file=str(path), reason=f"{type(exc).__name__}: {exc}")
        raise InputError(said, remedy=Remedy.FIX_FILE) from None
    except Exception as exc:  # openpyxl raises its own types for broken workbooks
        said = NOT_A_WORKBOOK(file=str(path), reason=str(exc))
        raise InputError(said, remedy=Remedy.FIX_FILE) from None
    try:
        names = tuple(workbook.sheetnames)
        chosen = chosen_sheet(path, names, sheet)
        worksheet = workbook[chosen]
        worksheet.reset_dimensions()
        top = [
            _trimmed([cell_text(v) for v in values])
            for values in worksheet.iter_rows(
                min_row=1, max_row=SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True
            )
        ]
        sheet_path = getattr(worksheet, "_worksheet_path", None)
    finally:
        workbook.close()
    empty = SHEET_EMPTY(file=str(path), sheet=chosen)
    guess = place_header(path, chosen, top, header_row, header_rows, empty)
    start, last = guess.index + 1, guess.last + 1
    spans = _merged_header_ranges(path, sheet_path, start, last)
    if guess.rows == 1:
        header = _one_row_names(list(top[guess.index]), spans)
    else:
        rows = top[guess.index : guess.last + 1]
        header = joined_names(rows, [(r - start, a - 1, b - 1) for r, a, b in spans])
    check_header_names(path, chosen, header, start)
    return XlsxTable(path, chosen, names, tuple(header), start, guess.rows)
