"""Where a table's header is, and how many rows it has, from the rows at the top of a file, for
CSV, .xlsx and .xls alike.

Bureaus put titles and notes above a table, pad them to the table's width (a CSV title line of
"Table 110-01001,,,,,"), and print headers of two to four rows: names above units (年末常住人口
over （万人）), a group name above the names under it (其  中 over # 医  生 and # 护师、护士).
frictionless asks for `headerRows` and `headerJoin`; this finds them without options, as a
person does: the rows above the data are text, the data below is typed.

- A title or note is a row with one value in a table of three or more columns, or a blank row;
  the header starts at the first row that is neither.
- A row below a header of names (years among them: 2016 over its columns) continues it when it
  holds no number or date, and either at least half its values are units in brackets, or it
  names a column the rows above leave unnamed (a group name spans columns whose own names are
  below it), or it names only columns the rows above name alike; and typed data follows the
  header. Anything else is data, so an ordinary file, its header on row 1 and its data from row
  2, is read exactly as before.
- A header's rows are joined top to bottom with a space into one name per column. A name that
  spans columns (a merged cell, or in a CSV the empty cells right of a group name over named
  columns) is repeated over each; a joined name that repeats an earlier one is numbered (2).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_HEADER_ROWS = 4
SCAN_ROWS = 60  # titles, notes and a header are a handful of rows
TITLE_MIN_COLUMNS = 3  # in a narrower table one value in a row may be a header or data

_NUMBER = re.compile(r"^[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?%?[*+#]?$")
_DATE = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}:\d{2}(?::\d{2})?)$"
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_UNIT = re.compile(r"^[（(\[［].*[）)\]］]$")
# Words a table prints where a value is missing: neither a name nor typed data.
_MARKERS = frozenset({"-", "--", "—", "…", "...", "N/A", "NA", "N.A.", "n.a.", "x", "*", "#"})


@dataclass(frozen=True)
class HeaderGuess:
    """The header's first row (0-based, in the rows given), how many rows it has, and whether
    it was found below titles or over several rows rather than being simply the first row."""

    index: int = 0
    rows: int = 1
    found: bool = False

    @property
    def last(self) -> int:
        """The header's last row (0-based): the data starts below it."""
        return self.index + self.rows - 1


def _clean(cell: str) -> str:
    return cell.strip(" \t\r\n\u3000")


def is_typed(cell: str) -> bool:
    """A number or a date, as a table's data is (not a name)."""
    text = _clean(cell)
    return bool(_NUMBER.match(text) or _DATE.match(text))


def _filled(row: Sequence[str]) -> list[str]:
    return [_clean(cell) for cell in row if _clean(cell)]


def table_width(rows: Iterable[Sequence[str]]) -> int:
    """The columns the table uses: up to the rightmost cell holding a value."""
    width = 0
    for row in rows:
        for index in range(len(row) - 1, -1, -1):
            if _clean(row[index]):
                width = max(width, index + 1)
                break
    return width


def is_title(row: Sequence[str], width: int) -> bool:
    """A blank row, or one value in a table of three or more columns: a title or a note."""
    filled = len(_filled(row))
    return filled == 0 or (filled == 1 and width >= TITLE_MIN_COLUMNS)


def _continues(row: Sequence[str], above: Sequence[Sequence[str]]) -> bool:
    """Whether `row` is one more row of the header made of the rows `above`: no number or date,
    and mostly units in brackets, or names for columns the rows above leave unnamed, or only
    names under columns the rows above name alike (房  屋 over 施工面积 and over 竣工面积)."""
    values = _filled(row)
    if not values or any(is_typed(v) for v in values if v not in _MARKERS):
        return False
    if 2 * sum(1 for v in values if _UNIT.match(v)) >= len(values):
        return True
    so_far = joined_names(above)
    named = [c for c, cell in enumerate(row) if _clean(cell)]
    if any(c >= len(so_far) or not so_far[c] for c in named):
        return True
    times = Counter(so_far)
    return all(times[so_far[c]] > 1 for c in named)


def _is_year(cell: str) -> bool:
    return bool(_YEAR.match(_clean(cell)))


def _names_row(row: Sequence[str]) -> bool:
    """A row that can head a table: names, years among them at most (2016 over its columns)."""
    values = _filled(row)
    return any(not is_typed(v) for v in values) and all(
        not is_typed(v) or _is_year(v) for v in values
    )


def _typed_row(row: Sequence[str]) -> bool:
    return any(is_typed(cell) for cell in row)


def guess_header(
    rows: Sequence[Sequence[str]], *, first: int | None = None, count: int | None = None
) -> HeaderGuess:
    """Where the header is in `rows` (the top of a sheet or file, as text cells). `first`: the
    header's first row when declared (0-based); `count`: how many rows it has when declared."""
    width = table_width(rows[:SCAN_ROWS])
    if first is None:
        first = next((i for i, row in enumerate(rows) if not is_title(row, width)), None)
        if first is None:  # nothing but titles: the first row with any value
            first = next((i for i, row in enumerate(rows) if _filled(row)), 0)
    if count is not None:
        return HeaderGuess(first, count, first > 0 or count > 1)
    count = 1
    # A header of names, not numbers (a header of years is one row): only then can rows below
    # continue it.
    named = first < len(rows) and _names_row(rows[first])
    while named and count < MAX_HEADER_ROWS and first + count < len(rows):
        if not _continues(rows[first + count], rows[first : first + count]):
            break
        count += 1
    if count > 1:
        below = next((row for row in rows[first + count :] if _filled(row)), None)
        if below is None or not _typed_row(below):
            count = 1  # the rows under the header are text: they are data
    return HeaderGuess(first, count, first > 0 or count > 1)


def spans_in_order(spans: Iterable[tuple[int, int, int]], width: int) -> list[tuple[int, int, int]]:
    """Merged ranges as a sheet can really hold them: within `width` columns, and not
    overlapping (a hostile file may list a hundred thousand ranges over the same cells; each
    column is then named once, by the first range that covers it)."""
    kept: list[tuple[int, int, int]] = []
    last: dict[int, int] = {}  # row -> the last column a kept range covers
    for row, start, stop in sorted(spans):
        stop = min(stop, width - 1)
        if start >= width or start <= last.get(row, -1) or stop <= start:
            continue
        kept.append((row, start, stop))
        last[row] = stop
    return kept


def joined_names(
    rows: Sequence[Sequence[str]], spans: Iterable[tuple[int, int, int]] | None = None
) -> list[str]:
    """One name per column from a header's `rows`, joined top to bottom with a space. `spans`:
    merged cells as (header row, first column, last column), 0-based and inclusive, whose name
    each column under them takes; without them (a CSV), an empty cell right of a name in an
    upper row takes that name when a row below names the column."""
    width = max((len(row) for row in rows), default=0)
    grid = [[_clean(row[c]) if c < len(row) else "" for c in range(width)] for row in rows]
    if spans is not None:
        for row, start, stop in spans_in_order(spans, width):
            if 0 <= row < len(grid):
                for column in range(start + 1, stop + 1):
                    if not grid[row][column]:
                        grid[row][column] = grid[row][start]
    else:
        for row in range(len(grid) - 1):
            carried = ""
            for column in range(width):
                below = any(grid[r][column] for r in range(row + 1, len(grid)))
                if grid[row][column]:
                    carried = grid[row][column]
                elif carried and below and column > 0:
                    grid[row][column] = carried
                else:
                    carried = ""
    names = [" ".join(part for part in (grid[r][c] for r in range(len(grid))) if part)
             for c in range(width)]  # fmt: skip
    while names and not names[-1]:
        names.pop()
    return _told_apart(names) if len(rows) > 1 else names


def _told_apart(names: list[str]) -> list[str]:
    """A joined header can name two columns alike where the table relies on what is left of them
    (其  中 # 居民住宅 under households, and again under floor space): the second is numbered,
    as a merged one-row header's are."""
    seen: dict[str, int] = {}
    told: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        told.append(f"{name} ({seen[name]})" if name and seen[name] > 1 else name)
    return told
