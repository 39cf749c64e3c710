"""Excel 97 workbooks (.xls), as the Shanghai Municipal Bureau of Statistics publishes its
yearbook tables: one sheet, read with xlrd as text cells, the way xlsx_reader reads a workbook.

A statistics table has a title above its header, and often a header of two rows (names above
units: "年末常住人口" over "（万人）"). Both are found as header_guess finds them, or given:
`header_row` where the header starts and `header_rows` how many rows it has; their cells are
joined, top to bottom, with a space, into one name per column, as frictionless's headerRows and
headerJoin do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.chunk import CHUNK_ROWS, TableChunk
from hksh_packager.core.datasets.header_guess import (
    SCAN_ROWS,
    joined_names,
)
from hksh_packager.core.datasets.xlsx_reader import (
    EMPTY_FILE,
    HEADER_ROW_EMPTY,
    MAX_ROW,
    NOT_AN_XLS,
    SheetRow,
    cell_text,
    check_header_names,
    check_header_rows,
    chosen_sheet,
    place_header,
    sheet_chunks,
)

# A yearbook table is a few hundred kilobytes: past this, a file is not one (and xlrd holds a
# whole workbook in memory).
MAX_FILE_BYTES = 64 << 20


@dataclass(frozen=True)
class XlsTable:
    path: Path
    sheet: str
    sheets: tuple[str, ...]
    columns: tuple[str, ...]
    header_row: int
    header_rows: int

    @property
    def description(self) -> str:
        return f"sheet '{self.sheet}'"

    def chunks(
        self, chunk_rows: int = CHUNK_ROWS, cancel: CancelToken | None = None
    ) -> Iterator[TableChunk]:
        cancel = cancel or CancelToken()
        book = _open_book(self.path)
        try:
            yield from sheet_chunks(self._rows(book, cancel), self, chunk_rows)
        finally:
            book.release_resources()

    def _rows(self, book: Any, cancel: CancelToken) -> Iterator[SheetRow]:
        sheet = book.sheet_by_name(self.sheet)
        width = len(self.columns)
        for index in range(self.header_row - 1 + self.header_rows, sheet.nrows):
            if index % 1_000 == 0:
                cancel.raise_if_cancelled()
            texts = _row_texts(sheet, index, book.datemode)
            yield index + 1, texts[:width], any(texts[width:])


XLS_TOO_LARGE = define(
    "excel.xls-too-large", "{file} is {size} bytes; an .xls workbook may be at most {limit}: save "
    "it as .xlsx or CSV"
)  # fmt: skip
TOO_MANY_ROWS = define(
    "excel.too-many-rows", "{file}, sheet '{sheet}' has more rows than Excel allows"
)
NO_HEADER = define(
    "excel.no-header", "{file}, sheet '{sheet}' has no header; give the row the column names are on"
)


class _Quiet:
    def write(self, text: str) -> int:
        return len(text)


_QUIET = _Quiet()


def _open_book(path: Path) -> Any:
    import xlrd  # loads only for .xls

    size = path.stat().st_size
    if size == 0:
        raise InputError(EMPTY_FILE(file=str(path)), remedy=Remedy.FIX_FILE)
    if size > MAX_FILE_BYTES:
        said = XLS_TOO_LARGE(file=str(path), size=size, limit=MAX_FILE_BYTES)
        raise InputError(said, remedy=Remedy.FIX_FILE)
    try:
        # formatting_info: the merged cells a header's names span (a yearbook file is small).
        # ragged_rows: each row holds the cells it has. Without it xlrd pads every row to the
        # sheet's width, which one merged range of 65,536 x 65,536 cells (a 14 KB file) sets:
        # gigabytes. xlrd's warnings go nowhere: they would print into a command's output.
        return xlrd.open_workbook(str(path), on_demand=True, formatting_info=True,
                                  ragged_rows=True, logfile=_QUIET)  # fmt: skip
    except Exception as exc:  # xlrd raises its own and struct errors for a broken file
        said = NOT_AN_XLS(file=str(path), reason=f"{type(exc).__name__}: {exc}")
        raise InputError(said, remedy=Remedy.FIX_FILE) from None


def _value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value


def _row_texts(sheet: Any, index: int, datemode: int) -> list[str]:
    return [cell_text(_value(cell, datemode)) for cell in sheet.row(index)]


def open_xls(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
) -> XlsTable:
    """The sheet (the first when none is named) as a table, its header on `header_row` over
    `header_rows` rows when given, else found below any title over one to four rows
    (header_guess)."""
    path = Path(path)
    check_header_rows(header_rows)
    book = _open_book(path)
    try:
        names = tuple(book.sheet_names())
        chosen = chosen_sheet(path, names, sheet)
        grid = book.sheet_by_name(chosen)
        if grid.nrows > MAX_ROW:
            raise InputError(TOO_MANY_ROWS(file=str(path), sheet=chosen), remedy=Remedy.FIX_FILE)
        top = [_row_texts(grid, i, book.datemode) for i in range(min(grid.nrows, SCAN_ROWS))]
        merged = list(getattr(grid, "merged_cells", ()))
    finally:
        book.release_resources()
    empty = NO_HEADER(file=str(path), sheet=chosen)
    guess = place_header(path, chosen, top, header_row, header_rows, empty)
    rows = top[guess.index : guess.index + guess.rows]
    # Merged cells over the header's rows: a name that spans columns is each column's.
    spans = [(low - guess.index, left, right - 1) for low, _, left, right in merged
             if guess.index <= low <= guess.last]  # fmt: skip
    header = joined_names(rows, spans)
    start = guess.index + 1
    if not header:
        raise InputError(HEADER_ROW_EMPTY(file=str(path), sheet=chosen, row=start))
    check_header_names(path, chosen, header, start)
    return XlsTable(path, chosen, names, tuple(header), start, len(rows))
