"""CSV and TSV files read in chunks of text cells, with the header kept exactly as written.

Row numbers are as a person sees them in a spreadsheet: the file's own line numbers, so with the
header on row 1 the first data row is 2. Publishers often put titles and notes above the header
(EPD's monthly CSVs have seven such lines): the header is then found automatically when that is
unambiguous (the first line shaped like the table's rows, with at least two names), or it is
declared (a schema's `x-headerRow`, or the user's override); the lines above it are skipped and
said so.
Every cell stays text (an empty cell is ""); converting it is the validator's job. A row with more
fields than the header is an error; a row with fewer reads its missing trailing cells as empty, as
spreadsheet programs do, so required-value rules then name the exact cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hksh_packager.core.common.arrow import pa, pc
from hksh_packager.core.common.errors import UNREADABLE_FILE, InputError, Remedy
from hksh_packager.core.common.messages import define, define_plural
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.chunk import CHUNK_ROWS, TableChunk, text_frame
from hksh_packager.core.datasets.encoding import SAMPLE_SIZE, DetectedEncoding, detect_encoding
from hksh_packager.core.datasets.header_guess import guess_header, joined_names

log = logging.getLogger(__name__)
MAX_COLUMNS = 16_384  # Excel's limit; a wider header is not a table a person made
DELIMITERS = ",\t;|"


DECLARED_TOO_LOW = define_plural(
    "csv.declared-header", "the header is declared on row {row}, but only {count} row was found at "
    "the start of the file; check the declared header row", "the header is declared on row {row}, "
    "but only {count} rows were found at the start of the file; check the declared header row",
)  # fmt: skip
EMPTY = define("csv.empty", "{file} is empty (0 bytes); a CSV file needs at least a header row")
BLANK = define("csv.blank", "{file} holds only blank lines; a CSV file needs a header row")
IN_FILE = define("csv.in-file", "{file}: {problem}")
TOO_WIDE = define(
    "csv.too-wide", "{file}: the header has {count} columns; at most {limit} can be checked "
    "(as many as a spreadsheet holds)"
)  # fmt: skip
TOO_WIDE_AT = define(
    "csv.too-wide-start", "a row at the start of the file has {count} fields; at most {limit} "
    "can be checked (as many as a spreadsheet holds)"
)  # fmt: skip
TWICE = define(
    "csv.header-twice", "{file}: the header, read from row {row}, names column '{name}' twice "
    "(columns {first} and {second}). If the header is on another row, or spans several rows, "
    "give its row and how many rows it has; otherwise rename one column"
)  # fmt: skip
UNNAMED = define(
    "csv.header-unnamed", "{file}: header column {column} has no name (the header was read from "
    "row {row}). If the header is on another row, or spans several rows, give its row and how "
    "many rows it has; otherwise give every column a name"
)  # fmt: skip
MIXED = define(
    "csv.mixed-encoding", "{file}: the text is not valid {encoding} at line {line}; the file may "
    "mix encodings. Re-save it in one encoding, or name its encoding"
)  # fmt: skip
RAGGED = define(
    "csv.ragged", "{file}: line {line} has {found} fields but the header has {expected}; remove "
    "the extra cells or quote values that contain the delimiter '{delimiter}'"
)  # fmt: skip
UNCLOSED = define(
    "csv.unclosed-quote", '{file}: a quoted value opened at row {row} is never closed; add the '
    'missing closing quote (")'
)  # fmt: skip
NOT_CSV = define("csv.unreadable", "{file} cannot be read as CSV: {reason}")


@dataclass(frozen=True)
class HeaderPlace:
    """Where the header is: its first line (1-based), how many rows it has, where its last row
    starts (byte offset, offset in the decoded text, line), how it was decided, and the names
    when its rows were joined."""

    line: int = 1
    offset: int = 0
    how: str = "first line"
    start: int = field(default=0, compare=False)  # where the header's last row starts, decoded
    rows: int = 1
    last_line: int = 1  # the header's last row
    names: tuple[str, ...] | None = None


@dataclass(frozen=True)
class CsvTable:
    path: Path
    encoding: DetectedEncoding
    delimiter: str
    columns: tuple[str, ...]
    header: HeaderPlace = HeaderPlace()

    @property
    def first_data_row(self) -> int:
        return self.header.last_line + 1

    @property
    def skipped_above(self) -> int:
        """Lines above the header (titles, notes, blank lines) that are not read as data."""
        return self.header.line - 1

    @property
    def description(self) -> str:
        names = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
        text = f"{names.get(self.delimiter, repr(self.delimiter))}-separated"
        header = self.header
        if header.rows > 1:
            text += f", header on rows {header.line}-{header.last_line} ({header.how})"
        elif header.line > 1:
            text += f", header on row {header.line} ({header.how})"
        if self.header.line > 1:
            above = self.skipped_above
            text = text[:-1] + f"; {above} line{'s' if above != 1 else ''} above it skipped)"
        return text

    def chunks(
        self, chunk_rows: int = CHUNK_ROWS, cancel: CancelToken | None = None
    ) -> Iterator[TableChunk]:
        return _read_chunks(self, chunk_rows, cancel or CancelToken())


def _sample_text(path: Path, codec: str) -> str:
    with path.open("rb") as handle:
        raw = handle.read(SAMPLE_SIZE)
    return codecs.getincrementaldecoder(codec)(errors="replace").decode(raw, final=False)


SNIFF_LINES = 50
SNIFF_CHARS = 64 * 1024


def _modal_width(widths: list[int]) -> int | None:
    """The number of fields most lines have, among lines of two or more (titles have one)."""
    counts = Counter(w for w in widths if w >= 2)
    if not counts:
        return None
    return max(counts, key=lambda w: (counts[w], w))


def _sniff_delimiter(path: Path, text: str) -> str:
    """The delimiter that splits the first lines into the same number of fields (more than one)
    most often; ties go to the order of DELIMITERS. Title lines above the header do not count.
    Linear in a bounded sample: csv.Sniffer's regular expressions take hours on a long line from
    a hostile file."""
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            widths = [len(row) for row in rows]
        except csv.Error:
            continue
        widths = [w for w in widths[:SNIFF_LINES] if w]
        width = _modal_width(widths)
        if width is None:
            continue
        score = (sum(1 for w in widths if w == width), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
HEADER_SCAN_LINES = 60  # titles and notes above a header are a handful of lines


def _physical_lines(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for match in _LINE.finditer(text):
        if not match.group() or len(lines) >= limit:
            break
        lines.append(match.group())
    return lines


def _records(lines: list[str], delimiter: str) -> list[tuple[int, list[str]]]:
    """The records in `lines` with the physical line each starts on. A quoted cell may span
    lines, so fields are counted per record, never per line; a sample cut inside a quote, or a
    cell over the csv module's size limit, ends the list."""
    reader = csv.reader(lines, delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            records.append((start, row))
            start = reader.line_num + 1
    except csv.Error:
        pass
    return records


def find_header(
    text: str,
    delimiter: str,
    codec: str,
    declared: int | None = None,
    declared_rows: int | None = None,
) -> HeaderPlace:
    """The header in `text` (the decoded start of the file): on line `declared` when given, else
    found as header_guess finds it (below titles and notes, over one to four rows); `declared_rows`
    says how many rows it has. A file whose first line is already its header keeps it, so an
    ordinary CSV is read exactly as before."""
    lines = _physical_lines(text, HEADER_SCAN_LINES)
    if declared is not None and declared > len(lines):
        raise InputError(DECLARED_TOO_LOW(row=declared, count=len(lines)), remedy=Remedy.FIX_FILE)
    records = _records(lines, delimiter)
    if not records:
        return HeaderPlace()
    widest = max(len(row) for _, row in records)
    if widest > MAX_COLUMNS:  # refused before any guessing: no table a person made is this wide
        raise InputError(TOO_WIDE_AT(count=widest, limit=MAX_COLUMNS), remedy=Remedy.FIX_FILE)
    first = None
    if declared is not None:
        first = next((i for i, (line, _) in enumerate(records) if line >= declared), None)
        if first is None or records[first][0] != declared:
            return _place(declared, declared, 1, lines, codec, "declared")
    guess = guess_header(_shaped(records), first=first, count=declared_rows)
    rows = min(guess.rows, len(records) - guess.index)
    if declared is None and not guess.found:
        return HeaderPlace()
    how = "declared" if declared is not None else _how(guess.index, rows)
    place = _place(records[guess.index][0], records[guess.index + rows - 1][0], rows, lines,
                   codec, how)  # fmt: skip
    if rows > 1:
        names = joined_names([row for _, row in records[guess.index : guess.index + rows]])
        return replace(place, names=tuple(names))
    return place


def _shaped(records: list[tuple[int, list[str]]]) -> list[list[str]]:
    """The records' cells, with the lines above the first one shaped like the table (the most
    common number of fields, two names at least) emptied: a title of a different width, "Unit:
    HK$,2024", is never the header."""
    rows = [row for _, row in records]
    width = _modal_width([len(row) for row in rows])
    named = (i for i, row in enumerate(rows) if sum(1 for cell in row if cell.strip()) >= 2)
    shaped = next((i for i in named if len(rows[i]) == width), 0)
    return [[] for _ in rows[:shaped]] + rows[shaped:]


def _how(index: int, rows: int) -> str:
    if rows > 1:
        return "found below titles, its rows joined" if index else "found, its rows joined"
    return "found below titles"


def _place(line: int, last: int, rows: int, lines: list[str], codec: str, how: str) -> HeaderPlace:
    """The header from `line` to `last`: the lines above its last row give that row's offset in
    bytes (a BOM counts, as the codec writes it back) and in the decoded text."""
    above = "".join(lines[: last - 1])
    offset = len(above.encode(codec, errors="replace"))
    return HeaderPlace(line, offset, how, len(above), rows, last)


def open_csv(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
) -> CsvTable:
    """Open a CSV/TSV: decide encoding, delimiter and where the header is; read and check it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(UNREADABLE_FILE(file=str(path), reason=exc.strerror or str(exc))) from None
    if size == 0:
        raise InputError(EMPTY(file=str(path)))
    detected = detect_encoding(path, encoding)
    text = _sample_text(path, detected.codec)
    if not text.strip():
        raise InputError(BLANK(file=str(path)))
    separator = delimiter or _sniff_delimiter(path, text)
    try:
        place = find_header(text, separator, detected.codec, header_row, header_rows)
    except InputError as exc:
        raise InputError(
            IN_FILE(file=str(path), problem=exc.said), remedy=Remedy.FIX_FILE
        ) from None
    header = (
        list(place.names)
        if place.names is not None
        else next(csv.reader(io.StringIO(text[place.start :], newline=""), delimiter=separator), [])
    )
    if len(header) > MAX_COLUMNS:
        raise InputError(
            TOO_WIDE(file=str(path), count=len(header), limit=MAX_COLUMNS), remedy=Remedy.FIX_FILE
        )
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if name in seen:
            raise InputError(
                TWICE(file=str(path), row=place.line, name=name, first=seen[name],
                      second=index),
                remedy=Remedy.SET_HEADER,
            )  # fmt: skip
        seen[name] = index
    if any(not name.strip() for name in header):
        empty = [i for i, name in enumerate(header, start=1) if not name.strip()]
        said = UNNAMED(file=str(path), column=empty[0], row=place.line)
        raise InputError(said, remedy=Remedy.SET_HEADER)
    return CsvTable(path, detected, separator, tuple(header), place)


_EXPECTED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_EOF_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


def _first_bad_line(path: Path, codec: str) -> int | None:
    """The line holding the first byte that does not decode (pandas only knows its own buffer)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    lines = 1
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            try:
                decoder.decode(block, final=False)
            except UnicodeDecodeError as exc:
                # The decoder may hold a few bytes from the previous block; exc.start counts them.
                pending = len(exc.object) - len(block)
                return lines + block[: max(0, exc.start - pending)].count(b"\n")
            lines += block.count(b"\n")
    return None


# Pieces of 8 MiB keep what is read and checked in the processor's caches while the next piece
# is parsed: validating a million rows took 0.56 s in-process against 0.65 s with 32 MiB pieces.
ARROW_PIECE = 8 << 20
CARRY_ROOM = 64 << 10  # a record longer than this is rare; it costs one more buffer
MAX_PIECE = 256 << 20
BYTE_SAFE = {"utf-8", "utf-8-sig", "big5hkscs", "gb18030"}


class _SlowPathNeeded(Exception):
    """The fast reader met something it cannot describe precisely; the careful one will."""


def _read_chunks(table: CsvTable, chunk_rows: int, cancel: CancelToken) -> Iterator[TableChunk]:
    """pyarrow's multi-threaded reader first; on anything unusual, the pandas C reader, which
    names lines in its errors, takes over where the fast one stopped."""
    done = 0
    base = table.first_data_row
    try:
        for chunk in _arrow_chunks(table, chunk_rows, cancel):
            done += len(chunk.frame)
            yield chunk
    except _SlowPathNeeded:
        log.debug("%s: the careful CSV reader takes over at row %d", table.path, done + base)
        for chunk in _without_final_empty_rows(_careful_chunks(table, chunk_rows, cancel)):
            end = chunk.first_row - base + len(chunk.frame)
            if end <= done:
                continue
            if chunk.first_row - base < done:
                skip = done - (chunk.first_row - base)
                chunk = TableChunk(chunk.frame.slice(skip), done + base)
            done = end
            yield chunk


def _record_pieces(path: Path, size: int, start: int = 0) -> Iterator[tuple[memoryview, bool]]:
    """The file in pieces of about `size` bytes, each ending at a record boundary: a line break
    outside quotes (an even number of '"' before it); with each, whether it holds a '"' at all.
    Valid for UTF-8, Big5-HKSCS and GB18030, whose multi-byte characters never contain the bytes
    '"' or a line break.

    Each piece is a view of one buffer that the next piece overwrites, so a piece must be parsed
    before the next is asked for (pyarrow copies the cells it parses). A new buffer for every
    piece costs more than reading it: the system zeroes and maps its pages each time, with the
    GIL held."""
    buffer = bytearray()
    with path.open("rb") as handle:
        left = max(0, os.fstat(handle.fileno()).st_size - start)  # a small file: a small buffer
        handle.seek(start)
        carry = b""
        while True:
            wanted = min(size, left)
            if len(buffer) < len(carry) + wanted:
                # Room for the usual carry (the start of a record cut by the piece's end) from the
                # first: a longer carry than the last made a new buffer, zeroed with the GIL
                # held, for a few of every file's first pieces.
                buffer = bytearray(len(carry) + wanted + (CARRY_ROOM if left > wanted else 0))
            buffer[: len(carry)] = carry
            got = handle.readinto(memoryview(buffer)[len(carry) : len(carry) + wanted])
            left -= got
            end = len(carry) + got
            if end == len(carry):
                if carry:
                    yield memoryview(carry), b'"' in carry
                return
            # Quotes before `cut`, updated as `cut` moves back. Most files have none: finding
            # that out stops at the first quote, where counting reads every byte (with the GIL).
            quoted = buffer.find(b'"', 0, end) >= 0
            quotes = buffer.count(b'"', 0, end) if quoted else 0
            cut = end
            while True:
                previous, cut = cut, buffer.rfind(b"\n", 0, cut)
                if cut < 0:
                    break
                quotes -= buffer.count(b'"', cut, previous)
                if quotes % 2 == 0:
                    break
            if cut < 0:
                if end > MAX_PIECE:
                    raise _SlowPathNeeded()  # one record this long: let the careful reader judge
                carry = bytes(buffer[:end])
                continue
            yield memoryview(buffer)[: cut + 1], quotes > 0
            carry = bytes(buffer[cut + 1 : end])


def _arrow_chunks(table: CsvTable, chunk_rows: int, cancel: CancelToken) -> Iterator[TableChunk]:
    """Pieces of the file parsed by pyarrow on all cores; memory holds one piece at a time."""
    import pyarrow.csv as pacsv

    if table.encoding.codec not in BYTE_SAFE:
        raise _SlowPathNeeded()
    codec = "utf8" if table.encoding.codec.startswith("utf-8") else table.encoding.codec
    quoted, unquoted = (
        pacsv.ParseOptions(
            delimiter=table.delimiter, quote_char='"', double_quote=True, escape_char=False,
            # A line break may be inside quotes; where there are none, it is not, and pyarrow
            # splits the piece among its threads at any line break (a third less work).
            newlines_in_values=newlines,
            # A blank line is a row of empty cells, as the careful reader and a spreadsheet have
            # it: dropped, every row after it would be numbered one too low.
            ignore_empty_lines=False,
        )
        for newlines in (True, False)
    )  # fmt: skip
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in table.columns},
        strings_can_be_null=False, quoted_strings_can_be_null=False,
    )  # fmt: skip
    first_row = table.first_data_row
    last = None
    blank = 0  # blank lines held back: empty rows if data follows them, nothing if the file ends
    pieces = _record_pieces(table.path, ARROW_PIECE, table.header.offset)
    for index, (piece, has_quotes) in enumerate(pieces):
        cancel.raise_if_cancelled()
        piece, blank_after = _final_blank_lines(piece)
        while len(piece) and blank:
            size = min(blank, chunk_rows)
            yield TableChunk(text_frame([[""] * len(table.columns)] * size, table.columns),
                             first_row)  # fmt: skip
            first_row, blank = first_row + size, blank - size
        blank += blank_after
        if not len(piece):
            continue
        options = pacsv.ReadOptions(
            column_names=list(table.columns), skip_rows=1 if index == 0 else 0, encoding=codec,
            block_size=max(1 << 20, len(piece) // 4 + 1),
        )  # fmt: skip
        try:
            frame = pacsv.read_csv(
                pa.BufferReader(piece), read_options=options,
                parse_options=quoted if has_quotes else unquoted,
                convert_options=convert,
            )  # fmt: skip
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise _SlowPathNeeded() from exc
        if has_quotes and _ends_inside_quotes(frame):
            raise _SlowPathNeeded()
        for start in range(0, len(frame), chunk_rows):
            part = frame.slice(start, chunk_rows)
            yield TableChunk(part, first_row)
            first_row += len(part)
            last = part
    # An unclosed quote runs to the end of the file without an error from pyarrow: the last row
    # then holds a line break. Let the careful reader decide, and name the row.
    if last is not None and len(last) and _has_line_break(last.slice(len(last) - 1)):
        for _ in _careful_chunks(table, chunk_rows, cancel):
            pass


def _final_blank_lines(piece: memoryview) -> tuple[memoryview, int]:
    """The piece without the blank lines that end it, and how many they are: they are rows of
    the table only if data follows them, and many files end with some."""
    end = len(piece)
    while end > 0 and piece[end - 1] in b"\r\n":
        end -= 1
    if end == len(piece):
        return piece, 0
    breaks = bytes(piece[end:])
    lines = breaks.count(b"\n") + breaks.count(b"\r") - breaks.count(b"\r\n")
    if not end:  # a piece starts where a line does: this one is blank lines alone
        return piece[:0], lines
    # The first line break ends the piece's last record, and stays with it
    return piece[: end + (2 if breaks.startswith(b"\r\n") else 1)], lines - 1


def _ends_inside_quotes(frame: pa.Table) -> bool:
    """Whether the piece ended inside a quoted cell of its last column, which then holds the
    piece's last line break (pyarrow says nothing). A stray quote inside a cell (15" for inches)
    makes the count of quotes that cuts pieces wrong; the careful reader reads such a file.
    A cell that really ends with a line break is read carefully too."""
    if not len(frame) or not frame.num_columns:
        return False
    last = frame.column(frame.num_columns - 1)[len(frame) - 1].as_py()
    return isinstance(last, str) and last.endswith(("\n", "\r"))


def _has_line_break(frame: pa.Table) -> bool:
    return any(
        pc.any(pc.match_substring_regex(column, "[\\r\\n]")).as_py() for column in frame.columns
    )


def _without_final_empty_rows(chunks: Iterator[TableChunk]) -> Iterator[TableChunk]:
    """The careful reader's chunks without the empty rows that end the table: the blank lines
    that end many files are not rows, whichever reader reads the file."""
    import numpy as np

    from hksh_packager.core.common.arrow import empty_texts

    held: list[TableChunk] = []  # empty rows, rows of the table only if data follows them
    for chunk in chunks:
        filled = np.zeros(len(chunk.frame), dtype=bool)
        for column in chunk.frame.columns:
            filled |= ~empty_texts(column)
        data = np.flatnonzero(filled)
        if not len(data):
            held.append(chunk)
            continue
        yield from held
        end = int(data[-1]) + 1
        yield chunk if end == len(chunk.frame) else replace(chunk, frame=chunk.frame.slice(0, end))
        held = [] if end == len(chunk.frame) else [
            TableChunk(chunk.frame.slice(end), chunk.first_row + end)
        ]  # fmt: skip


def _careful_chunks(table: CsvTable, chunk_rows: int, cancel: CancelToken) -> Iterator[TableChunk]:
    import pandas as pd  # the careful reader only: it names lines in its errors

    first_row = table.first_data_row
    width = _first_record_width(table)
    if width > len(table.columns):  # pandas would drop its extra fields, saying nothing
        words = f"Expected {len(table.columns)} fields in line 2, saw {width}"  # pandas' words
        raise _parser_error(table, words)
    reader = None
    handle = table.path.open("rb")
    handle.seek(table.header.offset)
    try:
        reader = pd.read_csv(
            handle,
            sep=table.delimiter,
            encoding=table.encoding.codec,
            encoding_errors="strict",
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,  # a blank line is an empty row: rows keep their numbers
            header=0,
            names=list(table.columns),
            # Never a column of row labels: pandas takes one when the first data row has a
            # field more than the header (refused above), and every cell moves one column left.
            index_col=False,
            chunksize=chunk_rows,
            engine="c",
        )
        for frame in reader:
            cancel.raise_if_cancelled()
            yield TableChunk(_arrow_frame(frame, table.columns), first_row)
            first_row += len(frame)
    except pd.errors.ParserError as exc:
        raise _parser_error(table, str(exc)) from None
    except UnicodeDecodeError:
        line = _first_bad_line(table.path, table.encoding.codec) or "?"
        said = MIXED(file=str(table.path), encoding=table.encoding.label, line=line)
        raise InputError(said, remedy=Remedy.SET_ENCODING) from None
    finally:
        if reader is not None:
            reader.close()
        handle.close()


def _first_record_width(table: CsvTable) -> int:
    """How many fields the record after the header has (the csv module's count in the first
    MiB; 0 where it cannot tell)."""
    with table.path.open("rb") as handle:
        handle.seek(table.header.offset)
        text = handle.read(1 << 20).decode(table.encoding.codec, errors="replace")
    records = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter)
    try:
        next(records, None)  # the header
        return len(next(records, []))
    except csv.Error:  # a cell over the csv module's size limit: pandas will judge the rest
        return 0


def _arrow_frame(frame: Any, columns: tuple[str, ...]) -> pa.Table:
    """pandas' chunk as the arrow text every reader gives (by position: names are unique)."""
    cells = [
        pc.fill_null(
            pa.array(frame.iloc[:, i].to_numpy(dtype=object), pa.string(), from_pandas=True), ""
        )
        for i in range(len(columns))
    ]
    return pa.Table.from_arrays(cells, names=list(columns))


def _parser_error(table: CsvTable, message: str) -> InputError:
    ragged = _EXPECTED.search(message)
    if ragged:
        expected, line, saw = ragged.groups()
        line = str(int(line) + table.header.line - 1)  # pandas counts from where it started
        return InputError(
            RAGGED(file=str(table.path), line=line, found=saw, expected=expected,
                   delimiter=table.delimiter),
            remedy=Remedy.FIX_FILE,
        )  # fmt: skip
    quote = _EOF_QUOTE.search(message)
    if quote:
        opened = int(quote.group(1)) + table.header.line
        return InputError(UNCLOSED(file=str(table.path), row=opened), remedy=Remedy.FIX_FILE)
    return InputError(NOT_CSV(file=str(table.path), reason=message), remedy=Remedy.FIX_FILE)
