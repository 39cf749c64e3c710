"""Find a dataset schema by file path or by catalogue id (schemas/datasets/<city>/<id>.json)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.common.messages import define
from hksh_packager.core.common.paths import CATALOGUE_ID, catalogue_path

if TYPE_CHECKING:  # the schema machinery loads when a schema is looked up, not for a path
    from hksh_packager.core.validation.schema import DatasetSchema


NOT_IN_CATALOGUE = define(
    "catalogue.unknown-id", "'{name}' is not in the dataset catalogue ({folder}); check the id, "
    "or give the path of a schema file"
)  # fmt: skip
NO_SCHEMA = define(
    "catalogue.no-schema", "schema {name} does not exist; give a schema file or a catalogue id"
)


def find_schema(name: str, *, with_jsonschema: bool = True) -> DatasetSchema:
    """The schema a file path or a catalogue id names, checked (`with_jsonschema`: as
    schema.parse_schema)."""
    from hksh_packager.core.validation.schema import load_schema

    path = Path(name)
    if path.is_file():
        return load_schema(path, with_jsonschema=with_jsonschema)
    if CATALOGUE_ID.match(name):
        entry = catalogue_path(name)
        if entry.is_file():
            return load_schema(entry, with_jsonschema=with_jsonschema)
        raise InputError(NOT_IN_CATALOGUE(name=name, folder=str(entry.parent)))
    raise InputError(NO_SCHEMA(name=name))
