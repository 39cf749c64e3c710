"""JSON records and GeoJSON features as tables of text cells.

A JSON file is an array of records (objects), or holds one under a JSON pointer ("/result/records");
an object at a pointer given (by the caller or the catalogue entry) is one record.
Without a pointer, an object holding exactly one array of records (within three levels) is read
from there: the envelopes portals wrap their records in (`{"data": {"data": [...], "total": N}}`
on Shanghai's portal, `{"dataSet": [...]}` from C&SD, `{"waitTime": [...]}` from HA). A leading
byte-order mark is accepted.
A GeoJSON FeatureCollection gives one row per feature from its properties; the geometry type of each
feature is kept for the table rule `x-geometryType`. Numbers keep their JSON spelling, true and
false stay as written, null reads as an empty cell, nested values as compact JSON. Rows are
numbered from 1: the record's (or feature's) position in its array.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.jsonpointer import PointerNotFound, escape_token, resolve_pointer
from hksh_packager.core.common.jsontext import parse_json
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.chunk import CHUNK_ROWS, TableChunk, text_frame
from hksh_packager.core.datasets.encoding import DetectedEncoding, detect_encoding

TOO_MANY_FIELDS = define(
    "json.too-many-fields", "{file}: the records have more than {limit} different fields; "
    "records of one dataset share their fields. Check the JSON pointer, or the file"
)  # fmt: skip
NOT_AN_OBJECT = define(
    "json.not-an-object", "{file}: record {number} (pointer {pointer}) is {found}, not an object "
    "with named fields; give the JSON pointer of the records"
)  # fmt: skip
NO_FEATURES = define(
    "json.no-features", "{file}: a GeoJSON FeatureCollection needs a 'features' array"
)
NOT_A_FEATURE = define("json.not-a-feature", "{file}: /features/{index} is not a GeoJSON Feature")
BAD_PROPERTIES = define(
    "json.bad-properties", "{file}: /features/{index}/properties is not an object"
)
JSON_EMPTY = define("json.empty", "{file} is empty (0 bytes), not JSON")
JSON_TOO_LARGE = define(
    "json.too-large", "{file} is {size:,} bytes; JSON files are read whole, so at most {limit:,} "
    "bytes can be checked. Publish or convert large tables as CSV"
)  # fmt: skip
NOT_TEXT = define(
    "json.not-text", "{file} is not valid {encoding} text (byte {offset}); re-save it as UTF-8, "
    "or name its encoding"
)  # fmt: skip
POINTER_NOTHING = define(
    "json.pointer-nothing", "{file}: JSON pointer {pointer} finds nothing at {place}"
)
NOT_RECORDS_AT = define(
    "json.not-records-at", "{file}: the JSON at {pointer} is not an array of records; give the "
    "JSON pointer of the records"
)  # fmt: skip
NOT_RECORDS_AT_HINT = define(
    "json.not-records-at-hint", "{file}: the JSON at {pointer} is not an array of records; "
    "arrays of records are at: {arrays}; give the JSON pointer of the records"
)  # fmt: skip
NOT_RECORDS_TOP = define(
    "json.not-records-top", "{file}: the JSON at the top level is not an array of records; give "
    "the JSON pointer of the records"
)  # fmt: skip
NOT_RECORDS_TOP_HINT = define(
    "json.not-records-top-hint", "{file}: the JSON at the top level is not an array of records; "
    "arrays of records are at: {arrays}; give the JSON pointer of the records"
)  # fmt: skip


def json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _record_arrays(node: Any, pointer: str = "", depth: int = 0) -> Iterator[str]:
    """Pointers to arrays of objects, to suggest when the top level is not one."""
    if isinstance(node, list) and node and all(isinstance(item, dict) for item in node[:20]):
        yield pointer or "/"
    elif isinstance(node, dict) and depth < 3:
        for key, value in node.items():
            yield from _record_arrays(value, f"{pointer}/{escape_token(key)}", depth + 1)


def _record_objects(node: Any, pointer: str = "", depth: int = 0) -> Iterator[str]:
    """Pointers to single records under a key: objects whose values are all plain (Citybus's
    /data), for a document that holds no array of records."""
    if not isinstance(node, dict) or depth >= 3:
        return
    for key, value in node.items():
        if isinstance(value, dict):
            where = f"{pointer}/{escape_token(key)}"
            if value and not any(isinstance(v, dict | list) for v in value.values()):
                yield where
            else:
                yield from _record_objects(value, where, depth + 1)


@dataclass(frozen=True)
class RecordsTable:
    path: Path
    encoding: DetectedEncoding
    pointer: str
    columns: tuple[str, ...]
    records: list[dict[str, Any]] = field(repr=False)
    geometry_types: tuple[str | None, ...] | None = None  # GeoJSON only

    found: bool = False  # the pointer was found, not given
    single: bool = False  # one object at the pointer, read as the only record

    @property
    def description(self) -> str:
        if self.geometry_types is not None:
            return "GeoJSON features"
        if self.single:
            return f"the one record at {self.pointer or '/'}"
        found = " (the only array of records)" if self.found else ""
        return f"records at {self.pointer or '/'}{found}"

    def chunks(
        self, chunk_rows: int = CHUNK_ROWS, cancel: CancelToken | None = None
    ) -> Iterator[TableChunk]:
        cancel = cancel or CancelToken()
        for start in range(0, len(self.records), chunk_rows):
            cancel.raise_if_cancelled()
            part = self.records[start : start + chunk_rows]
            rows = [[json_text(record.get(name)) for name in self.columns] for record in part]
            frame = text_frame(rows, self.columns)
            numbers = np.arange(start + 1, start + 1 + len(part), dtype=np.int64)
            yield TableChunk(frame, start + 1, numbers)


# JSON is parsed whole, and Python objects take about ten times the file's size in memory.
MAX_JSON_BYTES = 256 << 20
MAX_COLUMNS = 16_384  # as for CSV: Excel's limit


def _load(path: Path, encoding: str | None) -> tuple[Any, DetectedEncoding]:
    size = path.stat().st_size
    if size == 0:
        raise InputError(JSON_EMPTY(file=str(path)), remedy=Remedy.FIX_FILE)
    if size > MAX_JSON_BYTES:
        said = JSON_TOO_LARGE(file=str(path), size=size, limit=MAX_JSON_BYTES)
        raise InputError(said, remedy=Remedy.FIX_FILE)
    detected = detect_encoding(path, encoding)
    try:
        text = path.read_bytes().decode(detected.codec)
    except UnicodeDecodeError as exc:
        said = NOT_TEXT(file=str(path), encoding=detected.label, offset=exc.start)
        raise InputError(said, remedy=Remedy.SET_ENCODING) from None
    return parse_json(text.removeprefix("\ufeff"), str(path)), detected


def _columns(path: Path, records: list[dict[str, Any]]) -> tuple[str, ...]:
    """The fields of the records, in the order first met; at most MAX_COLUMNS of them (a file
    built with a million distinct keys would make a table nobody can read or check)."""
    seen: dict[str, None] = {}
    for record in records:
        for key in record:
            seen.setdefault(key, None)
        if len(seen) > MAX_COLUMNS:
            raise InputError(
                TOO_MANY_FIELDS(file=str(path), limit=MAX_COLUMNS), remedy=Remedy.FIX_FILE
            )
    return tuple(seen)


def open_json(
    path: Path, *, pointer: str | None = None, encoding: str | None = None
) -> RecordsTable:
    return load_json_document(path, encoding=encoding).table(pointer)


@dataclass(frozen=True)
class JsonDocument:
    """A JSON file parsed once, to be read as a table in more than one way (matching a file to
    the catalogue tries each entry's pointer)."""

    path: Path
    document: Any = field(repr=False)
    detected: DetectedEncoding

    def table(self, pointer: str | None = None) -> RecordsTable:
        """The records at `pointer`; without one, a GeoJSON's features or the only array of
        records."""
        document = self.document
        if pointer is None and isinstance(document, dict):
            if document.get("type") == "FeatureCollection":
                return _geojson(self.path, document, self.detected)
            arrays = list(_record_arrays(document))
            if len(arrays) == 1:
                return _table_at(self.path, document, self.detected, arrays[0], True)
            # No array at all, and one record under a key: that is the table (one row).
            single = [] if arrays else list(_record_objects(document))
            if len(single) == 1:
                return _table_at(self.path, document, self.detected, single[0], True)
        return _table_at(self.path, document, self.detected, pointer, False)

    def tables_at(self, pointers: Iterable[str]) -> dict[str, RecordsTable]:
        """The tables at each of `pointers` that holds records (a file may hold several tables,
        as HKO's current weather report does)."""
        tables = {}
        for pointer in pointers:
            try:
                tables[pointer] = self.table(pointer)
            except InputError:
                continue  # nothing at this pointer, or not records
        return tables


def load_json_document(path: Path, *, encoding: str | None = None) -> JsonDocument:
    path = Path(path)
    document, detected = _load(path, encoding)
    return JsonDocument(path, document, detected)


def _table_at(
    path: Path, document: Any, detected: DetectedEncoding, pointer: str | None, found: bool
) -> RecordsTable:
    try:
        node = resolve_pointer(document, pointer or "")
    except ValueError as exc:
        raise InputError(str(exc), remedy=Remedy.SET_POINTER) from None
    except PointerNotFound as exc:
        said = POINTER_NOTHING(file=str(path), pointer=pointer, place=exc.walked)
        raise InputError(said, remedy=Remedy.SET_POINTER) from None
    if isinstance(node, dict) and _one_record(node, pointer):
        return RecordsTable(
            path, detected, pointer or "", _columns(path, [node]), [node], single=True
        )
    if not isinstance(node, list):
        hints = list(_record_arrays(document))[:5]
        if pointer:
            said = (NOT_RECORDS_AT_HINT if hints else NOT_RECORDS_AT)(
                file=str(path), pointer=pointer, arrays=hints
            )
        else:
            said = (NOT_RECORDS_TOP_HINT if hints else NOT_RECORDS_TOP)(
                file=str(path), arrays=hints
            )
        raise InputError(
            said,
            remedy=Remedy.SET_POINTER,
            details={"pointers": ", ".join(hints)},
        )
    for index, record in enumerate(node):
        if not isinstance(record, dict):
            said = NOT_AN_OBJECT(
                file=str(path), number=index + 1, pointer=f"{pointer or ''}/{index}",
                found=type(record).__name__,
            )  # fmt: skip
            raise InputError(said, remedy=Remedy.SET_POINTER)
    return RecordsTable(path, detected, pointer or "", _columns(path, node), node, found=found)


def _one_record(node: dict[str, Any], pointer: str | None) -> bool:
    """Whether an object is read as a table of one row. At a pointer, when it holds no arrays of
    records: an API that returns one record (Citybus's stop and company) wraps it as others wrap
    their records; an object that holds records is not one, and the error names where they are.
    At the top level, with no pointer, only an object of plain fields (HKO's per-gauge rainfall
    files): one that holds objects or arrays is an envelope, and which of them is the data is the
    user's to say."""
    if pointer:
        return not any(_record_arrays(node))
    return bool(node) and not any(isinstance(value, dict | list) for value in node.values())


def _geojson(path: Path, document: dict[str, Any], detected: DetectedEncoding) -> RecordsTable:
    features = document.get("features")
    if not isinstance(features, list):
        raise InputError(NO_FEATURES(file=str(path)), remedy=Remedy.FIX_FILE)
    records: list[dict[str, Any]] = []
    geometry: list[str | None] = []
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise InputError(NOT_A_FEATURE(file=str(path), index=index), remedy=Remedy.FIX_FILE)
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise InputError(BAD_PROPERTIES(file=str(path), index=index), remedy=Remedy.FIX_FILE)
        records.append(properties)
        shape = feature.get("geometry")
        geometry.append(shape.get("type") if isinstance(shape, dict) else None)
    return RecordsTable(
        path, detected, "/features", _columns(path, records), records, tuple(geometry)
    )
