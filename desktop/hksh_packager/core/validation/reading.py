"""How to read a file for a schema: what the user said first, then what the schema declares (its
catalogue entry's pointer to the records, the row its header is on), then detection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hksh_packager.core.datasets import tables
from hksh_packager.core.datasets.tables import Table
from hksh_packager.core.validation.row_rules import RowRules, rules_of_patterns
from hksh_packager.core.validation.schema import DatasetSchema


def read_settings(
    schema: DatasetSchema,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    pointer: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
) -> dict[str, Any]:
    catalogue = schema.schema.get("x-catalogue")
    declared = catalogue.get("pointer") if isinstance(catalogue, dict) else None
    return {
        "encoding": encoding,
        "sheet": sheet,
        "pointer": pointer if pointer is not None else declared,
        "header_row": header_row if header_row is not None else schema.rule("x-headerRow"),
        "header_rows": header_rows if header_rows is not None else schema.rule("x-headerRows"),
    }


def open_for_schema(path: Path, schema: DatasetSchema, **options: Any) -> Table:
    """The file as a table, read the way `schema` says its publisher writes it unless `options`
    (encoding, sheet, pointer, header_row, header_rows) say otherwise. `skip_rows` is not read
    here: it is for the rows, `row_rules_of` gives them."""
    options.pop("skip_rows", None)
    return tables.open_table(path, **read_settings(schema, **options))


def row_rules_of(options: dict[str, Any], table: Table) -> RowRules:
    """The rows a dataset's options say are not data (`skip_rows`: patterns on the first column,
    or COLUMN=PATTERN), for this table."""
    patterns = options.get("skip_rows") or []
    return rules_of_patterns([p for p in patterns if isinstance(p, str)], table.columns)
