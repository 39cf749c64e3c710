"""The first pass over an XML file, through defusedxml's expat: it refuses document types, entity
declarations (the "billion laughs") and external references before anything else reads the file,
finds which element repeats (the records), collects the records of the first megabytes (their
columns), and words the well-formedness errors of a file's first 32 MB with expat's line, column
and reason. Nesting deeper than 64 levels is refused in the first 4 MB and inside every record;
elsewhere past 4 MB libxml2's own limit (256) applies.

The whole file is then streamed by libxml2 (`xml_stream`), which is several times faster; its
records follow the rules written here, and the tests hold the two passes to the same records.
A record's columns are the elements inside it, by name (deeper ones as "parent/child"), and its
attributes as "@name"; a cell is the element's text as written (for an element with elements
inside it, the text after the last of them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError, errors

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken

BLOCK = 1 << 20
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
TOO_DEEP = define("xml.too-deep", "the XML nests deeper than {limit} levels; it is not a feed")
ENCODING = define(
    "xml.encoding", "{file}: the XML reader cannot read the encoding the file declares "
    "({reason}); save it as UTF-8 (or convert it to CSV) and try again"
)  # fmt: skip


def local_name(tag: str) -> str:
    """A tag without its namespace ("{uri}point", as expat reports it, or "georss:point")."""
    if "}" in tag:
        tag = tag.rsplit("}", 1)[-1]
    return tag.rsplit(":", 1)[-1] if ":" in tag else tag


def check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InputError(TOO_DEEP(limit=MAX_DEPTH), remedy=Remedy.FIX_FILE)


class ExpatRecords:
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
            stack.append(local_name(tag))
            check_depth(len(stack))
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
        repeated: dict[str, list[str]] = {}  # a field's texts when it repeats, joined at the end

        def start(tag: str, attrib: list[str]) -> None:  # expat gives ordered attributes
            nonlocal current, text, line
            name = names.get(tag)
            if name is None:
                name = names[tag] = local_name(tag)
            if current is not None:
                inner.append(name)
                check_depth(depth + len(inner))
                text = []
                if attrib:
                    where = "/".join(inner)
                    for key, value in zip(attrib[::2], attrib[1::2], strict=True):
                        current[f"{where}/@{local_name(key)}"] = value
                return
            stack.append(name)
            check_depth(len(stack))
            if len(stack) == depth and tuple(stack) == path:
                current = {
                    f"@{local_name(k)}": v for k, v in zip(attrib[::2], attrib[1::2], strict=True)
                }
                line = expat.CurrentLineNumber

        def end(tag: str) -> None:
            nonlocal current, text
            if current is None:
                stack.pop()
            elif not inner:  # the record itself ends
                for name, texts in repeated.items():
                    current[name] = "".join(texts)
                repeated.clear()
                done.append((line, current))
                current = None
                stack.pop()
            else:
                name = inner[0] if len(inner) == 1 else "/".join(inner)
                value = "".join(text)
                if name in current:  # joined once the record ends: a field may repeat a lot
                    repeated.setdefault(name, [current[name]]).append(value)
                else:
                    current[name] = value
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


def expat_pass(path: Path, target: ExpatRecords, limit: int | None = None) -> Iterator[None]:
    """Feed the file to expat block by block, yielding after each block. The parser is
    defusedxml's: its refusals of document types, entity declarations and external references
    stay installed; only the element handlers are ours (C callbacks straight from expat, without
    a tree builder in between)."""
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
    except (ValueError, LookupError) as exc:  # pyexpat on an encoding it cannot decode
        said = ENCODING(file=str(path), reason=str(exc))
        raise InputError(said, remedy=Remedy.FIX_FILE) from None
    yield


def first_error(path: Path, limit: int, cancel: CancelToken) -> InputError | None:
    """The error expat finds in the file's first `limit` bytes, worded as every other XML error
    is, or None if it finds none there."""
    try:
        for _ in expat_pass(path, ExpatRecords(None), limit):
            cancel.raise_if_cancelled()
    except InputError as error:
        return error
    return None


class _RootFound(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


class _Root(ExpatRecords):
    """Stops the pass at the first element: the root."""

    def handlers(self, expat: Any) -> tuple[Any, Any, Any]:
        def start(tag: str, attrib: list[str]) -> None:
            raise _RootFound(local_name(tag))

        return start, None, None


def root_name(path: Path) -> str:
    """The root element's name, read by expat up to it: a document type before it is refused
    (as is an entity declaration or an external reference), and nothing after it is read."""
    try:
        for _ in expat_pass(path, _Root(None)):
            pass
    except _RootFound as found:
        return found.name
    raise AssertionError("expat ended a document with no element without an error")
