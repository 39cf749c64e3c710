"""The catalogue as a user meets it with a file in hand: which entries its header matches, and a
draft schema when none does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hksh_packager.core.catalogue.catalogue import HeaderMatch, load_catalogue
from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.workflows.validate import DETECT, ReadOptions


def _open(path: Path, options: ReadOptions) -> Any:
    from hksh_packager.core.datasets.tables import open_table  # loads the data stack

    return open_table(path, **options.table_options())


def match_file(path: Path, options: ReadOptions = DETECT) -> list[HeaderMatch]:
    """Catalogue entries whose columns the file's header carries, best first."""
    from hksh_packager.core.datasets.tables import file_format

    table = _open(path, options)
    return load_catalogue().match_header(list(table.columns), file_format(table))


def draft_schema(path: Path, options: ReadOptions = DETECT) -> dict[str, Any]:
    """A dataset schema drafted from the file's data, for the user to review."""
    from hksh_packager.core.validation.infer import infer_schema

    return infer_schema(_open(path, options))


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema(schema: dict[str, Any], output: Path) -> None:
    write_text_atomic(output, schema_text(schema))
