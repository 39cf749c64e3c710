"""XML records as tables of text cells: RSS-style lists (`<item>` in `<channel>`), EPD's AQHI feed
(`<AQHI24HrReport><item>...`), TD's XML feeds.

The records are the elements at a path ("/AQHI24HrReport/item"), given or found: the element that
repeats most often under one parent and has elements inside it. A record's columns are the elements
inside it, by name (deeper ones as "parent/child"), and its attributes as "@name"; a cell is the
element's text as written. Rows are numbered by the line the record starts on, so an error names
the line a text editor shows.

The columns are those of the records in the file's first 4 MB (feeds repeat one record shape); a
later record with another field stops the reading with an error naming it and its line, rather
than leaving it unchecked. The file is streamed in blocks, so memory holds one chunk of rows
whatever the file's size. Parsing goes through defusedxml, which refuses entity
declarations (the "billion laughs"), external entities and document type declarations: a feed
needs none of them, and a hostile file uses them to exhaust memory or read other files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError, errors

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.chunk import CHUNK_ROWS, TableChunk, text_frame

BLOCK = 1 << 20
FIND_BYTES = 4 << 20  # records repeat within the first megabytes of any feed
MAX_COLUMNS = 4_096
MAX_DEPTH = 64


FORBIDDEN = define(
    "xml.forbidden", "{file}: the XML declares {kind} content (a document type, entity or "
    "external reference), which a data feed never needs and a hostile file uses to exhaust "
    "memory or read other files; it is refused"
)  # fmt: skip
MALFORMED = define(
    "xml.malformed", "{file}: not well-formed XML at line {line}, column {column} ({reason}); "
    "check the file was downloaded whole"
)  # fmt: skip
NO_RECORDS = define(
    "xml.no-records", "{file}: no repeated records were found in the XML; give the path of the "
    "record elements, e.g. /rss/channel/item"
)  # fmt: skip
XML_EMPTY = define("xml.empty", "{file} is empty (0 bytes), not XML")
NO_ELEMENT = define(
    "xml.no-element", "{file}: no element at {path}; give the path of the record elements, e.g. "
    "/rss/channel/item"
)  # fmt: skip


def _local(tag: str) -> str:
    """A tag without its namespace ("{uri}point", as expat reports it, or "georss:point")."""
    if "}" in tag:
        tag = tag.rsplit("}", 1)[-1]
    return tag.rsplit(":", 1)[-1] if ":" in tag else tag


class _Records:
    """What a pass over the XML collected: the records at `path` (each with its start line), or,
    with no path, which elements repeat under which parents (to find the records)."""

    def __init__(self, path: tuple[str, ...] | None) -> None:
        self.path = path
        self.done: list[tuple[int, dict[str, str]]] = []
        self.columns: dict[str, None] = {}
        self.parents: Counter[tuple[str, ...]] = Counter()
        self.has_children: set[tuple[str, ...]] = set()

    def handlers(self, expat: Any) -> tuple[Any, Any, Any]:
        return self._finding() if self.path is None else self._collecting(self.path, expat)

    def _finding(self) -> tuple[Any, Any, Any]:
        stack: list[str] = []

        def start(tag: str, attrib: list[str]) -> None:
            stack.append(_local(tag))
            _check_depth(stack)
            where = tuple(stack)
            self.parents[where] += 1
            self.has_children.add(where[:-1])

        def end(tag: str) -> None:
            stack.pop()

        return start, end, None

    def _collecting(self, path: tuple[str, ...], expat: Any) -> tuple[Any, Any, Any]:
        # Closures over locals, not attributes: expat calls these millions of times, and this
        # halves the time a feed takes to read.
        done = self.done
        stack: list[str] = []
        depth = len(path)
        current: dict[str, str] | None = None
        inner: list[str] = []  # elements open inside the current record
        text: list[str] = []
        line = 0
        names: dict[str, str] = {}  # a feed has a few tag names, met millions of times

        def start(tag: str, attrib: list[str]) -> None:  # expat gives ordered attributes
            nonlocal current, text, line
            name = names.get(tag)
            if name is None:
                name = names[tag] = _local(tag)
            if current is not None:
                inner.append(name)
                text = []
                if attrib:
                    where = "/".join(inner)
                    for key, value in zip(attrib[::2], attrib[1::2], strict=True):
                        current[f"{where}/@{_local(key)}"] = value
                return
            stack.append(name)
            _check_depth(stack)
            if len(stack) == depth and tuple(stack) == path:
                current = {
                    f"@{_local(k)}": v for k, v in zip(attrib[::2], attrib[1::2], strict=True)
                }
                line = expat.CurrentLineNumber

        def end(tag: str) -> None:
            nonlocal current, text
            if current is None:
                stack.pop()
            elif not inner:  # the record itself ends
                done.append((line, current))
                current = None
                stack.pop()
            else:
                name = inner[0] if len(inner) == 1 else "/".join(inner)
                value = "".join(text)
                current[name] = current[name] + value if name in current else value
                text = []
                inner.pop()

        def data(chunk: str) -> None:
            if inner:
                text.append(chunk)

        return start, end, data

    def record_columns(self) -> None:
        for _, record in self.done:
            for name in record:
                if name not in self.columns:
                    self.columns[name] = None


TOO_DEEP = define("xml.too-deep", "the XML nests deeper than {limit} levels; it is not a feed")
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


def _check_depth(stack: list[str]) -> None:
    if len(stack) > MAX_DEPTH:
        raise InputError(TOO_DEEP(limit=MAX_DEPTH), remedy=Remedy.FIX_FILE)


def _parse(path: Path, target: _Records, limit: int | None = None) -> Iterator[None]:
    """Feed the file to expat block by block, yielding after each block. The parser is
    defusedxml's: its refusals of document types, entity declarations and external references
    stay installed; only the element handlers are ours (C callbacks straight from expat, without
    a tree builder in between, which is most of the time a feed takes to read)."""
    defused = DefusedXMLParser(forbid_dtd=True)
    expat = defused.parser
    expat.buffer_text = True
    start, end, data = target.handlers(expat)
    expat.StartElementHandler = start
    expat.EndElementHandler = end
    # None too: the text would otherwise go to defusedxml's tree builder, which nothing reads.
    expat.CharacterDataHandler = data
    read = 0
    try:
        with path.open("rb") as handle:
            while block := handle.read(BLOCK):
                expat.Parse(block, False)
                read += len(block)
                yield
                if limit is not None and read >= limit:
                    return
        expat.Parse(b"", True)
    except DefusedXmlException as exc:
        kind = type(exc).__name__.replace("Forbidden", "").lower()
        raise InputError(FORBIDDEN(file=str(path), kind=kind), remedy=Remedy.FIX_FILE) from None
    except ExpatError as exc:
        said = MALFORMED(file=str(path), line=exc.lineno, column=exc.offset + 1,
                         reason=errors.messages[exc.code])  # fmt: skip
        raise InputError(said, remedy=Remedy.FIX_FILE) from None
    yield


def _find_records(path: Path) -> tuple[str, ...]:
    finder = _Records(None)
    for _ in _parse(path, finder, FIND_BYTES):
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
        cancel = cancel or CancelToken()
        target = _Records(self.records)
        known = set(self.columns)
        checked = 0  # records of target.done already checked: each is checked once
        for _ in _parse(self.path, target):
            cancel.raise_if_cancelled()
            self._check_fields(target.done[checked:], known)
            checked = len(target.done)
            while len(target.done) >= chunk_rows:
                # In place: the parser's handlers append to this very list.
                part = target.done[:chunk_rows]
                del target.done[:chunk_rows]
                checked -= len(part)
                yield self._chunk(part)
        if target.done:
            yield self._chunk(target.done)

    def _check_fields(self, records: list[tuple[int, dict[str, str]]], known: set[str]) -> None:
        for line, record in records:
            if not known.issuperset(record):
                extra = sorted(set(record) - known)
                said = NEW_FIELDS(file=str(self.path), line=line, fields=extra)
                raise InputError(said, remedy=Remedy.FIX_FILE)

    def _chunk(self, part: list[tuple[int, dict[str, str]]]) -> TableChunk:
        rows = np.array([line for line, _ in part], dtype=np.int64)
        cells = [[record.get(name, "") for name in self.columns] for _, record in part]
        frame = text_frame(cells, self.columns)
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
    scan = _Records(records)
    count = 0
    for _ in _parse(path, scan, FIND_BYTES):
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
