"""A feed's records, streamed by libxml2 (through lxml): the reader's pass over the whole file.

Expat calls Python three times for each element; here libxml2 builds a block's elements in C and
Python visits each record once, with its fields read in one step where the records are plain
(elements of text, no attributes, nothing nested). Anything else goes field by field, with the
rules of the expat pass (`xml_expat`), which the tests hold the two to.

Expat reads the file up to its root element first, so a document type (and with it any entity
declaration or external reference) is refused before libxml2 sees it; libxml2 is set so that
nothing could do harm even then: it loads no document type, substitutes no entity, reaches no
network, and keeps its limits on a text's size and on nesting. After each block, the records read
and every finished element outside the parent being read are deleted: memory holds the open
elements and one block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.xml_expat import (
    MALFORMED,
    check_depth,
    first_error,
    local_name,
    root_name,
)

OVER_LIMIT = define(
    "xml.over-limit", "{file}: at line {line} the XML goes past what a data feed ever holds (a "
    "text of more than 10 million characters, or elements nested more than 256 deep), and it is "
    "not read; check the file, or convert it to CSV"
)  # fmt: skip

# 64 KiB: a larger block's elements outgrow the CPU's caches, and reading slows by half
BLOCK = 1 << 16
TAGS_KEPT = 1_000  # tag names remembered as naming a record or not
# Past this much read, an error is worded by libxml2 rather than found again by expat from the
# start (which can take minutes on a huge file)
REWORD_BYTES = 32 << 20
Record = dict[str, str | None]  # a field's text; None is an empty element, read as ""


@dataclass(frozen=True)
class Batch:
    lines: list[int]  # each record's line
    records: list[Record]
    names: frozenset[str]  # every field name met so far in the file, this batch's and before


# Whether any child of a record's parent, or any element inside one, has attributes or elements
# inside it: when none has, each record is read in one step (a dict of its children's texts).
_NOT_PLAIN = etree.XPath("boolean(*/@* | */*/@* | */*/*)")


class _Reader:
    """The records of one file: those under each element at `records[:-1]`, read from the
    parser's tree block by block and then deleted from it."""

    def __init__(self, records: tuple[str, ...]) -> None:
        self.records = records
        self.depth = len(records)
        self.is_record: dict[object, bool] = {}  # a child's tag: whether it names a record
        self.plain: set[str] = set()  # field tags without a namespace: a field's tag is its name
        self.names: set[str] = set()  # every field name the records so far have had
        self.active: etree._Element | None = None  # the parent whose records are being read
        self.root: etree._Element | None = None  # None until the first element is seen
        self.lines: list[int] = []
        self.found: list[Record] = []

    def take(self, parent: etree._Element, complete: int) -> None:
        """Read the first `complete` children of a parent of records (those the parser has
        finished), then delete them."""
        if complete <= 0:
            return
        plain = not _NOT_PLAIN(parent)
        is_record, lines, found, tags = self.is_record, self.lines, self.found, self.plain
        for child in parent[:complete]:
            tag = child.tag
            if not is_record.get(tag, False):
                if tag in is_record:
                    continue
                known = isinstance(tag, str) and local_name(tag) == self.records[-1]
                if len(is_record) < TAGS_KEPT:  # a hostile file can use millions of names
                    is_record[tag] = known
                if not known:
                    continue
            lines.append(child.sourceline or 0)
            if plain:
                # One step per record (this loop runs once for each record of the file)
                fields: Record = {field.tag: field.text for field in child}
                if len(fields) == len(child) and fields.keys() <= tags:
                    found.append(fields)
                    continue
            found.append(self._named(child) if plain else self.full(child))
        del parent[:complete]

    def _named(self, record: etree._Element) -> Record:
        """A plain record whose fields have namespaces, or a field name not met before."""
        named: Record = {}
        for field in record:
            tag = field.tag
            if "}" in tag:
                tag = local_name(tag)
            elif ":" in tag:
                raise _UnboundPrefix(field.sourceline or 0)
            elif tag not in self.plain:
                self.plain.add(tag)
                self.names.add(tag)
            if tag in named:  # a field repeats: its texts are joined, as expat's pass does
                return self.full(record)
            named[tag] = field.text
        self.names.update(named)
        return named

    def full(self, record: etree._Element) -> Record:
        fields: dict[str, list[str]] = {}  # a field's texts, joined once (a field may repeat)
        attributes = {f"@{_name(key, record)}": value for key, value in record.items()}
        self._fields(record, (), fields, attributes)
        joined: Record = {**attributes, **{name: "".join(texts) for name, texts in fields.items()}}
        self.names.update(joined)
        return joined

    def _fields(
        self,
        element: etree._Element,
        where: tuple[str, ...],
        fields: dict[str, list[str]],
        attributes: Record,
    ) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            parts = (*where, _name(child.tag, child))
            check_depth(self.depth + len(parts))
            name = "/".join(parts)
            for key, value in child.items():
                attributes[f"{name}/@{_name(key, child)}"] = value
            self._fields(child, parts, fields, attributes)
            # The text after the element's last child, as expat's pass collects it
            fields.setdefault(name, []).append((child[-1].tail if len(child) else child.text) or "")

    def batch(self) -> Batch:
        batch = Batch(self.lines, self.found, frozenset(self.names))
        self.lines, self.found = [], []
        return batch


def stream_records(
    path: Path, records: tuple[str, ...], cancel: CancelToken | None = None
) -> Iterator[Batch]:
    """The records at the element path `records` (from the root), a batch after each block of
    the file, in the file's order. Errors are worded as the expat pass words them."""
    cancel = cancel or CancelToken()
    # Expat reads up to the root first, refusing a document type before libxml2 would store it
    if root_name(path) != records[0]:
        return  # no element is at the path
    reader = _Reader(records)
    parents = records[:-1] or records  # a one-level path: the root is the only record
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=[f"{{*}}{records[0]}", f"{{*}}{parents[-1]}"],
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    read = 0
    try:
        with path.open("rb") as handle:
            while block := handle.read(BLOCK):
                read += len(block)
                parser.feed(block)
                yield _read_block(path, reader, parser, parents)
                cancel.raise_if_cancelled()
            parser.close()
            yield _read_block(path, reader, parser, parents)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise _worded(path, line, column, exc.msg, read, cancel) from None
    except _UnboundPrefix as exc:
        raise _worded(path, exc.line, 1, "unbound prefix", read, cancel) from None


def _read_block(
    path: Path, reader: _Reader, parser: etree.XMLPullParser, parents: tuple[str, ...]
) -> Batch:
    """The records the parser finished in the block it was fed last."""
    for event, element in parser.read_events():
        if reader.root is None:
            reader.root = element.getroottree().getroot()
        if not _at_path(element, parents):
            continue
        if len(reader.records) == 1:
            if event == "end":
                reader.lines.append(element.sourceline or 0)
                reader.found.append(reader.full(element))
        elif event == "start":
            reader.active = element
        else:  # the parent ends (parents at one path cannot nest): all its records are whole
            reader.take(element, len(element))
            reader.active = None
    active = reader.active
    if active is not None:  # its last child may still be open: it waits a block
        reader.take(active, len(active) - 1)
    if len(reader.records) > 1:
        _prune(reader.root, active)
    return reader.batch()


class _UnboundPrefix(Exception):
    """A prefix no namespace is declared for: libxml2 says so only when the file ends."""

    def __init__(self, line: int) -> None:
        self.line = line


def _name(tag: str, element: etree._Element) -> str:
    """A field's or attribute's name without its namespace."""
    if ":" in tag and "}" not in tag:
        raise _UnboundPrefix(element.sourceline or 0)
    return local_name(tag)


def _at_path(element: etree._Element | None, names: tuple[str, ...]) -> bool:
    """Whether the element is at the path `names` from the root (walking up no further than
    the path is long: an element can be nested thousands deep)."""
    for name in reversed(names):
        if element is None or local_name(element.tag) != name:
            return False
        element = element.getparent()
    return element is None


def _prune(root: etree._Element | None, active: etree._Element | None) -> None:
    """Delete every finished element outside the parent being read: at each level from the root
    down, all but the last child (still open, or the parent of records being read). Finished
    parents have had their records taken, so memory holds the open elements and one block."""
    node = root
    while node is not None and node is not active:
        count = len(node)
        if count > 1:
            del node[: count - 1]
        node = node[-1] if count else None


def _worded(
    path: Path, line: int, column: int, message: str, read: int, cancel: CancelToken
) -> InputError:
    """The error as expat words it, found in what libxml2 had read (in a file's first 32 MB);
    where expat finds nothing wrong, libxml2 stopped at one of its limits. Past 32 MB, or were
    the two to disagree, libxml2's words."""
    if read <= REWORD_BYTES:
        error = first_error(path, read + BLOCK, cancel)
        if error is not None:
            return error
    if "XML_PARSE_HUGE" in message:  # how libxml2 names each of its limits
        return InputError(OVER_LIMIT(file=str(path), line=line), remedy=Remedy.FIX_FILE)
    reason = re.sub(r",\s*line \d+, column \d+\s*$", "", message.strip())
    said = MALFORMED(file=str(path), line=line, column=column, reason=reason)
    return InputError(said, remedy=Remedy.FIX_FILE)
