"""XML records as tables of text cells: RSS-style lists (`<item>` in `<channel>`), EPD's AQHI feed
(`<AQHI24HrReport><item>...`), TD's XML feeds.

The records are the elements at a path ("/AQHI24HrReport/item"), given or found: the element that
repeats most often under one parent and has elements inside it. A record's columns are the elements
inside it, by name (deeper ones as "parent/child"), and its attributes as "@name"; a cell is the
element's text as written. Rows are numbered by the line the record starts on, so an error names
the line a text editor shows.

Two passes read a file. The first, through defusedxml's expat (`xml_expat`), refuses document
types, entity declarations (the "billion laughs") and external references, which a feed never
needs and a hostile file uses to exhaust memory or read other files; it finds the records, and
takes the columns from those in the file's first 4 MB (feeds repeat one record shape). The second,
libxml2's (`xml_stream`), streams every record block by block, so memory holds one chunk of rows
whatever the file's size; a record with a field the first 4 MB did not have stops the reading
with an error naming it and its line, rather than leaving it unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hksh_packager.core.common.arrow import pa, texts
from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.chunk import CHUNK_ROWS, TableChunk
from hksh_packager.core.datasets.xml_expat import ExpatRecords, expat_pass
from hksh_packager.core.datasets.xml_stream import Batch, Record, stream_records

FIND_BYTES = 4 << 20  # records repeat within the first megabytes of any feed
MAX_COLUMNS = 4_096

NO_RECORDS = define(
    "xml.no-records", "{file}: no repeated records were found in the XML; give the path of the "
    "record elements, e.g. /rss/channel/item"
)  # fmt: skip
XML_EMPTY = define("xml.empty", "{file} is empty (0 bytes), not XML")
NO_ELEMENT = define(
    "xml.no-element", "{file}: no element at {path}; give the path of the record elements, e.g. "
    "/rss/channel/item"
)  # fmt: skip
NEW_FIELDS = define(
    "xml.new-fields", "{file}: the record at line {line} has {fields}, which no record in the "
    "first 4 MB has; a feed's records share one shape. Check the record path, or convert the "
    "file to CSV"
)  # fmt: skip
EMPTY_PATH = define(
    "xml.empty-path", "XML record path '{path}' names no element; give one like /rss/channel/item"
)
TOO_MANY_FIELDS = define(
    "xml.too-many-fields", "{file}: the records have more than {limit} fields; give the path of "
    "the record elements"
)  # fmt: skip


def _find_records(path: Path) -> tuple[str, ...]:
    finder = ExpatRecords(None)
    for _ in expat_pass(path, finder, FIND_BYTES):
        pass
    candidates = [
        (count, -len(where), where)
        for where, count in finder.parents.items()
        if where in finder.has_children and len(where) >= 2
    ]
    if not candidates:
        raise InputError(NO_RECORDS(file=str(path)), remedy=Remedy.SET_POINTER)
    return max(candidates)[2]


@dataclass(frozen=True)
class XmlTable:
    path: Path
    records: tuple[str, ...]
    columns: tuple[str, ...]
    found: bool = False

    @property
    def pointer(self) -> str:
        return "/" + "/".join(self.records)

    @property
    def description(self) -> str:
        how = " (the repeated element)" if self.found else ""
        return f"XML records at {self.pointer}{how}"

    def chunks(
        self, chunk_rows: int = CHUNK_ROWS, cancel: CancelToken | None = None
    ) -> Iterator[TableChunk]:
        known = set(self.columns)
        lines: list[int] = []
        found: list[Record] = []
        for batch in stream_records(self.path, self.records, cancel):
            if not known.issuperset(batch.names):
                self._refuse_new_fields(batch, known)
            lines += batch.lines
            found += batch.records
            while len(found) >= chunk_rows:
                yield self._chunk(lines[:chunk_rows], found[:chunk_rows])
                del lines[:chunk_rows], found[:chunk_rows]
        if found:
            yield self._chunk(lines, found)

    def _refuse_new_fields(self, batch: Batch, known: set[str]) -> None:
        for line, record in zip(batch.lines, batch.records, strict=True):
            if not known.issuperset(record):
                extra = sorted(set(record) - known)
                said = NEW_FIELDS(file=str(self.path), line=line, fields=extra)
                raise InputError(said, remedy=Remedy.FIX_FILE)

    def _chunk(self, lines: list[int], records: list[Record]) -> TableChunk:
        rows = np.array(lines, dtype=np.int64)
        frame = pa.Table.from_arrays(
            [texts([record.get(name) or "" for record in records]) for name in self.columns],
            names=list(self.columns),
        )
        return TableChunk(frame, int(rows[0]), rows)


def _path_of(pointer: str) -> tuple[str, ...]:
    parts = tuple(p for p in pointer.strip("/").split("/") if p)
    if not parts:
        raise InputError(EMPTY_PATH(path=pointer), remedy=Remedy.SET_POINTER)
    return parts


def open_xml(path: Path, *, pointer: str | None = None) -> XmlTable:
    path = Path(path)
    if path.stat().st_size == 0:
        raise InputError(XML_EMPTY(file=str(path)), remedy=Remedy.FIX_FILE)
    records = _path_of(pointer) if pointer else _find_records(path)
    scan = ExpatRecords(records)
    count = 0
    for _ in expat_pass(path, scan, FIND_BYTES):
        count += len(scan.done)
        scan.record_columns()
        scan.done.clear()
        if len(scan.columns) > MAX_COLUMNS:
            said = TOO_MANY_FIELDS(file=str(path), limit=MAX_COLUMNS)
            raise InputError(said, remedy=Remedy.SET_POINTER)
    if count == 0:
        said = NO_ELEMENT(file=str(path), path="/" + "/".join(records))
        raise InputError(said, remedy=Remedy.SET_POINTER)
    return XmlTable(path, records, tuple(scan.columns), found=pointer is None)
