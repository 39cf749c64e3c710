"""Open any supported data file as a table of text cells, by its type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.datasets.chunk import TableChunk
from hksh_packager.core.datasets.csv_reader import open_csv
from hksh_packager.core.datasets.json_reader import open_json

CSV_SUFFIXES = {".csv", ".tsv", ".tab", ".txt"}
JSON_SUFFIXES = {".json", ".geojson"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
XML_SUFFIXES = {".xml", ".rss"}
OLD_EXCEL_SUFFIXES = {".xls"}
# Every file type a dataset may be, for a face's file dialogs.
DATA_SUFFIXES = tuple(
    sorted(CSV_SUFFIXES | JSON_SUFFIXES | EXCEL_SUFFIXES | XML_SUFFIXES | OLD_EXCEL_SUFFIXES)
)


class Table(Protocol):
    """What every reader gives: the header, and the rows in chunks of text cells. `chunks` checks
    `cancel` between rows it reads, so a user can stop reading a large file at any moment."""

    @property
    def path(self) -> Path: ...

    @property
    def columns(self) -> tuple[str, ...]: ...

    @property
    def description(self) -> str: ...

    def chunks(
        self, chunk_rows: int = ..., cancel: CancelToken | None = None
    ) -> Iterator[TableChunk]: ...


NO_FILE = define("file.not-found", "{file} does not exist or is not a file")
OTHER_TYPE = define(
    "file.type", "{file}: files of type '{suffix}' cannot be validated; use CSV, TSV, XLSX, JSON, "
    "GeoJSON, XML or Excel (.xls)"
)  # fmt: skip
NO_SUFFIX = define(
    "file.no-suffix", "{file} has no file extension, so its type is unknown; name it .csv, .tsv, "
    ".xlsx, .json, .geojson, .xml or .xls as its content is"
)  # fmt: skip


def open_table(
    path: Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    pointer: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
) -> Table:
    """The file as a table. `pointer`: JSON pointer to the records, or the XML path of the record
    elements; `header_row`: the row a CSV or Excel file's header starts on, `header_rows`: how
    many rows it has (both found when not given: core.datasets.header_guess)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(NO_FILE(file=str(path)))
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        from hksh_packager.core.datasets.xlsx_reader import (
            open_xlsx,  # openpyxl loads only for Excel
        )

        return open_xlsx(path, sheet=sheet, header_row=header_row, header_rows=header_rows)
    if suffix in JSON_SUFFIXES:
        return open_json(path, pointer=pointer, encoding=encoding)
    if suffix in XML_SUFFIXES:
        from hksh_packager.core.datasets.xml_reader import open_xml

        return open_xml(path, pointer=pointer)
    if suffix in CSV_SUFFIXES:
        return open_csv(path, encoding=encoding, header_row=header_row, header_rows=header_rows)
    if suffix in OLD_EXCEL_SUFFIXES:
        from hksh_packager.core.datasets.xls_reader import open_xls  # xlrd loads only for .xls

        return open_xls(path, sheet=sheet, header_row=header_row, header_rows=header_rows)
    if not suffix:
        raise InputError(NO_SUFFIX(file=str(path)))
    raise InputError(OTHER_TYPE(file=str(path), suffix=suffix))


def file_format(table: Table) -> str | None:
    """The catalogue's name for the table's file format (CSV, XLSX, XLS, JSON, GeoJSON, XML)."""
    suffix = table.path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        features = getattr(table, "geometry_types", None) is not None
        return "GeoJSON" if suffix == ".geojson" or features else "JSON"
    named = ((CSV_SUFFIXES, "CSV"), (EXCEL_SUFFIXES, "XLSX"), (OLD_EXCEL_SUFFIXES, "XLS"),
             (XML_SUFFIXES, "XML"))  # fmt: skip
    for suffixes, name in named:
        if suffix in suffixes:
            return name
    return None


def describe(table: Table) -> str:
    """Where in the file the rows come from, and in which encoding."""
    parts = [table.description]
    encoding = getattr(table, "encoding", None)
    if encoding is not None:
        parts.append(f"{encoding.label} ({encoding.how})")
    return ", ".join(part for part in parts if part)
